#pragma once
// The lever schema: every negotiable rule declared once, with its type, bounds, default, unit,
// plain-language labels in English and Chinese, and a line of documentation. The scenario
// compiler reads levers through it, docs/scenario.md and `ridersim.levers()` are generated from
// it, so a default or a bound is written in one place.

#include <cstdint>
#include <span>
#include <string_view>

#include "ridersim/money.hpp"
#include "ridersim/spec_reader.hpp"

namespace ridersim {

enum class LeverType : std::uint8_t {
  NUMBER,   // a real number
  INTEGER,  // a whole number
  MONEY,    // yuan in the scenario, fen once compiled
  SHARE,    // a share in [0, 1] (shown as a percentage)
  CHOICE,   // one of `choices`
  BOOLEAN,
  TABLE,    // a list of objects (tiers, bonuses): documented here, checked by the compiler
};
inline constexpr std::string_view kLeverTypeNames[] = {"number", "integer", "money", "share", "choice", "boolean", "table"};

struct Lever {
  std::string_view key;       // dotted path in a scenario: "rules.pay.base_per_order_yuan"
  LeverType type;
  double min;                 // bounds (NUMBER, INTEGER, MONEY, SHARE)
  double max;
  bool min_open;
  bool required;              // no default: the scenario must set it
  double fallback;            // the default when not required (CHOICE: the index; BOOLEAN: 0 or 1)
  std::string_view unit;
  std::string_view label_en;
  std::string_view label_zh;
  std::string_view trades;    // "" for every trade, else the trades it applies to ("food ride_hailing")
  std::string_view doc;
  std::span<const std::string_view> choices{};
  bool max_open = false;

  [[nodiscard]] detail::Bounds bounds() const { return {min, max, min_open, max_open}; }
};

/// Every lever, in the order of docs/scenario.md.
[[nodiscard]] std::span<const Lever> levers();

/// The lever with this key; throws std::out_of_range for an unknown key.
[[nodiscard]] const Lever& lever_named(std::string_view key);

/// The lever a scenario path sets ("rules.fare.van.start_yuan" is "rules.fare.<vehicle>.start_yuan"),
/// or nullptr.
[[nodiscard]] const Lever* lever_at(std::string_view path);

namespace detail {
/// Reads a lever from the object that holds it (`r.path_of(leaf) == key`): the value within
/// the lever's bounds, or its default when absent and not required.
[[nodiscard]] double lever(Reader& r, std::string_view key);
/// A MONEY lever in fen.
[[nodiscard]] Fen lever_fen(Reader& r, std::string_view key);
/// A CHOICE lever: the index of the chosen name.
[[nodiscard]] std::size_t lever_choice(Reader& r, std::string_view key);
/// A BOOLEAN lever.
[[nodiscard]] bool lever_bool(Reader& r, std::string_view key);
}  // namespace detail

}  // namespace ridersim
