// The assignment solver, for benchmarks and experiments on matrices of one's own.

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <stdexcept>

#include "bindings.hpp"
#include "ridersim/assignment.hpp"
#include "ridersim/dispatch.hpp"
#include "ridersim/engine.hpp"

namespace py = pybind11;

namespace ridersim::bindings {

namespace {

// A dispatch policy written in Python: at every batch it receives the waiting orders and the
// idle riders as numpy arrays and returns (order, rider) pairs to offer. Slower than the C++
// policies: each batch crosses into Python.
class PythonDispatcher final : public Dispatcher {
 public:
  explicit PythonDispatcher(py::function policy) : policy_(std::move(policy)) {}

  void on_tick(const Scenario& sc, SimulationState& st) override {
    const OrderColumns& orders = st.results.orders;
    const std::vector<std::int32_t> order_ids = open_orders(st);
    std::vector<std::int32_t> rider_ids;
    for (std::int32_t r = 0; r < static_cast<std::int32_t>(st.rider_status.size()); ++r) {
      if (st.rider_status[r] == RiderStatus::IDLE) rider_ids.push_back(r);
    }
    if (order_ids.empty() || rider_ids.empty()) return;
    std::vector<std::pair<std::int32_t, std::int32_t>> pairs;
    {
      py::gil_scoped_acquire gil;
      try {
        py::dict snapshot;
        snapshot["now_s"] = st.now_s;
        snapshot["order_id"] = as_array(order_ids);
        snapshot["order_placed_s"] = gather(orders.placed_s, order_ids);
        snapshot["order_ready_s"] = gather(orders.ready_s, order_ids);
        snapshot["order_promised_s"] = gather(orders.promised_s, order_ids);
        snapshot["order_pickup_x_m"] = gather(orders.pickup_x_m, order_ids);
        snapshot["order_pickup_y_m"] = gather(orders.pickup_y_m, order_ids);
        snapshot["order_dropoff_x_m"] = gather(orders.dropoff_x_m, order_ids);
        snapshot["order_dropoff_y_m"] = gather(orders.dropoff_y_m, order_ids);
        snapshot["rider_id"] = as_array(rider_ids);
        std::vector<double> rx, ry, score;
        for (std::int32_t r : rider_ids) {
          rx.push_back(st.rider_position[r].x_m);
          ry.push_back(st.rider_position[r].y_m);
          score.push_back(st.rider_score[r]);
        }
        snapshot["rider_x_m"] = as_array(rx);
        snapshot["rider_y_m"] = as_array(ry);
        snapshot["rider_score"] = as_array(score);
        py::object answer = policy_(snapshot);
        for (py::handle item : answer) {
          auto pair = item.cast<std::pair<std::int32_t, std::int32_t>>();
          pairs.push_back(pair);
        }
      } catch (py::error_already_set& e) {
        throw std::runtime_error(std::string("the dispatch policy raised ") + e.what());
      } catch (const py::cast_error&) {
        throw std::runtime_error("the dispatch policy must return (order_id, rider_id) pairs");
      }
    }
    for (const auto& [order, rider] : pairs) {
      const bool order_ok = std::find(order_ids.begin(), order_ids.end(), order) != order_ids.end();
      const bool rider_ok = std::find(rider_ids.begin(), rider_ids.end(), rider) != rider_ids.end();
      if (!order_ok || !rider_ok) {
        throw std::runtime_error("the dispatch policy returned (" + std::to_string(order) + ", " +
                                 std::to_string(rider) + "): not a waiting order and an idle rider of this batch");
      }
      if (orders.assigned_s[order] >= 0 || st.rider_status[rider] != RiderStatus::IDLE) {
        throw std::runtime_error("the dispatch policy used order " + std::to_string(order) + " or rider " +
                                 std::to_string(rider) + " twice in one batch");
      }
      offer_order(sc, st, order, rider);
    }
  }

  [[nodiscard]] bool uses_ticks() const override { return true; }

 private:
  template <typename T>
  static py::array as_array(const std::vector<T>& v) {
    return py::array_t<T>(static_cast<py::ssize_t>(v.size()), v.data());
  }
  template <typename T>
  static py::array gather(const std::vector<T>& column, const std::vector<std::int32_t>& ids) {
    std::vector<T> out;
    out.reserve(ids.size());
    for (std::int32_t i : ids) out.push_back(column[i]);
    return as_array(out);
  }

  py::function policy_;
};

}  // namespace

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

  m.def(
      "run_with_policy",
      [](std::shared_ptr<const Scenario> scenario, std::uint64_t seed, py::function policy) {
        PythonDispatcher dispatcher(std::move(policy));
        py::gil_scoped_release release;
        return std::make_shared<Results>(run(*scenario, seed, dispatcher));
      },
      py::arg("scenario"), py::arg("seed"), py::arg("policy"),
      "Runs with a dispatch policy written in Python (called at every batch with a snapshot dict).");
}

}  // namespace ridersim::bindings
