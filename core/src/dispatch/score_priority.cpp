// Score-weighted priority: every batch_interval_s, waiting orders (oldest first) go to the idle
// rider with the best priority among the k nearest within the pickup radius: the highest
// service score, novices (fewer than novice_orders deliveries) last, nearest on ties. Under a
// points regime this is how lateness is felt: a lower score means fewer orders.

#include <memory>

#include "ridersim/dispatch.hpp"

namespace ridersim {

namespace {

class ScorePriority final : public Dispatcher {
 public:
  void on_tick(const Scenario& sc, const SimulationState& st, DispatchActions& act) override {
    const DispatchRules& rules = sc.rules.dispatch;
    for (std::int32_t o : open_orders(st)) {  // oldest first
      if (st.idle_riders.size() == 0) break;
      nearest_idle_workers(sc, st, o, rules.candidates_per_order, rules.max_pickup_m, near_);
      act.count_work(static_cast<std::int64_t>(near_.size()) + 1);
      std::int32_t best = -1;
      auto rank = [&](std::int32_t r) {
        const bool novice = st.workers[r].deliveries < rules.novice_orders;
        return std::make_pair(novice ? 1 : 0, -st.rider_score[r]);
      };
      for (const auto& n : near_) {  // by distance, so the first of equal rank is the nearest
        if (!can_serve(sc, st, o, n.id)) continue;
        if (best < 0 || rank(n.id) < rank(best)) best = n.id;
      }
      if (best >= 0) act.offer(o, best);
    }
  }

  [[nodiscard]] bool uses_ticks() const override { return true; }

 private:
  std::vector<Neighbour> near_;
};

}  // namespace

std::unique_ptr<Dispatcher> make_score_priority_dispatcher(const Scenario&) { return std::make_unique<ScorePriority>(); }

}  // namespace ridersim
