// Same-city freight: loads by vehicle class, fares by class, bookings ahead, back-hauls.

#include "trades/freight/freight.hpp"

#include <array>
#include <algorithm>
#include <boost/random/discrete_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <cmath>
#include <numbers>
#include <limits>

#include "detail/stats.hpp"
#include "detail/world.hpp"
#include "ridersim/levers.hpp"
#include "ridersim/pay.hpp"
#include "ridersim/results.hpp"
#include "ridersim/state.hpp"
#include "ridersim/travel.hpp"

namespace ridersim::trades::freight {

using detail::Bounds;
using detail::fail;
using detail::Reader;

namespace {

constexpr TradeWords kWords{"driver", "drivers", "order", "orders", "shipper", "shippers", "货车司机", "货运订单", "货主"};
// the figures its people look for first, in the order of the headline table
constexpr std::array<std::string_view, 23> kHeadline{
    "orders_placed", "orders_delivered", "orders_deterred", "orders_lost_share", "time_to_acceptance_mean_min",
    "fare_mean_yuan", "peak_fees_yuan", "rider_days", "worker_gross_per_online_hour_mean",
    "worker_net_after_costs_per_online_hour_mean", "rider_net_per_online_hour_p10",
    "rider_net_per_online_hour_p50", "rider_net_per_online_hour_p90", "worker_net_per_day_mean_yuan",
    "worker_net_per_month_mean_yuan", "share_rider_days_below_min_wage", "worker_utilisation",
    "empty_km_share", "worker_take_rate", "worker_commission_refunds_yuan", "vehicle_cost_per_worker_day_yuan",
    "platform_net_revenue_yuan", "ledger_imbalance_fen"};

const Hotspot* nearest_hub(const World& world, Point p) {
  const Hotspot* best = nullptr;
  for (const auto& h : world.hotspots) {
    if (h.kind != HotspotKind::MERCHANT_CLUSTER) continue;
    if (best == nullptr || distance_m(p, h.center) < distance_m(p, best->center)) best = &h;
  }
  return best;
}


}  // namespace

Fen class_fare_fen(double km, double handling_min, const ClassFare& fare) {
  const double fen = static_cast<double>(fare.start_fen) + std::max(0.0, km - fare.included_km) * static_cast<double>(fare.per_km_fen) +
                     std::max(0.0, handling_min - fare.free_waiting_min) * static_cast<double>(fare.waiting_per_min_fen);
  return static_cast<Fen>(std::llround(fen * fare.level));
}

const TradeWords& FreightTrade::words() const { return kWords; }

std::span<const std::string_view> FreightTrade::headline_kpis() const { return kHeadline; }

double FreightTrade::expected_jobs(const Scenario& sc) const { return detail::expected_arrivals(sc, demand_.orders_per_hour); }

Point FreightTrade::login_place(const Scenario& sc, Engine& rng) const {
  // drivers start the day near the hubs where loads start
  return detail::draw_place(sc, rng, HotspotKind::MERCHANT_CLUSTER, demand_.share_from_hubs);
}

std::optional<Point> FreightTrade::reposition(const Scenario& sc, const SimulationState& st, std::int32_t worker) const {
  if (demand_.return_share <= 0.0) return std::nullopt;
  const Point at = st.rider_position[worker];
  const Hotspot* hub = nearest_hub(sc.world, at);
  if (hub == nullptr || distance_m(at, hub->center) <= hub->radius_m) return std::nullopt;
  // each time a driver finds no load where the last one ended, a draw of the driver's and the moment's
  const double u = hashed_uniform(Stream::WORKER_MOVES, st.workers[worker].key, static_cast<std::uint64_t>(st.now_s), st.allocation_seed);
  if (u >= demand_.return_share) return std::nullopt;
  return hub->center;
}

void FreightTrade::draw_jobs(const Scenario& sc, SimulationState& st) const {
  const World& world = sc.world;
  OrderColumns& orders = st.results.orders;
  std::vector<double> shares;
  for (const auto& c : demand_.classes) shares.push_back(c.share);
  boost::random::discrete_distribution<std::size_t, double> which_class(shares.begin(), shares.end());
  std::vector<LoadDistance> distances;
  std::vector<decltype(detail::lognormal_with(1.0, 1.0))> distance;
  for (const auto& c : demand_.classes) {
    distances.push_back(c.distance.value_or(demand_.distance));
    distance.push_back(detail::lognormal_with(distances.back().mean_m, std::max(distances.back().sd_m, 1.0)));
  }
  auto lead = detail::lognormal_with(std::max(demand_.lead_mean_s, 1.0), std::max(demand_.lead_sd_s, 1.0));
  boost::random::uniform_01<double> u;
  const detail::PlaceSampler pickup_place(sc, HotspotKind::MERCHANT_CLUSTER, demand_.share_from_hubs);
  for (std::int32_t d = 0; d < sc.horizon.days; ++d) {
    Engine rng = make_stream(Stream::ORDER_ARRIVALS, static_cast<std::uint64_t>(d), st.seed);
    const std::vector<std::int32_t> times = detail::draw_arrival_times(sc, rng, d, demand_.orders_per_hour);
    const std::size_t first = orders.size();
    orders.resize(first + times.size());
    for (std::size_t k = 0; k < times.size(); ++k) {
      const std::size_t o = first + k;
      const std::size_t c = which_class(rng);
      const VehicleClass& cls = demand_.classes[c];
      const Point pickup = pickup_place(rng);
      // a destination at a drawn distance in a random direction, inside the area (a few tries)
      Point dropoff = pickup;
      for (int attempt = 0; attempt < 16; ++attempt) {
        const double r = std::clamp(distance[c](rng), distances[c].min_m, distances[c].max_m);
        const double a = 2.0 * std::numbers::pi * u(rng);
        dropoff = {pickup.x_m + r * std::cos(a), pickup.y_m + r * std::sin(a)};
        if (dropoff.x_m >= 0 && dropoff.x_m <= world.width_m && dropoff.y_m >= 0 && dropoff.y_m <= world.height_m) break;
      }
      dropoff = detail::clamp_to_area(world, dropoff);
      const bool booked = u(rng) < demand_.booked_share;
      const std::int32_t lead_s = booked ? static_cast<std::int32_t>(std::lround(lead(rng))) : 0;
      orders.day[o] = d;
      orders.placed_s[o] = times[k];
      orders.ready_s[o] = times[k] + lead_s;
      if (booked) orders.release_s[o] = std::max(times[k], orders.ready_s[o] - demand_.release_before_s);
      orders.merchant_id[o] = -1;
      orders.vehicle[o] = static_cast<std::uint8_t>(cls.vehicle);
      orders.pickup_x_m[o] = pickup.x_m;
      orders.pickup_y_m[o] = pickup.y_m;
      orders.dropoff_x_m[o] = dropoff.x_m;
      orders.dropoff_y_m[o] = dropoff.y_m;
      orders.distance_m[o] = road_distance_m(world.travel, pickup, dropoff);
      orders.pickup_service_s[o] = cls.loading_s;
      orders.dropoff_service_s[o] = cls.unloading_s;
      const double handling_min = (cls.loading_s + cls.unloading_s) / kSecondsPerMinute;
      orders.customer_fee_fen[o] = class_fare_fen(orders.distance_m[o] / kMetresPerKm, handling_min, cls.fare);
      // shippers weigh the whole price per km, a peak service fee included
      const double share = peak_fee_share(world.is_festival_day(d), times[k], sc.rules.pay);
      const double price_yuan = fen_to_yuan(orders.customer_fee_fen[o]) * (1.0 + share);
      detail::quote_job(sc, st, o, price_yuan / std::max(orders.distance_m[o] / kMetresPerKm, 1.0));
    }
  }
}

void FreightTrade::add_kpis(const Scenario& /*sc*/, const Results& results, Summary& s) const {
  const OrderColumns& orders = results.orders;
  std::vector<double> to_accept, fares, fare_per_km;
  for (std::size_t o = 0; o < orders.size(); ++o) {
    if (orders.status[o] == static_cast<std::uint8_t>(OrderStatus::DETERRED)) continue;
    if (orders.assigned_s[o] >= 0) to_accept.push_back((orders.assigned_s[o] - orders.release_s[o]) / kSecondsPerMinute);
    if (orders.status[o] != static_cast<std::uint8_t>(OrderStatus::DELIVERED)) continue;
    fares.push_back(fen_to_yuan(orders.customer_fee_fen[o]));
    fare_per_km.push_back(fen_to_yuan(orders.customer_fee_fen[o]) / std::max(orders.distance_m[o] / kMetresPerKm, 0.1));
  }
  s.emplace_back("time_to_acceptance_mean_min", detail::mean(to_accept));
  s.emplace_back("fare_mean_yuan", detail::mean(fares));
  s.emplace_back("fare_per_km_mean_yuan", detail::mean(fare_per_km));
}

LoadDistance read_load_distance(Reader km) {
  LoadDistance d;
  d.mean_m = km.number("mean", Bounds::between(0.1, 500.0)) * kMetresPerKm;
  d.sd_m = km.number("sd", Bounds::between(0.0, 500.0)) * kMetresPerKm;
  d.min_m = km.number("min", Bounds::between(0.0, 500.0)) * kMetresPerKm;
  d.max_m = km.number("max", Bounds::between(0.1, 500.0)) * kMetresPerKm;
  if (d.max_m < d.min_m) fail(km.path_of("max"), "expected a number >= min");
  km.finish();
  return d;
}

std::shared_ptr<const Trade> compile(TradeSpec& spec) {
  const Scenario& kernel = spec.kernel;
  if (kernel.trace.has_orders()) fail("trace.orders", "freight replays no traces yet; remove the trace or use trade \"food\"");
  FreightDemand d;
  Reader r = spec.top.object("demand");
  const auto per_hour = r.numbers("orders_per_hour", kHoursPerDay, Bounds::between(0.0, 1e7));
  std::copy(per_hour.begin(), per_hour.end(), d.orders_per_hour.begin());
  double total_share = 0.0;
  Reader fares = spec.rules.object("fare");
  const double level = detail::lever(fares, "rules.fare.level");
  for (auto& c : r.objects("classes", 1)) {
    VehicleClass cls;
    cls.vehicle = static_cast<Vehicle>(c.choice("vehicle", kVehicleNames));
    const std::string name(kVehicleNames[static_cast<std::size_t>(cls.vehicle)]);
    for (const auto& earlier : d.classes) {
      if (earlier.vehicle == cls.vehicle) fail(c.path_of("vehicle"), "duplicate vehicle class \"" + name + "\"");
    }
    if (kernel.world.travel.speed_mps[static_cast<std::size_t>(cls.vehicle)] <= 0) {
      fail(c.path_of("vehicle"), "\"" + name + "\" has no speed in world.travel.speed_kmh; add one there");
    }
    const bool driven = std::any_of(kernel.rider_types.begin(), kernel.rider_types.end(),
                                    [&](const RiderType& t) { return t.vehicle == cls.vehicle; });
    if (!driven) fail(c.path_of("vehicle"), "no type in riders.types drives a \"" + name + "\"; its orders could never be served");
    cls.share = c.number("share", Bounds::between(0.0, 1.0));
    total_share += cls.share;
    cls.loading_s = static_cast<std::int32_t>(std::lround(c.number("loading_min", Bounds::between(0.0, 600.0)) * kSecondsPerMinute));
    cls.unloading_s = static_cast<std::int32_t>(std::lround(c.number("unloading_min", Bounds::between(0.0, 600.0)) * kSecondsPerMinute));
    if (c.has("distance_km")) cls.distance = read_load_distance(c.object("distance_km"));
    c.finish();
    // the class's fare, in rules.fare under the vehicle's name
    Reader f = fares.object(name);
    cls.fare.start_fen = detail::lever_fen(f, "rules.fare.<vehicle>.start_yuan");
    cls.fare.included_km = detail::lever(f, "rules.fare.<vehicle>.included_km");
    cls.fare.per_km_fen = detail::lever_fen(f, "rules.fare.<vehicle>.per_km_yuan");
    cls.fare.waiting_per_min_fen = detail::lever_fen(f, "rules.fare.<vehicle>.waiting_per_min_yuan");
    cls.fare.free_waiting_min = detail::lever(f, "rules.fare.<vehicle>.free_waiting_min");
    cls.fare.level = level;
    f.finish();
    d.classes.push_back(cls);
  }
  fares.finish();
  if (std::abs(total_share - 1.0) > 1e-6) {
    fail(r.path_of("classes"), "shares sum to " + detail::number_text(total_share) + "; expected 1");
  }
  d.distance = read_load_distance(r.object("distance_km"));
  d.share_from_hubs = r.number_or("share_from_hubs", 0.0, Bounds::between(0.0, 1.0));
  if (d.share_from_hubs > 0 && std::none_of(kernel.world.hotspots.begin(), kernel.world.hotspots.end(),
                                            [](const Hotspot& h) { return h.kind == HotspotKind::MERCHANT_CLUSTER; })) {
    fail(r.path_of("share_from_hubs"), "is > 0 but world.hotspots has no \"merchant_cluster\" (a freight hub); add one or set it to 0");
  }
  if (r.has("booked_ahead")) {
    Reader b = r.object("booked_ahead");
    d.booked_share = b.number("share", Bounds::between(0.0, 1.0));
    d.lead_mean_s = b.number("lead_mean_min", Bounds::between(1.0, 10080.0)) * kSecondsPerMinute;
    d.lead_sd_s = b.number_or("lead_sd_min", 0.0, Bounds::between(0.0, 10080.0)) * kSecondsPerMinute;
    d.release_before_s = static_cast<std::int32_t>(std::lround(b.number("release_before_min", Bounds::between(0.0, 10080.0)) * kSecondsPerMinute));
    b.finish();
  }
  detail::read_customer_side(r, spec.demand);
  r.finish();
  if (spec.top.has("back_haul")) {
    Reader b = spec.top.object("back_haul");
    d.return_share = b.number("return_share", Bounds::between(0.0, 1.0));
    b.finish();
  }
  return std::make_shared<FreightTrade>(std::move(d));
}

}  // namespace ridersim::trades::freight
