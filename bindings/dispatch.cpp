// The assignment solver, for benchmarks and experiments on matrices of one's own.

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "ridersim/assignment.hpp"

namespace py = pybind11;

namespace ridersim::bindings {

void bind_dispatch(py::module_& m) {
  m.def(
      "solve_assignment",
      [](std::int32_t n_rows, std::int32_t n_cols, py::array_t<std::int32_t, py::array::c_style | py::array::forcecast> rows,
         py::array_t<std::int32_t, py::array::c_style | py::array::forcecast> cols,
         py::array_t<std::int64_t, py::array::c_style | py::array::forcecast> costs, std::int64_t unassigned_cost) {
        if (rows.size() != cols.size() || rows.size() != costs.size()) {
          throw py::value_error("rows, cols and costs must have the same length");
        }
        std::vector<CandidateEdge> edges(static_cast<std::size_t>(rows.size()));
        for (py::ssize_t i = 0; i < rows.size(); ++i) edges[i] = {rows.at(i), cols.at(i), costs.at(i)};
        AssignmentResult result;
        {
          py::gil_scoped_release release;
          result = solve_assignment(n_rows, n_cols, edges, unassigned_cost);
        }
        return py::make_tuple(py::array_t<std::int32_t>(static_cast<py::ssize_t>(result.col_of_row.size()),
                                                        result.col_of_row.data()),
                              result.matched_cost, result.objective);
      },
      py::arg("n_rows"), py::arg("n_cols"), py::arg("rows"), py::arg("cols"), py::arg("costs"), py::arg("unassigned_cost"),
      "Min-cost assignment over candidate edges: returns (col_of_row (-1: unassigned), matched_cost, objective).");
}

}  // namespace ridersim::bindings
