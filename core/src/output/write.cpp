#include <charconv>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

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

std::string summary_json(const Results& results) {
  nlohmann::ordered_json doc;
  doc["scenario"] = results.scenario_name;
  doc["seed"] = results.seed;
  nlohmann::ordered_json kpis = nlohmann::ordered_json::object();
  for (const auto& [name, value] : results.summary) {
    kpis[name] = std::isfinite(value) ? nlohmann::ordered_json(value) : nlohmann::ordered_json(nullptr);
  }
  doc["kpis"] = kpis;
  return doc.dump(2) + "\n";
}

void write_results(const Results& results, const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  auto open = [&](const char* name) {
    std::ofstream out(dir / name, std::ios::binary);
    if (!out) throw std::runtime_error("cannot write " + (dir / name).string());
    return out;
  };
  {
    auto out = open("summary.json");
    out << summary_json(results);
  }
  {
    auto out = open("orders.csv");
    const auto columns = results.orders.columns();
    write_csv(out, columns);
  }
  {
    auto out = open("riders.csv");
    const auto columns = results.rider_days.columns();
    write_csv(out, columns);
  }
  {
    auto out = open("ledger.csv");
    const auto columns = results.ledger.columns();
    write_csv(out, columns);
  }
}

}  // namespace ridersim
