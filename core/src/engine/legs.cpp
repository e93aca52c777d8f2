// A leg of a rider's route: the choice to ride legally or not, the ride, the crash risk.

#include <algorithm>
#include <cmath>

#include "detail/settlement.hpp"
#include "ridersim/behaviour.hpp"
#include "ridersim/pay.hpp"
#include "ridersim/rng.hpp"
#include "ridersim/travel.hpp"

namespace ridersim::detail {

void start_reposition(const Scenario& sc, SimulationState& st, std::int32_t rider, Point to) {
  const Vehicle vehicle = sc.rider_types[st.rider_type[rider]].vehicle;
  const Point from = st.rider_position[rider];
  const std::int32_t ride_s = legal_travel_s(sc, vehicle, from, to, st.now_s);
  WorkerDayTotals& totals = st.workers[rider].today;
  const double metres = road_distance_m(sc.world.travel, from, to);
  totals.travel_s += ride_s;
  totals.distance_m += metres;
  totals.empty_distance_m += metres;
  st.rider_position[rider] = to;
  st.rider_status[rider] = RiderStatus::REPOSITIONING;
  st.workers[rider].leg_end_s = st.now_s + ride_s;
  st.push(st.workers[rider].leg_end_s, EventType::RIDER_ARRIVES, rider);
}

void start_next_leg(const Scenario& sc, SimulationState& st, std::int32_t rider, std::int32_t depart_s) {
  Worker& worker = st.workers[rider];
  const Stop stop = worker.route.front();
  const std::int32_t o = stop.order_id;
  const StopKind kind = stop.kind;
  OrderColumns& orders = st.results.orders;
  const Vehicle vehicle = sc.rider_types[st.rider_type[rider]].vehicle;
  const Point from = st.rider_position[rider];
  const Point merchant{orders.pickup_x_m[o], orders.pickup_y_m[o]};
  const Point customer{orders.dropoff_x_m[o], orders.dropoff_y_m[o]};
  const Point to = kind == StopKind::PICKUP ? merchant : customer;
  const std::int32_t legal_s = legal_travel_s(sc, vehicle, from, to, depart_s);

  const Behaviour& b = sc.behaviour;
  const std::uint64_t leg = static_cast<std::uint64_t>(o) * 2 + (kind == StopKind::PICKUP ? 0 : 1);
  bool violating = false;
  double p_violate = 0.0;
  if (b.enabled) {  // riders without a behaviour never violate: nothing to weigh or draw
    // what is left of the promise against what riding legally still needs
    double needed_s = legal_s + orders.dropoff_service_s[o];
    if (kind == StopKind::PICKUP) {
      const std::int32_t wait_s = std::max(0, orders.ready_s[o] - (depart_s + legal_s));
      needed_s += wait_s + orders.pickup_service_s[o] + legal_travel_s(sc, vehicle, merchant, customer, depart_s);
    }
    const double spare_s = orders.promised_s[o] - depart_s - needed_s;
    const double slack = spare_s / std::max(needed_s, 1.0);
    orders.minutes_short[o] = std::max(orders.minutes_short[o], -spare_s / 60.0);
    const double order_pay = static_cast<double>(orders.quoted_pay_fen[o]);
    const double bonus_at_stake = worker.today.violations == 0 ? static_cast<double>(sc.rules.pay.safety_bonus_fen) : 0.0;
    // an abnormal order's rider knows it carries no sanction
    const bool exempt = exempt_from_lateness(orders.placed_s[o], orders.ready_s[o], sc.demand.prep_mean_s, sc.rules.lateness);
    p_violate = violation_probability(slack, exempt ? 0.0 : expected_sanction_share(sc.rules.lateness, b),
                                      order_pay > 0 ? bonus_at_stake / order_pay : 0.0, b);
    violating = hashed_uniform(Stream::RIDER_VIOLATIONS, worker.key, leg, st.allocation_seed) < p_violate;
  }
  const std::int32_t ride_s =
      violating ? static_cast<std::int32_t>(std::ceil(legal_s * b.violation_time_factor - 1e-9)) : legal_s;

  WorkerDayTotals& totals = worker.today;
  totals.travel_s += ride_s;
  if (violating) {
    orders.violations[o] += 1;
    totals.violations += 1;
  }
  const double km = road_distance_m(sc.world.travel, from, to) / 1000.0;
  totals.distance_m += km * 1000.0;
  // driving with nothing on board (every drop-off still ahead has its pickup ahead too) is empty
  const auto& route = worker.route;
  const auto pickups = std::count_if(route.begin(), route.end(), [](const Stop& s) { return s.kind == StopKind::PICKUP; });
  if (2 * static_cast<std::size_t>(pickups) == route.size()) totals.empty_distance_m += km * 1000.0;
  const double online_h = (depart_s - worker.login_s) / 3600.0;
  // the leg's crash probability ridden legally and in violation (none without a behaviour)
  double p_legal = 0.0, p_violating = 0.0;
  if (b.enabled) {
    const WeatherPeriod* weather = sc.world.weather_at(depart_s);
    const double wet = weather ? weather->crash_factor : 1.0;
    p_legal = crash_probability(km, false, online_h, b, wet);
    p_violating = crash_probability(km, true, online_h, b, wet);
  }
  const double p_crash = violating ? p_violating : p_legal;
  // the expected crashes of the leg, over the choice to violate rather than the one drawn: the same
  // mean as the crashes drawn, without the noise of so rare an event
  orders.crash_risk[o] += p_violate * p_violating + (1.0 - p_violate) * p_legal;
  // a draw is needed only where a crash can happen (the draws are stateless: skipping one shifts none)
  if (p_crash > 0.0 && hashed_uniform(Stream::RIDER_CRASHES, worker.key, leg, st.allocation_seed) < p_crash) {
    orders.crash[o] = 1;
    totals.crashes += 1;
    worker.crashed = true;
  }

  st.rider_position[rider] = to;
  const std::int32_t arrive_s = depart_s + ride_s;
  // a drop-off event marks the end of the service at the door
  worker.leg_end_s = kind == StopKind::PICKUP ? arrive_s : arrive_s + orders.dropoff_service_s[o];
  st.push(worker.leg_end_s, EventType::RIDER_ARRIVES, rider);
}

}  // namespace ridersim::detail
