#include "ridersim/assignment.hpp"

#include <algorithm>
#include <functional>
#include <limits>
#include <optional>
#include <queue>
#include <stdexcept>
#include <string>

namespace ridersim {

namespace {

constexpr std::int64_t kInf = std::numeric_limits<std::int64_t>::max() / 4;

struct Csr {
  std::vector<std::int32_t> start;  // (n_rows + 1)
  std::vector<std::int32_t> col;
  std::vector<std::int64_t> cost;
};

Csr build_csr(std::int32_t n_rows, std::int32_t n_cols, std::span<const CandidateEdge> edges) {
  for (const auto& e : edges) {
    if (e.row < 0 || e.row >= n_rows || e.col < 0 || e.col >= n_cols) {
      throw std::invalid_argument("assignment edge (" + std::to_string(e.row) + ", " + std::to_string(e.col) +
                                  ") outside " + std::to_string(n_rows) + " x " + std::to_string(n_cols));
    }
    if (e.cost < 0) throw std::invalid_argument("assignment edge cost must be >= 0, got " + std::to_string(e.cost));
  }
  // counting sort by row (linear, stable), then duplicates of a (row, col) keep the cheapest
  Csr g;
  g.start.assign(static_cast<std::size_t>(n_rows) + 1, 0);
  for (const auto& e : edges) ++g.start[e.row + 1];
  for (std::int32_t r = 0; r < n_rows; ++r) g.start[r + 1] += g.start[r];
  g.col.resize(edges.size());
  g.cost.resize(edges.size());
  std::vector<std::int32_t> next(g.start.begin(), g.start.end() - 1);
  for (const auto& e : edges) {
    g.col[next[e.row]] = e.col;
    g.cost[next[e.row]++] = e.cost;
  }
  std::vector<std::int32_t> seen_at(n_cols, -1);  // position of a column in the current row
  std::size_t write = 0;
  std::int32_t row_begin = 0;
  for (std::int32_t r = 0; r < n_rows; ++r) {
    const std::int32_t begin = row_begin;
    const std::int32_t end = g.start[r + 1];
    row_begin = end;
    g.start[r] = static_cast<std::int32_t>(write);
    const std::size_t first_of_row = write;
    for (std::int32_t e = begin; e < end; ++e) {
      const std::int32_t c = g.col[e];
      if (seen_at[c] >= static_cast<std::int32_t>(first_of_row)) {
        g.cost[seen_at[c]] = std::min(g.cost[seen_at[c]], g.cost[e]);
        continue;
      }
      seen_at[c] = static_cast<std::int32_t>(write);
      g.col[write] = c;
      g.cost[write++] = g.cost[e];
    }
  }
  g.start[n_rows] = static_cast<std::int32_t>(write);
  g.col.resize(write);
  g.cost.resize(write);
  return g;
}

// A complete graph whose rows are better matched than left out (no edge costs more than leaving
// its row unassigned) is a dense problem: every row that can be matched is, so the dense solver's
// optimum over min(rows, cols) pairs is this objective's optimum too. Only large ones go dense:
// dispatch batches are sparse (k candidates per job) and never take this path.
std::optional<AssignmentResult> solve_complete_graph_densely(const Csr& g, std::int32_t n_rows, std::int32_t n_cols,
                                                             std::int64_t unassigned_cost) {
  const std::size_t cells = static_cast<std::size_t>(n_rows) * static_cast<std::size_t>(n_cols);
  if (cells < 4096 || g.col.size() != cells) return std::nullopt;
  if (*std::max_element(g.cost.begin(), g.cost.end()) > unassigned_cost) return std::nullopt;
  std::vector<std::int64_t> matrix(cells);
  for (std::int32_t r = 0; r < n_rows; ++r) {
    for (std::int32_t e = g.start[r]; e < g.start[r + 1]; ++e) {
      matrix[static_cast<std::size_t>(r) * n_cols + g.col[e]] = g.cost[e];
    }
  }
  const DenseAssignment dense = solve_dense_assignment(n_rows, n_cols, matrix);
  AssignmentResult result;
  result.col_of_row = dense.col_of_row;
  result.matched_cost = dense.cost;
  result.n_assigned = std::min(n_rows, n_cols);
  result.objective = dense.cost + unassigned_cost * (n_rows - result.n_assigned);
  return result;
}

}  // namespace

AssignmentResult solve_assignment(std::int32_t n_rows, std::int32_t n_cols, std::span<const CandidateEdge> edges,
                                  std::int64_t unassigned_cost) {
  if (n_rows < 0 || n_cols < 0) throw std::invalid_argument("assignment sizes must be >= 0");
  if (unassigned_cost < 0) throw std::invalid_argument("unassigned cost must be >= 0");
  const Csr g = build_csr(n_rows, n_cols, edges);
  if (auto dense = solve_complete_graph_densely(g, n_rows, n_cols, unassigned_cost)) return *dense;

  // columns 0..n_cols-1 are real; column n_cols + r is row r's private "unassigned" column
  const std::int32_t n_total = n_cols + n_rows;
  std::vector<std::int64_t> price(n_total, 0);        // column prices, <= 0; free columns stay at 0
  std::vector<std::int32_t> row_of_col(n_total, -1);
  std::vector<std::int32_t> col_of_row(n_rows, -1);
  std::vector<std::int64_t> cost_of_row(n_rows, 0);    // cost of each row's current edge
  std::vector<std::int64_t> dist(n_total, kInf);
  std::vector<std::int32_t> pred_row(n_total, -1);
  std::vector<std::int64_t> pred_cost(n_total, 0);    // cost of the edge (pred_row, column)
  std::vector<char> done(n_total, 0);
  std::vector<std::int32_t> touched;
  std::vector<std::int32_t> finalised;
  using Item = std::pair<std::int64_t, std::int32_t>;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> heap;

  auto relax_row = [&](std::int32_t row, std::int64_t base) {
    auto relax = [&](std::int32_t col, std::int64_t cost) {
      const std::int64_t d = base + cost - price[col];
      if (!done[col] && d < dist[col]) {
        if (dist[col] == kInf) touched.push_back(col);
        dist[col] = d;
        pred_row[col] = row;
        pred_cost[col] = cost;
        heap.emplace(d, col);
      }
    };
    for (std::int32_t e = g.start[row]; e < g.start[row + 1]; ++e) relax(g.col[e], g.cost[e]);
    relax(n_cols + row, unassigned_cost);
  };

  for (std::int32_t root = 0; root < n_rows; ++root) {
    // fast path: the root's cheapest column (by reduced cost) is free, so it is the shortest path
    std::int32_t cheapest = n_cols + root;
    std::int64_t cheapest_d = unassigned_cost - price[n_cols + root];
    for (std::int32_t e = g.start[root]; e < g.start[root + 1]; ++e) {
      const std::int64_t d = g.cost[e] - price[g.col[e]];
      if (d < cheapest_d || (d == cheapest_d && g.col[e] < cheapest)) {
        cheapest_d = d;
        cheapest = g.col[e];
      }
    }
    if (row_of_col[cheapest] < 0) {
      row_of_col[cheapest] = root;
      col_of_row[root] = cheapest;
      cost_of_row[root] = cheapest_d + price[cheapest];
      continue;
    }
    // Dijkstra on reduced costs from the root row to the nearest free column
    relax_row(root, 0);
    std::int32_t free_col = -1;
    std::int64_t found = 0;
    while (!heap.empty()) {
      const auto [d, col] = heap.top();
      heap.pop();
      if (done[col] || d != dist[col]) continue;
      done[col] = 1;
      if (row_of_col[col] < 0) {
        free_col = col;
        found = d;
        break;
      }
      finalised.push_back(col);
      const std::int32_t row = row_of_col[col];
      // the matched edge is tight: the row's own reduced cost is cost - price of its column
      relax_row(row, d - (cost_of_row[row] - price[col]));
    }
    // the private column is always reachable, so a free column is always found
    for (std::int32_t col : finalised) price[col] += dist[col] - found;

    // augment along the predecessor chain
    std::int32_t col = free_col;
    while (true) {
      const std::int32_t row = pred_row[col];
      const std::int32_t previous = col_of_row[row];
      col_of_row[row] = col;
      row_of_col[col] = row;
      cost_of_row[row] = pred_cost[col];
      if (row == root) break;
      col = previous;
    }

    for (std::int32_t c : touched) {
      dist[c] = kInf;
      done[c] = 0;
      pred_row[c] = -1;
    }
    touched.clear();
    finalised.clear();
    heap = {};
  }

  AssignmentResult result;
  result.col_of_row.assign(n_rows, -1);
  for (std::int32_t r = 0; r < n_rows; ++r) {
    if (col_of_row[r] < n_cols) {
      result.col_of_row[r] = col_of_row[r];
      result.matched_cost += cost_of_row[r];
      ++result.n_assigned;
    } else {
      result.objective += unassigned_cost;
    }
  }
  result.objective += result.matched_cost;
  return result;
}

std::int64_t brute_force_assignment_objective(std::int32_t n_rows, std::int32_t n_cols,
                                              std::span<const CandidateEdge> edges, std::int64_t unassigned_cost) {
  const Csr g = build_csr(n_rows, n_cols, edges);
  std::vector<char> used(n_cols, 0);
  std::function<std::int64_t(std::int32_t)> best = [&](std::int32_t row) -> std::int64_t {
    if (row == n_rows) return 0;
    std::int64_t value = unassigned_cost + best(row + 1);
    for (std::int32_t e = g.start[row]; e < g.start[row + 1]; ++e) {
      if (used[g.col[e]]) continue;
      used[g.col[e]] = 1;
      value = std::min(value, g.cost[e] + best(row + 1));
      used[g.col[e]] = 0;
    }
    return value;
  };
  return best(0);
}

}  // namespace ridersim
