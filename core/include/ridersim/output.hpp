#pragma once
// Writing a run's results to files: summary.json, orders.csv, riders.csv, ledger.csv.

#include <filesystem>
#include <ostream>
#include <span>
#include <string>
#include <string_view>

#include "ridersim/results.hpp"

namespace ridersim {

/// Writes the four result files into `dir` (created if missing). Byte-identical for identical
/// results. Each file goes through a temporary file renamed into place; a failure throws
/// OutputError naming the file and the reason and leaves no partial file under the final name.
/// `revision` (the source's version control state, when the caller knows it) goes into summary.json.
void write_results(const Results& results, const std::filesystem::path& dir, std::string_view revision = {});

/// The summary as JSON text: {"scenario": ..., "seed": ..., "ridersim_version": ...,
/// ["ridersim_revision": ...,] "kpis": {name: value, ...}} (NaN as null).
[[nodiscard]] std::string summary_json(const Results& results, std::string_view revision = {});

/// Columns as CSV: a header line, then one line per row; codes are written as their labels,
/// NaN as an empty field, doubles in their shortest exact form.
void write_csv(std::ostream& out, std::span<const ColumnView> columns);

}  // namespace ridersim
