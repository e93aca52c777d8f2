#include "ridersim/error.hpp"

namespace ridersim {

namespace {
std::string describe(const std::string& path, const std::string& message, const std::string& file) {
  std::string text;
  if (!file.empty()) text += file + ": ";
  text += path.empty() ? std::string("scenario") : "scenario." + path;
  text += ": " + message;
  return text;
}
}  // namespace

ScenarioError::ScenarioError(std::string path, std::string message, std::string file)
    : std::runtime_error(describe(path, message, file)),
      path_(std::move(path)),
      message_(std::move(message)),
      file_(std::move(file)) {}

ScenarioError ScenarioError::in_file(const std::string& file) const {
  return file_.empty() ? ScenarioError(path_, message_, file) : *this;
}

}  // namespace ridersim
