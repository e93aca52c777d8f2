#pragma once
// Riders' and customers' choices as pure functions of what they face; the engine draws against them.

#include "ridersim/scenario.hpp"

namespace ridersim {

[[nodiscard]] double logistic(double x);

/// Probability of violating traffic rules on a leg.
///
/// slack = (time left - legal travel time) / legal travel time; sanction_share is the expected
/// sanction for lateness as a share of the order's pay; bonus_share the safety bonus at stake.
[[nodiscard]] double violation_probability(double slack, double sanction_share, double bonus_share, const Behaviour& b);

/// Probability of accepting an offer whose surplus (pay - reservation wage x hours) is `surplus_yuan`,
/// for a rider `online_h` hours into the day.
[[nodiscard]] double acceptance_probability(double surplus_yuan, double rejection_penalty, const Behaviour& b,
                                            double online_h = 0.0);

/// Probability of a crash on a leg of `km`, from a hazard per km raised by violating, by online
/// hours beyond 8 and by the weather (`weather_factor`: the period's crash_factor, 1 in fair weather).
[[nodiscard]] double crash_probability(double km, bool violating, double online_h, const Behaviour& b,
                                       double weather_factor = 1.0);

/// The expected lateness sanction as a share of an order's pay, as a rider sees it.
[[nodiscard]] double expected_sanction_share(const LatenessRules& lateness, const Behaviour& b);

/// Probability that a potential customer places the order at this fee and promise.
[[nodiscard]] double order_probability(double fee_yuan, double promise_min, const CustomerResponse& response);

/// Probability of a delivery-caused bad review.
[[nodiscard]] double bad_review_probability(double minutes_late, const CustomerResponse& response);

/// What a worker weighs in deciding to end the day: when the planned day is over, and (under an
/// income target) each time a job is done.
struct StopFacts {
  double online_h = 0.0;                // online so far today
  double planned_h = 0.0;               // the hours the worker planned for the day (the shift)
  double net_yuan = 0.0;                // earned so far today, less the vehicle's running costs
  double recent_yuan_per_h = 0.0;       // net pay per hour since the last decision to go on (at the first: the day's)
  double reservation_yuan_per_h = 0.0;  // the type's reservation wage
  double gate_h = 0.0;                  // online hours an earnings gate asks today; 0: no gate in reach
  double gate_bonus_yuan = 0.0;         // what reaching the gate would pay, at today's pace
};

/// Hours the worker goes on from now; 0: stop now. With hours not responding, the planned day.
/// hours_target: the planned day. income_target: stop once net earnings reach the reservation
/// wage x the planned hours, else go on a decision step at a time up to max_extra_h past the plan.
/// forward_looking: past the plan, go on a step at a time while the pay per hour since the last
/// step (at the first, the day's) is at least the reservation wage, up to max_extra_h. Gates (when responding): a worker short of a
/// gate within max_extra_h of the plan's end goes on to reach it when the bonus and the pay on
/// the way make up the reservation wage for the hours it takes.
///
/// Example: forward_looking, planned 8 h, online 8 h, 240 yuan earned, reservation 25/h ->
/// 30/h >= 25: go on 0.25 h. income_target at 4 h with 240 yuan against 25 x 8 = 200: stop (0).
[[nodiscard]] double hours_to_go_on(const StopFacts& facts, const LabourSupply& supply);

/// Under free entry, the daily probability that a rider whose expected net earnings per online
/// hour fall short of the reservation wage leaves: elasticity / adjustment_days x the relative
/// shortfall; 0 for a rider who earns enough.
///
/// Example: expecting 18 against 20, elasticity 0.8, 14 days -> 0.8 / 14 x 0.1 = 0.0057.
[[nodiscard]] double exit_probability(double expected_yuan_per_h, double reservation_yuan_per_h,
                                      const LabourSupply& supply);

/// Under free entry, the riders a type expects to gain in a day: elasticity / adjustment_days x
/// the sum of the relative surpluses of its riders on the platform (riders who earn well bring
/// others in). With exits, the type's expected change is elasticity / adjustment_days x the sum of
/// all its riders' relative gaps: supply grows when they earn more than they would elsewhere.
[[nodiscard]] double expected_entrants(double sum_of_surpluses, const LabourSupply& supply);

}  // namespace ridersim
