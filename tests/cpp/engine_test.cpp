#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "helpers.hpp"
#include "ridersim/engine.hpp"
#include "ridersim/output.hpp"
#include "ridersim/scenario_spec.hpp"

using namespace ridersim;
using nlohmann::json;

namespace {

std::string orders_csv(const Results& r) {
  std::ostringstream out;
  const auto columns = r.orders.columns();
  write_csv(out, columns);
  return out.str();
}

Scenario small_city_with(const json& changes) { return compile(apply_changes(test::small_city(), changes)); }

}  // namespace

TEST_CASE("engine: the same scenario and seed give identical results") {
  for (const char* policy : {"batched", "nearest_idle"}) {
    const Scenario sc = small_city_with({{"rules.dispatch.policy", policy}});
    const Results a = run(sc, 11);
    const Results b = run(sc, 11);
    CHECK(summary_json(a) == summary_json(b));
    CHECK(orders_csv(a) == orders_csv(b));
    CHECK(orders_csv(a) != orders_csv(run(sc, 12)));
  }
}

TEST_CASE("engine: the ledger balances to the fen on every run") {
  for (const char* policy : {"batched", "nearest_idle"}) {
    for (const char* sanction : {"cash", "none"}) {
      for (std::uint64_t seed = 1; seed <= 15; ++seed) {
        const Scenario sc = small_city_with({{"rules.dispatch.policy", policy}, {"rules.lateness.sanction", sanction}});
        const Results r = run(sc, seed);
        INFO(policy << " " << sanction << " seed " << seed);
        REQUIRE(r.kpi("orders_delivered") > 0);
        REQUIRE(r.kpi("ledger_imbalance_fen") == 0);
      }
    }
  }
}

TEST_CASE("engine: the reconciliation notices a missing or altered transfer") {
  const Results r = run(compile(test::small_city()), 3);
  REQUIRE(ledger_imbalance_fen(r) == 0);
  Results altered = r;
  altered.ledger.amount_fen[5] += 1;  // one fen more on one transfer
  CHECK(ledger_imbalance_fen(altered) > 0);
  Results unpaid = r;
  unpaid.rider_days.net_fen[0] += 100;  // a settlement the ledger never saw
  CHECK(ledger_imbalance_fen(unpaid) > 0);
}

TEST_CASE("engine: a pay rule change leaves every order's placement unchanged") {
  const Results base = run(compile(test::small_city()), 21);
  const Results raised = run(small_city_with({{"rules.pay.base_per_order_yuan", 7.0},
                                              {"rules.lateness.sanction", "none"},
                                              {"rules.commission.merchant_rate", 0.1}}),
                             21);
  REQUIRE(base.orders.size() == raised.orders.size());
  CHECK(base.orders.placed_s == raised.orders.placed_s);
  CHECK(base.orders.pickup_x_m == raised.orders.pickup_x_m);
  CHECK(base.orders.dropoff_y_m == raised.orders.dropoff_y_m);
  CHECK(base.orders.basket_fen == raised.orders.basket_fen);
  CHECK(base.orders.ready_s == raised.orders.ready_s);
  // and, since riders do not react to pay yet, the very same deliveries
  CHECK(base.orders.delivered_s == raised.orders.delivered_s);
  CHECK(raised.kpi("rider_gross_yuan") > base.kpi("rider_gross_yuan"));
}

TEST_CASE("engine: event times are consistent for every order and rider") {
  for (const char* policy : {"batched", "nearest_idle"}) {
    const Scenario sc = small_city_with({{"rules.dispatch.policy", policy}});
    const Results r = run(sc, 4);
    const OrderColumns& o = r.orders;
    std::map<std::int32_t, std::vector<std::pair<std::int32_t, std::int32_t>>> spells;  // rider -> (assigned, delivered)
    for (std::size_t i = 0; i < o.size(); ++i) {
      if (i > 0) REQUIRE(o.placed_s[i] >= o.placed_s[i - 1]);
      if (o.status[i] == static_cast<std::uint8_t>(OrderStatus::DELIVERED)) {
        REQUIRE(o.assigned_s[i] >= o.placed_s[i]);
        REQUIRE(o.assigned_s[i] < o.placed_s[i] + sc.demand.cancel_after_unassigned_s);
        REQUIRE(o.picked_up_s[i] >= std::max(o.assigned_s[i], o.ready_s[i]));
        // at least the two service times and a second of riding
        REQUIRE(o.delivered_s[i] >= o.picked_up_s[i] + sc.world.pickup_service_s + sc.world.dropoff_service_s + 1);
        REQUIRE(o.minutes_late[i] == Approx(std::max(0, o.delivered_s[i] - o.promised_s[i]) / 60.0));
        REQUIRE(o.cancelled_s[i] == -1);
        spells[o.rider_id[i]].push_back({o.assigned_s[i], o.delivered_s[i]});
      } else {
        REQUIRE(o.assigned_s[i] == -1);
        REQUIRE(o.cancelled_s[i] == o.placed_s[i] + sc.demand.cancel_after_unassigned_s);
        REQUIRE(std::isnan(o.minutes_late[i]));
        REQUIRE(o.rider_net_fen[i] == 0);
      }
    }
    // one order at a time: a rider's spells never overlap
    for (auto& [rider, list] : spells) {
      std::sort(list.begin(), list.end());
      for (std::size_t k = 1; k < list.size(); ++k) REQUIRE(list[k].first >= list[k - 1].second);
    }
    const RiderDayColumns& d = r.rider_days;
    std::int64_t orders_by_days = 0;
    for (std::size_t k = 0; k < d.size(); ++k) {
      REQUIRE(d.engaged_s[k] <= d.online_s[k]);
      REQUIRE(d.idle_s[k] == d.online_s[k] - d.engaged_s[k]);
      REQUIRE(d.net_fen[k] == d.gross_fen[k] - d.penalties_fen[k]);
      orders_by_days += d.orders[k];
    }
    CHECK(orders_by_days == static_cast<std::int64_t>(r.kpi("orders_delivered")));
  }
}

TEST_CASE("engine: the arrival process follows the hourly profile") {
  // 20 days of the small city: expected 280 orders a day
  const Results r = run(small_city_with({{"horizon.days", 20}}), 8);
  const double per_day = r.kpi("orders_placed") / 20.0;
  CHECK(per_day == Approx(280).margin(280 * 0.05));
  std::map<int, int> by_hour;
  for (auto t : r.orders.placed_s) ++by_hour[(t % kSecondsPerDay) / 3600];
  CHECK(by_hour.size() == 4);
  CHECK(by_hour[12] / 20.0 == Approx(100).margin(10));
  CHECK(by_hour[14] / 20.0 == Approx(40).margin(6));
}

TEST_CASE("engine: run_until in steps equals one run") {
  const Scenario sc = compile(test::small_city());
  SimulationState st = init_state(sc, 9);
  for (std::int32_t t = 11 * 3600; t < 16 * 3600; t += 777) run_until(sc, st, t);
  const Results stepped = finish(sc, st);
  CHECK(orders_csv(stepped) == orders_csv(run(sc, 9)));
}
