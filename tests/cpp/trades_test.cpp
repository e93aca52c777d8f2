// Trades on one kernel: ride-hailing by hand and on every policy, and a trade of one's own.

#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "helpers.hpp"
#include "ridersim/dispatch.hpp"
#include "ridersim/engine.hpp"
#include "ridersim/pay.hpp"
#include "ridersim/scenario_spec.hpp"
#include "toy_trade/toy_trade.hpp"

using namespace ridersim;
using nlohmann::json;

namespace {

json ride_hailing_spec() { return load_spec(test::source_path("scenarios/ride_hailing/baseline.json")); }

// a smaller ride-hailing day, quick to run in loops
// a small ride-hailing city with its own commission (16% and 2.00 a trip), so the hand
// calculations below do not move with the baseline's calibration
Scenario small_ride_hailing(const json& changes = json::object()) {
  json spec = apply_changes(ride_hailing_spec(), {{"riders.types[0].count", 30}, {"riders.types[1].count", 60},
                                                  {"rules.commission.worker_rate", 0.16},
                                                  {"rules.commission.worker_fixed_per_order_yuan", 2.0}});
  spec["demand"]["trips_per_hour"] = json::array();
  for (int h = 0; h < 24; ++h) spec["demand"]["trips_per_hour"].push_back(h >= 7 && h < 22 ? 40 : 5);
  return compile(apply_changes(spec, changes));
}

}  // namespace

TEST_CASE("trades: the scenario names its trade, food by default") {
  CHECK(compile(test::small_city()).trade->name() == "food");
  CHECK(compile(ride_hailing_spec()).trade->name() == "ride_hailing");
  json bad = test::small_city();
  bad["trade"] = "courier_pigeons";
  CHECK_THROWS_WITH(compile(bad), Catch::Contains("trade: expected one of \"food\", \"ride_hailing\""));
}

TEST_CASE("trades: a ride-hailing commission cut of 5 points moves 5% of each fare from the platform to the driver") {
  const Scenario base = small_ride_hailing();
  const Scenario cut = small_ride_hailing({{"rules.commission.worker_rate", 0.11}});
  const Results a = run(base, 5);
  const Results b = run(cut, 5);
  REQUIRE(a.orders.size() == b.orders.size());
  const auto delivered = static_cast<std::uint8_t>(OrderStatus::DELIVERED);
  int checked = 0;
  for (std::size_t o = 0; o < a.orders.size(); ++o) {
    if (a.orders.status[o] != delivered || b.orders.status[o] != delivered) continue;
    const Fen fare = a.orders.customer_fee_fen[o];
    REQUIRE(b.orders.customer_fee_fen[o] == fare);  // the passenger pays the same
    // by hand: 16% + 2.00 against 11% + 2.00, each rounded to the fen
    const Fen take_a = std::llround(static_cast<double>(fare) * 0.16) + 200;
    const Fen take_b = std::llround(static_cast<double>(fare) * 0.11) + 200;
    REQUIRE(a.orders.money_of(Money::WORKER_COMMISSION)[o] == take_a);
    REQUIRE(b.orders.money_of(Money::WORKER_COMMISSION)[o] == take_b);
    // the driver's pay for the trip rises by what the platform's take falls, within a fen of 5% of the fare
    const Fen raise = b.orders.rider_net_fen[o] - a.orders.rider_net_fen[o];
    REQUIRE(raise == take_a - take_b);
    REQUIRE(std::abs(static_cast<double>(raise) - 0.05 * static_cast<double>(fare)) <= 1.0);
    ++checked;
  }
  CHECK(checked > 300);
  CHECK(a.kpi("ledger_imbalance_fen") == 0);
  CHECK(b.kpi("ledger_imbalance_fen") == 0);
}

TEST_CASE("trades: the per-order cap binds where the hand calculation says, the monthly cap refunds the excess") {
  const Scenario sc = small_ride_hailing(
      {{"rules.commission", {{"worker_per_order_cap_share", 0.29}, {"worker_average_cap", 0.20}}}});
  const Results r = run(sc, 9);
  const auto delivered = static_cast<std::uint8_t>(OrderStatus::DELIVERED);
  int capped = 0, uncapped = 0;
  std::map<std::int32_t, std::pair<Fen, Fen>> month;  // driver -> (take, fares)
  for (std::size_t o = 0; o < r.orders.size(); ++o) {
    if (r.orders.status[o] != delivered) continue;
    const Fen fare = r.orders.customer_fee_fen[o];
    const Fen uncapped_take = std::llround(static_cast<double>(fare) * 0.16) + 200;
    const Fen cap = std::llround(static_cast<double>(fare) * 0.29);
    const Fen take = r.orders.money_of(Money::WORKER_COMMISSION)[o];
    REQUIRE(take == std::min(uncapped_take, cap));
    (uncapped_take > cap ? capped : uncapped) += 1;
    month[r.orders.rider_id[o]].first += take;
    month[r.orders.rider_id[o]].second += fare;
  }
  CHECK(capped > 0);    // short trips: 2.00 fixed + 16% is above 29% under about 15.38 yuan
  CHECK(uncapped > 0);
  // the refunds in the ledger are exactly each driver's take above 20% of the driver's fares
  std::map<std::int32_t, Fen> refunded;
  r.ledger.for_each(r.orders, [&](const Transfer& t) {
    if (t.kind == Money::WORKER_COMMISSION_REFUND) refunded[t.rider_id] += t.amount_fen;
  });
  int refunds = 0;
  for (const auto& [driver, totals] : month) {
    const Fen allowed = static_cast<Fen>(std::floor(static_cast<double>(totals.second) * 0.20));
    const Fen excess = std::max<Fen>(0, totals.first - allowed);
    REQUIRE(refunded[driver] == excess);
    refunds += excess > 0 ? 1 : 0;
  }
  CHECK(refunds > 0);
  CHECK(r.kpi("ledger_imbalance_fen") == 0);
}

TEST_CASE("trades: ride-hailing balances to the fen on every policy and proposal") {
  for (const std::string& policy : test::registered_policies()) {
    for (std::uint64_t seed = 1; seed <= 3; ++seed) {
      const Scenario sc = small_ride_hailing({{"rules.dispatch.policy", policy}});
      const Results r = run(sc, seed);
      INFO(policy << " seed " << seed);
      REQUIRE(r.kpi("orders_delivered") > 0);
      REQUIRE(r.kpi("ledger_imbalance_fen") == 0);
    }
  }
  for (const char* proposal : {"commission-cut", "commission-caps", "earnings-acceleration", "festival-surcharge",
                               "utilisation-floor"}) {
    const Scenario sc = load_scenario(test::source_path(std::string("scenarios/ride_hailing/proposals/") + proposal + ".json"));
    const Results r = run(sc, 2);
    INFO(proposal);
    REQUIRE(r.kpi("ledger_imbalance_fen") == 0);
    double balances = 0.0;
    for (const auto& [name, value] : r.summary) {
      if (name.rfind("balance_", 0) == 0) balances += value;
    }
    REQUIRE(std::abs(balances) < 1e-6);  // who gains and who pays adds up to zero
  }
}

TEST_CASE("trades: drivers reposition, drive empty, pay for their cars, and the floor tops trips up") {
  const Scenario sc = small_ride_hailing({{"rules.trip_floor", {{"per_km_yuan", 1.0}, {"per_min_yuan", 0.3}, {"utilisation", 0.58}}}});
  const Results r = run(sc, 4);
  CHECK(r.kpi("empty_km_share") > 0.0);
  CHECK(r.kpi("empty_km_share") < 1.0);
  CHECK(r.kpi("vehicle_cost_per_worker_day_yuan") > 0.0);
  CHECK(r.kpi("trip_floor_topups_yuan") > 0.0);
  const auto delivered = static_cast<std::uint8_t>(OrderStatus::DELIVERED);
  for (std::size_t o = 0; o < r.orders.size(); ++o) {
    if (r.orders.status[o] != delivered) continue;
    const double minutes = (r.orders.delivered_s[o] - r.orders.picked_up_s[o]) / 60.0;
    const Fen floor = trip_floor_fen(r.orders.distance_m[o], minutes, sc.rules.trip_floor);
    REQUIRE(r.orders.rider_net_fen[o] >= floor);  // no lateness sanction in this trade's baseline
  }
  // the vehicle's cost is the day's km at the type's rate plus its daily cost
  for (std::size_t k = 0; k < r.rider_days.size(); ++k) {
    const RiderType& type = sc.rider_types[r.rider_days.rider_type[k]];
    const Fen expected =
        std::llround(r.rider_days.distance_m[k] / 1000.0 * static_cast<double>(type.vehicle_cost_per_km_fen)) + type.vehicle_cost_per_day_fen;
    REQUIRE(r.rider_days.money_of(Money::VEHICLE_COST)[k] == expected);
  }
}

TEST_CASE("trades: a trade of one's own joins with one line and runs on the kernel") {
  TradeRegistry trades = builtin_trades();
  trades.add("window_cleaning", &toy::compile);  // the one registration line
  json spec = ride_hailing_spec();
  spec.erase("repositioning");
  spec.erase("platform");  // ride-hailing's levers: the tariff of fares this trade does not have
  spec["trade"] = "window_cleaning";
  spec["demand"] = {{"calls_per_hour", 6}, {"price_yuan", 80}, {"cancel_after_unassigned_min", 120}};
  spec["rules"].erase("fare");
  const Scenario sc = compile(spec, trades);
  CHECK(sc.trade->words().workers == "cleaners");
  const Results r = run(sc, 3);
  CHECK(r.kpi("orders_delivered") > 50);
  CHECK(r.kpi("ledger_imbalance_fen") == 0);
  // the baseline's rate and fixed fee on 80 yuan
  const json commission = ride_hailing_spec()["rules"]["commission"];
  const double rate = commission["worker_rate"].get<double>(), fixed = commission["worker_fixed_per_order_yuan"].get<double>();
  CHECK(r.kpi("worker_take_rate") == Approx(rate + fixed / 80).epsilon(1e-9));
  // the built-in registry does not know it
  CHECK_THROWS_WITH(compile(spec), Catch::Contains("\"window_cleaning\""));
}

namespace {

json freight_spec() { return load_spec(test::source_path("scenarios/freight/baseline.json")); }

}  // namespace

TEST_CASE("trades: freight's 12.2% -> 10.9% cut moves 1.3% of each fare to the driver, the 100-yuan cap as by hand") {
  const Scenario base = compile(freight_spec());
  const Scenario cut = compile(apply_changes(freight_spec(), {{"rules.commission.worker_rate", 0.109}}));
  const Results a = run(base, 3);
  const Results b = run(cut, 3);
  const auto delivered = static_cast<std::uint8_t>(OrderStatus::DELIVERED);
  int checked = 0;
  for (std::size_t o = 0; o < a.orders.size(); ++o) {
    if (a.orders.status[o] != delivered || b.orders.status[o] != delivered) continue;
    const Fen fare = a.orders.customer_fee_fen[o];
    const Fen take_a = std::min<Fen>(std::llround(static_cast<double>(fare) * 0.122), 10000);
    const Fen take_b = std::min<Fen>(std::llround(static_cast<double>(fare) * 0.109), 10000);
    REQUIRE(a.orders.money_of(Money::WORKER_COMMISSION)[o] == take_a);
    REQUIRE(b.orders.money_of(Money::WORKER_COMMISSION)[o] == take_b);
    REQUIRE(b.orders.rider_net_fen[o] - a.orders.rider_net_fen[o] == take_a - take_b);
    if (take_a < 10000) REQUIRE(std::abs(static_cast<double>(take_a - take_b) - 0.013 * static_cast<double>(fare)) <= 1.0);
    ++checked;
  }
  CHECK(checked > 500);
  // the cap binds on a 1,000-yuan fare and not on a 100-yuan one
  CHECK(worker_commission_fen(100000, base.rules.commission) == 10000);
  CHECK(worker_commission_fen(10000, base.rules.commission) == 1220);
  CHECK(a.kpi("worker_take_rate") == Approx(0.122).margin(0.001));
  CHECK(b.kpi("worker_take_rate") == Approx(0.109).margin(0.001));
}

TEST_CASE("trades: the tariff level multiplies every fare, in ride-hailing and freight") {
  const auto delivered = static_cast<std::uint8_t>(OrderStatus::DELIVERED);
  const auto check = [&](const Scenario& base, const Scenario& raised) {
    const Results a = run(base, 5);
    const Results b = run(raised, 5);
    int checked = 0;
    for (std::size_t o = 0; o < std::min(a.orders.size(), b.orders.size()); ++o) {
      if (a.orders.status[o] != delivered || b.orders.status[o] != delivered) continue;
      // each fare is rounded to the fen once: 1.5 x a rounded fare is within a fen of it
      REQUIRE(std::abs(static_cast<double>(b.orders.customer_fee_fen[o]) - 1.5 * static_cast<double>(a.orders.customer_fee_fen[o])) <= 1.0);
      ++checked;
    }
    CHECK(checked > 100);
  };
  check(small_ride_hailing(), small_ride_hailing({{"rules.fare.level", 1.5}}));
  check(compile(freight_spec()), compile(apply_changes(freight_spec(), {{"rules.fare.level", 1.5}})));
}

TEST_CASE("trades: freight jobs go only to drivers of the vehicle class booked") {
  const Scenario sc = compile(freight_spec());
  const Results r = run(sc, 4);
  const auto delivered = static_cast<std::uint8_t>(OrderStatus::DELIVERED);
  std::map<std::uint8_t, int> served;
  for (std::size_t o = 0; o < r.orders.size(); ++o) {
    if (r.orders.status[o] != delivered) continue;
    const std::int32_t rider = r.orders.rider_id[o];
    // the driver's type, from the day the driver worked
    std::int32_t type = -1;
    for (std::size_t k = 0; k < r.rider_days.size() && type < 0; ++k) {
      if (r.rider_days.rider_id[k] == rider) type = r.rider_days.rider_type[k];
    }
    REQUIRE(type >= 0);
    REQUIRE(r.orders.vehicle[o] == static_cast<std::uint8_t>(sc.rider_types[static_cast<std::size_t>(type)].vehicle));
    served[r.orders.vehicle[o]] += 1;
  }
  CHECK(served.size() == 3);
  // loading and unloading take the class's time: a large truck's 45 minutes each
  for (std::size_t o = 0; o < r.orders.size(); ++o) {
    if (r.orders.vehicle[o] == static_cast<std::uint8_t>(Vehicle::LARGE_TRUCK)) REQUIRE(r.orders.pickup_service_s[o] == 2700);
  }
}

TEST_CASE("trades: a 40% peak fee raises the driver's pay and the shipper's price alike, and demand falls as the elasticity says") {
  // three days so that enough orders are drawn; max_uplift 3 keeps every ordering probability below 1
  const json spec = apply_changes(freight_spec(), {{"horizon.days", 3}, {"demand.response.max_uplift", 3.0}});
  // both on festival days: the festival's own demand is not the fee's doing
  const nlohmann::json festival = apply_changes(spec, {{"world.festival_days", {0, 1, 2}}});
  const Scenario base = compile(festival);
  const Scenario peak = compile(apply_changes(festival, {{"rules.pay.peak_fee_share", 0.4}, {"rules.pay.peak_fee_days", "festival"}}));
  const Results a = run(base, 6);
  const Results b = run(peak, 6);
  const auto delivered = static_cast<std::uint8_t>(OrderStatus::DELIVERED);
  const auto deterred = static_cast<std::uint8_t>(OrderStatus::DETERRED);
  double placed_a = 0, placed_b = 0;
  for (std::size_t o = 0; o < b.orders.size(); ++o) {
    placed_a += a.orders.status[o] != deterred ? 1 : 0;
    placed_b += b.orders.status[o] != deterred ? 1 : 0;
    if (b.orders.status[o] != delivered) continue;
    const Fen fare = b.orders.customer_fee_fen[o];
    const Fen fee = b.orders.money_of(Money::PEAK_SERVICE_FEE)[o];
    REQUIRE(fee == std::llround(0.4 * static_cast<double>(fare)));
    // what the shipper pays beyond the fare is exactly what the driver gets beyond the fare less the commission
    const Fen shipper_extra = b.orders.money_of(Money::CUSTOMER_PAYMENT)[o] + fee - fare;
    const Fen driver_extra = b.orders.rider_net_fen[o] - (fare - b.orders.money_of(Money::WORKER_COMMISSION)[o]);
    REQUIRE(shipper_extra == fee);
    REQUIRE(driver_extra == fee);
  }
  // each order's probability is multiplied by 1.4^elasticity; the same draws decide both runs
  const double expected = std::pow(1.4, -0.6);
  const double ratio = placed_b / placed_a;
  const double sd = std::sqrt(expected * (1 - expected) / placed_a);
  INFO("placed " << placed_a << " -> " << placed_b << ", ratio " << ratio << ", expected " << expected);
  CHECK(std::abs(ratio - expected) < 4 * sd);
  CHECK(b.kpi("ledger_imbalance_fen") == 0);
}

TEST_CASE("trades: freight balances to the fen on every policy and proposal") {
  for (const std::string& policy : test::registered_policies()) {
    const Scenario sc = compile(apply_changes(freight_spec(), {{"rules.dispatch.policy", policy}}));
    const Results r = run(sc, 2);
    INFO(policy);
    REQUIRE(r.kpi("orders_delivered") > 0);
    REQUIRE(r.kpi("ledger_imbalance_fen") == 0);
  }
  for (const char* proposal : {"commission-cut", "commission-caps", "festival-peak-fee"}) {
    const Scenario sc = load_scenario(test::source_path(std::string("scenarios/freight/proposals/") + proposal + ".json"));
    const Results r = run(sc, 2);
    INFO(proposal);
    REQUIRE(r.kpi("ledger_imbalance_fen") == 0);
  }
}

namespace {

json courier_spec() { return load_spec(test::source_path("scenarios/courier/baseline.json")); }

}  // namespace

TEST_CASE("trades: paying the dispatch fee to the courier directly raises the courier's pay by exactly the station's cut") {
  const Scenario base = compile(courier_spec());
  const Scenario direct = compile(apply_changes(courier_spec(), {{"rules.station.direct_payment", true}}));
  const Results a = run(base, 1);
  const Results b = run(direct, 1);
  REQUIRE(a.orders.size() == b.orders.size());
  const auto delivered = static_cast<std::uint8_t>(OrderStatus::DELIVERED);
  const Fen fee = yuan_to_fen(1.5);
  const Fen cut = std::llround(static_cast<double>(fee) * 0.333);  // 49.95 -> 50 fen
  int checked = 0;
  for (std::size_t o = 0; o < a.orders.size(); ++o) {
    if (a.orders.status[o] != delivered || b.orders.status[o] != delivered) continue;
    REQUIRE(a.orders.money_of(Money::DISPATCH_FEE)[o] == fee);
    REQUIRE(a.orders.money_of(Money::STATION_PAY)[o] == fee - cut);
    REQUIRE(b.orders.money_of(Money::DIRECT_DISPATCH_FEE)[o] == fee);
    REQUIRE(b.orders.money_of(Money::STATION_PAY)[o] == 0);
    REQUIRE(b.orders.money_of(Money::BAD_REVIEW_FINE)[o] == a.orders.money_of(Money::BAD_REVIEW_FINE)[o]);
    REQUIRE(b.orders.rider_net_fen[o] - a.orders.rider_net_fen[o] == cut);
    ++checked;
  }
  CHECK(checked > 4000);
  // the same couriers deliver the same parcels: dispatch does not look at pay
  CHECK(a.orders.rider_id == b.orders.rider_id);
  // under direct payment the station keeps nothing and owes nothing
  CHECK(b.kpi("balance_station_yuan") == 0.0);
  CHECK(a.kpi("balance_station_yuan") > 0.0);
  CHECK(a.kpi("ledger_imbalance_fen") == 0);
  CHECK(b.kpi("ledger_imbalance_fen") == 0);
}

TEST_CASE("trades: couriers carry routes of many parcels from the station, in waves") {
  const Scenario sc = compile(courier_spec());
  const Results r = run(sc, 2);
  CHECK(r.kpi("parcels_per_courier_day") > 100);
  // a route's parcels are all collected in one visit to the station
  std::map<std::pair<std::int32_t, std::int32_t>, int> by_pickup;  // (courier, picked_up_s) -> parcels
  const auto delivered = static_cast<std::uint8_t>(OrderStatus::DELIVERED);
  for (std::size_t o = 0; o < r.orders.size(); ++o) {
    if (r.orders.status[o] == delivered) by_pickup[{r.orders.rider_id[o], r.orders.picked_up_s[o]}] += 1;
  }
  int largest = 0;
  for (const auto& [key, n] : by_pickup) largest = std::max(largest, n);
  CHECK(largest > 60);     // many parcels at once: the morning wave shared among the couriers
  CHECK(largest <= 150);  // the courier's capacity
  // lockers are quicker and draw more complaints; the share of door deliveries is reported
  CHECK(r.kpi("share_door_deliveries") == Approx(0.6).margin(0.03));
  // the monthly arrears and what the guarantee fund pays of them, by hand from the ledger
  CHECK(r.kpi("arrears_covered_by_guarantee_yuan") == Approx(0.5 * r.kpi("pay_in_arrears_yuan")).margin(0.02 * r.kpi("rider_days")));
}

TEST_CASE("trades: no fine for the first complaint of the month, the rest fined as before") {
  const json spec = apply_changes(courier_spec(), {{"demand.response.bad_review_if_left", 0.05}});
  const Results a = run(compile(spec), 3);
  const Results b = run(compile(apply_changes(spec, {{"rules.first_complaint_free", true}})), 3);
  std::map<std::int32_t, std::vector<Fen>> fines_b;  // per courier, in delivery order
  std::vector<std::size_t> by_time(b.orders.size());
  for (std::size_t i = 0; i < by_time.size(); ++i) by_time[i] = i;
  std::stable_sort(by_time.begin(), by_time.end(), [&](std::size_t x, std::size_t y) { return b.orders.delivered_s[x] < b.orders.delivered_s[y]; });
  int forgiven = 0;
  for (std::size_t o : by_time) {
    if (!b.orders.bad_review[o]) continue;
    REQUIRE(a.orders.bad_review[o] == 1);  // the same complaints
    REQUIRE(a.orders.money_of(Money::BAD_REVIEW_FINE)[o] == 2000);
    auto& seen = fines_b[b.orders.rider_id[o]];
    REQUIRE(b.orders.money_of(Money::BAD_REVIEW_FINE)[o] == (seen.empty() ? 0 : 2000));
    forgiven += seen.empty() ? 1 : 0;
    seen.push_back(b.orders.money_of(Money::BAD_REVIEW_FINE)[o]);
  }
  CHECK(forgiven > 10);
  CHECK(b.kpi("fines_per_courier_day_yuan") < a.kpi("fines_per_courier_day_yuan"));
}

TEST_CASE("trades: courier balances to the fen on every policy and proposal") {
  for (const std::string& policy : test::registered_policies()) {
    const Scenario sc = compile(apply_changes(courier_spec(), {{"rules.dispatch.policy", policy}, {"demand.waves[0].parcels", 600},
                                                               {"demand.waves[1].parcels", 400}}));
    const Results r = run(sc, 2);
    INFO(policy);
    REQUIRE(r.kpi("orders_delivered") > 0);
    REQUIRE(r.kpi("ledger_imbalance_fen") == 0);
  }
  for (const char* proposal : {"direct-payment", "first-complaint-free", "minimum-per-parcel"}) {
    const Scenario sc = load_scenario(test::source_path(std::string("scenarios/courier/proposals/") + proposal + ".json"));
    const Results r = run(sc, 2);
    INFO(proposal);
    REQUIRE(r.kpi("ledger_imbalance_fen") == 0);
  }
}

TEST_CASE("dispatch: a policy of one's own is a callback the kernel checks and offers") {
  const Scenario sc = compile(apply_changes(test::small_city(), {{"rules.dispatch.policy", "external"}}));
  int batches = 0;
  // first open job to the first idle worker, each at most once
  const auto dispatcher = make_callback_dispatcher([&](const BatchSnapshot& s) {
    ++batches;
    std::vector<std::pair<std::int32_t, std::int32_t>> pairs;
    for (std::size_t i = 0; i < std::min(s.order_id.size(), s.rider_id.size()); ++i) pairs.emplace_back(s.order_id[i], s.rider_id[i]);
    return pairs;
  });
  const Results r = run(sc, 3, *dispatcher);
  CHECK(batches > 10);
  CHECK(r.kpi("orders_delivered") > 100);
  CHECK(r.kpi("ledger_imbalance_fen") == 0);
  const auto bad = make_callback_dispatcher([](const BatchSnapshot& s) {
    return std::vector<std::pair<std::int32_t, std::int32_t>>{{s.order_id[0], s.rider_id[0]}, {s.order_id[0], s.rider_id[0]}};
  });
  CHECK_THROWS_WITH(run(sc, 3, *bad), Catch::Contains("twice in one batch"));
}

TEST_CASE("trades: each trade's headline names figures its runs have") {
  for (const char* path : {"scenarios/baseline.json", "scenarios/ride_hailing/baseline.json",
                           "scenarios/freight/baseline.json", "scenarios/courier/baseline.json"}) {
    INFO(path);
    Scenario sc = load_scenario(test::source_path(path));
    sc.horizon.end_h = sc.horizon.start_h + 3;  // a morning is enough to list the figures
    sc.horizon.days = 1;
    const Results r = run(sc, 1);
    REQUIRE(sc.trade->headline_kpis().size() >= 10);
    for (const std::string_view kpi : sc.trade->headline_kpis()) {
      INFO(kpi);
      const std::string stem(kpi.substr(0, kpi.find('.')));
      const bool found = std::any_of(r.summary.begin(), r.summary.end(), [&](const auto& entry) {
        return entry.first == kpi || entry.first.rfind(stem + ".", 0) == 0;
      });
      CHECK(found);
    }
  }
}
