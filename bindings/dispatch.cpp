// The assignment solver, for benchmarks and experiments on matrices of one's own, and dispatch
// policies written in Python.

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cstdlib>
#include <stdexcept>

#include "bindings.hpp"
#include "ridersim/assignment.hpp"
#include "ridersim/dispatch.hpp"
#include "ridersim/engine.hpp"

namespace py = pybind11;

namespace ridersim::bindings {

namespace {

// a dispatch policy written in Python, behind the kernel's callback dispatcher: the snapshot
// becomes a dict of numpy arrays, the answer (order_id, rider_id) pairs; nothing else happens here
BatchPolicy python_policy(py::function policy) {
  return [policy = std::move(policy)](const BatchSnapshot& s) {
    py::gil_scoped_acquire gil;
    std::vector<std::pair<std::int32_t, std::int32_t>> pairs;
    try {
      py::dict snapshot;
      snapshot["now_s"] = s.now_s;
      snapshot["order_id"] = as_array(s.order_id);
      snapshot["order_placed_s"] = as_array(s.order_placed_s);
      snapshot["order_ready_s"] = as_array(s.order_ready_s);
      snapshot["order_promised_s"] = as_array(s.order_promised_s);
      snapshot["order_pickup_x_m"] = as_array(s.order_pickup_x_m);
      snapshot["order_pickup_y_m"] = as_array(s.order_pickup_y_m);
      snapshot["order_dropoff_x_m"] = as_array(s.order_dropoff_x_m);
      snapshot["order_dropoff_y_m"] = as_array(s.order_dropoff_y_m);
      snapshot["rider_id"] = as_array(s.rider_id);
      snapshot["rider_x_m"] = as_array(s.rider_x_m);
      snapshot["rider_y_m"] = as_array(s.rider_y_m);
      snapshot["rider_score"] = as_array(s.rider_score);
      py::object answer = policy(snapshot);
      for (py::handle item : answer) pairs.push_back(item.cast<std::pair<std::int32_t, std::int32_t>>());
    } catch (py::error_already_set& e) {
      throw std::runtime_error(std::string("the dispatch policy raised ") + e.what());
    } catch (const py::cast_error&) {
      throw std::runtime_error("the dispatch policy must return (order_id, rider_id) pairs");
    }
    return pairs;
  };
}

}  // namespace

void bind_dispatch(py::module_& m) {
  m.def(
      "dispatch_policies",
      [] {
        py::list out;
        for (const auto& entry : dispatch_policies()) {
          py::dict d;
          d["name"] = entry.name;
          d["runs_alone"] = entry.make != nullptr;  // "external" needs a policy from the caller
          out.append(d);
        }
        return out;
      },
      "Every registered dispatch policy, in the order of the docs: name, and whether it runs alone.");
  m.def(
      "solve_assignment",
      [](std::int32_t n_rows, std::int32_t n_cols, py::array_t<std::int32_t, py::array::c_style | py::array::forcecast> rows,
         py::array_t<std::int32_t, py::array::c_style | py::array::forcecast> cols,
         py::array_t<std::int64_t, py::array::c_style | py::array::forcecast> costs, std::int64_t unassigned_cost) {
        if (rows.size() != cols.size() || rows.size() != costs.size()) {
          throw py::value_error("rows, cols and costs must have the same length");
        }
        // the solver adds costs along augmenting paths: keep their sums far from 2^63
        constexpr std::int64_t kMaxCost = 1'000'000'000'000;
        if (n_rows < 0 || n_cols < 0) throw py::value_error("n_rows and n_cols must be >= 0");
        if (std::abs(unassigned_cost) > kMaxCost) throw py::value_error("unassigned_cost must be within +-1e12");
        for (py::ssize_t i = 0; i < rows.size(); ++i) {
          if (std::abs(costs.at(i)) > kMaxCost) throw py::value_error("costs must be within +-1e12");
          if (rows.at(i) < 0 || rows.at(i) >= n_rows || cols.at(i) < 0 || cols.at(i) >= n_cols) {
            throw py::value_error("an edge names a row or column outside the matrix");
          }
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

  m.def(
      "solve_dense_assignment",
      [](const py::array_t<std::int64_t, py::array::c_style>& cost) {
        if (cost.ndim() != 2) throw py::value_error("the cost matrix must have 2 dimensions, got " + std::to_string(cost.ndim()));
        const auto n_rows = static_cast<std::int32_t>(cost.shape(0));
        const auto n_cols = static_cast<std::int32_t>(cost.shape(1));
        // read in place: the numpy array's own memory, no copy
        const std::span<const std::int64_t> entries(cost.data(), static_cast<std::size_t>(cost.size()));
        DenseAssignment result;
        try {
          py::gil_scoped_release release;
          result = solve_dense_assignment(n_rows, n_cols, entries);
        } catch (const std::invalid_argument& error) {
          throw py::value_error(error.what());
        }
        return py::make_tuple(py::array_t<std::int32_t>(static_cast<py::ssize_t>(result.col_of_row.size()),
                                                        result.col_of_row.data()),
                              result.cost);
      },
      py::arg("cost").noconvert(),
      "Min-cost assignment on a dense int64 matrix (C-contiguous, read in place): returns (col_of_row (-1: a row\n"
      "left over when there are more rows than columns), cost). ridersim.solve_dense() converts other arrays.");

  m.def(
      "run_with_policy",
      [](std::shared_ptr<const Scenario> scenario, std::uint64_t seed, py::function policy) {
        if (!scenario) throw py::type_error("run_with_policy() needs a Scenario, got None");
        const auto dispatcher = make_callback_dispatcher(python_policy(std::move(policy)));
        py::gil_scoped_release release;
        return std::make_shared<Results>(run(*scenario, seed, *dispatcher));
      },
      py::arg("scenario"), py::arg("seed"), py::arg("policy"),
      "Runs with a dispatch policy written in Python (called at every batch with a snapshot dict).");
}

}  // namespace ridersim::bindings
