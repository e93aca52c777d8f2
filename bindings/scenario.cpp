// Scenario specs and compiled scenarios. Specs cross the boundary as JSON text.

#include <nlohmann/json.hpp>
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "ridersim/error.hpp"
#include "ridersim/levers.hpp"
#include "ridersim/engine.hpp"
#include "ridersim/scenario_spec.hpp"

namespace py = pybind11;

namespace ridersim::bindings {

namespace {

// A lever as Python sees it: key, type, unit, bounds, default, labels, documentation.
py::dict lever_dict(const Lever& l) {
  py::dict d;
  d["key"] = l.key;
  d["type"] = kLeverTypeNames[static_cast<std::size_t>(l.type)];
  d["unit"] = l.unit;
  const bool bounded = l.type == LeverType::NUMBER || l.type == LeverType::INTEGER || l.type == LeverType::MONEY ||
                       l.type == LeverType::SHARE;
  d["min"] = bounded ? py::cast(l.min) : py::none();
  d["max"] = bounded ? py::cast(l.max) : py::none();
  d["min_open"] = l.min_open;
  d["max_open"] = l.max_open;
  d["required"] = l.required;
  py::object fallback = py::none();
  if (!l.required) {
    if (l.type == LeverType::CHOICE) {
      fallback = py::str(std::string(l.choices[static_cast<std::size_t>(l.fallback)]));
    } else if (l.type == LeverType::BOOLEAN) {
      fallback = py::bool_(l.fallback != 0.0);
    } else if (l.type != LeverType::TABLE) {
      fallback = py::float_(l.fallback);
    }
  }
  d["default"] = fallback;
  std::vector<std::string> choices(l.choices.begin(), l.choices.end());
  d["choices"] = choices;
  d["label_en"] = l.label_en;
  d["label_zh"] = l.label_zh;
  d["trades"] = l.trades;
  d["doc"] = l.doc;
  return d;
}

}  // namespace

void bind_scenario(py::module_& m) {
  py::class_<Scenario, std::shared_ptr<Scenario>>(m, "Scenario", "A validated, immutable scenario.")
      .def_property_readonly("name", [](const Scenario& s) { return s.name; })
      .def_property_readonly("description", [](const Scenario& s) { return s.description; })
      .def_property_readonly("seed", [](const Scenario& s) { return s.seed; })
      .def_property_readonly("n_riders", &Scenario::n_riders)
      .def_property_readonly("days", [](const Scenario& s) { return s.horizon.days; })
      .def_property_readonly("trade", [](const Scenario& s) { return std::string(s.trade->name()); })
      .def_property_readonly("pay_basis",
                             [](const Scenario& s) {
                               switch (s.trade->pay_basis()) {
                                 case PayBasis::FARE: return "fare";
                                 case PayBasis::FRANCHISE: return "franchise";
                                 case PayBasis::PIECE_RATE: break;
                               }
                               return "piece_rate";
                             })
      .def_property_readonly("headline_kpis",
                             [](const Scenario& s) {
                               const auto kpis = s.trade->headline_kpis();
                               return std::vector<std::string>(kpis.begin(), kpis.end());
                             })
      .def_property_readonly("words",
                             [](const Scenario& s) {
                               const TradeWords& w = s.trade->words();
                               py::dict d;
                               d["worker"] = w.worker;
                               d["workers"] = w.workers;
                               d["job"] = w.job;
                               d["jobs"] = w.jobs;
                               d["customer"] = w.customer;
                               d["customers"] = w.customers;
                               d["worker_zh"] = w.worker_zh;
                               d["job_zh"] = w.job_zh;
                               d["customer_zh"] = w.customer_zh;
                               d["platform"] = w.platform;
                               return d;
                             })
      .def_property_readonly("platform",
                             [](const Scenario& s) {
                               py::list levers;
                               for (const PlatformLever& l : s.platform.levers) {
                                 py::dict d;
                                 d["path"] = l.path;
                                 d["min"] = l.min;
                                 d["max"] = l.max;
                                 levers.append(d);
                               }
                               const PlatformObjective& o = s.platform.objective;
                               py::dict aim;
                               aim["value_per_job_yuan"] = o.value_per_job_yuan;
                               aim["rival_elasticity"] = o.rival_elasticity;
                               aim["max_lost_share"] = o.max_lost_share;
                               aim["min_jobs_share"] = o.min_jobs_share;
                               aim["exit_below_yuan_per_day"] = o.exit_below_yuan_per_day;
                               py::dict d;
                               d["levers"] = levers;
                               d["objective"] = aim;
                               return d;
                             },
                             "The levers the platform may move in answer to a rule, with their bounds, and its objective.")
      .def("source_of", &Scenario::source_of, py::arg("path"),
           "Where the value at a dotted path comes from (its note, or the nearest enclosing object's).")
      .def_property_readonly("worker_type_order", &Scenario::worker_type_order)
      .def_property_readonly("pool_sizes",
                             [](const Scenario& s) {
                               std::vector<std::int32_t> sizes;
                               for (std::size_t t = 0; t < s.rider_types.size(); ++t) sizes.push_back(s.pool_size(t));
                               return sizes;
                             })
      .def_property_readonly(
          "trace_courier_rows", [](const Scenario& s) { return s.trace.courier_row_of_worker; },
          "For a replay: the trace row of each worker id (workers are numbered type by type).")
      .def_property_readonly("rider_type_names", [](const Scenario& s) {
        std::vector<std::string> names;
        for (const auto& t : s.rider_types) names.push_back(t.name);
        return names;
      });

  m.def(
      "levers",
      [] {
        py::list out;
        for (const Lever& l : levers()) out.append(lever_dict(l));
        return out;
      },
      "Every lever of the schema, with its type, unit, bounds, default, labels and documentation.");
  m.def(
      "lever_at",
      [](const std::string& path) -> py::object {
        const Lever* l = lever_at(path);
        return l == nullptr ? py::object(py::none()) : py::object(lever_dict(*l));
      },
      py::arg("path"),
      "The lever a scenario path sets (rules.fare.van.start_yuan is rules.fare.<vehicle>.start_yuan), or None.");
  m.def(
      "trades", [] { return builtin_trades().names(); }, "The names of the trades that come with ridersim.");
  m.def(
      "money_components",
      [] {
        py::list out;
        for (const auto& c : kMoney) {
          py::dict d;
          d["name"] = c.name;
          d["column"] = c.column;
          d["payer"] = kAccountNames[static_cast<std::size_t>(c.payer)];
          d["payee"] = kAccountNames[static_cast<std::size_t>(c.payee)];
          d["when"] = c.when == Settled::JOB ? "job" : c.when == Settled::DAY ? "day" : "month";
          d["role"] = kRoleNames[static_cast<std::size_t>(c.role)];
          d["doc"] = c.doc;
          out.append(d);
        }
        return out;
      },
      "Every money component: name, column, payer, payee, when it is settled, role, doc.");
  m.def(
      "worker_statuses", [] { return std::vector<std::string>(kRiderStatusNames.begin(), kRiderStatusNames.end()); },
      "What a worker can be doing, in the order of the status codes of Simulation.workers().");
  m.def(
      "accounts", [] { return std::vector<std::string>(kAccountNames.begin(), kAccountNames.end()); },
      "The parties money moves between, in the order of the summary's balance_* figures.");
  m.def(
      "money_roles",
      [] {
        py::list out;
        for (std::size_t i = 0; i < kRoleNames.size(); ++i) {
          py::dict d;
          d["name"] = kRoleNames[i];
          d["doc"] = kRoleDocs[i];
          out.append(d);
        }
        return out;
      },
      "What a money component can be to the accounts: its role, by which settlement and KPIs add it up.");
  m.def(
      "resolve_spec", [](const std::string& path) { return load_spec(path).dump(); }, py::arg("path"),
      "Reads a scenario file, resolves its extends chain and returns the JSON text.");
  m.def(
      "compile_spec",
      [](const std::string& text, const std::string& origin) {
        try {
          return std::make_shared<Scenario>(compile(parse_spec_text(text, origin)));
        } catch (const ScenarioError& e) {
          throw e.in_file(origin);
        }
      },
      py::arg("text"), py::arg("origin"), "Validates and compiles a scenario given as JSON text.");
  m.def(
      "apply_changes",
      [](const std::string& base, const std::string& changes) {
        return apply_changes(parse_spec_text(base, "<scenario>"), parse_spec_text(changes, "<changes>")).dump();
      },
      py::arg("base"), py::arg("changes"), "Applies changes (dotted paths or partial objects) to a spec.");
}

}  // namespace ridersim::bindings
