#pragma once
// The platform's side of a negotiation as data: the levers it may move in answer to a rule, within
// bounds, and what it aims for. A run never reads it; a best response (`ridersim respond`)
// searches the levers for the settings that maximise the objective under the proposal's rules.

#include <string>
#include <vector>

namespace ridersim {

/// A lever the platform controls, by its dotted scenario path, and the range it may move in.
struct PlatformLever {
  std::string path;  // "rules.customer_fee.base_yuan"; a numeric lever of the schema
  double min = 0.0;
  double max = 0.0;
};

/// What the platform maximises: net revenue a day, plus `value_per_job_yuan` for each job
/// delivered (the weight it puts on growth), times its share of the market at its price against
/// its rivals' today, (price / today's price)^rival_elasticity; subject to a service level and a
/// market-share floor. Below `exit_below_yuan_per_day` at its best, it exits or scales down.
struct PlatformObjective {
  double value_per_job_yuan = 0.0;       // growth: yuan a delivered job is worth beyond its revenue
  double rival_elasticity = 0.0;         // <= 0: customers lost to rivals per % of price above today's
  double max_lost_share = 1.0;           // service level: at most this share of jobs lost
  double min_jobs_share = 0.0;           // market-share floor: at least this share of today's jobs
  double exit_below_yuan_per_day = 0.0;  // participation: the objective it must reach to stay
};

struct PlatformSide {
  std::vector<PlatformLever> levers;
  PlatformObjective objective;
};

}  // namespace ridersim
