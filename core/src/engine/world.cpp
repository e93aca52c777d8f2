// The random world of a run. Every draw comes from a stream owned by one purpose and agent.

#include <algorithm>
#include <boost/random/discrete_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>
#include <numeric>

#include "detail/world.hpp"
#include "ridersim/behaviour.hpp"
#include "ridersim/pay.hpp"
#include "ridersim/promise.hpp"
#include "ridersim/travel.hpp"

namespace ridersim::detail {

namespace {

// lognormal with the given mean and standard deviation (not those of the log)
boost::random::lognormal_distribution<double> lognormal_with(double mean, double sd) {
  const double sigma2 = std::log(1.0 + (sd * sd) / (mean * mean));
  return boost::random::lognormal_distribution<double>(std::log(mean) - sigma2 / 2.0, std::sqrt(sigma2));
}

Point clamp_to_area(const World& world, Point p) {
  return {std::clamp(p.x_m, 0.0, world.width_m), std::clamp(p.y_m, 0.0, world.height_m)};
}

Point uniform_point(const World& world, Engine& rng) {
  boost::random::uniform_01<double> u;
  const double x = u(rng) * world.width_m;
  const double y = u(rng) * world.height_m;
  return {x, y};
}

}  // namespace

Point draw_place(const Scenario& scenario, Engine& rng, HotspotKind kind, double share_in_hotspots) {
  const World& world = scenario.world;
  boost::random::uniform_01<double> u;
  const double pick = u(rng);
  std::vector<double> weights;
  std::vector<const Hotspot*> spots;
  for (const auto& h : world.hotspots) {
    if (h.kind == kind) {
      weights.push_back(h.weight);
      spots.push_back(&h);
    }
  }
  if (spots.empty() || pick >= share_in_hotspots) return uniform_point(world, rng);
  boost::random::discrete_distribution<std::size_t, double> which(weights.begin(), weights.end());
  const Hotspot& spot = *spots[which(rng)];
  boost::random::normal_distribution<double> offset(0.0, spot.radius_m);
  const double dx = offset(rng);
  const double dy = offset(rng);
  return clamp_to_area(world, {spot.center.x_m + dx, spot.center.y_m + dy});
}

std::vector<Point> draw_merchants(const Scenario& scenario, std::uint64_t seed) {
  const Trace& trace = scenario.trace;
  if (trace.has_orders()) {
    // a replay's merchants are where its orders are picked up
    const auto n = *std::max_element(trace.merchant_id.begin(), trace.merchant_id.end()) + 1;
    std::vector<Point> merchants(static_cast<std::size_t>(n));
    for (std::size_t o = 0; o < trace.placed_s.size(); ++o) merchants[trace.merchant_id[o]] = {trace.pickup_x_m[o], trace.pickup_y_m[o]};
    return merchants;
  }
  Engine rng = make_stream(Stream::MERCHANT_PLACEMENT, 0, seed);
  std::vector<Point> merchants(scenario.demand.n_merchants);
  for (auto& m : merchants) {
    m = draw_place(scenario, rng, HotspotKind::MERCHANT_CLUSTER, scenario.demand.merchant_share_in_clusters);
  }
  return merchants;
}

namespace {
// a replay's orders as recorded; the promise still follows the rules
void copy_trace_orders(const Scenario& sc, SimulationState& st) {
  const Trace& t = sc.trace;
  OrderColumns& orders = st.results.orders;
  orders.resize(t.placed_s.size());
  for (std::size_t o = 0; o < t.placed_s.size(); ++o) {
    orders.day[o] = t.placed_s[o] / kSecondsPerDay;
    orders.placed_s[o] = t.placed_s[o];
    orders.ready_s[o] = t.ready_s[o];
    orders.merchant_id[o] = t.merchant_id[o];
    orders.pickup_x_m[o] = t.pickup_x_m[o];
    orders.pickup_y_m[o] = t.pickup_y_m[o];
    orders.dropoff_x_m[o] = t.dropoff_x_m[o];
    orders.dropoff_y_m[o] = t.dropoff_y_m[o];
    orders.distance_m[o] = road_distance_m(sc.world.travel, {t.pickup_x_m[o], t.pickup_y_m[o]}, {t.dropoff_x_m[o], t.dropoff_y_m[o]});
    orders.basket_fen[o] = t.basket_fen[o];
    const double median = predicted_median_s(orders.distance_m[o], t.placed_s[o], sc.demand, sc.world, sc.rules.promise);
    orders.promised_s[o] = t.placed_s[o] + promised_duration_s(median, sc.rules.promise);
    orders.customer_fee_fen[o] = customer_fee_fen(orders.distance_m[o], is_night(t.placed_s[o], sc.rules.pay), sc.rules.customer_fee);
  }
}
}  // namespace

void draw_orders(const Scenario& sc, SimulationState& st) {
  if (sc.trace.has_orders()) {
    copy_trace_orders(sc, st);
    return;
  }
  const Demand& demand = sc.demand;
  const World& world = sc.world;
  OrderColumns& orders = st.results.orders;
  const auto n_merchants = static_cast<std::int32_t>(st.merchant_position.size());
  auto prep = lognormal_with(demand.prep_mean_s, std::max(demand.prep_sd_s, 1e-9));
  auto basket = lognormal_with(demand.basket_mean_yuan, std::max(demand.basket_sd_yuan, 1e-9));
  boost::random::uniform_01<double> u;
  boost::random::uniform_int_distribution<std::int32_t> any_merchant(0, n_merchants - 1);

  std::vector<std::int32_t> times;
  std::vector<std::int32_t> cuts;
  for (std::int32_t d = 0; d < sc.horizon.days; ++d) {
    Engine rng = make_stream(Stream::ORDER_ARRIVALS, static_cast<std::uint64_t>(d), st.seed);
    const std::int32_t day_start = d * kSecondsPerDay;

    // a non-homogeneous Poisson process, piecewise constant between hour and weather boundaries;
    // potential orders arrive at the reference rate x max_uplift and some are deterred below
    const std::int32_t open_s = day_start + static_cast<std::int32_t>(std::lround(sc.horizon.start_h * 3600.0));
    const std::int32_t close_s = day_start + static_cast<std::int32_t>(std::lround(sc.horizon.end_h * 3600.0));
    cuts.clear();
    cuts.push_back(open_s);
    cuts.push_back(close_s);
    for (int h = 1; h < kHoursPerDay; ++h) cuts.push_back(day_start + h * 3600);
    for (const auto& w : world.weather) {
      cuts.push_back(w.start_s);
      cuts.push_back(w.end_s);
    }
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    times.clear();
    for (std::size_t c = 0; c + 1 < cuts.size(); ++c) {
      const std::int32_t from = cuts[c];
      const std::int32_t to = cuts[c + 1];
      if (from < open_s || to > close_s) continue;  // outside the day's ordering hours
      const WeatherPeriod* weather = world.weather_at(from);
      const double rate_per_s = demand.orders_per_hour[(from - day_start) / 3600] / 3600.0 * demand.response.max_uplift *
                                (weather ? weather->demand_factor : 1.0);
      if (rate_per_s <= 0.0) continue;
      boost::random::poisson_distribution<std::int32_t, double> count(rate_per_s * (to - from));
      const std::int32_t n = count(rng);
      for (std::int32_t i = 0; i < n; ++i) {
        times.push_back(from + static_cast<std::int32_t>(std::floor(u(rng) * (to - from))));
      }
    }
    std::sort(times.begin(), times.end());

    const std::size_t first = orders.size();
    orders.resize(first + times.size());
    for (std::size_t k = 0; k < times.size(); ++k) {
      const std::size_t o = first + k;
      const Point customer = draw_place(sc, rng, HotspotKind::RESIDENTIAL, demand.customer_share_in_residential);
      // customers order from a merchant within the delivery radius: a few tries, then a
      // customer placed within the radius of the last merchant drawn
      std::int32_t merchant = 0;
      Point dropoff = customer;
      bool found = false;
      for (int attempt = 0; attempt < 64 && !found; ++attempt) {
        merchant = any_merchant(rng);
        found = distance_m(st.merchant_position[merchant], customer) <= demand.delivery_radius_m;
      }
      if (!found) {
        const double r = demand.delivery_radius_m * std::sqrt(u(rng));
        const double a = 2.0 * 3.141592653589793 * u(rng);
        const Point m = st.merchant_position[merchant];
        dropoff = {std::clamp(m.x_m + r * std::cos(a), 0.0, world.width_m),
                   std::clamp(m.y_m + r * std::sin(a), 0.0, world.height_m)};
      }
      const Point pickup = st.merchant_position[merchant];
      orders.day[o] = d;
      orders.placed_s[o] = times[k];
      orders.merchant_id[o] = merchant;
      orders.pickup_x_m[o] = pickup.x_m;
      orders.pickup_y_m[o] = pickup.y_m;
      orders.dropoff_x_m[o] = dropoff.x_m;
      orders.dropoff_y_m[o] = dropoff.y_m;
      orders.distance_m[o] = road_distance_m(world.travel, pickup, dropoff);
      orders.ready_s[o] = times[k] + static_cast<std::int32_t>(std::lround(prep(rng)));
      orders.basket_fen[o] = yuan_to_fen(basket(rng));

      // what the customer is quoted, and whether that deters them (a draw of the order's own)
      const double median = predicted_median_s(orders.distance_m[o], times[k], demand, world, sc.rules.promise);
      const std::int32_t promise = promised_duration_s(median, sc.rules.promise);
      orders.promised_s[o] = times[k] + promise;
      orders.customer_fee_fen[o] =
          customer_fee_fen(orders.distance_m[o], is_night(times[k], sc.rules.pay), sc.rules.customer_fee);
      const double p_order = order_probability(fen_to_yuan(orders.customer_fee_fen[o]), promise / 60.0, demand.response);
      if (hashed_uniform(Stream::CUSTOMER_CHOICE, o, 0, st.seed) >= p_order) {
        orders.status[o] = static_cast<std::uint8_t>(OrderStatus::DETERRED);
      }
    }
  }
}

}  // namespace ridersim::detail
