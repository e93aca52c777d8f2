#pragma once
// Express couriers: a franchise station receives the day's parcels in waves; couriers load a
// route of 100-200 parcels and deliver them door to door, or leave some at a locker; the brand
// pays the station a dispatch fee per parcel, the station pays the courier after its cut.

#include <memory>
#include <vector>

#include "ridersim/scenario.hpp"
#include "ridersim/trade.hpp"

namespace ridersim::trades::courier {

/// A wave of parcels reaching the stations at an hour of the day.
struct Wave {
  double hour = 0.0;
  double parcels = 0.0;  // mean parcels of the wave (Poisson), over all stations
};

struct CourierDemand {
  std::vector<Wave> waves;
  double share_in_residential = 0.0;  // recipients around residential hotspots; the rest anywhere
  double locker_share = 0.0;          // parcels left at a locker or the station instead of the door
  std::int32_t door_service_s = 0;    // the hand-over at the door
  std::int32_t locker_service_s = 0;  // at a locker
  Fen dispatch_fee_fen = 0;           // rules.parcel.dispatch_fee_yuan
};

class CourierTrade final : public Trade {
 public:
  explicit CourierTrade(CourierDemand demand) : demand_(std::move(demand)) {}
  [[nodiscard]] std::string_view name() const override { return "courier"; }
  [[nodiscard]] const TradeWords& words() const override;
  [[nodiscard]] std::span<const std::string_view> headline_kpis() const override;
  [[nodiscard]] PayBasis pay_basis() const override { return PayBasis::FRANCHISE; }
  void draw_jobs(const Scenario& scenario, SimulationState& state) const override;
  [[nodiscard]] Point login_place(const Scenario& scenario, Engine& rng) const override;
  [[nodiscard]] double expected_jobs(const Scenario& scenario) const override;
  void add_kpis(const Scenario& scenario, const Results& results, Summary& summary) const override;

 private:
  CourierDemand demand_;
};

/// Reads `demand` (waves, recipients, lockers) and `rules.parcel`; the stations are the
/// scenario's merchant_cluster hotspots.
[[nodiscard]] std::shared_ptr<const Trade> compile(TradeSpec& spec);

}  // namespace ridersim::trades::courier
