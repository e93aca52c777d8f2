#pragma once
// Food delivery: customers order meals from merchants nearby; riders pick the meal up once it is
// prepared and carry it to the door. Riders are paid piece rates by the platform; the platform
// collects the customer's delivery fee and the merchant's commission.

#include <array>
#include <memory>

#include "ridersim/scenario.hpp"
#include "ridersim/trade.hpp"

namespace ridersim::trades::food {

/// Where meals come from and what they are worth (the trade's part of `demand`).
struct FoodDemand {
  std::array<double, kHoursPerDay> orders_per_hour{};  // mean arrival rate by hour at the reference fee and promise
  std::int32_t n_merchants = 0;
  double merchant_share_in_clusters = 0.0;     // the rest are spread uniformly
  double customer_share_in_residential = 0.0;  // the rest order from anywhere in the area
  double delivery_radius_m = 0.0;              // customers order from merchants within this straight-line radius
  double prep_sd_s = 0.0;                      // preparation time, lognormal (its mean is the kernel's)
  double basket_mean_yuan = 0.0;               // basket value, lognormal
  double basket_sd_yuan = 0.0;
};

class FoodTrade final : public Trade {
 public:
  FoodTrade(FoodDemand demand, CustomerFeeRules fee) : demand_(demand), fee_(fee) {}
  [[nodiscard]] std::string_view name() const override { return "food"; }
  [[nodiscard]] const TradeWords& words() const override;
  [[nodiscard]] std::span<const std::string_view> headline_kpis() const override;
  [[nodiscard]] PayBasis pay_basis() const override { return PayBasis::PIECE_RATE; }
  void draw_jobs(const Scenario& scenario, SimulationState& state) const override;
  [[nodiscard]] Point login_place(const Scenario& scenario, Engine& rng) const override;
  [[nodiscard]] double expected_jobs(const Scenario& scenario) const override;

  [[nodiscard]] const FoodDemand& demand() const { return demand_; }
  [[nodiscard]] const CustomerFeeRules& customer_fee() const { return fee_; }

 private:
  FoodDemand demand_;
  CustomerFeeRules fee_;
};

/// Reads `demand` and `rules.customer_fee`.
[[nodiscard]] std::shared_ptr<const Trade> compile(TradeSpec& spec);

}  // namespace ridersim::trades::food
