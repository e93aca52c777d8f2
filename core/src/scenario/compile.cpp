// Validation of a resolved spec into a Scenario. Each section has its own reader function;
// cross-references (a rider's vehicle must have a speed) name the path of the referring key.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "ridersim/error.hpp"
#include "ridersim/levers.hpp"
#include "ridersim/scenario_spec.hpp"
#include "ridersim/spec_reader.hpp"

namespace ridersim {

using detail::Bounds;
using detail::fail;
using detail::lever;
using detail::lever_bool;
using detail::lever_choice;
using detail::lever_fen;
using detail::Reader;

std::int32_t Scenario::pool_size(std::size_t type) const {
  if (trace.has_couriers()) return trace.couriers_per_type[type];
  const std::int32_t count = rider_types[type].count;
  if (!labour_supply.free_entry) return count;
  return static_cast<std::int32_t>(std::ceil(count * labour_supply.max_pool_factor));
}

std::vector<std::int32_t> Scenario::worker_type_order() const {
  std::vector<std::int32_t> order(rider_types.size());
  for (std::size_t t = 0; t < order.size(); ++t) order[t] = static_cast<std::int32_t>(t);
  std::stable_sort(order.begin(), order.end(), [&](std::int32_t a, std::int32_t b) {
    return rider_types[static_cast<std::size_t>(a)].name < rider_types[static_cast<std::size_t>(b)].name;
  });
  return order;
}

std::int32_t Scenario::n_riders() const {
  // the compiler keeps the total within the work budget, far below 2^31
  std::int64_t n = 0;
  for (std::size_t t = 0; t < rider_types.size(); ++t) n += pool_size(t);
  return static_cast<std::int32_t>(n);
}

std::string Scenario::source_of(std::string_view path) const {
  // the value's own note, else the nearest enclosing object's
  std::string at(path);
  while (true) {
    for (const auto& [key, note] : sources) {
      if (key == at) return note;
    }
    const auto cut = std::max(at.rfind('.'), at.rfind('[') == std::string::npos ? std::string::npos : at.rfind('['));
    if (cut == std::string::npos) return "";
    at.resize(cut);
  }
}

const WeatherPeriod* World::weather_at(std::int32_t time_s) const {
  for (const auto& w : weather) {
    if (time_s < w.start_s) return nullptr;
    if (time_s < w.end_s) return &w;
  }
  return nullptr;
}

bool World::is_festival_day(std::int32_t day) const {
  return std::find(festival_days.begin(), festival_days.end(), day) != festival_days.end();
}

namespace {

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
  travel.mode = as_enum<TravelMode>(r.choice_or("mode", 0, kTravelModeNames), kTravelModeNames);
  if (travel.mode == TravelMode::WHOLE_MINUTES) {
    travel.meters_per_minute = r.number("meters_per_minute", Bounds::between(1.0, 10000.0));
  }
  travel.detour_factor = r.number("detour_factor", Bounds::between(1.0, 10.0));
  Reader speeds = r.object("speed_kmh");
  bool any = false;
  for (std::size_t v = 0; v < kVehicleCount; ++v) {
    if (!speeds.has(kVehicleNames[v])) {
      speeds.allow(kVehicleNames[v]);
      continue;
    }
    travel.speed_mps[v] = speeds.number(kVehicleNames[v], Bounds::between(1.0, 150.0)) * kMetresPerKm / kHour;
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
  world.width_m = area.number("width_km", Bounds::between(0.1, 500.0)) * kMetresPerKm;
  world.height_m = area.number("height_km", Bounds::between(0.1, 500.0)) * kMetresPerKm;
  area.finish();
  for (auto& h : r.objects("hotspots", 0)) {
    Hotspot spot;
    spot.name = h.text("name");
    spot.kind = as_enum<HotspotKind>(h.choice("kind", kHotspotKindNames), kHotspotKindNames);
    spot.center.x_m = h.number("x_km", Bounds::between(0.0, world.width_m / kMetresPerKm)) * kMetresPerKm;
    spot.center.y_m = h.number("y_km", Bounds::between(0.0, world.height_m / kMetresPerKm)) * kMetresPerKm;
    spot.radius_m = h.number("radius_km", Bounds::above(0.0)) * kMetresPerKm;
    spot.weight = h.number_or("weight", 1.0, Bounds::above(0.0));
    h.finish();
    world.hotspots.push_back(std::move(spot));
  }
  world.travel = read_travel(r.object("travel"));
  world.pickup_service_s = static_cast<std::int32_t>(std::lround(r.number("pickup_service_min", Bounds::between(0, 120)) * kSecondsPerMinute));
  world.dropoff_service_s = static_cast<std::int32_t>(std::lround(r.number("dropoff_service_min", Bounds::between(0, 120)) * kSecondsPerMinute));
  if (r.has("weather")) {
    for (auto& w : r.objects("weather", 0)) {
      WeatherPeriod period;
      period.day = static_cast<std::int32_t>(w.integer("day", Bounds::between(0, 3649)));
      const double start_h = w.number("start_h", Bounds::between(0.0, 24.0));
      const double end_h = w.number("end_h", Bounds::between(0.0, 24.0));
      if (end_h <= start_h) {
        fail(w.path_of("end_h"), "expected a number > start_h (" + detail::number_text(start_h) + "), got " + detail::number_text(end_h));
      }
      period.start_s = period.day * kSecondsPerDay + static_cast<std::int32_t>(std::lround(start_h * kHour));
      period.end_s = period.day * kSecondsPerDay + static_cast<std::int32_t>(std::lround(end_h * kHour));
      period.kind = as_enum<WeatherKind>(w.choice("kind", kWeatherKindNames), kWeatherKindNames);
      period.travel_time_factor = w.number_or("travel_time_factor", 1.0, Bounds::between(0.2, 10.0));
      period.demand_factor = w.number_or("demand_factor", 1.0, Bounds::between(0.0, 10.0));
      period.away_share = w.number_or("away_share", 0.0, Bounds{0.0, 1.0, false, true});
      period.crash_factor = w.number_or("crash_factor", 1.0, Bounds::between(0.0, 100.0));
      for (const auto& other : world.weather) {
        if (period.start_s < other.end_s && other.start_s < period.end_s) {
          fail(w.path(), "overlaps an earlier weather period on day " + std::to_string(other.day));
        }
      }
      w.finish();
      world.weather.push_back(period);
    }
    std::sort(world.weather.begin(), world.weather.end(),
              [](const WeatherPeriod& a, const WeatherPeriod& b) { return a.start_s < b.start_s; });
  }
  if (r.has("festival_days")) {
    for (double d : r.number_list("festival_days", Bounds::between(0, 3649))) {
      if (d != std::floor(d)) fail(r.path_of("festival_days"), "expected whole day numbers, got " + detail::number_text(d));
      world.festival_days.push_back(static_cast<std::int32_t>(d));
    }
  }
  r.finish();
  return world;
}

}  // namespace

namespace detail {
void read_customer_side(Reader& r, Demand& d) {
  d.cancel_after_unassigned_s =
      static_cast<std::int32_t>(std::lround(r.number("cancel_after_unassigned_min", Bounds{0.0, 10080.0, true, false}) * kSecondsPerMinute));
  d.festival_factor = r.number_or("festival_factor", 1.0, Bounds::between(0.0, 10.0));
  if (r.has("response")) {
    Reader c = r.object("response");
    CustomerResponse& cr = d.response;
    cr.form = static_cast<DemandForm>(c.choice_or("form", 0, kDemandFormNames));
    cr.fee_elasticity = c.number_or("fee_elasticity", 0.0, Bounds::between(-5.0, 0.0));
    cr.promise_elasticity = c.number_or("promise_elasticity", 0.0, Bounds::between(-5.0, 0.0));
    cr.reference_fee_yuan = c.number_or("reference_fee_yuan", 1.0, Bounds::above(0.0));
    cr.reference_promise_min = c.number_or("reference_promise_min", 30.0, Bounds::above(0.0));
    cr.max_uplift = c.number_or("max_uplift", 1.0, Bounds::between(1.0, 10.0));
    cr.bad_review_on_time = c.number_or("bad_review_on_time", 0.0, Bounds::between(0.0, 1.0));
    cr.bad_review_per_late_min = c.number_or("bad_review_per_late_min", 0.0, Bounds::between(0.0, 1.0));
    cr.bad_review_if_left = c.number_or("bad_review_if_left", 0.0, Bounds::between(0.0, 1.0));
    c.finish();
  }
}
}  // namespace detail

namespace {

Behaviour read_behaviour(Reader b) {
  Behaviour v;
  v.enabled = true;
  v.violation_intercept = b.number("violation_intercept", Bounds::between(-50.0, 50.0));
  v.violation_slack_coef = b.number("violation_slack_coef", Bounds::between(0.0, 50.0));
  v.violation_sanction_coef = b.number("violation_sanction_coef", Bounds::between(0.0, 50.0));
  v.violation_bonus_coef = b.number("violation_bonus_coef", Bounds::between(0.0, 50.0));
  v.violation_time_factor = b.number("violation_time_factor", Bounds{0.2, 1.0, false, false});
  v.points_as_pay_share = b.number_or("points_as_pay_share", 0.1, Bounds::between(0.0, 10.0));
  v.crash_per_million_km = b.number("crash_per_million_km", Bounds::between(0.0, 1e6));
  v.crash_violation_factor = b.number_or("crash_violation_factor", 1.75, Bounds::between(1.0, 100.0));
  v.crash_fatigue_per_h = b.number_or("crash_fatigue_per_h", 0.0, Bounds::between(0.0, 10.0));
  v.accept_intercept = b.number("accept_intercept", Bounds::between(-50.0, 50.0));
  v.accept_pay_coef = b.number("accept_pay_coef", Bounds::between(0.0, 50.0));
  v.accept_rejection_coef = b.number_or("accept_rejection_coef", 0.0, Bounds::between(0.0, 50.0));
  v.accept_fatigue_coef = b.number_or("accept_fatigue_coef", 0.0, Bounds::between(0.0, 50.0));
  b.finish();
  return v;
}

LabourSupply read_labour_supply(Reader l) {
  LabourSupply v;
  v.free_entry = l.boolean("free_entry");
  v.elasticity = l.number("elasticity", Bounds::between(0.0, 20.0));
  v.adjustment_days = l.number_or("adjustment_days", 14.0, Bounds::between(1.0, 3650.0));
  v.learning_rate = l.number_or("learning_rate", 0.3, Bounds{0.0, 1.0, true, false});
  v.max_pool_factor = l.number_or("max_pool_factor", 2.0, Bounds::between(1.0, 100.0));
  v.login_elasticity = l.number_or("login_elasticity", 0.0, Bounds::between(0.0, 20.0));
  v.festival_away_share = l.number_or("festival_away_share", 0.0, Bounds{0.0, 1.0, false, true});
  v.stopping_rule = as_enum<StoppingRule>(
      l.choice_or("stopping_rule", static_cast<std::size_t>(StoppingRule::HOURS_TARGET), kStoppingRuleNames), kStoppingRuleNames);
  v.max_extra_h = l.number_or("max_extra_h", 2.0, Bounds::between(0.0, 12.0));
  v.decision_step_h = l.number_or("decision_step_min", 15.0, Bounds::between(1.0, 240.0)) / 60.0;
  if (l.has("responds")) {
    v.responds.fill(false);
    for (const std::size_t m : l.choice_list("responds", kMarginNames)) v.responds[m] = true;
  }
  l.finish();
  return v;
}

Fen money(Reader& r, std::string_view key, double fallback_yuan) {
  return yuan_to_fen(r.number_or(key, fallback_yuan, Bounds::between(0.0, 1e6)));
}

std::vector<RiderType> read_riders(Reader& r, const World& world) {
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
    type.reservation_wage_yuan_per_h = t.number_or("reservation_wage_yuan_per_h", 0.0, Bounds::between(0.0, 10000.0));
    if (t.has("login_elasticity")) type.login_elasticity = t.number("login_elasticity", Bounds::between(0.0, 20.0));
    type.capacity = static_cast<std::int32_t>(t.integer_or("capacity", 1, Bounds::between(1, 1000)));
    if (t.has("vehicle_cost")) {
      Reader v = t.object("vehicle_cost");
      type.vehicle_cost_per_km_fen = money(v, "per_km_yuan", 0.0);
      type.vehicle_cost_per_day_fen = money(v, "per_day_yuan", 0.0);
      v.finish();
    }
    if (t.has("min_wage_basis")) {
      type.min_wage_basis = as_enum<MinWageBasis>(t.choice("min_wage_basis", kMinWageBasisNames), kMinWageBasisNames);
    }
    t.finish();
    types.push_back(std::move(type));
  }
  return types;
}

PayRules read_pay(Reader p) {
  PayRules pay;
  pay.base_per_order_fen = lever_fen(p, "rules.pay.base_per_order_yuan");
  pay.per_km_over_1km_fen = lever_fen(p, "rules.pay.per_km_over_1km_yuan");
  pay.weather_surcharge_fen = lever_fen(p, "rules.pay.weather_surcharge_yuan");
  pay.night_surcharge_fen = lever_fen(p, "rules.pay.night_surcharge_yuan");
  pay.night_start_h = lever(p, "rules.pay.night_start_h");
  pay.night_end_h = lever(p, "rules.pay.night_end_h");
  pay.festival_surcharge_fen = lever_fen(p, "rules.pay.festival_surcharge_yuan");
  pay.peak_fee_share = lever(p, "rules.pay.peak_fee_share");
  pay.peak_fee_days = static_cast<DaySet>(lever_choice(p, "rules.pay.peak_fee_days"));
  pay.peak_fee_start_h = lever(p, "rules.pay.peak_fee_start_h");
  pay.peak_fee_end_h = lever(p, "rules.pay.peak_fee_end_h");
  if (pay.peak_fee_end_h <= pay.peak_fee_start_h) {
    fail(p.path_of("peak_fee_end_h"), "expected a number > peak_fee_start_h (" + detail::number_text(pay.peak_fee_start_h) +
                                          "), got " + detail::number_text(pay.peak_fee_end_h));
  }
  pay.safety_bonus_fen = lever_fen(p, "rules.pay.safety_bonus_per_order_yuan");
  p.finish();
  return pay;
}

LatenessRules read_lateness(Reader l) {
  LatenessRules rules;
  rules.sanction = static_cast<LatenessSanction>(lever_choice(l, "rules.lateness.sanction"));
  rules.late_fine_fen = lever_fen(l, "rules.lateness.late_fine_yuan");
  rules.exempt_merchant_delay_min = lever(l, "rules.lateness.exempt_merchant_delay_min");
  const bool cash = rules.sanction == LatenessSanction::CASH;
  if (cash || l.has("cash_tiers")) {
    for (auto& t : l.objects("cash_tiers", cash ? 1 : 0)) {
      LatenessTier tier;
      tier.from_min = t.number("from_min", Bounds::at_least(0.0));
      tier.deduct_share = t.number("deduct_share", Bounds::between(0.0, 1.0));
      if (!rules.cash_tiers.empty() && tier.from_min <= rules.cash_tiers.back().from_min) {
        fail(t.path_of("from_min"), "expected tiers in ascending from_min; got " + detail::number_text(tier.from_min) +
                                        " after " + detail::number_text(rules.cash_tiers.back().from_min));
      }
      t.finish();
      rules.cash_tiers.push_back(tier);
    }
  }
  // the points regime's defaults are the published ones: base 70, 1 point under 5 minutes late, 2 beyond
  if (l.has("points")) {
    Reader p = l.object("points");
    rules.base_score = lever(p, "rules.lateness.points.base_score");
    rules.points_minor = lever(p, "rules.lateness.points.minor");
    rules.points_major = lever(p, "rules.lateness.points.major");
    rules.major_after_min = lever(p, "rules.lateness.points.major_after_min");
    rules.points_recovered_on_time = lever(p, "rules.lateness.points.recovered_on_time");
    p.finish();
  } else {
    rules.base_score = lever_named("rules.lateness.points.base_score").fallback;
    rules.points_minor = lever_named("rules.lateness.points.minor").fallback;
    rules.points_major = lever_named("rules.lateness.points.major").fallback;
    rules.major_after_min = lever_named("rules.lateness.points.major_after_min").fallback;
    rules.points_recovered_on_time = lever_named("rules.lateness.points.recovered_on_time").fallback;
  }
  l.finish();
  return rules;
}

std::int32_t seconds(double minutes) { return static_cast<std::int32_t>(std::lround(minutes * kSecondsPerMinute)); }

// the kernel's rules; the trade reads its own (price rules) from the same object before it is finished
Rules read_rules(Reader& r) {
  Rules rules;
  {
    Reader d = r.object("dispatch");
    DispatchRules& v = rules.dispatch;
    v.policy = std::string(lever_named("rules.dispatch.policy").choices[lever_choice(d, "rules.dispatch.policy")]);
    v.pickup_before_shift_end = lever_bool(d, "rules.dispatch.pickup_before_shift_end");
    const double release = lever(d, "rules.dispatch.release_before_ready_min");
    v.release_before_ready_s = release < 0 ? -1 : seconds(release);
    v.batch_interval_s = static_cast<std::int32_t>(lever(d, "rules.dispatch.batch_interval_s"));
    v.candidates_per_order = static_cast<std::int32_t>(lever(d, "rules.dispatch.candidates_per_order"));
    v.max_pickup_m = lever(d, "rules.dispatch.max_pickup_km") * kMetresPerKm;
    v.unassigned_penalty_s = static_cast<std::int32_t>(lever(d, "rules.dispatch.unassigned_penalty_s"));
    v.max_bundle = static_cast<std::int32_t>(lever(d, "rules.dispatch.max_bundle"));
    v.lateness_weight = lever(d, "rules.dispatch.lateness_weight");
    v.horizon_s = seconds(lever(d, "rules.dispatch.horizon_min"));
    v.grab_radius_m = lever(d, "rules.dispatch.grab_radius_km") * kMetresPerKm;
    v.grab_radius_growth = lever(d, "rules.dispatch.grab_radius_growth");
    v.novice_orders = static_cast<std::int32_t>(lever(d, "rules.dispatch.novice_orders"));
    v.novice_penalty = lever(d, "rules.dispatch.novice_penalty");
    v.score_weight = lever(d, "rules.dispatch.score_weight");
    v.rejection_penalty = lever(d, "rules.dispatch.rejection_penalty");
    d.finish();
  }
  {
    Reader p = r.object("promise");
    PromiseRules& v = rules.promise;
    v.fixed_min = lever(p, "rules.promise.fixed_min");
    v.quantile = lever(p, "rules.promise.quantile");
    v.buffer_min = lever(p, "rules.promise.buffer_min");
    v.window_min = lever(p, "rules.promise.window_min");
    v.prediction_log_sd = lever(p, "rules.promise.prediction_log_sd");
    v.pickup_allowance_min = lever(p, "rules.promise.pickup_allowance_min");
    v.assumed_speed_kmh = lever(p, "rules.promise.assumed_speed_kmh");
    v.weather_aware = lever_bool(p, "rules.promise.weather_aware");
    p.finish();
  }
  rules.pay = read_pay(r.object("pay"));
  if (r.has("commission")) {
    Reader c = r.object("commission");
    CommissionRules& v = rules.commission;
    v.merchant_rate = lever(c, "rules.commission.merchant_rate");
    v.per_order_cap_fen = lever_fen(c, "rules.commission.per_order_cap_yuan");
    v.average_cap = lever(c, "rules.commission.average_cap");
    v.worker_rate = lever(c, "rules.commission.worker_rate");
    v.worker_fixed_fen = lever_fen(c, "rules.commission.worker_fixed_per_order_yuan");
    v.worker_per_order_cap_share = lever(c, "rules.commission.worker_per_order_cap_share");
    v.worker_per_order_cap_fen = lever_fen(c, "rules.commission.worker_per_order_cap_yuan");
    v.worker_average_cap = lever(c, "rules.commission.worker_average_cap");
    c.finish();
  }
  rules.lateness = read_lateness(r.object("lateness"));
  if (r.has("multiplier")) {
    Reader m = r.object("multiplier");
    MultiplierRules& v = rules.multiplier;
    v.share = lever(m, "rules.multiplier.share");
    v.start_h = lever(m, "rules.multiplier.start_h");
    v.end_h = lever(m, "rules.multiplier.end_h");
    if (v.end_h <= v.start_h) {
      fail(m.path_of("end_h"), "expected a number > start_h (" + detail::number_text(v.start_h) + "), got " + detail::number_text(v.end_h));
    }
    v.days = static_cast<DaySet>(lever_choice(m, "rules.multiplier.days"));
    v.min_online_h = lever(m, "rules.multiplier.min_online_h");
    v.min_completion_rate = lever(m, "rules.multiplier.min_completion_rate");
    m.finish();
  }
  if (r.has("threshold_bonuses")) {
    for (auto& t : r.objects("threshold_bonuses", 0)) {
      ThresholdBonus bonus;
      bonus.period = static_cast<BonusPeriod>(t.choice("period", kBonusPeriodNames));
      bonus.orders = static_cast<std::int32_t>(t.integer("orders", Bounds::between(1, 1e6)));
      bonus.bonus_fen = yuan_to_fen(t.number("bonus_yuan", Bounds::between(0.0, 1e6)));
      t.finish();
      rules.threshold_bonuses.push_back(bonus);
    }
  }
  if (r.has("floor")) {
    Reader f = r.object("floor");
    rules.floor.hourly_fen = lever_fen(f, "rules.floor.hourly_yuan");
    rules.floor.basis = static_cast<FloorBasis>(lever_choice(f, "rules.floor.basis"));
    if (rules.floor.basis == FloorBasis::ENGAGED_OVER_UTILISATION && !f.has("utilisation_reference")) {
      fail(f.path_of("utilisation_reference"), "missing; this key is required when basis is \"engaged_over_utilisation\"");
    }
    rules.floor.utilisation_reference = lever(f, "rules.floor.utilisation_reference");
    f.finish();
  }
  if (r.has("trip_floor")) {
    Reader f = r.object("trip_floor");
    rules.trip_floor.per_km_fen = lever_fen(f, "rules.trip_floor.per_km_yuan");
    rules.trip_floor.per_min_fen = lever_fen(f, "rules.trip_floor.per_min_yuan");
    rules.trip_floor.utilisation = lever(f, "rules.trip_floor.utilisation");
    f.finish();
  }
  if (r.has("login_cap")) {
    Reader c = r.object("login_cap");
    rules.login_cap.min_utilisation = lever(c, "rules.login_cap.min_utilisation");
    c.finish();
  }
  if (r.has("pass_through")) {
    Reader p = r.object("pass_through");
    rules.pass_through.floor_costs_to_fees = lever(p, "rules.pass_through.floor_costs_to_fees");
    rules.pass_through.commission_to_prices = lever(p, "rules.pass_through.commission_to_prices");
    p.finish();
  }
  if (r.has("station")) {
    Reader s = r.object("station");
    rules.station.cut_share = lever(s, "rules.station.cut_share");
    rules.station.min_per_parcel_fen = lever_fen(s, "rules.station.min_per_parcel_yuan");
    rules.station.direct_payment = lever_bool(s, "rules.station.direct_payment");
    rules.station.arrears_share = lever(s, "rules.station.arrears_share");
    rules.station.guarantee_cover_share = lever(s, "rules.station.guarantee_cover_share");
    s.finish();
  }
  rules.bad_review_fine_fen = lever_fen(r, "rules.bad_review_fine_yuan");
  rules.first_complaint_free = lever_bool(r, "rules.first_complaint_free");
  if (r.has("fatigue")) {
    Reader f = r.object("fatigue");
    rules.fatigue.alert_after_h = lever(f, "rules.fatigue.alert_after_h");
    rules.fatigue.forced_logoff_after_h = lever(f, "rules.fatigue.forced_logoff_after_h");
    f.finish();
  }
  if (r.has("welfare")) {
    Reader w = r.object("welfare");
    rules.welfare.insurance_levy_fen = lever_fen(w, "rules.welfare.insurance_levy_per_order_yuan");
    rules.welfare.pension_premium_per_day_fen = lever_fen(w, "rules.welfare.pension_premium_per_day_yuan");
    rules.welfare.pension_subsidy_share = lever(w, "rules.welfare.pension_subsidy_share");
    rules.welfare.pension_min_online_h = lever(w, "rules.welfare.pension_min_online_h");
    rules.welfare.pension_min_days_per_month = lever(w, "rules.welfare.pension_min_days_per_month");
    rules.welfare.injury_payout_per_crash_fen = lever_fen(w, "rules.welfare.injury_payout_per_crash_yuan");
    rules.welfare.injury_cover_share = lever(w, "rules.welfare.injury_cover_share");
    w.finish();
  }
  return rules;
}

template <typename T>
std::vector<T> column(Reader& r, std::string_view key, std::size_t n, Bounds bounds, bool whole) {
  const auto values = r.number_list(key, bounds);
  if (n != SIZE_MAX && values.size() != n) {
    fail(r.path_of(key), "expected " + std::to_string(n) + " values (one per row), got " + std::to_string(values.size()));
  }
  std::vector<T> out;
  out.reserve(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (whole && values[i] != std::floor(values[i])) {
      fail(r.path_of(key) + "[" + std::to_string(i) + "]", "expected a whole number, got " + detail::number_text(values[i]));
    }
    out.push_back(static_cast<T>(values[i]));
  }
  return out;
}

// a trace's couriers take the types they are given (the first type without a "type" column), and
// are numbered type by type as drawn workers are
void number_trace_couriers(Scenario& sc) {
  Trace& t = sc.trace;
  const std::size_t types = sc.rider_types.size();
  if (t.courier_type.empty()) {
    if (types != 1) {
      fail("riders.types", "a trace's couriers without a type are all of one rider type; expected 1 type, got " +
                               std::to_string(types) + " (or give each courier its type: trace.couriers.type)");
    }
    t.courier_type.assign(t.courier_on_s.size(), 0);
  }
  t.couriers_per_type.assign(types, 0);
  for (std::size_t i = 0; i < t.courier_type.size(); ++i) {
    if (static_cast<std::size_t>(t.courier_type[i]) >= types) {
      fail("trace.couriers.type[" + std::to_string(i) + "]", "expected the index of one of riders.types (0 to " +
                                                                 std::to_string(types - 1) + "), got " +
                                                                 std::to_string(t.courier_type[i]));
    }
    t.couriers_per_type[static_cast<std::size_t>(t.courier_type[i])] += 1;
  }
  t.courier_row_of_worker.clear();
  for (const std::int32_t type : sc.worker_type_order()) {
    for (std::size_t i = 0; i < t.courier_type.size(); ++i) {
      if (t.courier_type[i] == type) t.courier_row_of_worker.push_back(static_cast<std::int32_t>(i));
    }
  }
}

Trace read_trace(Reader r, const World& world) {
  Trace t;
  const Bounds x_range = Bounds::between(0.0, world.width_m);
  const Bounds y_range = Bounds::between(0.0, world.height_m);
  const Bounds time_range = Bounds::between(0.0, 3650.0 * kSecondsPerDay);
  if (r.has("orders")) {
    Reader o = r.object("orders");
    t.placed_s = column<std::int32_t>(o, "placed_s", SIZE_MAX, time_range, true);
    const std::size_t n = t.placed_s.size();
    if (n == 0) fail(o.path_of("placed_s"), "expected at least one order");
    t.ready_s = column<std::int32_t>(o, "ready_s", n, time_range, true);
    t.merchant_id = column<std::int32_t>(o, "merchant_id", n, Bounds::between(0, 1e7), true);
    t.pickup_x_m = column<double>(o, "pickup_x_m", n, x_range, false);
    t.pickup_y_m = column<double>(o, "pickup_y_m", n, y_range, false);
    t.dropoff_x_m = column<double>(o, "dropoff_x_m", n, x_range, false);
    t.dropoff_y_m = column<double>(o, "dropoff_y_m", n, y_range, false);
    if (o.has("basket_yuan")) {
      for (double v : column<double>(o, "basket_yuan", n, Bounds::between(0.0, 1e6), false)) t.basket_fen.push_back(yuan_to_fen(v));
    } else {
      t.basket_fen.assign(n, 0);
    }
    if (o.has("promised_s")) t.promised_s = column<std::int32_t>(o, "promised_s", n, time_range, true);
    const Bounds service_range = Bounds::between(0.0, 4.0 * 3600.0);
    if (o.has("pickup_service_s")) t.pickup_service_s = column<std::int32_t>(o, "pickup_service_s", n, service_range, true);
    if (o.has("dropoff_service_s")) t.dropoff_service_s = column<std::int32_t>(o, "dropoff_service_s", n, service_range, true);
    for (std::size_t i = 0; i < n; ++i) {
      if (i > 0 && t.placed_s[i] < t.placed_s[i - 1]) {
        fail(o.path_of("placed_s") + "[" + std::to_string(i) + "]", "orders must be sorted by placement time");
      }
      if (t.ready_s[i] < t.placed_s[i]) {
        fail(o.path_of("ready_s") + "[" + std::to_string(i) + "]", "expected a time >= placed_s (" +
                                                                      std::to_string(t.placed_s[i]) + "), got " +
                                                                      std::to_string(t.ready_s[i]));
      }
      if (!t.promised_s.empty() && t.promised_s[i] <= t.placed_s[i]) {
        fail(o.path_of("promised_s") + "[" + std::to_string(i) + "]", "expected a time > placed_s (" +
                                                                         std::to_string(t.placed_s[i]) + "), got " +
                                                                         std::to_string(t.promised_s[i]));
      }
    }
    o.finish();
  }
  if (r.has("couriers")) {
    Reader c = r.object("couriers");
    t.courier_on_s = column<std::int32_t>(c, "on_s", SIZE_MAX, time_range, true);
    const std::size_t n = t.courier_on_s.size();
    if (n == 0) fail(c.path_of("on_s"), "expected at least one courier");
    t.courier_off_s = column<std::int32_t>(c, "off_s", n, time_range, true);
    t.courier_x_m = column<double>(c, "x_m", n, x_range, false);
    t.courier_y_m = column<double>(c, "y_m", n, y_range, false);
    if (c.has("type")) t.courier_type = column<std::int32_t>(c, "type", n, Bounds::between(0, 1e6), true);
    for (std::size_t i = 0; i < n; ++i) {
      if (t.courier_off_s[i] <= t.courier_on_s[i]) {
        fail(c.path_of("off_s") + "[" + std::to_string(i) + "]", "expected a time > on_s (" +
                                                                    std::to_string(t.courier_on_s[i]) + "), got " +
                                                                    std::to_string(t.courier_off_s[i]));
      }
    }
    c.finish();
  }
  r.finish();
  return t;
}

// the work a run would do, checked before it starts: a scenario that asks for more than the
// budget (raise it with "budget") gets an error, not a run that exhausts memory
void check_budget(Reader& r, Scenario& sc) {
  double max_workers = 2e6;
  double max_jobs = 5e7;
  double max_worker_days = 5e7;
  // the dispatch of the four baselines does 30 to 33,000 units a job (summary: dispatch_work_per_job),
  // at 0.003 to 0.04 us a unit: six times the most, and at least a billion units, stops within about
  // a minute a run that a few dispatch levers at their bounds made take hours
  double dispatch_work_per_job = 2e5;
  double min_dispatch_work = 1e9;
  if (r.has("budget")) {
    Reader b = r.object("budget");
    max_workers = b.number_or("max_workers", max_workers, Bounds::between(1.0, 1e8));
    max_jobs = b.number_or("max_jobs", max_jobs, Bounds::between(1.0, 1e9));
    max_worker_days = b.number_or("max_worker_days", max_worker_days, Bounds::between(1.0, 1e9));
    dispatch_work_per_job = b.number_or("dispatch_work_per_job", dispatch_work_per_job, Bounds::between(1.0, 1e12));
    min_dispatch_work = b.number_or("min_dispatch_work", min_dispatch_work, Bounds::between(1.0, 1e15));
    b.finish();
  }
  double workers = 0.0;  // in doubles: counts x pool factors cannot wrap
  for (const auto& type : sc.rider_types) {
    workers += sc.labour_supply.free_entry ? std::ceil(type.count * sc.labour_supply.max_pool_factor) : type.count;
  }
  if (sc.trace.has_couriers()) workers = static_cast<double>(sc.trace.courier_on_s.size());
  if (workers > max_workers) {
    fail("riders.types", "the run would allocate " + detail::number_text(workers) + " workers (counts x the free-entry pool factor); the budget is " +
                             detail::number_text(max_workers) + "; lower the counts or raise budget.max_workers");
  }
  // every worker may work every day: the rows of the worker-day table
  if (workers * sc.horizon.days > max_worker_days) {
    fail("horizon.days", "the run could hold " + detail::number_text(workers * sc.horizon.days) + " worker-days (" +
                             detail::number_text(workers) + " workers x " + std::to_string(sc.horizon.days) +
                             " days); the budget is " + detail::number_text(max_worker_days) +
                             "; shorten the horizon, lower the counts or raise budget.max_worker_days");
  }
  const double jobs = sc.trade->expected_jobs(sc);
  if (!(jobs <= max_jobs)) {
    fail("demand", "the run would draw about " + detail::number_text(jobs) + " jobs over " + std::to_string(sc.horizon.days) +
                       " day(s); the budget is " + detail::number_text(max_jobs) + "; lower the demand or the days, or raise budget.max_jobs");
  }
  sc.max_dispatch_work = std::max(min_dispatch_work, dispatch_work_per_job * jobs);
}

Calendar read_calendar(Reader r) {
  Calendar c;
  c.rainy_days_per_month = r.number_or("rainy_days_per_month", 0.0, Bounds::between(0.0, 30.0));
  c.festival_days_per_month = r.number_or("festival_days_per_month", 0.0, Bounds::between(0.0, 30.0));
  if (c.rainy_days_per_month + c.festival_days_per_month > 30.0) {
    fail(r.path_of("festival_days_per_month"), "rainy and festival days add up to " +
                                                  detail::number_text(c.rainy_days_per_month + c.festival_days_per_month) +
                                                  "; a month has 30");
  }
  r.finish();
  return c;
}

bool lever_is_numeric(const Lever& l) {
  return l.type == LeverType::NUMBER || l.type == LeverType::INTEGER || l.type == LeverType::MONEY || l.type == LeverType::SHARE;
}

bool lever_applies_to(const Lever& l, std::string_view trade) {
  if (l.trades.empty()) return true;
  std::string_view rest = l.trades;
  while (!rest.empty()) {
    const auto space = rest.find(' ');
    if (rest.substr(0, space) == trade) return true;
    rest = space == std::string_view::npos ? std::string_view{} : rest.substr(space + 1);
  }
  return false;
}

PlatformSide read_platform(Reader p, std::string_view trade) {
  PlatformSide side;
  for (Reader l : p.objects("levers", 1)) {
    PlatformLever lever;
    lever.path = l.text("path");
    const Lever* schema = lever_at(lever.path);
    if (schema == nullptr || !lever_is_numeric(*schema)) {
      fail(l.path_of("path"), "expected the dotted path of a numeric lever (docs/scenario.md lists them), got \"" + lever.path + "\"");
    }
    if (!lever_applies_to(*schema, trade)) {
      fail(l.path_of("path"), "\"" + lever.path + "\" is a lever of " + std::string(schema->trades) + ", not of " + std::string(trade));
    }
    for (const PlatformLever& other : side.levers) {
      if (other.path == lever.path) fail(l.path_of("path"), "\"" + lever.path + "\" is listed twice");
    }
    lever.min = l.number("min", schema->bounds());
    lever.max = l.number("max", schema->bounds());
    if (!(lever.max > lever.min)) {
      fail(l.path_of("max"), "expected a number above min (" + detail::number_text(lever.min) + "), got " + detail::number_text(lever.max));
    }
    l.finish();
    side.levers.push_back(std::move(lever));
  }
  if (p.has("objective")) {
    Reader o = p.object("objective");
    PlatformObjective& aim = side.objective;
    aim.value_per_job_yuan = o.number_or("value_per_job_yuan", 0.0, Bounds::between(0.0, 1e6));
    aim.rival_elasticity = o.number_or("rival_elasticity", 0.0, Bounds::between(-20.0, 0.0));
    aim.max_lost_share = o.number_or("max_lost_share", 1.0, Bounds::between(0.0, 1.0));
    aim.min_jobs_share = o.number_or("min_jobs_share", 0.0, Bounds::between(0.0, 1.0));
    aim.exit_below_yuan_per_day = o.number_or("exit_below_yuan_per_day", 0.0, Bounds::between(-1e9, 1e9));
    o.finish();
  }
  p.finish();
  return side;
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

Scenario compile(const nlohmann::json& spec) { return compile(spec, builtin_trades()); }

namespace {
// every "sources" note of the spec, by the dotted path of the value it is about
void collect_sources(const nlohmann::json& node, const std::string& path, std::vector<std::pair<std::string, std::string>>& out) {
  if (node.is_object()) {
    const auto notes = node.find("sources");
    if (notes != node.end() && notes->is_object()) {
      for (const auto& [key, note] : notes->items()) {
        if (note.is_string()) out.emplace_back(detail::join(path, key), note.get<std::string>());
      }
    }
    for (const auto& [key, value] : node.items()) {
      if (key != "sources") collect_sources(value, detail::join(path, key), out);
    }
  } else if (node.is_array()) {
    for (std::size_t i = 0; i < node.size(); ++i) collect_sources(node[i], path + "[" + std::to_string(i) + "]", out);
  }
}
}  // namespace

Scenario compile(const nlohmann::json& spec, const TradeRegistry& trades) {
  Reader r(spec, "");
  if (spec.contains("extends") || spec.contains("changes")) {
    fail("extends", "a diff must be resolved before compiling; load it from its file with load_scenario()");
  }
  Scenario sc;
  sc.name = r.text("name");
  sc.description = r.text_or("description", "");
  const std::string trade = r.text_or("trade", "food");
  const TradeCompiler compile_trade = trades.find(trade);
  if (compile_trade == nullptr) {
    std::string allowed;
    for (const auto& name : trades.names()) allowed += (allowed.empty() ? "\"" : ", \"") + std::string(name) + "\"";
    fail("trade", "expected one of " + allowed + ", got \"" + trade + "\"");
  }
  sc.seed = static_cast<std::uint64_t>(r.integer_or("seed", 0, Bounds::between(0, 9.0e15)));
  sc.allocation_seed = static_cast<std::uint64_t>(r.integer_or("allocation_seed", 0, Bounds::between(0, 9.0e15)));
  sc.horizon = read_horizon(r.object("horizon"));
  if (r.has("calendar")) sc.calendar = read_calendar(r.object("calendar"));
  sc.world = read_world(r.object("world"));
  if (r.has("trace")) sc.trace = read_trace(r.object("trace"), sc.world);
  {
    Reader riders = r.object("riders");
    sc.rider_types = read_riders(riders, sc.world);
    if (sc.trace.has_couriers()) number_trace_couriers(sc);
    if (riders.has("behaviour")) sc.behaviour = read_behaviour(riders.object("behaviour"));
    if (riders.has("labour_supply")) sc.labour_supply = read_labour_supply(riders.object("labour_supply"));
    sc.local_min_wage_per_h_fen = yuan_to_fen(riders.number_or("local_min_wage_yuan_per_h", 0.0, Bounds::between(0.0, 10000.0)));
    sc.local_min_wage_per_month_fen = yuan_to_fen(riders.number_or("local_min_wage_monthly_yuan", 0.0, Bounds::between(0.0, 1e6)));
    sc.standard_hours_per_month = riders.number_or("standard_hours_per_month", 174.0, Bounds::between(1.0, 744.0));
    for (std::size_t t = 0; t < sc.rider_types.size(); ++t) {
      if (sc.rider_types[t].min_wage_basis == MinWageBasis::MONTHLY && sc.local_min_wage_per_month_fen <= 0) {
        fail("riders.types[" + std::to_string(t) + "].min_wage_basis",
             "is \"monthly\" but riders.local_min_wage_monthly_yuan is not set; set the local monthly minimum wage or use \"hourly\"");
      }
    }
    riders.finish();
  }
  Reader rules = r.object("rules");
  sc.rules = read_rules(rules);
  // the trade reads its demand and its price rules, then every key must have been read
  TradeSpec trade_spec{r, rules, sc, sc.demand};
  sc.trade = compile_trade(trade_spec);
  rules.finish();
  if (r.has("platform")) sc.platform = read_platform(r.object("platform"), sc.trade->name());
  if (sc.trace.has_couriers() && sc.labour_supply.free_entry) {
    fail("riders.labour_supply.free_entry", "a trace fixes its couriers; free entry cannot apply");
  }
  check_budget(r, sc);
  r.finish();
  collect_sources(spec, "", sc.sources);
  return sc;
}

}  // namespace ridersim
