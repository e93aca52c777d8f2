// Express couriers: parcels in waves at franchise stations, door or locker, the station's cut.

#include "trades/courier/courier.hpp"

#include <array>
#include <algorithm>
#include <boost/random/discrete_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <cmath>
#include <limits>

#include "detail/world.hpp"
#include "ridersim/levers.hpp"
#include "ridersim/results.hpp"
#include "ridersim/state.hpp"
#include "ridersim/travel.hpp"

namespace ridersim::trades::courier {

using detail::Bounds;
using detail::fail;
using detail::Reader;

namespace {

constexpr TradeWords kWords{"courier", "couriers", "parcel", "parcels", "recipient", "recipients", "快递员", "快件", "收件人", "brand"};
// the figures its people look for first, in the order of the headline table
constexpr std::array<std::string_view, 22> kHeadline{
    "orders_delivered", "orders_undelivered", "ctd_mean_min", "on_time_rate", "parcels_per_courier_day",
    "share_door_deliveries", "complaints_per_1000_parcels", "fines_per_courier_day_yuan", "rider_days",
    "worker_gross_per_online_hour_mean", "worker_net_after_costs_per_online_hour_mean",
    "rider_net_per_online_hour_p10", "rider_net_per_online_hour_p50", "rider_net_per_online_hour_p90",
    "worker_net_per_day_mean_yuan", "worker_net_per_month_mean_yuan", "share_rider_days_below_min_wage",
    "pay_in_arrears_yuan", "arrears_covered_by_guarantee_yuan", "balance_station_yuan",
    "balance_platform_yuan", "ledger_imbalance_fen"};

std::vector<const Hotspot*> stations_of(const World& world) {
  std::vector<const Hotspot*> out;
  for (const auto& h : world.hotspots) {
    if (h.kind == HotspotKind::MERCHANT_CLUSTER) out.push_back(&h);
  }
  return out;
}

}  // namespace

const TradeWords& CourierTrade::words() const { return kWords; }

std::span<const std::string_view> CourierTrade::headline_kpis() const { return kHeadline; }

double CourierTrade::expected_jobs(const Scenario& sc) const {
  double per_day = 0.0;
  for (const Wave& w : demand_.waves) per_day += w.parcels;
  return per_day * sc.horizon.days;
}

Point CourierTrade::login_place(const Scenario& sc, Engine& rng) const {
  // couriers start the day at a station, by its weight
  const auto stations = stations_of(sc.world);
  std::vector<double> weights;
  for (const auto* s : stations) weights.push_back(s->weight);
  boost::random::discrete_distribution<std::size_t, double> which(weights.begin(), weights.end());
  return stations[which(rng)]->center;
}

void CourierTrade::draw_jobs(const Scenario& sc, SimulationState& st) const {
  const auto stations = stations_of(sc.world);
  for (const auto* s : stations) st.merchant_position.push_back(s->center);
  OrderColumns& orders = st.results.orders;
  boost::random::uniform_01<double> u;
  const detail::PlaceSampler door_place(sc, HotspotKind::RESIDENTIAL, demand_.share_in_residential);
  for (std::int32_t d = 0; d < sc.horizon.days; ++d) {
    Engine rng = make_stream(Stream::ORDER_ARRIVALS, static_cast<std::uint64_t>(d), st.seed);
    for (const Wave& wave : demand_.waves) {
      const std::int32_t at = d * kSecondsPerDay + static_cast<std::int32_t>(std::lround(wave.hour * 3600.0));
      const double festival = sc.world.is_festival_day(d) ? sc.demand.festival_factor : 1.0;
      boost::random::poisson_distribution<std::int32_t, double> count(wave.parcels * festival);
      const std::int32_t n = count(rng);
      const std::size_t first = orders.size();
      orders.resize(first + static_cast<std::size_t>(n));
      for (std::int32_t k = 0; k < n; ++k) {
        const std::size_t o = first + static_cast<std::size_t>(k);
        const Point door = door_place(rng);
        // the station that serves the recipient: the nearest
        std::size_t station = 0;
        for (std::size_t s = 1; s < stations.size(); ++s) {
          if (distance_m(door, stations[s]->center) < distance_m(door, stations[station]->center)) station = s;
        }
        const bool locker = u(rng) < demand_.locker_share;
        orders.day[o] = d;
        orders.placed_s[o] = orders.ready_s[o] = at;
        orders.merchant_id[o] = static_cast<std::int32_t>(station);
        orders.pickup_x_m[o] = stations[station]->center.x_m;
        orders.pickup_y_m[o] = stations[station]->center.y_m;
        orders.dropoff_x_m[o] = door.x_m;
        orders.dropoff_y_m[o] = door.y_m;
        orders.distance_m[o] = road_distance_m(sc.world.travel, stations[station]->center, door);
        orders.pickup_service_s[o] = sc.world.pickup_service_s;
        orders.dropoff_service_s[o] = locker ? demand_.locker_service_s : demand_.door_service_s;
        orders.left_at_locker[o] = locker ? 1 : 0;
        orders.customer_fee_fen[o] = demand_.dispatch_fee_fen;
        // recipients do not choose: every parcel is delivered or missed
        detail::quote_job(sc, st, o, std::nullopt);
      }
    }
  }
}

void CourierTrade::add_kpis(const Scenario& /*sc*/, const Results& results, Summary& s) const {
  const OrderColumns& orders = results.orders;
  double delivered = 0, door = 0, complaints = 0;
  for (std::size_t o = 0; o < orders.size(); ++o) {
    if (orders.status[o] != static_cast<std::uint8_t>(OrderStatus::DELIVERED)) continue;
    delivered += 1;
    door += orders.left_at_locker[o] ? 0 : 1;
    complaints += orders.bad_review[o];
  }
  Fen fines = 0, arrears = 0, covered = 0;
  results.ledger.for_each(orders, [&](const Transfer& t) {
    if (t.kind == Money::BAD_REVIEW_FINE) fines += t.amount_fen;
    if (t.kind == Money::PAY_ARREARS) arrears += t.amount_fen;
    if (t.kind == Money::GUARANTEE_PAYOUT) covered += t.amount_fen;
  });
  const double days = static_cast<double>(results.rider_days.size());
  const double nan = std::numeric_limits<double>::quiet_NaN();
  s.emplace_back("parcels_per_courier_day", days > 0 ? delivered / days : nan);
  s.emplace_back("share_door_deliveries", delivered > 0 ? door / delivered : nan);
  s.emplace_back("complaints_per_1000_parcels", delivered > 0 ? 1000.0 * complaints / delivered : nan);
  s.emplace_back("fines_per_courier_day_yuan", days > 0 ? fen_to_yuan(fines) / days : nan);
  s.emplace_back("pay_in_arrears_yuan", fen_to_yuan(arrears));
  s.emplace_back("arrears_covered_by_guarantee_yuan", fen_to_yuan(covered));
}

std::shared_ptr<const Trade> compile(TradeSpec& spec) {
  const Scenario& kernel = spec.kernel;
  if (kernel.trace.has_orders()) fail("trace.orders", "courier replays no traces yet; remove the trace or use trade \"food\"");
  if (stations_of(kernel.world).empty()) {
    fail("world.hotspots", "a courier scenario needs at least one \"merchant_cluster\" hotspot: its franchise station(s)");
  }
  CourierDemand d;
  Reader r = spec.top.object("demand");
  double last = -1.0;
  for (auto& w : r.objects("waves", 1)) {
    Wave wave;
    wave.hour = w.number("hour", Bounds::between(0.0, 23.99));
    if (wave.hour <= last) fail(w.path_of("hour"), "expected waves in ascending hour, after " + detail::number_text(last));
    last = wave.hour;
    wave.parcels = w.number("parcels", Bounds::between(0.0, 1e6));
    w.finish();
    d.waves.push_back(wave);
  }
  d.share_in_residential = r.number_or("share_in_residential", 0.0, Bounds::between(0.0, 1.0));
  d.locker_share = r.number("locker_share", Bounds::between(0.0, 1.0));
  d.door_service_s = static_cast<std::int32_t>(std::lround(r.number("door_service_min", Bounds::between(0.0, 60.0)) * 60.0));
  d.locker_service_s = static_cast<std::int32_t>(std::lround(r.number("locker_service_min", Bounds::between(0.0, 60.0)) * 60.0));
  detail::read_customer_side(r, spec.demand);
  r.finish();
  Reader p = spec.rules.object("parcel");
  d.dispatch_fee_fen = detail::lever_fen(p, "rules.parcel.dispatch_fee_yuan");
  p.finish();
  return std::make_shared<CourierTrade>(std::move(d));
}

}  // namespace ridersim::trades::courier
