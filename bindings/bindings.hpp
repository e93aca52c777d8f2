#pragma once
// Declarations shared by the binding files; each file binds one concept.

#include <pybind11/pybind11.h>

namespace ridersim::bindings {

void bind_scenario(pybind11::module_& m);
void bind_results(pybind11::module_& m);
void bind_dispatch(pybind11::module_& m);
void bind_simulation(pybind11::module_& m);

}  // namespace ridersim::bindings
