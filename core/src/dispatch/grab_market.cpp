// Grab-order market: every batch_interval_s each waiting order is broadcast to the idle riders
// within a radius, nearest first; each decides by the offer's utility (pay against the time it
// takes, and fatigue), and the first to accept grabs it. An order nobody grabs is broadcast
// again at the next tick over a radius grab_radius_growth times larger.

#include <cmath>
#include <memory>

#include "ridersim/dispatch.hpp"

namespace ridersim {

namespace {

class GrabMarket final : public Dispatcher {
 public:
  void on_tick(const Scenario& sc, const SimulationState& st, DispatchActions& act) override {
    const DispatchRules& rules = sc.rules.dispatch;
    for (std::int32_t o : open_orders(st)) {  // oldest first
      if (st.idle_riders.size() == 0) break;
      const double radius = rules.grab_radius_m * std::pow(rules.grab_radius_growth, st.order_broadcasts[o]);
      act.note_broadcast(o);
      nearest_idle_workers(sc, st, o, rules.candidates_per_order, std::min(radius, rules.max_pickup_m), near_);
      act.count_work(static_cast<std::int64_t>(near_.size()) + 1);
      for (const auto& n : near_) {
        if (!can_serve(sc, st, o, n.id)) continue;
        // a grab is voluntary: declining costs the rider no priority
        if (act.offer(o, n.id)) break;
      }
    }
  }

  [[nodiscard]] bool uses_ticks() const override { return true; }

 private:
  std::vector<Neighbour> near_;
};

}  // namespace

std::unique_ptr<Dispatcher> make_grab_market_dispatcher(const Scenario&) { return std::make_unique<GrabMarket>(); }

}  // namespace ridersim
