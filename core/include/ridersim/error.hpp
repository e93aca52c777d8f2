#pragma once
// Errors that reach users: a scenario (or trace) that cannot be used, with where and why.

#include <stdexcept>
#include <string>

namespace ridersim {

/// A scenario that cannot be loaded or validated.
///
/// `path` is the JSON path inside the scenario (`rules.pay.base_per_order_yuan`,
/// `riders.types[2].count`), empty for whole-file problems; `file` is the file the
/// scenario came from, when there is one. `what()` reads
/// `FILE: scenario.PATH: MESSAGE`, where MESSAGE says what was found and what is allowed.
class ScenarioError : public std::runtime_error {
 public:
  ScenarioError(std::string path, std::string message, std::string file = {});

  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  [[nodiscard]] const std::string& message() const noexcept { return message_; }
  [[nodiscard]] const std::string& file() const noexcept { return file_; }

  /// The same error, attributed to `file` (kept when one is already set).
  [[nodiscard]] ScenarioError in_file(const std::string& file) const;

 private:
  std::string path_;
  std::string message_;
  std::string file_;
};

/// An output that could not be written (a full disk, a missing permission, a folder in the way).
/// `what()` names the file and the operating system's reason; no partial file is left under
/// the final name.
class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace ridersim
