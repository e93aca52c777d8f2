#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <numeric>
#include <nlohmann/json.hpp>
#include <sstream>

#include "helpers.hpp"
#include "ridersim/dispatch.hpp"
#include "ridersim/engine.hpp"
#include "ridersim/error.hpp"
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
  for (const std::string& policy : test::registered_policies()) {
    const Scenario sc = small_city_with({{"rules.dispatch.policy", policy}});
    const Results a = run(sc, 11);
    const Results b = run(sc, 11);
    CHECK(summary_json(a) == summary_json(b));
    CHECK(orders_csv(a) == orders_csv(b));
    CHECK(orders_csv(a) != orders_csv(run(sc, 12)));
  }
}

TEST_CASE("engine: the ledger balances to the fen on every run") {
  for (const std::string& policy : test::registered_policies()) {
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
  // a pay floor, so that days are settled with transfers of their own beside the slips
  json spec = test::small_city();
  spec["rules"]["floor"] = {{"hourly_yuan", 40.0}, {"basis", "online"}};
  const Scenario sc = compile(spec);
  const Results r = run(sc, 3);
  REQUIRE(ledger_imbalance_fen(sc, r) == 0);
  REQUIRE(r.ledger.transfers.size() > 5);
  Results altered = r;
  altered.ledger.transfers[5].transfer.amount_fen += 1;  // one fen more on one transfer
  CHECK(ledger_imbalance_fen(sc, altered) > 0);
  Results reslipped = r;
  reslipped.orders.money_of(Money::PAY_BASE)[reslipped.ledger.slips[5]] += 1;  // a slip the rider-day never saw
  CHECK(ledger_imbalance_fen(sc, reslipped) > 0);
  // a component no slip has is skipped when the ledger is read, and still reconciled
  REQUIRE((r.ledger.slip_components >> static_cast<unsigned>(Money::PAY_NIGHT) & 1u) == 0);
  Results unrecorded = r;
  unrecorded.orders.money_of(Money::PAY_NIGHT)[unrecorded.ledger.slips[5]] = 300;
  CHECK(ledger_imbalance_fen(sc, unrecorded) > 0);
  Results twice = r;
  twice.ledger.slips.push_back(twice.ledger.slips[5]);  // a slip settled twice
  CHECK(ledger_imbalance_fen(sc, twice) > 0);
  Results unpaid = r;
  unpaid.rider_days.net_after_costs_fen[0] += 100;  // a settlement the ledger never saw
  CHECK(ledger_imbalance_fen(sc, unpaid) > 0);
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
  CHECK(raised.kpi("rider_cost_per_order_yuan") > base.kpi("rider_cost_per_order_yuan"));
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
        // hand-overs come half-way through the service times
        const std::int32_t p_half = sc.world.pickup_service_s / 2;
        const std::int32_t d_half = sc.world.dropoff_service_s / 2;
        REQUIRE(o.picked_up_s[i] >= std::max(o.assigned_s[i] + p_half, o.ready_s[i]));
        // at least the rest of the pickup service, a second of riding and half the drop-off service
        REQUIRE(o.delivered_s[i] >= o.picked_up_s[i] + (sc.world.pickup_service_s - p_half) + 1 + d_half);
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
    std::int64_t orders_by_days = 0, offers_by_days = 0;
    for (std::size_t k = 0; k < d.size(); ++k) {
      REQUIRE(d.engaged_s[k] <= d.online_s[k]);
      REQUIRE(d.idle_s[k] == d.online_s[k] - d.engaged_s[k]);
      REQUIRE(d.net_fen[k] == d.gross_fen[k] - d.penalties_fen[k]);
      REQUIRE(d.empty_distance_m[k] <= d.distance_m[k]);
      orders_by_days += d.orders[k];
      offers_by_days += d.offers[k];
    }
    CHECK(orders_by_days == static_cast<std::int64_t>(r.kpi("orders_delivered")));
    // what a worker's day adds up is what the orders say, offer for offer
    CHECK(offers_by_days == std::accumulate(o.offers.begin(), o.offers.end(), std::int64_t{0}));
    CHECK(offers_by_days > orders_by_days / 2);
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
  const Dispatcher* policy = nullptr;
  for (std::int32_t t = 11 * 3600; t < 16 * 3600; t += 777) {
    run_until(sc, st, t);
    // one policy for the whole run: what it keeps from one step reaches the next
    REQUIRE(st.policy != nullptr);
    CHECK((policy == nullptr || st.policy.get() == policy));
    policy = st.policy.get();
  }
  const Results stepped = finish(sc, st);
  CHECK(st.policy.get() == policy);
  CHECK(orders_csv(stepped) == orders_csv(run(sc, 9)));
}

namespace {
Scenario all_levers() { return load_scenario(test::source_path("tests/data/all-levers.json")); }
}  // namespace

TEST_CASE("engine: with every lever in use the ledger balances and runs repeat exactly") {
  const Scenario sc = all_levers();
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    const Results r = run(sc, seed);
    INFO("seed " << seed);
    REQUIRE(r.kpi("ledger_imbalance_fen") == 0);
    REQUIRE(r.kpi("orders_deterred") > 0);
    if (seed <= 2) REQUIRE(summary_json(r) == summary_json(run(sc, seed)));
  }
}

TEST_CASE("engine: the levers act where they should") {
  const Scenario sc = all_levers();
  const Results r = run(sc, 2);
  const OrderColumns& o = r.orders;
  const RiderDayColumns& d = r.rider_days;
  int weather = 0, festival = 0;
  for (std::size_t i = 0; i < o.size(); ++i) {
    if (o.status[i] != static_cast<std::uint8_t>(OrderStatus::DELIVERED)) continue;
    const bool in_rain = sc.world.weather_at(o.picked_up_s[i]) != nullptr;
    REQUIRE((o.money_of(Money::PAY_WEATHER)[i] > 0) == in_rain);
    const bool festive = o.delivered_s[i] / kSecondsPerDay == 1;
    REQUIRE((o.money_of(Money::PAY_FESTIVAL)[i] > 0) == festive);
    REQUIRE((o.money_of(Money::PEAK_SERVICE_FEE)[i] > 0) == festive);
    REQUIRE(o.money_of(Money::MERCHANT_COMMISSION)[i] <= 1200);  // the per-order cap
    REQUIRE(o.money_of(Money::LATENESS_PENALTY)[i] == 0);        // points, not cash
    REQUIRE((o.points_lost[i] > 0) == (o.minutes_late[i] > 0));
    weather += in_rain;
    festival += festive;
  }
  CHECK(weather > 10);
  CHECK(festival > 10);
  CHECK(r.kpi("commission_rate_effective") <= 0.2 + 1e-9);  // the average cap
  int forced = 0, below_base = 0;
  for (std::size_t k = 0; k < d.size(); ++k) {
    forced += d.forced_logoff[k];
    below_base += d.score[k] < 70.0;
    // net earnings never fall below the floor: 25 yuan x min(online, engaged / 0.55)
    const double floor_h = std::min(d.online_s[k] / 3600.0, d.engaged_s[k] / 3600.0 / 0.55);
    // (the pension contribution is taken from what the floor guarantees)
    const Fen before_pension = d.net_fen[k] + d.money_of(Money::PENSION_CONTRIBUTION)[k];
    REQUIRE(static_cast<double>(before_pension) >= std::floor(2500.0 * floor_h) - 1);
  }
  CHECK(forced > 0);
  CHECK(below_base > 0);
  // the fatigue cap: no order is taken after 4 online hours (the one in hand is finished)
  for (std::size_t i = 0; i < o.size(); ++i) {
    if (o.assigned_s[i] < 0) continue;
    for (std::size_t k = 0; k < d.size(); ++k) {
      if (d.rider_id[k] == o.rider_id[i] && d.login_s[k] <= o.assigned_s[i] && o.assigned_s[i] <= d.logout_s[k]) {
        REQUIRE(o.assigned_s[i] < d.login_s[k] + 4 * 3600);
      }
    }
  }
  CHECK(r.kpi("violations_per_1000_orders") > 0);
}

TEST_CASE("engine: under free entry high earnings draw riders in day by day") {
  const Results r = run(all_levers(), 3);
  std::map<std::int32_t, int> per_day;
  for (auto day : r.rider_days.day) ++per_day[day];
  // the floor keeps earnings far above the reservation wages, so supply grows
  CHECK(per_day[2] > per_day[0]);
}

TEST_CASE("engine: a safety bonus lowers violations on the same orders") {
  const json base = load_spec(test::source_path("tests/data/all-levers.json"));
  double without = 0.0, with = 0.0;
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    without += run(compile(apply_changes(base, {{"rules.pay.safety_bonus_per_order_yuan", 0.0}})), seed)
                   .kpi("violations_per_1000_orders");
    with += run(compile(apply_changes(base, {{"rules.pay.safety_bonus_per_order_yuan", 3.0}})), seed)
                .kpi("violations_per_1000_orders");
  }
  CHECK(with < without);
}

TEST_CASE("engine: bundling carries several orders at once, never more than the maximum") {
  for (const char* policy : {"bundling", "rolling_horizon"}) {
    const Scenario sc = small_city_with({{"rules.dispatch.policy", policy}, {"rules.dispatch.max_bundle", 2},
                                         {"rules.dispatch.batch_interval_s", 60}});
    const Results r = run(sc, 6);
    const OrderColumns& o = r.orders;
    std::map<std::int32_t, std::vector<std::pair<std::int32_t, int>>> moments;  // rider -> (time, +1 assigned / -1 delivered)
    for (std::size_t i = 0; i < o.size(); ++i) {
      if (o.status[i] != static_cast<std::uint8_t>(OrderStatus::DELIVERED)) continue;
      REQUIRE(o.picked_up_s[i] >= o.ready_s[i]);
      REQUIRE(o.delivered_s[i] > o.picked_up_s[i]);
      moments[o.rider_id[i]].push_back({o.assigned_s[i], +1});
      moments[o.rider_id[i]].push_back({o.delivered_s[i], -1});
    }
    int most = 0;
    for (auto& [rider, list] : moments) {
      std::sort(list.begin(), list.end());  // a delivery (-1) before an assignment (+1) at the same second
      int carrying = 0;
      for (const auto& [t, step] : list) {
        carrying += step;
        most = std::max(most, carrying);
        REQUIRE(carrying <= 2);
      }
    }
    INFO(policy);
    CHECK(most == 2);
    // a bundle from one merchant is one visit: fewer visits than orders
    std::int64_t visits = 0;
    for (auto p : r.rider_days.pickups) visits += p;
    CHECK(visits < static_cast<std::int64_t>(r.kpi("orders_delivered")));
    CHECK(r.kpi("ledger_imbalance_fen") == 0);
  }
}

TEST_CASE("engine: priority costs by hand: service score, rejections, novices") {
  const Scenario sc = small_city_with({{"rules.dispatch.score_weight", 0.5},
                                       {"rules.dispatch.rejection_penalty", 0.2},
                                       {"rules.dispatch.novice_orders", 10},
                                       {"rules.dispatch.novice_penalty", 0.25},
                                       {"rules.dispatch.unassigned_penalty_s", 1000}});
  SimulationState st = init_state(sc, 1);
  st.rider_score[0] = 80.0;         // 0.5 x 20/100 x 1000 = 100 s
  st.workers[0].today.rejections = 3;  // 0.2 x 10% x 3 x 1000 = 60 s
  st.workers[0].deliveries = 4;        // a novice: 0.25 x 1000 = 250 s
  CHECK(priority_cost_s(sc, st, 0) == 100 + 60 + 250);
  st.rider_score[1] = 100.0;
  st.workers[1].today.rejections = 0;
  st.workers[1].deliveries = 10;       // no longer a novice
  CHECK(priority_cost_s(sc, st, 1) == 0);
}

TEST_CASE("engine: a longer horizon repeats the first day exactly") {
  // every stream belongs to a day or an agent, never to the horizon's length
  const Results one = run(compile(test::small_city()), 5);
  const Results three = run(small_city_with({{"horizon.days", 3}}), 5);
  const std::size_t n = one.orders.size();
  REQUIRE(three.orders.size() > n);
  for (std::size_t i = 0; i < n; ++i) {
    REQUIRE(three.orders.placed_s[i] == one.orders.placed_s[i]);
    REQUIRE(three.orders.delivered_s[i] == one.orders.delivered_s[i]);
  }
}

TEST_CASE("engine: orders held until shortly before their meal is expected") {
  // mean preparation 9.5 min, released 4 min before: 5.5 min = 330 s after placement
  const Scenario held = small_city_with({{"rules.dispatch.release_before_ready_min", 4}});
  CHECK(release_delay_s(held) == 330);
  CHECK(release_delay_s(compile(test::small_city())) == 0);
  CHECK(release_delay_s(small_city_with({{"rules.dispatch.release_before_ready_min", 20}})) == 0);
  const Results r = run(held, 3);
  int assigned = 0;
  for (std::size_t i = 0; i < r.orders.size(); ++i) {
    if (r.orders.assigned_s[i] < 0) continue;
    REQUIRE(r.orders.assigned_s[i] >= r.orders.placed_s[i] + 330);
    ++assigned;
  }
  CHECK(assigned > 100);
  CHECK(r.kpi("ledger_imbalance_fen") == 0);
  // riders wait less at the merchants: less engaged time per delivered order
  const Results now = run(compile(test::small_city()), 3);
  CHECK(r.kpi("rider_engaged_hours") / r.kpi("orders_delivered") <
        now.kpi("rider_engaged_hours") / now.kpi("orders_delivered"));
}

TEST_CASE("engine: a dispatch that outgrows its work budget stops with an error naming its levers") {
  // every policy counts its work: a budget of a few units a job stops each of them
  for (const std::string& policy : test::registered_policies()) {
    INFO(policy);
    const json changes = {{"rules.dispatch.policy", policy},
                          {"budget", {{"dispatch_work_per_job", 1.0}, {"min_dispatch_work", 50.0}}}};
    const Scenario sc = small_city_with(changes);
    REQUIRE(sc.max_dispatch_work < 1000.0);
    try {
      (void)run(sc, 1);
      FAIL("the run went past its dispatch budget");
    } catch (const ScenarioError& e) {
      CHECK(e.path() == "rules.dispatch");
      CHECK_THAT(e.message(), Catch::Contains("units of work") && Catch::Contains("budget.dispatch_work_per_job") &&
                                  Catch::Contains("candidates_per_order (8)"));
    }
  }
  // the default budget leaves an ordinary run alone, and the run reports its work
  const Results r = run(small_city_with(json::object()), 1);
  CHECK(r.kpi("dispatch_work_per_job") > 0);
  CHECK(r.kpi("dispatch_work_per_job") * r.kpi("orders_placed") == Approx(r.dispatch_work));
}
