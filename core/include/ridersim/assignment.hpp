#pragma once
// Exact min-cost assignment on a sparse bipartite graph (rows x columns, candidate edges only).

#include <cstdint>
#include <span>
#include <vector>

namespace ridersim {

struct CandidateEdge {
  std::int32_t row = 0;
  std::int32_t col = 0;
  std::int64_t cost = 0;  // >= 0
};

struct AssignmentResult {
  std::vector<std::int32_t> col_of_row;  // assigned column of each row; -1: unassigned   (n_rows)
  std::int64_t matched_cost = 0;         // sum of the costs of the chosen edges
  std::int64_t objective = 0;            // matched_cost + unassigned_cost x unassigned rows
  std::int32_t n_assigned = 0;
};

/// Minimises  sum of chosen edge costs + unassigned_cost x (rows left unassigned)
/// over matchings of the candidate graph (each row and each column used at most once).
///
/// With unassigned_cost larger than any augmenting path's cost (for example, more than the
/// sum of all edge costs) this is the classic "as many assignments as possible, then the
/// cheapest": when the sparse graph has no full matching, the rows it cannot serve are
/// left unassigned. Solved exactly by shortest augmenting paths (Dijkstra with column
/// prices, in the manner of Jonker and Volgenant), one row at a time; each search stops at
/// the first free column, so sparse, local graphs cost little. Duplicate edges keep the cheapest.
/// A large complete graph whose edges all cost no more than leaving a row out is solved by the
/// dense solver below (the same optimum; ties may be broken differently).
/// Throws std::invalid_argument for an edge out of range or a negative cost.
[[nodiscard]] AssignmentResult solve_assignment(std::int32_t n_rows, std::int32_t n_cols,
                                                std::span<const CandidateEdge> edges, std::int64_t unassigned_cost);

struct DenseAssignment {
  std::vector<std::int32_t> col_of_row;  // (n_rows); -1 for the rows left over when n_rows > n_cols
  std::int64_t cost = 0;                 // sum of the chosen entries
};

/// Min-cost assignment on a dense cost matrix (row-major, n_rows x n_cols, any entries >= 0):
/// min(n_rows, n_cols) pairs, as scipy.optimize.linear_sum_assignment. Jonker and Volgenant's
/// algorithm: column reduction with reduction transfer, two rounds of augmenting row reduction,
/// then shortest augmenting paths over the dense rows (no heap). The matrix is read in place.
/// With fewer rows than columns, prices start at 0 and each row first tries its cheapest column;
/// a matrix with more rows than columns is read transposed.
/// Throws std::invalid_argument for a negative entry or a size that does not match.
[[nodiscard]] DenseAssignment solve_dense_assignment(std::int32_t n_rows, std::int32_t n_cols,
                                                     std::span<const std::int64_t> cost);

/// The same objective by exhaustive search, for tests on small instances (rows <= ~9).
[[nodiscard]] std::int64_t brute_force_assignment_objective(std::int32_t n_rows, std::int32_t n_cols,
                                                            std::span<const CandidateEdge> edges,
                                                            std::int64_t unassigned_cost);

}  // namespace ridersim
