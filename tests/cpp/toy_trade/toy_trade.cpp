#include "toy_trade/toy_trade.hpp"

#include <algorithm>
#include <boost/random/uniform_01.hpp>

#include "ridersim/pay.hpp"
#include "ridersim/scenario.hpp"
#include "ridersim/state.hpp"
#include "ridersim/travel.hpp"

namespace toy {

using namespace ridersim;

namespace {

constexpr TradeWords kWords{"cleaner", "cleaners", "call", "calls", "household", "households", "保洁员", "上门", "住户"};

class WindowCleaning final : public Trade {
 public:
  WindowCleaning(double calls_per_hour, Fen price_fen) : calls_per_hour_(calls_per_hour), price_fen_(price_fen) {}
  [[nodiscard]] std::string_view name() const override { return "window_cleaning"; }
  [[nodiscard]] const TradeWords& words() const override { return kWords; }
  [[nodiscard]] PayBasis pay_basis() const override { return PayBasis::FARE; }

  void draw_jobs(const Scenario& sc, SimulationState& st) const override {
    OrderColumns& orders = st.results.orders;
    boost::random::uniform_01<double> u;
    for (std::int32_t d = 0; d < sc.horizon.days; ++d) {
      Engine rng = make_stream(Stream::ORDER_ARRIVALS, static_cast<std::uint64_t>(d), st.seed);
      // calls arrive uniformly over the day's hours; the cleaner goes to the flat and stays there
      std::vector<std::int32_t> times;
      const double hours = sc.horizon.end_h - sc.horizon.start_h;
      const auto n = static_cast<std::int32_t>(calls_per_hour_ * hours);
      for (std::int32_t i = 0; i < n; ++i) {
        times.push_back(d * kSecondsPerDay + static_cast<std::int32_t>((sc.horizon.start_h + u(rng) * hours) * 3600));
      }
      std::sort(times.begin(), times.end());
      const std::size_t first = orders.size();
      orders.resize(first + times.size());
      for (std::size_t k = 0; k < times.size(); ++k) {
        const std::size_t o = first + k;
        const Point flat{u(rng) * sc.world.width_m, u(rng) * sc.world.height_m};
        orders.day[o] = d;
        orders.placed_s[o] = orders.ready_s[o] = times[k];
        orders.merchant_id[o] = -1;
        orders.pickup_x_m[o] = orders.dropoff_x_m[o] = flat.x_m;
        orders.pickup_y_m[o] = orders.dropoff_y_m[o] = flat.y_m;
        orders.customer_fee_fen[o] = price_fen_;
        orders.promised_s[o] = times[k] + 7200;
        orders.quoted_pay_fen[o] = quoted_pay_fen(0.0, price_fen_, PayBasis::FARE, sc.rules);
      }
    }
  }

  [[nodiscard]] double expected_jobs(const Scenario& sc) const override {
    return calls_per_hour_ * (sc.horizon.end_h - sc.horizon.start_h) * sc.horizon.days;
  }

  [[nodiscard]] Point login_place(const Scenario& sc, Engine& rng) const override {
    boost::random::uniform_01<double> u;
    return {u(rng) * sc.world.width_m, u(rng) * sc.world.height_m};
  }

 private:
  double calls_per_hour_;
  Fen price_fen_;
};

}  // namespace

std::shared_ptr<const Trade> compile(TradeSpec& spec) {
  detail::Reader demand = spec.top.object("demand");
  const double calls = demand.number("calls_per_hour", detail::Bounds::between(0.0, 1000.0));
  const Fen price = yuan_to_fen(demand.number("price_yuan", detail::Bounds::between(0.0, 10000.0)));
  detail::read_customer_side(demand, spec.demand);
  demand.finish();
  return std::make_shared<WindowCleaning>(calls, price);
}

}  // namespace toy
