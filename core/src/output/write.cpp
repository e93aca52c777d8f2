#include <cerrno>
#include <charconv>
#include <cstring>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "ridersim/error.hpp"
#include "ridersim/output.hpp"

namespace ridersim {

namespace {

std::size_t rows_of(const ColumnView& column) {
  return std::visit([](const auto* v) { return v->size(); }, column.data);
}

void put_double(std::string& line, double v) {
  if (std::isnan(v)) return;
  char buffer[32];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
  line.append(buffer, end);
}

template <typename Int>
void put_int(std::string& line, Int v) {
  char buffer[24];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
  line.append(buffer, end);
}

}  // namespace

void write_csv(std::ostream& out, std::span<const ColumnView> columns) {
  std::string line;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    if (c) line += ',';
    line += columns[c].name;
  }
  line += '\n';
  out << line;
  const std::size_t n = columns.empty() ? 0 : rows_of(columns.front());
  for (std::size_t i = 0; i < n; ++i) {
    line.clear();
    for (std::size_t c = 0; c < columns.size(); ++c) {
      if (c) line += ',';
      const ColumnView& col = columns[c];
      std::visit(
          [&](const auto* v) {
            using T = typename std::decay_t<decltype(*v)>::value_type;
            if constexpr (std::is_same_v<T, double>) {
              put_double(line, (*v)[i]);
            } else if constexpr (std::is_same_v<T, std::uint8_t>) {
              if (col.labels.empty()) {
                put_int(line, static_cast<int>((*v)[i]));
              } else {
                line += col.labels[(*v)[i]];
              }
            } else {
              put_int(line, (*v)[i]);
            }
          },
          col.data);
    }
    line += '\n';
    out << line;
  }
}

std::string summary_json(const Results& results, std::string_view revision) {
  nlohmann::ordered_json doc;
  doc["scenario"] = results.scenario_name;
  doc["seed"] = results.seed;
  doc["ridersim_version"] = RIDERSIM_VERSION;
  if (!revision.empty()) doc["ridersim_revision"] = std::string(revision);
  nlohmann::ordered_json kpis = nlohmann::ordered_json::object();
  for (const auto& [name, value] : results.summary) {
    kpis[name] = std::isfinite(value) ? nlohmann::ordered_json(value) : nlohmann::ordered_json(nullptr);
  }
  doc["kpis"] = kpis;
  return doc.dump(2) + "\n";
}

namespace {

// writes a file through a temporary one in the same folder: written, flushed and checked, then
// renamed into place, so that a failure never leaves a partial file under the final name
template <typename Write>
void write_checked(const std::filesystem::path& target, Write&& write) {
  const std::filesystem::path temporary = target.parent_path() / ("." + target.filename().string() + ".partial");
  const auto fail = [&](const std::string& what) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    throw OutputError("cannot write " + target.string() + ": " + what);
  };
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) fail(std::strerror(errno));
    write(out);
    out.flush();
    if (!out) fail(errno ? std::strerror(errno) : "write failed");
    out.close();
    if (out.fail()) fail(errno ? std::strerror(errno) : "close failed");
  }
  std::error_code error;
  std::filesystem::rename(temporary, target, error);
  if (error) fail(error.message());
}

}  // namespace

void write_results(const Results& results, const std::filesystem::path& dir, std::string_view revision) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) throw OutputError("cannot create " + dir.string() + ": " + error.message());
  write_checked(dir / "summary.json", [&](std::ostream& out) { out << summary_json(results, revision); });
  write_checked(dir / "orders.csv", [&](std::ostream& out) { write_csv(out, results.orders.columns()); });
  write_checked(dir / "riders.csv", [&](std::ostream& out) { write_csv(out, results.rider_days.columns()); });
  write_checked(dir / "ledger.csv", [&](std::ostream& out) { write_csv(out, results.ledger.table(results.orders).columns()); });
}

}  // namespace ridersim
