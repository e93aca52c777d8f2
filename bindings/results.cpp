// Runs and their results. Columns reach numpy as read-only views whose base keeps the
// C++ results alive; nothing is copied.

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "ridersim/engine.hpp"
#include "ridersim/output.hpp"

namespace py = pybind11;

namespace ridersim::bindings {

namespace {

// A table's columns, and the Python object that keeps them alive: the results themselves, or
// for the ledger the table it was expanded into (its slips live in the order columns).
std::pair<std::vector<ColumnView>, py::object> table_columns(const py::object& self, const std::string& table) {
  const auto& r = self.cast<const Results&>();
  if (table == "orders") return {r.orders.columns(), self};
  if (table == "riders") return {r.rider_days.columns(), self};
  if (table == "ledger") {
    auto* ledger = new LedgerColumns(r.ledger.table(r.orders));
    py::capsule owner(ledger, [](void* p) { delete static_cast<LedgerColumns*>(p); });
    return {ledger->columns(), owner};
  }
  throw py::value_error("no table named " + table + "; tables: orders, riders, ledger");
}

template <typename T>
py::array view_of(const Column<T>& v, const py::object& owner) {
  py::array_t<T> array(static_cast<py::ssize_t>(v.size()), v.data(), owner);
  py::detail::array_proxy(array.ptr())->flags &= ~py::detail::npy_api::NPY_ARRAY_WRITEABLE_;
  return array;
}

}  // namespace

void bind_results(py::module_& m) {
  py::class_<Results, std::shared_ptr<Results>>(m, "Results", "The columns and summary of one run.")
      .def_property_readonly("scenario_name", [](const Results& r) { return r.scenario_name; })
      .def_property_readonly("seed", [](const Results& r) { return r.seed; })
      .def_property_readonly("summary", [](const Results& r) { return r.summary; },
                             "Headline figures as (name, value) pairs, in a fixed order.")
      .def(
          "columns",
          [](py::object self, const std::string& table) {
            const auto [columns, owner] = table_columns(self, table);
            py::dict out;
            for (const auto& column : columns) {
              out[py::str(std::string(column.name))] =
                  std::visit([&](const auto* v) { return view_of(*v, owner); }, column.data);
            }
            return out;
          },
          py::arg("table"), "Read-only numpy views of a table's columns (orders, riders, ledger).")
      .def(
          "labels",
          [](py::object self, const std::string& table) {
            py::dict out;
            const LedgerColumns no_rows;  // the ledger's labels, without expanding its slips
            for (const auto& column : table == "ledger" ? no_rows.columns() : table_columns(self, table).first) {
              if (column.labels.empty()) continue;
              std::vector<std::string> names(column.labels.begin(), column.labels.end());
              out[py::str(std::string(column.name))] = names;
            }
            return out;
          },
          py::arg("table"), "For coded columns, the label of each code.")
      .def("summary_json", [](const Results& r) { return summary_json(r); })
      .def(
          "write",
          [](const Results& r, const std::string& dir, const std::string& revision) { write_results(r, dir, revision); },
          py::arg("dir"), py::arg("revision") = "",
          "Writes summary.json (naming the revision, when given), orders.csv, riders.csv and ledger.csv into dir.");

  m.def(
      "run",
      [](std::shared_ptr<const Scenario> scenario, std::uint64_t seed) {
        if (!scenario) throw py::type_error("run() needs a Scenario, got None");
        py::gil_scoped_release release;
        return std::make_shared<Results>(run(*scenario, seed));
      },
      py::arg("scenario"), py::arg("seed"), "Runs one simulation (the GIL is released while it runs).");
}

}  // namespace ridersim::bindings
