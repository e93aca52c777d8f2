// Food delivery: merchants, meal orders from customers nearby, delivery fees, replays of real days.

#include "trades/food/food.hpp"

#include <array>
#include <algorithm>
#include <boost/random/uniform_01.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>
#include <numbers>

#include "detail/world.hpp"
#include "trades/food/merchants_nearby.hpp"
#include "ridersim/levers.hpp"
#include "ridersim/pay.hpp"
#include "ridersim/state.hpp"
#include "ridersim/travel.hpp"

namespace ridersim::trades::food {

using detail::Bounds;
using detail::fail;
using detail::Reader;

namespace {

// customers drawn, at most, before one with a merchant within reach
constexpr int kCustomerDraws = 16;

constexpr TradeWords kWords{"rider", "riders", "order", "orders", "customer", "customers", "骑手", "订单", "顾客"};
// the figures its people look for first, in the order of the headline table
constexpr std::array<std::string_view, 29> kHeadline{
    "orders_placed", "orders_delivered", "orders_deterred", "ctd_mean_min", "ctd_p90_min", "on_time_rate",
    "violations_per_1000_orders", "crashes_per_million_orders", "expected_crashes_per_million_orders",
    "share_jobs_pressed", "rider_days", "rider_net_per_online_hour_p10",
    "rider_net_per_online_hour_p50", "rider_net_per_online_hour_p90", "worker_net_per_day_mean_yuan",
    "worker_net_per_month_mean_yuan.high_frequency", "weekly_online_hours_mean.high_frequency",
    "share_rider_days_over_10_online_hours", "share_rider_days_below_min_wage",
    "share_rider_days_below_min_wage_floor_hours", "rider_utilisation_mean", "penalties_per_rider_day_yuan",
    "bonuses_per_rider_day_yuan", "customer_fee_mean_yuan", "commission_rate_effective",
    "rider_cost_per_order_yuan", "worker_share_of_platform_collections", "platform_net_revenue_yuan",
    "ledger_imbalance_fen"};

std::vector<Point> draw_merchants(const Scenario& sc, const FoodDemand& demand, std::uint64_t seed) {
  const Trace& trace = sc.trace;
  if (trace.has_orders()) {
    // a replay's merchants are where its orders are picked up
    const auto n = *std::max_element(trace.merchant_id.begin(), trace.merchant_id.end()) + 1;
    std::vector<Point> merchants(static_cast<std::size_t>(n));
    for (std::size_t o = 0; o < trace.placed_s.size(); ++o) merchants[trace.merchant_id[o]] = {trace.pickup_x_m[o], trace.pickup_y_m[o]};
    return merchants;
  }
  Engine rng = make_stream(Stream::MERCHANT_PLACEMENT, 0, seed);
  std::vector<Point> merchants(demand.n_merchants);
  const detail::PlaceSampler place(sc, HotspotKind::MERCHANT_CLUSTER, demand.merchant_share_in_clusters);
  for (auto& m : merchants) m = place(rng);
  return merchants;
}

// a replay's orders as recorded; the fee follows the rules, and so do the promise and the
// service times unless the trace gives each order its own
void copy_trace_orders(const Scenario& sc, const CustomerFeeRules& fee, SimulationState& st) {
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
    orders.pickup_service_s[o] = t.pickup_service_s.empty() ? sc.world.pickup_service_s : t.pickup_service_s[o];
    orders.dropoff_service_s[o] = t.dropoff_service_s.empty() ? sc.world.dropoff_service_s : t.dropoff_service_s[o];
    orders.customer_fee_fen[o] = customer_fee_fen(orders.distance_m[o], is_night(t.placed_s[o], sc.rules.pay), fee);
    detail::quote_job(sc, st, o, std::nullopt);
    // an order placed for later (its meal due after the customer's patience would run out) is
    // booked: it reaches dispatch a preparation time before its meal, the customer waits from
    // then, and the promise runs from then too
    if (t.ready_s[o] - t.placed_s[o] > sc.demand.cancel_after_unassigned_s) {
      orders.release_s[o] = std::max(t.placed_s[o], t.ready_s[o] - static_cast<std::int32_t>(std::lround(sc.demand.prep_mean_s)));
      orders.promised_s[o] += orders.release_s[o] - t.placed_s[o];
    }
    if (!t.promised_s.empty()) orders.promised_s[o] = t.promised_s[o];
  }
}

}  // namespace

const TradeWords& FoodTrade::words() const { return kWords; }

std::span<const std::string_view> FoodTrade::headline_kpis() const { return kHeadline; }

double FoodTrade::expected_jobs(const Scenario& sc) const {
  return sc.trace.has_orders() ? static_cast<double>(sc.trace.placed_s.size()) : detail::expected_arrivals(sc, demand_.orders_per_hour);
}

Point FoodTrade::login_place(const Scenario& sc, Engine& rng) const {
  // riders wait where the restaurants are
  return detail::draw_place(sc, rng, HotspotKind::MERCHANT_CLUSTER, demand_.merchant_share_in_clusters);
}

void FoodTrade::draw_jobs(const Scenario& sc, SimulationState& st) const {
  st.merchant_position = draw_merchants(sc, demand_, st.seed);
  if (sc.trace.has_orders()) {
    copy_trace_orders(sc, fee_, st);
    return;
  }
  const World& world = sc.world;
  OrderColumns& orders = st.results.orders;
  const auto n_merchants = static_cast<std::int32_t>(st.merchant_position.size());
  auto prep = detail::lognormal_with(sc.demand.prep_mean_s, std::max(demand_.prep_sd_s, 1e-9));
  auto basket = detail::lognormal_with(demand_.basket_mean_yuan, std::max(demand_.basket_sd_yuan, 1e-9));
  boost::random::uniform_01<double> u;
  boost::random::uniform_int_distribution<std::int32_t> any_merchant(0, n_merchants - 1);
  const detail::PlaceSampler customer_place(sc, HotspotKind::RESIDENTIAL, demand_.customer_share_in_residential);
  const MerchantsNearby nearby(st.merchant_position, world.width_m, world.height_m, demand_.delivery_radius_m);

  for (std::int32_t d = 0; d < sc.horizon.days; ++d) {
    Engine rng = make_stream(Stream::ORDER_ARRIVALS, static_cast<std::uint64_t>(d), st.seed);
    const std::vector<std::int32_t> times = detail::draw_arrival_times(sc, rng, d, demand_.orders_per_hour);
    const std::size_t first = orders.size();
    orders.resize(first + times.size());
    for (std::size_t k = 0; k < times.size(); ++k) {
      const std::size_t o = first + k;
      // customers order from a merchant within the delivery radius, drawn uniformly among those;
      // a customer with none within reach orders nothing, and another is drawn
      Point dropoff{};
      std::int32_t merchant = -1;
      for (int attempt = 0; attempt < kCustomerDraws && merchant < 0; ++attempt) {
        dropoff = customer_place(rng);
        merchant = nearby.draw(dropoff, rng);
      }
      if (merchant < 0) {
        // the merchants reach almost none of the customers: a customer within the radius of a
        // merchant drawn at random
        merchant = any_merchant(rng);
        const double r = demand_.delivery_radius_m * std::sqrt(u(rng));
        const double a = 2.0 * std::numbers::pi * u(rng);
        const Point m = st.merchant_position[merchant];
        dropoff = detail::clamp_to_area(world, {m.x_m + r * std::cos(a), m.y_m + r * std::sin(a)});
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
      // merchants may put a share of the commission into the menu price
      const Fen menu_fen = yuan_to_fen(basket(rng));
      const Fen markup_fen = share_of(menu_fen, sc.rules.pass_through.commission_to_prices * sc.rules.commission.merchant_rate);
      orders.basket_fen[o] = menu_fen + markup_fen;
      orders.pickup_service_s[o] = world.pickup_service_s;
      orders.dropoff_service_s[o] = world.dropoff_service_s;
      orders.customer_fee_fen[o] = customer_fee_fen(orders.distance_m[o], is_night(times[k], sc.rules.pay), fee_);
      // customers weigh what the delivery costs them on top of the meal: the fee, a peak fee on
      // the basket, and the commission merchants passed into the menu
      const double peak = peak_fee_share(world.is_festival_day(d), times[k], sc.rules.pay);
      const Fen extra_fen = share_of(orders.basket_fen[o], peak) + markup_fen;
      detail::quote_job(sc, st, o, fen_to_yuan(orders.customer_fee_fen[o] + extra_fen));
    }
  }
}

std::shared_ptr<const Trade> compile(TradeSpec& spec) {
  Reader& top = spec.top;
  const World& world = spec.kernel.world;
  FoodDemand d;
  Demand& kernel = spec.demand;
  if (spec.kernel.trace.has_orders() && !top.has("demand")) {
    // a replay draws no orders: customers wait as long as it takes
    kernel.cancel_after_unassigned_s = kSecondsPerDay;
  } else {
    Reader r = top.object("demand");
    const auto per_hour = r.numbers("orders_per_hour", kHoursPerDay, Bounds::between(0.0, 1e7));
    std::copy(per_hour.begin(), per_hour.end(), d.orders_per_hour.begin());
    Reader merchants = r.object("merchants");
    d.n_merchants = static_cast<std::int32_t>(merchants.integer("count", Bounds::between(1, 1e7)));
    d.merchant_share_in_clusters = merchants.number("share_in_clusters", Bounds::between(0.0, 1.0));
    merchants.finish();
    Reader customers = r.object("customers");
    d.customer_share_in_residential = customers.number("share_in_residential", Bounds::between(0.0, 1.0));
    customers.finish();
    d.delivery_radius_m = r.number("delivery_radius_km", Bounds{0.0, 500.0, true, false}) * kMetresPerKm;
    Reader prep = r.object("prep_time_min");
    kernel.prep_mean_s = prep.number("mean", Bounds{0.0, 1440.0, true, false}) * kSecondsPerMinute;
    d.prep_sd_s = prep.number("sd", Bounds::between(0.0, 1440.0)) * kSecondsPerMinute;
    prep.finish();
    Reader basket = r.object("basket_yuan");
    d.basket_mean_yuan = basket.number("mean", Bounds{0.0, 100000.0, true, false});
    d.basket_sd_yuan = basket.number("sd", Bounds::between(0.0, 100000.0));
    basket.finish();
    detail::read_customer_side(r, kernel);
    r.finish();
    // clustered merchants and residential customers need hotspots of that kind
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
  }
  CustomerFeeRules fee;
  Reader c = spec.rules.object("customer_fee");
  fee.base_fen = detail::lever_fen(c, "rules.customer_fee.base_yuan");
  fee.per_km_fen = detail::lever_fen(c, "rules.customer_fee.per_km_yuan");
  fee.free_km = detail::lever(c, "rules.customer_fee.free_km");
  fee.night_extra_fen = detail::lever_fen(c, "rules.customer_fee.night_extra_yuan");
  c.finish();
  return std::make_shared<FoodTrade>(d, fee);
}

}  // namespace ridersim::trades::food
