// Dense min-cost assignment: Jonker and Volgenant (1987), "A shortest augmenting path algorithm
// for dense and sparse linear assignment problems", Computing 38, 325-340, for a square matrix.

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

#include "ridersim/assignment.hpp"

namespace ridersim {

namespace {

constexpr std::int64_t kLarge = std::numeric_limits<std::int64_t>::max() / 4;

// rows x cols with rows <= cols: c(i, j) is row i's cost for column j; x = column of each row,
// y = row of each column, v = column prices (duals). Cost is a small callable, inlined in the loops.
template <class Cost>
class Jv {
 public:
  Jv(std::int32_t rows, std::int32_t cols, Cost cost)
      : n_(cols), rows_(rows), c_(std::move(cost)), x_(rows, -1), y_(cols, -1), v_(cols, kLarge) {}

  std::vector<std::int32_t> solve() {
    std::vector<std::int32_t> free_rows;
    if (rows_ == n_) {
      free_rows = column_reduction();
      // augmenting row reduction, twice, as Jonker and Volgenant do
      for (int round = 0; round < 2 && !free_rows.empty(); ++round) free_rows = augmenting_row_reduction(free_rows);
    } else {
      free_rows = cheapest_free_columns();
    }
    for (const std::int32_t row : free_rows) augment(row);
    return x_;
  }

 private:
  // fewer rows than columns: prices start at 0 (every column may stay free), and a row whose
  // cheapest column is still free takes it (its reduced cost is 0: the duals stay feasible)
  std::vector<std::int32_t> cheapest_free_columns() {
    std::fill(v_.begin(), v_.end(), 0);
    std::vector<std::int32_t> free_rows;
    for (std::int32_t i = 0; i < rows_; ++i) {
      std::int32_t best = 0;
      std::int64_t least = c_(i, 0);
      for (std::int32_t j = 1; j < n_; ++j) {
        const std::int64_t c = c_(i, j);
        if (c < least) {
          least = c;
          best = j;
        }
      }
      if (y_[best] < 0) {
        x_[i] = best;
        y_[best] = i;
      } else {
        free_rows.push_back(i);
      }
    }
    return free_rows;
  }

  // each column to its cheapest row; a row that won one column alone transfers its reduction
  std::vector<std::int32_t> column_reduction() {
    for (std::int32_t i = 0; i < n_; ++i) {
      for (std::int32_t j = 0; j < n_; ++j) {
        const std::int64_t c = c_(i, j);
        if (c < v_[j]) {
          v_[j] = c;
          y_[j] = i;
        }
      }
    }
    std::vector<char> unique(n_, 1);
    for (std::int32_t j = n_ - 1; j >= 0; --j) {
      const std::int32_t i = y_[j];
      if (x_[i] < 0) {
        x_[i] = j;
      } else {
        unique[i] = 0;
        y_[j] = -1;
      }
    }
    std::vector<std::int32_t> free_rows;
    for (std::int32_t i = 0; i < n_; ++i) {
      if (x_[i] < 0) {
        free_rows.push_back(i);
      } else if (unique[i]) {
        const std::int32_t j = x_[i];
        std::int64_t least = kLarge;
        for (std::int32_t k = 0; k < n_; ++k) {
          if (k != j) least = std::min(least, c_(i, k) - v_[k]);
        }
        if (least < kLarge) v_[j] -= least;
      }
    }
    return free_rows;
  }

  std::vector<std::int32_t> augmenting_row_reduction(std::vector<std::int32_t> free_rows) {
    std::size_t current = 0;
    std::vector<std::int32_t> still_free;
    std::int64_t steps = 0;
    const std::int64_t limit = static_cast<std::int64_t>(free_rows.size()) * n_;
    while (current < free_rows.size()) {
      ++steps;
      const std::int32_t row = free_rows[current++];
      // the cheapest and second cheapest reduced costs of the row
      std::int32_t j1 = 0, j2 = -1;
      std::int64_t u1 = c_(row, 0) - v_[0], u2 = kLarge;
      for (std::int32_t j = 1; j < n_; ++j) {
        const std::int64_t h = c_(row, j) - v_[j];
        if (h < u2) {
          if (h >= u1) {
            u2 = h;
            j2 = j;
          } else {
            u2 = u1;
            u1 = h;
            j2 = j1;
            j1 = j;
          }
        }
      }
      std::int32_t i0 = y_[j1];
      const bool lowers = j2 >= 0 && u1 < u2;
      if (steps < limit) {
        if (lowers) {
          v_[j1] -= u2 - u1;  // the row takes j1 at a price that leaves it indifferent
        } else if (i0 >= 0 && j2 >= 0) {
          j1 = j2;  // a tie: take the second column instead, and displace its row
          i0 = y_[j2];
        }
        if (i0 >= 0) {
          if (lowers) {
            free_rows[--current] = i0;  // the displaced row goes next
          } else {
            still_free.push_back(i0);
          }
        }
      } else if (i0 >= 0) {
        still_free.push_back(i0);
      }
      if (i0 >= 0) x_[i0] = -1;
      x_[row] = j1;
      y_[j1] = row;
    }
    return still_free;
  }

  // Dijkstra over the dense rows from a free row to the nearest free column, then flip the path
  void augment(std::int32_t start) {
    std::vector<std::int64_t>& d = d_;
    std::vector<std::int32_t>& cols = cols_;
    std::vector<std::int32_t>& pred = pred_;
    d.resize(n_);
    cols.resize(n_);
    pred.assign(n_, start);
    for (std::int32_t j = 0; j < n_; ++j) {
      cols[j] = j;
      d[j] = c_(start, j) - v_[j];
    }
    // cols[0, ready) are scanned and final; [ready, todo) hold the current minimum; the rest wait
    std::int32_t ready = 0, lo = 0, hi = 0, end = -1;
    std::int64_t least = 0;
    while (end < 0) {
      if (lo == hi) {
        ready = lo;
        // collect the columns at the smallest distance among those left
        least = d[cols[lo]];
        hi = lo + 1;
        for (std::int32_t k = hi; k < n_; ++k) {
          const std::int32_t j = cols[k];
          if (d[j] <= least) {
            if (d[j] < least) {
              hi = lo;
              least = d[j];
            }
            cols[k] = cols[hi];
            cols[hi++] = j;
          }
        }
        for (std::int32_t k = lo; k < hi; ++k) {
          if (y_[cols[k]] < 0) {
            end = cols[k];
            break;
          }
        }
        if (end >= 0) break;
      }
      // scan a column at the minimum: relax through the row it is assigned to
      const std::int32_t j0 = cols[lo++];
      const std::int32_t i = y_[j0];
      const std::int64_t h = c_(i, j0) - v_[j0] - least;
      for (std::int32_t k = hi; k < n_; ++k) {
        const std::int32_t j = cols[k];
        const std::int64_t reduced = c_(i, j) - v_[j] - h;
        if (reduced < d[j]) {
          d[j] = reduced;
          pred[j] = i;
          if (reduced == least) {
            if (y_[j] < 0) {
              end = j;
              break;
            }
            cols[k] = cols[hi];
            cols[hi++] = j;
          }
        }
      }
    }
    // update the prices of the final columns, then flip the alternating path
    for (std::int32_t k = 0; k < ready; ++k) {
      const std::int32_t j = cols[k];
      v_[j] += d[j] - least;
    }
    std::int32_t j = end;
    while (true) {
      const std::int32_t i = pred[j];
      y_[j] = i;
      std::swap(j, x_[i]);
      if (i == start) break;
    }
  }

  std::int32_t n_;     // columns (and rows, when square)
  std::int32_t rows_;  // <= n_
  Cost c_;
  std::vector<std::int32_t> x_, y_;
  std::vector<std::int64_t> v_;
  std::vector<std::int64_t> d_;
  std::vector<std::int32_t> cols_, pred_;
};

}  // namespace

DenseAssignment solve_dense_assignment(std::int32_t n_rows, std::int32_t n_cols, std::span<const std::int64_t> cost) {
  if (n_rows < 0 || n_cols < 0) throw std::invalid_argument("assignment sizes must be >= 0");
  if (cost.size() != static_cast<std::size_t>(n_rows) * static_cast<std::size_t>(n_cols)) {
    throw std::invalid_argument("the cost matrix has " + std::to_string(cost.size()) + " entries, expected " +
                                std::to_string(n_rows) + " x " + std::to_string(n_cols));
  }
  for (const std::int64_t c : cost) {
    if (c < 0) throw std::invalid_argument("assignment costs must be >= 0, got " + std::to_string(c));
    if (c >= kLarge / 4) throw std::invalid_argument("assignment cost too large: " + std::to_string(c));
  }
  DenseAssignment out;
  out.col_of_row.assign(n_rows, -1);
  if (n_rows == 0 || n_cols == 0) return out;
  // the problem's rows are the smaller side: a tall matrix is read transposed
  const std::int64_t* data = cost.data();
  std::vector<std::int32_t> x;
  if (n_rows <= n_cols) {
    x = Jv(n_rows, n_cols, [data, n_cols](std::int32_t i, std::int32_t j) {
          return data[static_cast<std::size_t>(i) * n_cols + j];
        }).solve();
    out.col_of_row = x;
  } else {
    x = Jv(n_cols, n_rows, [data, n_cols](std::int32_t i, std::int32_t j) {
          return data[static_cast<std::size_t>(j) * n_cols + i];
        }).solve();
    for (std::int32_t c = 0; c < n_cols; ++c) out.col_of_row[x[c]] = c;
  }
  for (std::int32_t r = 0; r < n_rows; ++r) {
    if (out.col_of_row[r] >= 0) out.cost += cost[static_cast<std::size_t>(r) * n_cols + out.col_of_row[r]];
  }
  return out;
}

}  // namespace ridersim
