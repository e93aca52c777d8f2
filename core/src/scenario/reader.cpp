#include "ridersim/spec_reader.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "ridersim/error.hpp"

namespace ridersim::detail {

using nlohmann::json;

void fail(const std::string& path, const std::string& message) { throw ScenarioError(path, message); }

bool Bounds::contains(double v) const {
  if (!std::isfinite(v)) return false;
  if (min_open ? v <= min : v < min) return false;
  if (max_open ? v >= max : v > max) return false;
  return true;
}

std::string number_text(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

namespace {
std::string type_name(const json& value) {
  if (value.is_null()) return "null";
  if (value.is_boolean()) return "a boolean";
  if (value.is_number()) return "a number";
  if (value.is_string()) return "a string";
  if (value.is_array()) return "an array";
  return "an object";
}

std::string quoted_list(std::span<const std::string_view> names) {
  std::string text;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i) text += ", ";
    text += "\"" + std::string(names[i]) + "\"";
  }
  return text;
}
}  // namespace

std::string Bounds::describe() const {
  const bool has_min = std::isfinite(min);
  const bool has_max = std::isfinite(max);
  if (has_min && has_max) {
    return std::string(min_open ? "> " : ">= ") + number_text(min) + " and " + (max_open ? "< " : "<= ") +
           number_text(max);
  }
  if (has_min) return std::string(min_open ? "> " : ">= ") + number_text(min);
  if (has_max) return std::string(max_open ? "< " : "<= ") + number_text(max);
  return "finite";
}

std::string show(const json& value) {
  std::string text = value.dump();
  if (text.size() > 60) text = text.substr(0, 57) + "...";
  return text;
}

std::string join(const std::string& parent, std::string_view key) {
  return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

Reader::Reader(const json& object, std::string path) : object_(object), path_(std::move(path)) {
  if (!object_.is_object()) fail(path_, "expected an object, got " + type_name(object_) + " " + show(object_));
}

bool Reader::has(std::string_view key) const { return object_.contains(key); }

const json* Reader::optional(std::string_view key) {
  read_.emplace_back(key);
  auto it = object_.find(key);
  return it == object_.end() ? nullptr : &*it;
}

const json& Reader::require(std::string_view key) {
  const json* value = optional(key);
  if (!value) fail(path_of(key), "missing; this key is required");
  return *value;
}

namespace {
double checked_number(const json& value, const std::string& path, Bounds bounds) {
  if (!value.is_number()) fail(path, "expected a number " + bounds.describe() + ", got " + type_name(value) + " " + show(value));
  const double v = value.get<double>();
  if (!bounds.contains(v)) fail(path, "expected a number " + bounds.describe() + ", got " + show(value));
  return v;
}

std::int64_t checked_integer(const json& value, const std::string& path, Bounds bounds) {
  const bool integral = value.is_number_integer() ||
                        (value.is_number_float() && std::floor(value.get<double>()) == value.get<double>());
  if (!integral) {
    fail(path, "expected a whole number " + bounds.describe() + ", got " + type_name(value) + " " + show(value));
  }
  const double v = value.get<double>();
  if (!bounds.contains(v) || std::fabs(v) > 9.0e15) {
    fail(path, "expected a whole number " + bounds.describe() + ", got " + show(value));
  }
  return static_cast<std::int64_t>(v);
}

std::string checked_text(const json& value, const std::string& path) {
  if (!value.is_string()) fail(path, "expected a string, got " + type_name(value) + " " + show(value));
  return value.get<std::string>();
}

std::size_t checked_choice(const json& value, const std::string& path, std::span<const std::string_view> names) {
  if (value.is_string()) {
    const auto text = value.get<std::string>();
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (names[i] == text) return i;
    }
  }
  fail(path, "expected one of " + quoted_list(names) + ", got " + show(value));
}
}  // namespace

double Reader::number(std::string_view key, Bounds bounds) { return checked_number(require(key), path_of(key), bounds); }

double Reader::number_or(std::string_view key, double fallback, Bounds bounds) {
  const json* value = optional(key);
  return value ? checked_number(*value, path_of(key), bounds) : fallback;
}

std::int64_t Reader::integer(std::string_view key, Bounds bounds) {
  return checked_integer(require(key), path_of(key), bounds);
}

std::int64_t Reader::integer_or(std::string_view key, std::int64_t fallback, Bounds bounds) {
  const json* value = optional(key);
  return value ? checked_integer(*value, path_of(key), bounds) : fallback;
}

std::string Reader::text(std::string_view key) { return checked_text(require(key), path_of(key)); }

std::string Reader::text_or(std::string_view key, std::string fallback) {
  const json* value = optional(key);
  return value ? checked_text(*value, path_of(key)) : fallback;
}

std::size_t Reader::choice(std::string_view key, std::span<const std::string_view> names) {
  return checked_choice(require(key), path_of(key), names);
}

std::size_t Reader::choice_or(std::string_view key, std::size_t fallback, std::span<const std::string_view> names) {
  const json* value = optional(key);
  return value ? checked_choice(*value, path_of(key), names) : fallback;
}

Reader Reader::object(std::string_view key) { return Reader(require(key), path_of(key)); }

std::vector<Reader> Reader::objects(std::string_view key, std::size_t min_items) {
  const json& value = require(key);
  const std::string path = path_of(key);
  if (!value.is_array()) fail(path, "expected an array of objects, got " + type_name(value) + " " + show(value));
  if (value.size() < min_items) {
    fail(path, "expected at least " + std::to_string(min_items) + " item(s), got " + std::to_string(value.size()));
  }
  std::vector<Reader> items;
  items.reserve(value.size());
  for (std::size_t i = 0; i < value.size(); ++i) items.emplace_back(value[i], path + "[" + std::to_string(i) + "]");
  return items;
}

bool Reader::boolean(std::string_view key) {
  const json& value = require(key);
  if (!value.is_boolean()) fail(path_of(key), "expected true or false, got " + type_name(value) + " " + show(value));
  return value.get<bool>();
}

std::vector<double> Reader::number_list(std::string_view key, Bounds bounds) {
  const json& value = require(key);
  const std::string path = path_of(key);
  if (!value.is_array()) fail(path, "expected an array of numbers, got " + type_name(value) + " " + show(value));
  std::vector<double> out;
  for (std::size_t i = 0; i < value.size(); ++i) out.push_back(checked_number(value[i], path + "[" + std::to_string(i) + "]", bounds));
  return out;
}

std::vector<std::size_t> Reader::choice_list(std::string_view key, std::span<const std::string_view> names) {
  const json& value = require(key);
  const std::string path = path_of(key);
  if (!value.is_array()) fail(path, "expected an array of names out of " + quoted_list(names) + ", got " + type_name(value) + " " + show(value));
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < value.size(); ++i) out.push_back(checked_choice(value[i], path + "[" + std::to_string(i) + "]", names));
  return out;
}

std::vector<double> Reader::numbers(std::string_view key, std::size_t n, Bounds bounds) {
  const json& value = require(key);
  const std::string path = path_of(key);
  if (!value.is_array() || value.size() != n) {
    fail(path, "expected an array of " + std::to_string(n) + " numbers, got " +
                   (value.is_array() ? std::to_string(value.size()) + " item(s)" : type_name(value) + " " + show(value)));
  }
  std::vector<double> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) out.push_back(checked_number(value[i], path + "[" + std::to_string(i) + "]", bounds));
  return out;
}

void Reader::finish() const {
  auto was_read = [&](const std::string& key) { return std::find(read_.begin(), read_.end(), key) != read_.end(); };
  std::vector<std::string> allowed = read_;
  std::sort(allowed.begin(), allowed.end());
  allowed.erase(std::unique(allowed.begin(), allowed.end()), allowed.end());
  auto allowed_text = [&] {
    std::string text;
    for (const auto& key : allowed) text += (text.empty() ? "" : ", ") + key;
    return text;
  };
  for (const auto& [key, value] : object_.items()) {
    if (key == "sources") {
      if (!value.is_object()) fail(path_of(key), "expected an object mapping keys of this object to the source of their value");
      for (const auto& [sourced, note] : value.items()) {
        if (!was_read(sourced)) {
          fail(path_of("sources." + sourced), "names no key of this object; allowed keys: " + allowed_text());
        }
        if (!note.is_string()) fail(path_of("sources." + sourced), "expected a string, got " + show(note));
      }
      continue;
    }
    if (!was_read(key)) fail(path_of(key), "unknown key; allowed keys: " + allowed_text() + ", sources");
  }
}

}  // namespace ridersim::detail
