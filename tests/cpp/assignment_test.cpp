#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <catch2/catch.hpp>
#include <set>

#include "ridersim/assignment.hpp"

using namespace ridersim;

namespace {

// checks that a solution is a matching over candidate edges and that its reported costs add up
void check_consistent(const AssignmentResult& r, std::int32_t n_rows, std::int32_t n_cols,
                      const std::vector<CandidateEdge>& edges, std::int64_t penalty) {
  std::set<std::int32_t> used;
  std::int64_t cost = 0;
  std::int32_t assigned = 0;
  for (std::int32_t row = 0; row < n_rows; ++row) {
    const std::int32_t col = r.col_of_row[row];
    if (col < 0) continue;
    REQUIRE(col < n_cols);
    REQUIRE(used.insert(col).second);
    std::int64_t best = -1;
    for (const auto& e : edges) {
      if (e.row == row && e.col == col && (best < 0 || e.cost < best)) best = e.cost;
    }
    REQUIRE(best >= 0);  // the pair is a candidate edge
    cost += best;
    ++assigned;
  }
  CHECK(cost == r.matched_cost);
  CHECK(assigned == r.n_assigned);
  CHECK(r.objective == cost + penalty * (n_rows - assigned));
}

}  // namespace

TEST_CASE("assignment: a hand-solved 3x3 instance") {
  // greedy would take (0,0)=1 and then pay 10 + 10; the optimum is 2 + 2 + 3 = 7
  const std::vector<CandidateEdge> edges{{0, 0, 1}, {0, 1, 2}, {1, 0, 2}, {1, 2, 10}, {2, 1, 10}, {2, 2, 3}};
  const auto r = solve_assignment(3, 3, edges, 1000);
  CHECK(r.n_assigned == 3);
  CHECK(r.matched_cost == 7);
  CHECK(r.col_of_row == std::vector<std::int32_t>{1, 0, 2});
}

TEST_CASE("assignment: rows without candidates stay unassigned") {
  const std::vector<CandidateEdge> edges{{0, 0, 5}, {2, 0, 4}};
  const auto r = solve_assignment(3, 1, edges, 100);
  CHECK(r.n_assigned == 1);
  CHECK(r.col_of_row == std::vector<std::int32_t>{-1, -1, 0});
  CHECK(r.objective == 4 + 200);
}

TEST_CASE("assignment: a cheap unassigned cost leaves expensive pairs out") {
  const std::vector<CandidateEdge> edges{{0, 0, 50}, {1, 1, 5}};
  const auto r = solve_assignment(2, 2, edges, 20);
  CHECK(r.col_of_row == std::vector<std::int32_t>{-1, 1});
  CHECK(r.objective == 25);
}

TEST_CASE("assignment: duplicate edges keep the cheapest and bad edges are rejected") {
  const std::vector<CandidateEdge> dup{{0, 0, 9}, {0, 0, 3}};
  CHECK(solve_assignment(1, 1, dup, 100).matched_cost == 3);
  const std::vector<CandidateEdge> out_of_range{{0, 2, 1}};
  CHECK_THROWS_AS(solve_assignment(1, 2, out_of_range, 10), std::invalid_argument);
  const std::vector<CandidateEdge> negative{{0, 0, -1}};
  CHECK_THROWS_AS(solve_assignment(1, 1, negative, 10), std::invalid_argument);
}

TEST_CASE("assignment: equals brute force on random small sparse instances") {
  boost::random::mt19937_64 rng(12345);
  for (int trial = 0; trial < 1500; ++trial) {
    const std::int32_t n_rows = boost::random::uniform_int_distribution<std::int32_t>(1, 7)(rng);
    const std::int32_t n_cols = boost::random::uniform_int_distribution<std::int32_t>(1, 7)(rng);
    const int density = boost::random::uniform_int_distribution<int>(10, 100)(rng);
    const std::int64_t max_cost = trial % 3 == 0 ? 5 : 1000;  // small costs force ties
    std::vector<CandidateEdge> edges;
    for (std::int32_t r = 0; r < n_rows; ++r) {
      for (std::int32_t c = 0; c < n_cols; ++c) {
        if (boost::random::uniform_int_distribution<int>(1, 100)(rng) <= density) {
          edges.push_back({r, c, boost::random::uniform_int_distribution<std::int64_t>(0, max_cost)(rng)});
        }
      }
    }
    // both a binding penalty and one large enough to force maximum cardinality
    for (const std::int64_t penalty : {max_cost / 2 + 1, max_cost * 100}) {
      INFO("trial " << trial << " rows " << n_rows << " cols " << n_cols << " penalty " << penalty);
      const auto r = solve_assignment(n_rows, n_cols, edges, penalty);
      check_consistent(r, n_rows, n_cols, edges, penalty);
      REQUIRE(r.objective == brute_force_assignment_objective(n_rows, n_cols, edges, penalty));
    }
  }
}

TEST_CASE("assignment: with a large penalty the matching has maximum cardinality") {
  // a path graph: row i connects to cols i and i+1; a perfect row matching always exists
  std::vector<CandidateEdge> edges;
  const std::int32_t n = 200;
  for (std::int32_t i = 0; i < n; ++i) {
    edges.push_back({i, i, 7});
    edges.push_back({i, i + 1, 1});
  }
  const auto r = solve_assignment(n, n + 1, edges, 1'000'000);
  CHECK(r.n_assigned == n);
  CHECK(r.matched_cost == n);  // every row takes its cost-1 edge
}

TEST_CASE("dense assignment: a hand-solved 3x3, and the sparse solver's optimum on random matrices") {
  // greedy takes (0,0)=1 and then pays 10 + 10; the optimum is 2 + 2 + 3 = 7
  const std::vector<std::int64_t> hand{1, 2, 99, 2, 99, 10, 99, 10, 3};
  const DenseAssignment solved = solve_dense_assignment(3, 3, hand);
  CHECK(solved.cost == 7);
  CHECK(solved.col_of_row == std::vector<std::int32_t>{1, 0, 2});

  boost::random::mt19937 rng(7);
  for (const auto& [n_rows, n_cols] : {std::pair{1, 1}, {4, 4}, {6, 9}, {9, 6}, {40, 40}, {35, 60}, {60, 35}}) {
    for (const std::int64_t high : {2, 1000}) {  // many ties, and few
      boost::random::uniform_int_distribution<std::int64_t> draw(0, high - 1);
      std::vector<std::int64_t> cost(static_cast<std::size_t>(n_rows) * n_cols);
      std::vector<CandidateEdge> edges;
      for (std::int32_t r = 0; r < n_rows; ++r) {
        for (std::int32_t c = 0; c < n_cols; ++c) {
          cost[static_cast<std::size_t>(r) * n_cols + c] = draw(rng);
          edges.push_back({r, c, cost[static_cast<std::size_t>(r) * n_cols + c]});
        }
      }
      const DenseAssignment dense = solve_dense_assignment(n_rows, n_cols, cost);
      // the sparse solver, told that leaving a row out costs more than any matching, pairs min(rows, cols)
      const std::int64_t penalty = high * n_rows * n_cols + 1;
      const AssignmentResult sparse = solve_assignment(n_rows, n_cols, edges, penalty);
      CHECK(dense.cost == sparse.matched_cost);
      std::set<std::int32_t> used;
      std::int64_t sum = 0;
      for (std::int32_t r = 0; r < n_rows; ++r) {
        if (dense.col_of_row[r] < 0) continue;
        REQUIRE(used.insert(dense.col_of_row[r]).second);
        sum += cost[static_cast<std::size_t>(r) * n_cols + dense.col_of_row[r]];
      }
      CHECK(static_cast<std::int32_t>(used.size()) == std::min(n_rows, n_cols));
      CHECK(sum == dense.cost);
      if (n_rows <= 6 && n_cols <= 6) {
        CHECK(dense.cost == brute_force_assignment_objective(n_rows, n_cols, edges, penalty) -
                                penalty * std::max(0, n_rows - n_cols));
      }
    }
  }
}

TEST_CASE("dense assignment: a negative cost or a size that does not match is refused") {
  const std::vector<std::int64_t> negative{1, -2, 3, 4};
  CHECK_THROWS_AS(solve_dense_assignment(2, 2, negative), std::invalid_argument);
  const std::vector<std::int64_t> three{1, 2, 3};
  CHECK_THROWS_AS(solve_dense_assignment(2, 2, three), std::invalid_argument);
  CHECK(solve_dense_assignment(0, 5, {}).col_of_row.empty());
}
