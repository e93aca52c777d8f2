#pragma once
// A validating reader over one JSON object: each accessor checks type and range and, on
// failure, throws a ScenarioError that names the JSON path, the value found and what is allowed.
// finish() rejects keys that were never read, listing the allowed ones.

#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ridersim::detail {

/// Numeric bounds; `*_open` excludes the bound itself.
struct Bounds {
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_open = false;
  bool max_open = false;

  static Bounds at_least(double v) { return {v, std::numeric_limits<double>::infinity(), false, false}; }
  static Bounds above(double v) { return {v, std::numeric_limits<double>::infinity(), true, false}; }
  static Bounds between(double lo, double hi) { return {lo, hi, false, false}; }
  static Bounds open_unit() { return {0.0, 1.0, true, true}; }
  [[nodiscard]] bool contains(double v) const;
  [[nodiscard]] std::string describe() const;
};

/// A number as people write it: 7, 0.25, 1e+07.
[[nodiscard]] std::string number_text(double v);

/// Short rendering of a JSON value for messages (long values are cut).
[[nodiscard]] std::string show(const nlohmann::json& value);

/// Joins a parent path and a key: join("rules", "pay") == "rules.pay"; join("", "x") == "x".
[[nodiscard]] std::string join(const std::string& parent, std::string_view key);

class Reader {
 public:
  Reader(const nlohmann::json& object, std::string path);

  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] std::string path_of(std::string_view key) const { return join(path_, key); }
  [[nodiscard]] bool has(std::string_view key) const;
  /// Counts an optional key as allowed without reading it (for finish()'s list of allowed keys).
  void allow(std::string_view key) { read_.emplace_back(key); }

  [[nodiscard]] double number(std::string_view key, Bounds bounds);
  [[nodiscard]] double number_or(std::string_view key, double fallback, Bounds bounds);
  [[nodiscard]] std::int64_t integer(std::string_view key, Bounds bounds);
  [[nodiscard]] std::int64_t integer_or(std::string_view key, std::int64_t fallback, Bounds bounds);
  [[nodiscard]] std::string text(std::string_view key);
  [[nodiscard]] std::string text_or(std::string_view key, std::string fallback);
  /// A string that must be one of `names`; returns its index.
  [[nodiscard]] std::size_t choice(std::string_view key, std::span<const std::string_view> names);
  [[nodiscard]] std::size_t choice_or(std::string_view key, std::size_t fallback,
                                      std::span<const std::string_view> names);
  [[nodiscard]] Reader object(std::string_view key);
  /// An array of objects (at least `min_items`).
  [[nodiscard]] std::vector<Reader> objects(std::string_view key, std::size_t min_items);
  [[nodiscard]] bool boolean(std::string_view key);
  /// An array of any length of numbers within bounds.
  [[nodiscard]] std::vector<double> number_list(std::string_view key, Bounds bounds);
  /// An array of any length of strings, each one of `names`; returns their indices.
  [[nodiscard]] std::vector<std::size_t> choice_list(std::string_view key, std::span<const std::string_view> names);
  /// An array of exactly `n` numbers within bounds.
  [[nodiscard]] std::vector<double> numbers(std::string_view key, std::size_t n, Bounds bounds);

  /// Throws for any key that was not read (`sources` is always allowed: a map from sibling
  /// keys to where their values come from).
  void finish() const;

 private:
  const nlohmann::json& require(std::string_view key);
  const nlohmann::json* optional(std::string_view key);

  const nlohmann::json& object_;
  std::string path_;
  std::vector<std::string> read_;
};

[[noreturn]] void fail(const std::string& path, const std::string& message);

}  // namespace ridersim::detail
