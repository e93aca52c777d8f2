// A dispatch policy of the caller's, called at every batch with a snapshot of the open jobs and
// the idle workers; it returns (job, worker) pairs to offer. The kernel checks every pair.

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string>

#include "ridersim/dispatch.hpp"

namespace ridersim {

namespace {

class CallbackDispatcher final : public Dispatcher {
 public:
  explicit CallbackDispatcher(BatchPolicy policy) : policy_(std::move(policy)) {}

  void on_tick(const Scenario& /*sc*/, const SimulationState& st, DispatchActions& act) override {
    const OrderColumns& orders = st.results.orders;
    BatchSnapshot snapshot;
    snapshot.now_s = st.now_s;
    snapshot.order_id = open_orders(st);
    for (std::int32_t r = 0; r < static_cast<std::int32_t>(st.rider_status.size()); ++r) {
      if (st.rider_status[r] == RiderStatus::IDLE) snapshot.rider_id.push_back(r);
    }
    act.count_work(static_cast<std::int64_t>(snapshot.order_id.size() + snapshot.rider_id.size()));
    if (snapshot.order_id.empty() || snapshot.rider_id.empty()) return;
    for (std::int32_t o : snapshot.order_id) {
      snapshot.order_placed_s.push_back(orders.placed_s[o]);
      snapshot.order_ready_s.push_back(orders.ready_s[o]);
      snapshot.order_promised_s.push_back(orders.promised_s[o]);
      snapshot.order_pickup_x_m.push_back(orders.pickup_x_m[o]);
      snapshot.order_pickup_y_m.push_back(orders.pickup_y_m[o]);
      snapshot.order_dropoff_x_m.push_back(orders.dropoff_x_m[o]);
      snapshot.order_dropoff_y_m.push_back(orders.dropoff_y_m[o]);
    }
    for (std::int32_t r : snapshot.rider_id) {
      snapshot.rider_x_m.push_back(st.rider_position[r].x_m);
      snapshot.rider_y_m.push_back(st.rider_position[r].y_m);
      snapshot.rider_score.push_back(st.rider_score[r]);
    }
    const auto pairs = policy_(snapshot);
    for (const auto& [order, rider] : pairs) {
      const bool order_ok = std::find(snapshot.order_id.begin(), snapshot.order_id.end(), order) != snapshot.order_id.end();
      const bool rider_ok = std::find(snapshot.rider_id.begin(), snapshot.rider_id.end(), rider) != snapshot.rider_id.end();
      if (!order_ok || !rider_ok) {
        throw std::runtime_error("the dispatch policy returned (" + std::to_string(order) + ", " + std::to_string(rider) +
                                 "): not a waiting order and an idle rider of this batch");
      }
      if (orders.assigned_s[order] >= 0 || st.rider_status[rider] != RiderStatus::IDLE) {
        throw std::runtime_error("the dispatch policy used order " + std::to_string(order) + " or rider " +
                                 std::to_string(rider) + " twice in one batch");
      }
      act.offer(order, rider);
    }
  }

  [[nodiscard]] bool uses_ticks() const override { return true; }

 private:
  BatchPolicy policy_;
};

}  // namespace

std::unique_ptr<Dispatcher> make_callback_dispatcher(BatchPolicy policy) {
  return std::make_unique<CallbackDispatcher>(std::move(policy));
}

}  // namespace ridersim
