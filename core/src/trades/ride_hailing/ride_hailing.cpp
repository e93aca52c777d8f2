// Ride-hailing: OD demand by zone (a gravity model on Eigen matrices), fares, repositioning.

#include "trades/ride_hailing/ride_hailing.hpp"

#include <array>
#include <Eigen/Dense>
#include <algorithm>
#include <boost/random/discrete_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <cmath>
#include <limits>

#include "detail/stats.hpp"
#include "detail/world.hpp"
#include "ridersim/levers.hpp"
#include "ridersim/results.hpp"
#include "ridersim/state.hpp"
#include "ridersim/travel.hpp"

namespace ridersim::trades::ride_hailing {

using detail::Bounds;
using detail::fail;
using detail::Reader;

namespace {

constexpr TradeWords kWords{"driver", "drivers", "trip", "trips", "passenger", "passengers", "司机", "行程", "乘客"};
// the figures its people look for first, in the order of the headline table
constexpr std::array<std::string_view, 25> kHeadline{
    "orders_placed", "orders_delivered", "orders_deterred", "orders_lost_share", "passenger_wait_mean_min",
    "passenger_wait_p90_min", "fare_mean_yuan", "rider_days", "worker_gross_per_online_hour_mean",
    "worker_net_after_costs_per_online_hour_mean", "rider_net_per_online_hour_p10",
    "rider_net_per_online_hour_p50", "rider_net_per_online_hour_p90", "worker_net_per_day_mean_yuan",
    "worker_net_per_month_mean_yuan", "share_rider_days_below_min_wage", "worker_utilisation",
    "utilisation_with_passenger", "empty_km_share", "worker_take_rate", "worker_commission_refunds_yuan",
    "trip_floor_topups_yuan", "rider_cost_per_order_yuan", "platform_net_revenue_yuan", "ledger_imbalance_fen"};

Point uniform_in_zone(const Zones& z, std::int32_t zone, Engine& rng) {
  boost::random::uniform_01<double> u;
  const int col = zone % z.columns;
  const int row = zone / z.columns;
  return {(col + u(rng)) * z.zone_width_m, (row + u(rng)) * z.zone_height_m};
}

Point centre_of(const Zones& z, std::int32_t zone) {
  return {(zone % z.columns + 0.5) * z.zone_width_m, (zone / z.columns + 0.5) * z.zone_height_m};
}

std::int32_t draw_destination(const Zones& z, std::int32_t origin, double u) {
  const auto n = static_cast<std::size_t>(z.columns * z.rows);
  const auto first = z.destination_cdf.begin() + static_cast<std::ptrdiff_t>(origin * n);
  const auto it = std::upper_bound(first, first + static_cast<std::ptrdiff_t>(n), u);
  return static_cast<std::int32_t>(std::min<std::ptrdiff_t>(it - first, static_cast<std::ptrdiff_t>(n) - 1));
}


}  // namespace

Fen fare_fen(double km, double minutes, int hour, const FareRules& fare) {
  const double metered = static_cast<double>(fare.base_fen) + km * static_cast<double>(fare.per_km_fen) +
                         minutes * static_cast<double>(fare.per_min_fen);
  const double before = std::max(metered, static_cast<double>(fare.minimum_fen));
  return static_cast<Fen>(std::llround(before * fare.multiplier_by_hour[hour] * fare.surge_by_hour[hour] * fare.level));
}

const TradeWords& RideHailingTrade::words() const { return kWords; }

std::span<const std::string_view> RideHailingTrade::headline_kpis() const { return kHeadline; }

double RideHailingTrade::expected_jobs(const Scenario& sc) const { return detail::expected_arrivals(sc, demand_.trips_per_hour); }

std::int32_t RideHailingTrade::zone_of(Point p) const {
  const Zones& z = demand_.zones;
  const int col = std::clamp(static_cast<int>(p.x_m / z.zone_width_m), 0, z.columns - 1);
  const int row = std::clamp(static_cast<int>(p.y_m / z.zone_height_m), 0, z.rows - 1);
  return row * z.columns + col;
}

Point RideHailingTrade::login_place(const Scenario& /*sc*/, Engine& rng) const {
  // drivers start where trips start
  const Zones& z = demand_.zones;
  boost::random::discrete_distribution<std::int32_t, double> origin(z.weights.begin(), z.weights.end());
  return uniform_in_zone(z, origin(rng), rng);
}

std::optional<Point> RideHailingTrade::reposition(const Scenario& /*sc*/, const SimulationState& st, std::int32_t worker) const {
  const std::int32_t to = demand_.zones.reposition_to[zone_of(st.rider_position[worker])];
  if (to < 0) return std::nullopt;
  return centre_of(demand_.zones, to);
}

void RideHailingTrade::draw_jobs(const Scenario& sc, SimulationState& st) const {
  const Zones& z = demand_.zones;
  OrderColumns& orders = st.results.orders;
  boost::random::discrete_distribution<std::int32_t, double> any_origin(z.weights.begin(), z.weights.end());
  boost::random::uniform_01<double> u;
  for (std::int32_t d = 0; d < sc.horizon.days; ++d) {
    Engine rng = make_stream(Stream::ORDER_ARRIVALS, static_cast<std::uint64_t>(d), st.seed);
    const std::vector<std::int32_t> times = detail::draw_arrival_times(sc, rng, d, demand_.trips_per_hour);
    const std::size_t first = orders.size();
    orders.resize(first + times.size());
    for (std::size_t k = 0; k < times.size(); ++k) {
      const std::size_t o = first + k;
      // an origin zone by weight, a destination by the gravity model; trips shorter than the
      // minimum are redrawn a few times (people walk those)
      Point pickup{}, dropoff{};
      for (int attempt = 0; attempt < 8; ++attempt) {
        const std::int32_t from = any_origin(rng);
        pickup = uniform_in_zone(z, from, rng);
        dropoff = uniform_in_zone(z, draw_destination(z, from, u(rng)), rng);
        if (distance_m(pickup, dropoff) >= demand_.min_trip_m) break;
      }
      orders.day[o] = d;
      orders.placed_s[o] = times[k];
      orders.ready_s[o] = times[k];  // the passenger is ready at once
      orders.merchant_id[o] = -1;
      orders.pickup_x_m[o] = pickup.x_m;
      orders.pickup_y_m[o] = pickup.y_m;
      orders.dropoff_x_m[o] = dropoff.x_m;
      orders.dropoff_y_m[o] = dropoff.y_m;
      orders.distance_m[o] = road_distance_m(sc.world.travel, pickup, dropoff);
      orders.pickup_service_s[o] = sc.world.pickup_service_s;
      orders.dropoff_service_s[o] = sc.world.dropoff_service_s;
      // the fare is quoted on the platform's estimate of the trip time
      const double minutes = travel_time_s(sc.world.travel, Vehicle::CAR, pickup, dropoff, times[k]) / 60.0;
      orders.customer_fee_fen[o] = fare_fen(orders.distance_m[o] / kMetresPerKm, minutes, hour_of_day(times[k]), fare_);
      // passengers weigh the price per km against the reference (demand.response.reference_fee_yuan)
      const double per_km = fen_to_yuan(orders.customer_fee_fen[o]) / std::max(orders.distance_m[o] / kMetresPerKm, 0.5);
      detail::quote_job(sc, st, o, per_km);
    }
  }
}

void RideHailingTrade::add_kpis(const Scenario& /*sc*/, const Results& results, Summary& s) const {
  const OrderColumns& orders = results.orders;
  std::vector<double> waits;
  double with_passenger_s = 0.0, fares = 0.0;
  for (std::size_t o = 0; o < orders.size(); ++o) {
    if (orders.status[o] != static_cast<std::uint8_t>(OrderStatus::DELIVERED)) continue;
    waits.push_back((orders.picked_up_s[o] - orders.placed_s[o]) / 60.0);
    with_passenger_s += orders.delivered_s[o] - orders.picked_up_s[o];
    fares += fen_to_yuan(orders.customer_fee_fen[o]);
  }
  double online_s = 0.0;
  for (std::int32_t v : results.rider_days.online_s) online_s += v;
  const double n = static_cast<double>(waits.size());
  s.emplace_back("passenger_wait_mean_min", detail::mean(waits));
  s.emplace_back("passenger_wait_p90_min", detail::percentile(waits, 90));
  s.emplace_back("fare_mean_yuan", n > 0 ? fares / n : std::numeric_limits<double>::quiet_NaN());
  s.emplace_back("utilisation_with_passenger", online_s > 0 ? with_passenger_s / online_s : std::numeric_limits<double>::quiet_NaN());
}

std::shared_ptr<const Trade> compile(TradeSpec& spec) {
  const Scenario& kernel = spec.kernel;
  if (kernel.trace.has_orders()) fail("trace.orders", "ride_hailing replays no traces yet; remove the trace or use trade \"food\"");
  if (kernel.world.travel.speed_mps[static_cast<std::size_t>(Vehicle::CAR)] <= 0) {
    fail("world.travel.speed_kmh.car", "missing; ride_hailing quotes fares on a car's travel time");
  }
  RideHailingDemand d;
  Reader r = spec.top.object("demand");
  const auto per_hour = r.numbers("trips_per_hour", kHoursPerDay, Bounds::between(0.0, 1e7));
  std::copy(per_hour.begin(), per_hour.end(), d.trips_per_hour.begin());
  d.min_trip_m = r.number_or("min_trip_km", 1.0, Bounds::between(0.0, 100.0)) * kMetresPerKm;
  const double mean_trip_m = r.number("gravity_km", Bounds::between(0.1, 500.0)) * kMetresPerKm;
  Zones& z = d.zones;
  {
    Reader zr = r.object("zones");
    z.columns = static_cast<int>(zr.integer("columns", Bounds::between(1, 100)));
    z.rows = static_cast<int>(zr.integer("rows", Bounds::between(1, 100)));
    const std::size_t n = static_cast<std::size_t>(z.columns * z.rows);
    z.weights = zr.has("weights") ? zr.numbers("weights", n, Bounds::between(0.0, 1e9)) : std::vector<double>(n, 1.0);
    if (std::all_of(z.weights.begin(), z.weights.end(), [](double w) { return w <= 0.0; })) {
      fail(zr.path_of("weights"), "expected at least one zone with a weight > 0");
    }
    zr.finish();
  }
  z.zone_width_m = kernel.world.width_m / z.columns;
  z.zone_height_m = kernel.world.height_m / z.rows;
  detail::read_customer_side(r, spec.demand);

  // the gravity model: P(j | i) proportional to weight_j x exp(-distance_ij / gravity), as matrices
  const Eigen::Index n = z.columns * z.rows;
  Eigen::ArrayXd cx(n), cy(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const Point c = centre_of(z, static_cast<std::int32_t>(i));
    cx(i) = c.x_m;
    cy(i) = c.y_m;
  }
  const Eigen::ArrayXXd dx = cx.replicate(1, n) - cx.transpose().replicate(n, 1);
  const Eigen::ArrayXXd dy = cy.replicate(1, n) - cy.transpose().replicate(n, 1);
  const Eigen::ArrayXXd distance = (dx.square() + dy.square()).sqrt();
  const Eigen::Map<const Eigen::ArrayXd> w(z.weights.data(), n);
  Eigen::ArrayXXd attraction = (-distance / mean_trip_m).exp().rowwise() * w.transpose();
  const Eigen::ArrayXd row_sums = attraction.rowwise().sum();
  for (Eigen::Index i = 0; i < n; ++i) {
    if (row_sums(i) <= 0.0) fail("demand.zones.weights", "a zone can reach no destination with a weight > 0");
  }
  attraction.colwise() /= row_sums;
  z.destination_cdf.resize(static_cast<std::size_t>(n * n));
  for (Eigen::Index i = 0; i < n; ++i) {
    double cumulative = 0.0;
    for (Eigen::Index j = 0; j < n; ++j) z.destination_cdf[static_cast<std::size_t>(i * n + j)] = cumulative += attraction(i, j);
  }

  // repositioning: an idle driver heads for the zone with the most trip starts per minute of
  // driving to it, if it has `gain` times the starts of the zone the driver is in
  z.reposition_to.assign(static_cast<std::size_t>(n), -1);
  if (spec.top.has("repositioning")) {
    Reader rp = spec.top.object("repositioning");
    const double gain = rp.number_or("gain", 1.5, Bounds::between(1.0, 100.0));
    const double max_m = rp.number_or("max_km", 5.0, Bounds::above(0.0)) * kMetresPerKm;
    const double speed = kernel.world.travel.speed_mps[static_cast<std::size_t>(Vehicle::CAR)];
    const Eigen::ArrayXXd minutes = distance * kernel.world.travel.detour_factor / speed / 60.0;
    const Eigen::ArrayXXd score = (1.0 / (1.0 + minutes / 10.0)).rowwise() * w.transpose();
    for (Eigen::Index i = 0; i < n; ++i) {
      Eigen::Index best = i;
      score.row(i).maxCoeff(&best);
      if (best != i && w(best) >= gain * w(i) && distance(i, best) <= max_m) z.reposition_to[static_cast<std::size_t>(i)] = static_cast<std::int32_t>(best);
    }
    rp.finish();
  }
  r.finish();

  FareRules fare;
  Reader f = spec.rules.object("fare");
  fare.base_fen = detail::lever_fen(f, "rules.fare.base_yuan");
  fare.per_km_fen = detail::lever_fen(f, "rules.fare.per_km_yuan");
  fare.per_min_fen = detail::lever_fen(f, "rules.fare.per_min_yuan");
  fare.minimum_fen = detail::lever_fen(f, "rules.fare.minimum_yuan");
  fare.level = detail::lever(f, "rules.fare.level");
  fare.multiplier_by_hour.fill(1.0);
  fare.surge_by_hour.fill(1.0);
  if (f.has("multiplier_by_hour")) {
    const auto v = f.numbers("multiplier_by_hour", kHoursPerDay, Bounds::between(0.2, 10.0));
    std::copy(v.begin(), v.end(), fare.multiplier_by_hour.begin());
  }
  if (f.has("surge_by_hour")) {
    const auto v = f.numbers("surge_by_hour", kHoursPerDay, Bounds::between(1.0, 10.0));
    std::copy(v.begin(), v.end(), fare.surge_by_hour.begin());
  }
  f.finish();
  return std::make_shared<RideHailingTrade>(std::move(d), fare);
}

}  // namespace ridersim::trades::ride_hailing
