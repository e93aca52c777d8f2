// Greedy dispatch: each new order goes at once to the nearest idle rider within the pickup
// radius; a rider who becomes idle takes the oldest waiting order within that radius.

#include <memory>

#include "ridersim/dispatch.hpp"

namespace ridersim {

namespace {

class NearestIdle final : public Dispatcher {
 public:
  void on_order_placed(const Scenario& sc, const SimulationState& st, std::int32_t order, DispatchActions& act) override {
    nearest_idle_workers(sc, st, order, 1, sc.rules.dispatch.max_pickup_m, near_);
    act.count_work(1);
    if (near_.empty() || !can_serve(sc, st, order, near_.front().id)) return;  // it waits in st.waiting
    act.offer(order, near_.front().id);
  }

  void on_rider_idle(const Scenario& sc, const SimulationState& st, std::int32_t rider, DispatchActions& act) override {
    const OrderColumns& orders = st.results.orders;
    const Point at = st.rider_position[rider];
    for (std::size_t k = 0; k < st.waiting.size(); ++k) {
      act.count_work(1);
      const std::int32_t o = st.waiting[k];
      if (distance_m(at, {orders.pickup_x_m[o], orders.pickup_y_m[o]}) > sc.rules.dispatch.max_pickup_m) continue;
      if (!can_serve(sc, st, o, rider)) continue;
      // one offer per moment: a rider who declines waits for the next order or batch
      act.offer(o, rider);
      return;
    }
  }

 private:
  std::vector<Neighbour> near_;
};

}  // namespace

std::unique_ptr<Dispatcher> make_nearest_idle_dispatcher(const Scenario&) { return std::make_unique<NearestIdle>(); }

}  // namespace ridersim
