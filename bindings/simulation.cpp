// A run that can be stepped: run to a time, look at the workers and the open jobs (copies, read
// only), go on, and finish into the same Results as a whole run.

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <memory>

#include "bindings.hpp"
#include "ridersim/dispatch.hpp"
#include "ridersim/engine.hpp"

namespace py = pybind11;

namespace ridersim::bindings {

namespace {

class Simulation {
 public:
  Simulation(std::shared_ptr<const Scenario> scenario, std::uint64_t seed)
      : scenario_(std::move(scenario)), state_(init_state(*scenario_, seed)), dispatcher_(make_dispatcher(*scenario_)) {}

  void run_until(std::int32_t until_s) {
    check_open();
    if (until_s < state_.now_s) {
      throw py::value_error("run_until(" + std::to_string(until_s) + "): the run is at " + std::to_string(state_.now_s) +
                            " s already; time only moves forward");
    }
    py::gil_scoped_release release;
    ridersim::run_until(*scenario_, state_, until_s, *dispatcher_);
  }

  std::shared_ptr<Results> finish() {
    check_open();
    finished_ = true;
    py::gil_scoped_release release;
    return std::make_shared<Results>(ridersim::finish(*scenario_, state_, *dispatcher_));
  }

  [[nodiscard]] std::int32_t now_s() const { return state_.now_s; }

  // every worker on the platform: id, type, status (0 offline, 1 idle, 2 busy, 3 repositioning), place,
  // jobs in hand
  [[nodiscard]] py::dict workers() const {
    check_open();
    std::vector<std::int32_t> id, type, status, jobs;
    std::vector<double> x, y;
    for (std::size_t r = 0; r < state_.rider_status.size(); ++r) {
      if (!state_.rider_member[r]) continue;
      id.push_back(static_cast<std::int32_t>(r));
      type.push_back(state_.rider_type[r]);
      status.push_back(static_cast<std::int32_t>(state_.rider_status[r]));
      x.push_back(state_.rider_position[r].x_m);
      y.push_back(state_.rider_position[r].y_m);
      std::int32_t n = 0;
      for (const Stop& s : state_.workers[r].route) n += s.kind == StopKind::DROPOFF ? 1 : 0;
      jobs.push_back(n);
    }
    py::dict out;
    out["worker_id"] = as_array(id);
    out["worker_type"] = as_array(type);
    out["status"] = as_array(status);
    out["x_m"] = as_array(x);
    out["y_m"] = as_array(y);
    out["jobs_in_hand"] = as_array(jobs);
    return out;
  }

  // the jobs placed and waiting for a worker, oldest first
  [[nodiscard]] py::dict open_jobs() const {
    check_open();
    const std::vector<std::int32_t> open = open_orders(state_);
    const OrderColumns& o = state_.results.orders;
    std::vector<std::int32_t> placed, promised;
    std::vector<double> px, py_, dx, dy;
    for (const std::int32_t k : open) {
      placed.push_back(o.placed_s[k]);
      promised.push_back(o.promised_s[k]);
      px.push_back(o.pickup_x_m[k]);
      py_.push_back(o.pickup_y_m[k]);
      dx.push_back(o.dropoff_x_m[k]);
      dy.push_back(o.dropoff_y_m[k]);
    }
    py::dict out;
    out["order_id"] = as_array(open);
    out["placed_s"] = as_array(placed);
    out["promised_s"] = as_array(promised);
    out["pickup_x_m"] = as_array(px);
    out["pickup_y_m"] = as_array(py_);
    out["dropoff_x_m"] = as_array(dx);
    out["dropoff_y_m"] = as_array(dy);
    return out;
  }

 private:
  void check_open() const {
    if (finished_) throw py::value_error("the simulation is finished: its results are what finish() returned");
  }

  std::shared_ptr<const Scenario> scenario_;
  SimulationState state_;
  std::unique_ptr<Dispatcher> dispatcher_;
  bool finished_ = false;
};

}  // namespace

void bind_simulation(py::module_& m) {
  py::class_<Simulation>(m, "Simulation", "A run that can be stepped.")
      .def(py::init([](std::shared_ptr<const Scenario> scenario, std::uint64_t seed) {
             if (!scenario) throw py::type_error("Simulation() needs a Scenario, got None");
             return std::make_unique<Simulation>(std::move(scenario), seed);
           }),
           py::arg("scenario"), py::arg("seed"))
      .def("run_until", &Simulation::run_until, py::arg("until_s"))
      .def("finish", &Simulation::finish)
      .def_property_readonly("now_s", &Simulation::now_s)
      .def("workers", &Simulation::workers)
      .def("open_jobs", &Simulation::open_jobs);
}

}  // namespace ridersim::bindings
