// The private extension `ridersim._core`: a thin layer over the public C++ headers.

#include <pybind11/pybind11.h>

#include "bindings.hpp"
#include "ridersim/error.hpp"

namespace py = pybind11;

PYBIND11_MODULE(_core, m) {
  m.doc() = "ridersim C++ core (private; use the ridersim package)";

  // ScenarioError is a ValueError carrying the JSON path and the file
  static py::exception<ridersim::ScenarioError> scenario_error(m, "ScenarioError", PyExc_ValueError);
  // OutputError is an OSError: a file that could not be written
  py::register_exception<ridersim::OutputError>(m, "OutputError", PyExc_OSError);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const ridersim::ScenarioError& e) {
      const py::object type = scenario_error;
      py::object error = type(e.what());
      error.attr("path") = e.path();
      error.attr("file") = e.file();
      error.attr("message") = e.message();
      PyErr_SetObject(scenario_error.ptr(), error.ptr());
    }
  });

  ridersim::bindings::bind_scenario(m);
  ridersim::bindings::bind_results(m);
  ridersim::bindings::bind_dispatch(m);
  ridersim::bindings::bind_simulation(m);
}
