#pragma once
// Pay rules: pure functions from the facts of an order or a rider-day and the rules to a pay
// slip or a settlement. No state, no randomness: a negotiator can recompute any slip by hand.

#include <cstdint>

#include "ridersim/money.hpp"
#include "ridersim/scenario.hpp"

namespace ridersim {

/// What happened to one delivered job, as the money rules see it.
struct JobFacts {
  double route_distance_m = 0.0;  // pickup -> drop-off
  double trip_min = 0.0;          // minutes from pickup to drop-off
  Fen basket_fen = 0;             // goods the platform passes on to a merchant (a meal); 0 for none
  Fen price_fen = 0;              // what the customer pays for the service: a delivery fee, or the fare
  PayBasis basis = PayBasis::PIECE_RATE;  // FARE: the price is the worker's fare, less the commission
  double minutes_late = 0.0;      // 0 when on time
  bool exempt = false;            // an abnormal order: no lateness sanction (exempt_from_lateness)
  bool weather = false;           // picked up during a weather period
  bool night = false;             // picked up during night hours
  bool festival = false;          // delivered on a festival day
  bool peak_hour = true;          // placed inside the peak fee's hours
  bool record_clean = false;      // the worker has no violation today at delivery
  bool bad_review = false;        // the customer left a delivery-caused bad review (a complaint)
  bool first_complaint = false;   // it is the worker's first this month
};

/// Distance add-on: per km of route distance beyond the first, rounded to the fen.
///
/// Example: 3.4 km at 0.80 yuan/km over 1 km -> 2.4 x 80 = 192 fen.
[[nodiscard]] Fen distance_pay_fen(double route_distance_m, const PayRules& pay);

/// Lateness deduction under cash tiers: the share of `order_pay_fen` of the highest tier reached.
///
/// Example: tiers 40% from 0 min, 50% from 6 min; 7.5 min late on 500 fen -> 250 fen.
[[nodiscard]] Fen lateness_penalty_fen(Fen order_pay_fen, double minutes_late, const LatenessRules& lateness);

/// Whether a job is exempt from lateness sanctions as an abnormal order: its pickup was ready more
/// than `exempt_merchant_delay_min` after the expected preparation (the merchant's delay, not the
/// worker's).
///
/// Example: exempt after 10 min, expected preparation 12 min: ready 25 min after placement -> exempt.
[[nodiscard]] bool exempt_from_lateness(std::int32_t placed_s, std::int32_t ready_s, double expected_prep_s,
                                        const LatenessRules& lateness);

/// Service-score points lost for one order under the points regime (0 otherwise).
///
/// Example: minor 1, major 2 from 5 min: 3 min late -> 1; 9 min late -> 2; on time -> 0.
[[nodiscard]] double points_lost(double minutes_late, const LatenessRules& lateness);

/// The money of one delivered job, every component of the slip: the one pay formula of every
/// trade. Piece rates and surcharges come from rules.pay; under the FARE basis the worker gets
/// the fare less the commission (rules.commission.worker_*), topped up to the per-trip floor.
/// The lateness deduction is a share of what the job pays before surcharges.
[[nodiscard]] JobMoney job_money(const JobFacts& facts, const Rules& rules);

/// What a worker is offered for a job before it is done: the piece rate and distance pay, or
/// the fare less the commission. Offers and riders' risk choices weigh this amount.
[[nodiscard]] Fen quoted_pay_fen(double route_distance_m, Fen price_fen, PayBasis basis, const Rules& rules);

/// The merchant's commission to the platform on one delivered order, capped per order.
[[nodiscard]] Fen merchant_commission_fen(Fen basket_fen, const CommissionRules& commission);

/// The platform's commission on a worker's fare: the rate plus the fixed fee per order, capped
/// per order by a share of the fare and by an amount (whichever binds first), never above the fare.
///
/// Example: rate 12.2%, cap 100 yuan: fare 1,000 yuan -> 100 yuan; fare 100 yuan -> 12.20 yuan.
[[nodiscard]] Fen worker_commission_fen(Fen fare_fen, const CommissionRules& commission);

/// The per-trip floor: (per km x km + per minute x minutes) / utilisation, to the fen (0: none).
///
/// Example: 0.80/km, 0.40/min, utilisation 0.5: 10 km in 20 min -> (8 + 8) / 0.5 = 32 yuan.
[[nodiscard]] Fen trip_floor_fen(double route_distance_m, double trip_min, const TripFloorRules& floor);

/// The refund that brings what was charged over a period down to `cap` x the base (0 for no cap).
/// The payer keeps at most the cap: its allowed share is rounded down to the fen.
///
/// Example: cap 25%, fares 10,000 fen, commission 2,700 fen -> 200 fen back.
[[nodiscard]] Fen average_cap_refund_fen(Fen charged_fen, Fen base_fen, double cap);

/// The share of a job's value the customer pays the worker as a peak service fee: the rule's
/// share on its days (all, or festival days) for jobs placed inside its hours, else 0.
[[nodiscard]] double peak_fee_share(bool festival_day, std::int32_t placed_s, const PayRules& pay);

/// What a station does not pay a courier on the pay date of a month's pay.
///
/// Example: 6,000 yuan earned, arrears share 10% -> 600 yuan withheld.
[[nodiscard]] Fen station_arrears_fen(Fen month_pay_fen, const StationRules& station);

/// What the wage guarantee fund pays of the arrears.
[[nodiscard]] Fen guarantee_payout_fen(Fen arrears_fen, const StationRules& station);

/// Whether a time of day (seconds since the start of day 0) falls in the night hours.
[[nodiscard]] bool is_night(std::int32_t time_s, const PayRules& pay);

/// What the customer pays for delivery: base + per km beyond the free distance + night extra.
[[nodiscard]] Fen customer_fee_fen(double route_distance_m, bool night, const CustomerFeeRules& fee);

/// What happened in one rider-day, as the daily settlement sees it.
struct DayFacts {
  double shift_h = 0.0;                  // the scheduled shift
  double online_h = 0.0;
  double engaged_h = 0.0;
  std::int32_t orders = 0;               // delivered today
  std::int32_t offers = 0;               // offers received today
  std::int32_t week_orders_before = 0;   // delivered earlier this week (days 0-6, 7-13, ...)
  Fen orders_net_fen = 0;                // sum of today's pay slips, net
  Fen window_pay_fen = 0;                // quoted pay of today's jobs delivered inside the multiplier window
  double distance_km = 0.0;              // driven today, with and without a job
  Fen vehicle_cost_per_km_fen = 0;
  Fen vehicle_cost_per_day_fen = 0;
  bool multiplier_day = false;           // the multiplier applies on this day
  std::int32_t crashes = 0;              // crashes today
  double days_active_per_month = 0.0;    // of the worker's type: 30 x its shift shares
};

/// Hours an earnings floor counts for a rider-day, by its basis.
///
/// Example: 6 h online, 3.3 h engaged, reference 0.55: online -> 6; engaged over utilisation -> 6; engaged -> 3.3.
[[nodiscard]] double floor_hours(const DayFacts& day, const FloorRules& floor);

/// Settles a rider-day: the multiplier (if the gates are met), threshold bonuses reached today,
/// then the floor top-up that lifts orders + bonuses to the floor, the pension subsidy, and the
/// vehicle's cost (per km driven and per day).
/// Every DAY component of the money table; what the day adds to the worker's earnings is
/// `worker_net_fen()` (an injury payout reaches the worker but is compensation, not pay).
[[nodiscard]] DayMoney settle_day(const DayFacts& day, const Rules& rules);

}  // namespace ridersim
