# ctest -P script: with MODE=build, build the libFuzzer targets with clang and the sanitizers;
# with MODE=run, run each on a copy of its seed corpus for a short while. Any crash, sanitizer
# report or trapped invariant (a ledger that does not balance) fails the test. tools/run-tests
# builds them before ctest starts, so that the build entry only finds them current and neither
# entry comes near its time limit on a busy machine. The long runs are in docs/fuzzing.md.
set(fuzz_build ${BUILD}/fuzz-check)
if(MODE STREQUAL "build")
# -O1 with line tables: sanitizer reports keep their file and line, and the build takes a third
# less than RelWithDebInfo's -O2 -g
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE} -B ${fuzz_build} -G Ninja
                        -DCMAKE_BUILD_TYPE= -DCMAKE_CXX_COMPILER=clang++
                        "-DCMAKE_CXX_FLAGS=-O1 -gline-tables-only -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"
                        -DRIDERSIM_BUILD_PYTHON=OFF -DRIDERSIM_BUILD_TESTS=OFF -DRIDERSIM_BUILD_BENCH=OFF -DRIDERSIM_BUILD_FUZZ=ON
                RESULT_VARIABLE rc OUTPUT_QUIET)
if(rc)
  message(FATAL_ERROR "configuring the fuzz targets failed (is clang with libclang-rt installed?)")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${fuzz_build} RESULT_VARIABLE rc OUTPUT_QUIET)
if(rc)
  message(FATAL_ERROR "building the fuzz targets failed")
endif()
return()
endif()
foreach(target scenario_loader diff_applier trace_reader)
  set(corpus ${fuzz_build}/corpus-${target})
  file(REMOVE_RECURSE ${corpus})
  file(COPY ${SOURCE}/fuzz/corpus/${target} DESTINATION ${fuzz_build})
  file(RENAME ${fuzz_build}/${target} ${corpus})
  execute_process(COMMAND ${fuzz_build}/fuzz/${target} -max_total_time=${SECONDS} -rss_limit_mb=4096 -timeout=30 ${corpus}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(rc)
    message(FATAL_ERROR "fuzz target ${target} found a failure:\n${out}")
  endif()
  string(REGEX MATCH "Done [0-9]+ runs" runs "${out}")
  message(STATUS "${target}: ${runs}")
endforeach()
