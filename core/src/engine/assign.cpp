// Carrying out a policy's offers: the worker's choice, the route, the first leg.

#include "detail/assign.hpp"

#include <algorithm>

#include "detail/route.hpp"
#include "detail/settlement.hpp"
#include "ridersim/behaviour.hpp"
#include "ridersim/dispatch.hpp"
#include "ridersim/rng.hpp"
#include "ridersim/travel.hpp"

namespace ridersim::detail {

namespace {
Point merchant_of(const SimulationState& st, std::int32_t order) {
  return {st.results.orders.pickup_x_m[order], st.results.orders.pickup_y_m[order]};
}
}  // namespace

void assign_order(const Scenario& sc, SimulationState& st, std::int32_t order, std::int32_t rider) {
  const std::size_t end = st.workers[rider].route.size();
  assign_order_at(sc, st, order, rider, end, end + 1);
}

void assign_order_at(const Scenario& sc, SimulationState& st, std::int32_t order, std::int32_t rider,
                     std::size_t pickup_at, std::size_t dropoff_at) {
  OrderColumns& orders = st.results.orders;
  orders.assigned_s[order] = st.now_s;
  orders.rider_id[order] = rider;
  st.waiting_dirty = true;  // the order leaves the waiting list at the next compaction
  detail::Insertion at;
  at.pickup_at = pickup_at;
  at.dropoff_at = dropoff_at;
  detail::insert_order(st, rider, order, at);
  if (st.rider_status[rider] == RiderStatus::IDLE) {
    st.idle_riders.remove(rider);
    st.rider_status[rider] = RiderStatus::BUSY;
    st.workers[rider].busy_since_s = st.now_s;
    detail::start_next_leg(sc, st, rider, st.now_s);
  }
}

bool offer_order(const Scenario& sc, SimulationState& st, std::int32_t order, std::int32_t rider) {
  const std::size_t end = st.workers[rider].route.size();
  return offer_order_at(sc, st, order, rider, end, end + 1);
}

bool offer_order_at(const Scenario& sc, SimulationState& st, std::int32_t order, std::int32_t rider,
                    std::size_t pickup_at, std::size_t dropoff_at) {
  OrderColumns& orders = st.results.orders;
  WorkerDayTotals& totals = st.workers[rider].today;
  orders.offers[order] += 1;
  totals.offers += 1;
  const RiderType& type = sc.rider_types[st.rider_type[rider]];
  bool accepted = true;
  if (type.employment == Employment::CROWDSOURCED && sc.behaviour.enabled) {
    // the offer's surplus: its pay against the reservation wage for the time it takes
    const double pay_yuan = fen_to_yuan(orders.quoted_pay_fen[order]);
    const std::int32_t pickup_s = pickup_travel_s(sc, st, order, rider);
    const std::int32_t leg_s =
        travel_time_s(sc.world.travel, type.vehicle, merchant_of(st, order),
                      {orders.dropoff_x_m[order], orders.dropoff_y_m[order]}, st.now_s);
    const double busy_h = (std::max(pickup_s, orders.ready_s[order] - st.now_s) + orders.pickup_service_s[order] + leg_s +
                           orders.dropoff_service_s[order]) /
                          3600.0;
    double surplus = pay_yuan - type.reservation_wage_yuan_per_h * busy_h;
    // a worker whom a rejection would put below a completion gate weighs the bonus it protects
    const MultiplierRules& gate = sc.rules.multiplier;
    if (gate.min_completion_rate > 0.0 && sc.labour_supply.responds_on(Margin::GATES)) {
      const auto& route = st.workers[rider].route;
      const auto in_hand = std::count_if(route.begin(), route.end(), [](const Stop& s) { return s.kind == StopKind::DROPOFF; });
      if (static_cast<double>(totals.orders + in_hand) / totals.offers < gate.min_completion_rate) {
        const double planned_h = st.results.rider_days.shift_s[static_cast<std::size_t>(st.workers[rider].day_row)] / 3600.0;
        surplus += gate_bonus_at_stake_yuan(sc, st, rider, std::max(planned_h, gate.min_online_h));
      }
    }
    const double online_h = (st.now_s - st.workers[rider].login_s) / 3600.0;
    const double p = acceptance_probability(surplus, sc.rules.dispatch.rejection_penalty, sc.behaviour, online_h);
    accepted = hashed_uniform(Stream::RIDER_OFFERS, st.workers[rider].key, static_cast<std::uint64_t>(order), st.allocation_seed) < p;
  }
  if (!accepted) {
    totals.rejections += 1;
    return false;
  }
  assign_order_at(sc, st, order, rider, pickup_at, dropoff_at);
  return true;
}

}  // namespace ridersim::detail
