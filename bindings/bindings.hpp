#pragma once
// Declarations shared by the binding files; each file binds one concept.

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <vector>

namespace ridersim::bindings {

/// A numpy copy of a column (for data that does not outlive the call, unlike the results' views).
template <typename T>
pybind11::array as_array(const std::vector<T>& v) {
  return pybind11::array_t<T>(static_cast<pybind11::ssize_t>(v.size()), v.data());
}

void bind_scenario(pybind11::module_& m);
void bind_results(pybind11::module_& m);
void bind_dispatch(pybind11::module_& m);
void bind_simulation(pybind11::module_& m);

}  // namespace ridersim::bindings
