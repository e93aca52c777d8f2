// Station waves: the parcels waiting at a station are split among its idle couriers by direction
// (an angular sweep around the station, up to each courier's capacity) and each courier's share
// becomes one route: all its parcels collected in one visit, then delivered door to door in
// nearest-neighbour order. Parcels left over wait for the next courier back.

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>

#include "ridersim/dispatch.hpp"

namespace ridersim {

namespace {

class StationWaves final : public Dispatcher {
 public:
  void on_tick(const Scenario& sc, const SimulationState& st, DispatchActions& act) override {
    const OrderColumns& orders = st.results.orders;
    std::map<std::int32_t, std::vector<std::int32_t>> by_station;
    for (std::int32_t o : open_orders(st)) {
      if (orders.ready_s[o] <= st.now_s) by_station[orders.merchant_id[o]].push_back(o);
    }
    for (auto& [station, parcels] : by_station) dispatch_station(sc, st, act, parcels);
  }

  [[nodiscard]] bool uses_ticks() const override { return true; }

 private:
  void dispatch_station(const Scenario& sc, const SimulationState& st, DispatchActions& act, std::vector<std::int32_t>& parcels) {
    const OrderColumns& orders = st.results.orders;
    const Point station{orders.pickup_x_m[parcels[0]], orders.pickup_y_m[parcels[0]]};
    // the idle couriers within reach, nearest first, that can take these parcels
    nearest_idle_workers(sc, st, parcels[0], static_cast<int>(st.rider_status.size()), sc.rules.dispatch.max_pickup_m, near_);
    act.count_work(static_cast<std::int64_t>(near_.size() + parcels.size()));
    if (near_.empty()) return;
    // a sweep by direction around the station keeps each route in one part of the area
    std::sort(parcels.begin(), parcels.end(), [&](std::int32_t a, std::int32_t b) {
      const double angle_a = std::atan2(orders.dropoff_y_m[a] - station.y_m, orders.dropoff_x_m[a] - station.x_m);
      const double angle_b = std::atan2(orders.dropoff_y_m[b] - station.y_m, orders.dropoff_x_m[b] - station.x_m);
      return angle_a != angle_b ? angle_a < angle_b : a < b;
    });
    const std::size_t couriers = near_.size();
    const std::size_t share = (parcels.size() + couriers - 1) / couriers;
    std::size_t next = 0;
    for (const auto& n : near_) {
      if (next >= parcels.size()) break;
      const auto capacity = static_cast<std::size_t>(sc.rider_types[st.rider_type[n.id]].capacity);
      const std::size_t take = std::min({share, capacity, parcels.size() - next});
      std::vector<std::int32_t> route(parcels.begin() + static_cast<std::ptrdiff_t>(next),
                                      parcels.begin() + static_cast<std::ptrdiff_t>(next + take));
      next += take;
      // nearest-neighbour order from the station
      act.count_work(static_cast<std::int64_t>(route.size() * route.size()));
      Point at = station;
      for (std::size_t i = 0; i < route.size(); ++i) {
        std::size_t best = i;
        for (std::size_t j = i + 1; j < route.size(); ++j) {
          const Point pj{orders.dropoff_x_m[route[j]], orders.dropoff_y_m[route[j]]};
          const Point pb{orders.dropoff_x_m[route[best]], orders.dropoff_y_m[route[best]]};
          if (distance_m(at, pj) < distance_m(at, pb)) best = j;
        }
        std::swap(route[i], route[best]);
        at = {orders.dropoff_x_m[route[i]], orders.dropoff_y_m[route[i]]};
      }
      // the pickups first (one visit at the station), then the drop-offs in tour order
      for (std::size_t i = 0; i < route.size(); ++i) {
        if (!act.offer_at(route[i], n.id, i, 2 * i + 1)) break;
      }
    }
  }

  std::vector<Neighbour> near_;
};

}  // namespace

std::unique_ptr<Dispatcher> make_station_waves_dispatcher(const Scenario&) { return std::make_unique<StationWaves>(); }

}  // namespace ridersim
