# ctest -P script: install ridersim into a scratch prefix, build the consumer against it, run it.
file(REMOVE_RECURSE ${WORK})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD} --prefix ${WORK}/prefix RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "install failed")
endif()
# the README's C++ example, exactly as printed
file(READ ${SOURCE}/README.md readme)
string(REGEX MATCH "```cpp\n([^`]*)```" block "${readme}")
if(NOT CMAKE_MATCH_1)
  message(FATAL_ERROR "no C++ example in README.md")
endif()
file(WRITE ${WORK}/readme_example.cpp "${CMAKE_MATCH_1}")
# the consumer is built with the flags the library was (a sanitizer build needs its runtime at link time)
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE}/tests/consumer -B ${WORK}/build -G Ninja
                        -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH=${WORK}/prefix "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}"
                        -DREADME_EXAMPLE=${WORK}/readme_example.cpp
                        RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "configuring the consumer failed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK}/build RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "building the consumer failed")
endif()
execute_process(COMMAND ${WORK}/build/consumer ${SOURCE}/tests/data/small-city.json RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "the consumer failed")
endif()
execute_process(COMMAND ${WORK}/build/readme_example WORKING_DIRECTORY ${SOURCE} RESULT_VARIABLE rc
                OUTPUT_VARIABLE printed)
if(rc OR NOT printed MATCHES "rider cost per order: [0-9.]+ yuan")
  message(FATAL_ERROR "the README's example failed (${rc}): ${printed}")
endif()
