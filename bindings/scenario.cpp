// Scenario specs and compiled scenarios. Specs cross the boundary as JSON text.

#include <nlohmann/json.hpp>
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "ridersim/error.hpp"
#include "ridersim/engine.hpp"
#include "ridersim/scenario_spec.hpp"

namespace py = pybind11;

namespace ridersim::bindings {

void bind_scenario(py::module_& m) {
  py::class_<Scenario, std::shared_ptr<Scenario>>(m, "Scenario", "A validated, immutable scenario.")
      .def_property_readonly("name", [](const Scenario& s) { return s.name; })
      .def_property_readonly("description", [](const Scenario& s) { return s.description; })
      .def_property_readonly("seed", [](const Scenario& s) { return s.seed; })
      .def_property_readonly("n_riders", &Scenario::n_riders)
      .def_property_readonly("days", [](const Scenario& s) { return s.horizon.days; })
      .def_property_readonly("rider_type_names", [](const Scenario& s) {
        std::vector<std::string> names;
        for (const auto& t : s.rider_types) names.push_back(t.name);
        return names;
      });

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
