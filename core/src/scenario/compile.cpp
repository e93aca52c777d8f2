// Validation of a resolved spec into a Scenario. Each section has its own reader function;
// cross-references (a rider's vehicle must have a speed) name the path of the referring key.

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "ridersim/error.hpp"
#include "ridersim/scenario_spec.hpp"
#include "scenario/reader.hpp"

namespace ridersim {

using detail::Bounds;
using detail::fail;
using detail::Reader;

std::int32_t Scenario::n_riders() const {
  std::int32_t n = 0;
  for (const auto& type : rider_types) n += type.count;
  return n;
}

namespace {

constexpr double kKm = 1000.0;
constexpr double kMin = 60.0;
constexpr double kHour = 3600.0;

template <typename Enum, std::size_t N>
Enum as_enum(std::size_t index, const std::array<std::string_view, N>&) {
  return static_cast<Enum>(index);
}

std::array<double, kHoursPerDay> by_hour(Reader& r, std::string_view key, Bounds bounds) {
  const auto values = r.numbers(key, kHoursPerDay, bounds);
  std::array<double, kHoursPerDay> out{};
  std::copy(values.begin(), values.end(), out.begin());
  return out;
}

TravelModel read_travel(Reader r) {
  TravelModel travel;
  travel.detour_factor = r.number("detour_factor", Bounds::at_least(1.0));
  Reader speeds = r.object("speed_kmh");
  bool any = false;
  for (std::size_t v = 0; v < kVehicleCount; ++v) {
    if (!speeds.has(kVehicleNames[v])) {
      (void)speeds.number_or(kVehicleNames[v], 0.0, Bounds::above(0.0));  // records the key as allowed
      continue;
    }
    travel.speed_mps[v] = speeds.number(kVehicleNames[v], Bounds::between(1.0, 150.0)) * kKm / kHour;
    any = true;
  }
  if (!any) fail(speeds.path(), "expected a speed for at least one vehicle");
  speeds.finish();
  travel.congestion_by_hour = by_hour(r, "congestion_by_hour", Bounds::between(0.2, 10.0));
  r.finish();
  return travel;
}

World read_world(Reader r) {
  World world;
  Reader area = r.object("area");
  world.width_m = area.number("width_km", Bounds::between(0.1, 500.0)) * kKm;
  world.height_m = area.number("height_km", Bounds::between(0.1, 500.0)) * kKm;
  area.finish();
  for (auto& h : r.objects("hotspots", 0)) {
    Hotspot spot;
    spot.name = h.text("name");
    spot.kind = as_enum<HotspotKind>(h.choice("kind", kHotspotKindNames), kHotspotKindNames);
    spot.center.x_m = h.number("x_km", Bounds::between(0.0, world.width_m / kKm)) * kKm;
    spot.center.y_m = h.number("y_km", Bounds::between(0.0, world.height_m / kKm)) * kKm;
    spot.radius_m = h.number("radius_km", Bounds::above(0.0)) * kKm;
    spot.weight = h.number_or("weight", 1.0, Bounds::above(0.0));
    h.finish();
    world.hotspots.push_back(std::move(spot));
  }
  world.travel = read_travel(r.object("travel"));
  world.pickup_service_s = static_cast<std::int32_t>(std::lround(r.number("pickup_service_min", Bounds::between(0, 120)) * kMin));
  world.dropoff_service_s = static_cast<std::int32_t>(std::lround(r.number("dropoff_service_min", Bounds::between(0, 120)) * kMin));
  r.finish();
  return world;
}

Demand read_demand(Reader r, const World& world) {
  Demand d;
  d.orders_per_hour = by_hour(r, "orders_per_hour", Bounds::between(0.0, 1e7));
  Reader merchants = r.object("merchants");
  d.n_merchants = static_cast<std::int32_t>(merchants.integer("count", Bounds::between(1, 1e7)));
  d.merchant_share_in_clusters = merchants.number("share_in_clusters", Bounds::between(0.0, 1.0));
  merchants.finish();
  Reader customers = r.object("customers");
  d.customer_share_in_residential = customers.number("share_in_residential", Bounds::between(0.0, 1.0));
  customers.finish();
  d.delivery_radius_m = r.number("delivery_radius_km", Bounds::above(0.0)) * kKm;
  Reader prep = r.object("prep_time_min");
  d.prep_mean_s = prep.number("mean", Bounds::above(0.0)) * kMin;
  d.prep_sd_s = prep.number("sd", Bounds::at_least(0.0)) * kMin;
  prep.finish();
  Reader basket = r.object("basket_yuan");
  d.basket_mean_yuan = basket.number("mean", Bounds::above(0.0));
  d.basket_sd_yuan = basket.number("sd", Bounds::at_least(0.0));
  basket.finish();
  d.delivery_fee_fen = yuan_to_fen(r.number("delivery_fee_yuan", Bounds::between(0.0, 1000.0)));
  d.cancel_after_unassigned_s =
      static_cast<std::int32_t>(std::lround(r.number("cancel_after_unassigned_min", Bounds::above(0.0)) * kMin));
  r.finish();

  // cross-section checks: clustered merchants and residential customers need hotspots of that kind
  auto has_kind = [&](HotspotKind kind) {
    return std::any_of(world.hotspots.begin(), world.hotspots.end(), [&](const Hotspot& h) { return h.kind == kind; });
  };
  if (d.merchant_share_in_clusters > 0 && !has_kind(HotspotKind::MERCHANT_CLUSTER)) {
    fail("demand.merchants.share_in_clusters",
         "is > 0 but world.hotspots has no \"merchant_cluster\"; add one or set the share to 0");
  }
  if (d.customer_share_in_residential > 0 && !has_kind(HotspotKind::RESIDENTIAL)) {
    fail("demand.customers.share_in_residential",
         "is > 0 but world.hotspots has no \"residential\" hotspot; add one or set the share to 0");
  }
  return d;
}

std::vector<RiderType> read_riders(Reader r, const World& world) {
  std::vector<RiderType> types;
  auto items = r.objects("types", 1);
  for (std::size_t i = 0; i < items.size(); ++i) {
    Reader& t = items[i];
    RiderType type;
    type.name = t.text("name");
    for (const auto& earlier : types) {
      if (earlier.name == type.name) fail(t.path_of("name"), "duplicate rider type name \"" + type.name + "\"");
    }
    type.count = static_cast<std::int32_t>(t.integer("count", Bounds::between(0, 1e7)));
    type.vehicle = as_enum<Vehicle>(t.choice("vehicle", kVehicleNames), kVehicleNames);
    if (world.travel.speed_mps[static_cast<std::size_t>(type.vehicle)] <= 0) {
      fail(t.path_of("vehicle"), "\"" + std::string(kVehicleNames[static_cast<std::size_t>(type.vehicle)]) +
                                     "\" has no speed in world.travel.speed_kmh; add one there or pick a vehicle that has");
    }
    type.employment = as_enum<Employment>(t.choice("employment", kEmploymentNames), kEmploymentNames);
    double total_share = 0.0;
    for (auto& s : t.objects("shifts", 1)) {
      Shift shift;
      shift.start_h = s.number("start_h", Bounds::between(0.0, 24.0));
      shift.end_h = s.number("end_h", Bounds::between(0.0, 24.0));
      if (shift.end_h <= shift.start_h) {
        fail(s.path_of("end_h"), "expected a number > start_h (" + detail::number_text(shift.start_h) + "), got " +
                                     detail::number_text(shift.end_h) + "; shifts end on the day they start");
      }
      shift.share = s.number("share", Bounds::between(0.0, 1.0));
      total_share += shift.share;
      s.finish();
      type.shifts.push_back(shift);
    }
    if (total_share > 1.0 + 1e-9) {
      fail(t.path_of("shifts"), "shares sum to " + detail::number_text(total_share) + "; expected at most 1 (the rest take the day off)");
    }
    t.finish();
    types.push_back(std::move(type));
  }
  r.finish();
  return types;
}

Rules read_rules(Reader r) {
  Rules rules;
  {
    Reader d = r.object("dispatch");
    rules.dispatch.policy = as_enum<DispatchPolicy>(d.choice("policy", kDispatchPolicyNames), kDispatchPolicyNames);
    rules.dispatch.batch_interval_s = static_cast<std::int32_t>(d.integer_or("batch_interval_s", 30, Bounds::between(1, 3600)));
    rules.dispatch.candidates_per_order =
        static_cast<std::int32_t>(d.integer_or("candidates_per_order", 8, Bounds::between(1, 1000)));
    rules.dispatch.max_pickup_m = d.number_or("max_pickup_km", 5.0, Bounds::above(0.0)) * kKm;
    rules.dispatch.unassigned_penalty_s =
        static_cast<std::int32_t>(d.integer_or("unassigned_penalty_s", 1800, Bounds::between(1, 86400)));
    d.finish();
  }
  {
    Reader p = r.object("promise");
    rules.promise.quantile = p.number("quantile", Bounds::open_unit());
    rules.promise.buffer_min = p.number("buffer_min", Bounds::between(0.0, 240.0));
    rules.promise.prediction_log_sd = p.number_or("prediction_log_sd", 0.25, Bounds::between(0.0, 3.0));
    rules.promise.pickup_allowance_min = p.number_or("pickup_allowance_min", 5.0, Bounds::between(0.0, 240.0));
    rules.promise.assumed_speed_kmh = p.number_or("assumed_speed_kmh", 15.0, Bounds::between(1.0, 150.0));
    p.finish();
  }
  {
    Reader p = r.object("pay");
    rules.pay.base_per_order_fen = yuan_to_fen(p.number("base_per_order_yuan", Bounds::between(0.0, 10000.0)));
    rules.pay.per_km_over_1km_fen = yuan_to_fen(p.number("per_km_over_1km_yuan", Bounds::between(0.0, 10000.0)));
    p.finish();
  }
  {
    Reader c = r.object("commission");
    rules.commission.merchant_rate = c.number("merchant_rate", Bounds::between(0.0, 1.0));
    c.finish();
  }
  {
    Reader l = r.object("lateness");
    rules.lateness.sanction =
        as_enum<LatenessSanction>(l.choice("sanction", kLatenessSanctionNames), kLatenessSanctionNames);
    const bool cash = rules.lateness.sanction == LatenessSanction::CASH;
    if (cash || l.has("cash_tiers")) {
      for (auto& t : l.objects("cash_tiers", cash ? 1 : 0)) {
        LatenessTier tier;
        tier.from_min = t.number("from_min", Bounds::at_least(0.0));
        tier.deduct_share = t.number("deduct_share", Bounds::between(0.0, 1.0));
        if (!rules.lateness.cash_tiers.empty() && tier.from_min <= rules.lateness.cash_tiers.back().from_min) {
          fail(t.path_of("from_min"), "expected tiers in ascending from_min; got " + detail::number_text(tier.from_min) +
                                          " after " + detail::number_text(rules.lateness.cash_tiers.back().from_min));
        }
        t.finish();
        rules.lateness.cash_tiers.push_back(tier);
      }
    }
    l.finish();
  }
  r.finish();
  return rules;
}

Horizon read_horizon(Reader r) {
  Horizon h;
  h.start_h = r.number("start_h", Bounds::between(0.0, 24.0));
  h.end_h = r.number("end_h", Bounds::between(0.0, 24.0));
  if (h.end_h <= h.start_h) {
    fail(r.path_of("end_h"), "expected a number > start_h (" + detail::number_text(h.start_h) + "), got " + detail::number_text(h.end_h));
  }
  h.days = static_cast<std::int32_t>(r.integer("days", Bounds::between(1, 3650)));
  r.finish();
  return h;
}

}  // namespace

Scenario compile(const nlohmann::json& spec) {
  Reader r(spec, "");
  if (spec.contains("extends") || spec.contains("changes")) {
    fail("extends", "a diff must be resolved before compiling; load it from its file with load_scenario()");
  }
  Scenario sc;
  sc.name = r.text("name");
  sc.description = r.text_or("description", "");
  sc.seed = static_cast<std::uint64_t>(r.integer_or("seed", 0, Bounds::between(0, 9.0e15)));
  sc.horizon = read_horizon(r.object("horizon"));
  sc.world = read_world(r.object("world"));
  sc.demand = read_demand(r.object("demand"), sc.world);
  sc.rider_types = read_riders(r.object("riders"), sc.world);
  sc.rules = read_rules(r.object("rules"));
  r.finish();
  return sc;
}

}  // namespace ridersim
