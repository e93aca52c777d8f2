#pragma once
// Scenario specs: editable JSON documents, layered by `extends`, compiled into a Scenario.
//
// A spec file is either a whole scenario or a diff over another one:
//   {"extends": "../baseline.json", "name": "...", "description": "...",
//    "changes": {"rules.pay.base_per_order_yuan": 5.0, "rules": {"lateness": {"sanction": "none"}}}}
// `extends` is relative to the file; changes are dotted paths (with [i] for array items) or
// nested partial objects, merged key by key; arrays are replaced whole.

#include <filesystem>
#include <nlohmann/json.hpp>  // whole: load_spec and apply_changes return documents by value
#include <string>

#include "ridersim/scenario.hpp"

namespace ridersim {

/// Reads a scenario file and resolves its `extends` chain into one JSON document.
/// Throws ScenarioError naming the file (and line for syntax errors); cycles are errors.
[[nodiscard]] nlohmann::json load_spec(const std::filesystem::path& file);

/// Returns a copy of `base` with `changes` applied (the base is untouched).
/// `changes` is an object of dotted paths and/or nested partial objects.
[[nodiscard]] nlohmann::json apply_changes(const nlohmann::json& base, const nlohmann::json& changes);

/// Validates a resolved spec and compiles it. Every error names the JSON path, the value
/// found and what is allowed; unknown keys list the allowed ones.
[[nodiscard]] Scenario compile(const nlohmann::json& spec);

/// The same with trades of one's own: `spec["trade"]` names one in `trades`.
[[nodiscard]] Scenario compile(const nlohmann::json& spec, const TradeRegistry& trades);

/// load_spec + compile, with errors attributed to the file.
[[nodiscard]] Scenario load_scenario(const std::filesystem::path& file);

/// Parses JSON text (errors carry line and column), for callers that hold text, not files.
[[nodiscard]] nlohmann::json parse_spec_text(const std::string& text, const std::string& origin);

}  // namespace ridersim
