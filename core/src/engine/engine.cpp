// The event loop: orders are placed from the pre-drawn stream, everything else is an event.

#include "ridersim/engine.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <boost/random/uniform_01.hpp>
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>
#include <numeric>
#include <span>
#include <tuple>
#include <utility>
#include <vector>

#include "detail/assign.hpp"
#include "detail/settlement.hpp"
#include "detail/world.hpp"
#include "ridersim/behaviour.hpp"
#include "ridersim/dispatch.hpp"
#include "ridersim/error.hpp"
#include "ridersim/travel.hpp"

namespace ridersim {

namespace {

constexpr std::int32_t kNever = std::numeric_limits<std::int32_t>::max();
// the counter of the labour-supply stream that the log-in cap draws on (0 and 1 are leaving and joining)
constexpr std::uint64_t kLoginCapDraw = 1ULL << 40;

// Starts loading the record of the worker an event is about into the cache. Each of a worker's
// events begins by reading their record, and in a large city that read misses the cache: asked
// for while the event before is handled, it has mostly arrived when the event comes.
void prefetch_worker_of(const SimulationState& st, const Event& e) {
  if (e.type != EventType::RIDER_ARRIVES && e.type != EventType::SHIFT_START && e.type != EventType::SHIFT_END) return;
  const auto* record = reinterpret_cast<const char*>(&st.workers[static_cast<std::size_t>(e.id)]);
  for (std::size_t line = 0; line < sizeof(Worker); line += 64) __builtin_prefetch(record + line);
}

std::int32_t at_hour(std::int32_t day, double hour) {
  return day * kSecondsPerDay + static_cast<std::int32_t>(std::lround(hour * 3600.0));
}

// the shift a rider works on a day (or none), and where the rider logs in, drawn from the
// rider's stream for the day; `present`: the share of the day's would-be workers not away
void draw_rider_day(const Scenario& sc, SimulationState& st, std::int32_t rider, std::int32_t day, double present, Engine& rng) {
  boost::random::uniform_01<double> u;
  const RiderType& type = sc.rider_types[st.rider_type[rider]];
  const double pick = u(rng);
  // more log in on a day that pays more per job (the same draw: a rider who works at the usual
  // pay still works at a higher one)
  double scale = 1.0;
  const double index = st.day_pay_index.empty() ? 1.0 : st.day_pay_index[static_cast<std::size_t>(st.rider_type[rider])];
  if (index != 1.0) {
    const double active = type.days_active_per_month() / 30.0;
    scale = std::pow(index, type.login_elasticity.value_or(sc.labour_supply.login_elasticity));
    if (active > 0.0) scale = std::min(scale, 1.0 / active);
  }
  scale *= present;
  double cumulative = 0.0;
  st.rider_next_shift_start_s[rider] = -1;
  for (const Shift& shift : type.shifts) {
    cumulative += shift.share * scale;
    if (pick < cumulative) {
      st.rider_next_shift_start_s[rider] = at_hour(day, shift.start_h);
      st.rider_next_shift_end_s[rider] = at_hour(day, shift.end_h);
      break;
    }
  }
  st.rider_next_login[rider] = sc.trade->login_place(sc, rng);
}

// the share of the day's would-be workers not away: some go home for a festival, and some stay
// home in bad weather, whatever it pays
double present_share(const Scenario& sc, std::int32_t day) {
  double present = sc.world.is_festival_day(day) ? 1.0 - sc.labour_supply.festival_away_share : 1.0;
  double weather_away = 0.0;
  for (const WeatherPeriod& w : sc.world.weather) {
    if (w.day == day) weather_away = std::max(weather_away, w.away_share);
  }
  return present * (1.0 - weather_away);
}

// the day's running totals into the worker's row of the rider-day table
void write_day_totals(SimulationState& st, std::int32_t rider) {
  RiderDayColumns& days = st.results.rider_days;
  const auto row = static_cast<std::size_t>(st.workers[rider].day_row);
  const WorkerDayTotals& t = st.workers[rider].today;
  days.engaged_s[row] = t.engaged_s;
  days.travel_s[row] = t.travel_s;
  days.pickups[row] = t.pickups;
  days.orders[row] = t.orders;
  days.offers[row] = t.offers;
  days.rejections[row] = t.rejections;
  days.violations[row] = t.violations;
  days.crashes[row] = t.crashes;
  days.distance_m[row] = t.distance_m;
  days.empty_distance_m[row] = t.empty_distance_m;
  days.gross_fen[row] = t.gross_fen;
  days.penalties_fen[row] = t.penalties_fen;
  days.commission_fen[row] = t.commission_fen;
  days.bonuses_fen[row] = t.bonuses_fen;
  days.net_fen[row] = t.net_fen;
}

void log_out(const Scenario& sc, SimulationState& st, std::int32_t rider) {
  RiderDayColumns& days = st.results.rider_days;
  const std::int32_t row = st.workers[rider].day_row;
  write_day_totals(st, rider);
  days.logout_s[row] = st.now_s;
  days.online_s[row] = st.now_s - days.login_s[row];
  days.idle_s[row] = days.online_s[row] - days.engaged_s[row];
  const double alert_h = sc.rules.fatigue.alert_after_h;
  days.fatigue_alert[row] = alert_h > 0.0 && days.online_s[row] > alert_h * 3600.0 ? 1 : 0;
  detail::settle_rider_day(sc, st, rider);
  st.idle_riders.remove(rider);
  st.rider_status[rider] = RiderStatus::OFFLINE;
  st.workers[rider].shift_end_s = -1;
  st.workers[rider].day_row = -1;
}

// a dispatch that outgrows its budget: the levers that set its work, with their values
[[noreturn]] void dispatch_over_budget(const Scenario& sc, const SimulationState& st) {
  const DispatchRules& d = sc.rules.dispatch;
  const auto hhmm = [](std::int32_t s) {
    char text[32];
    std::snprintf(text, sizeof text, "day %d %02d:%02d", s / kSecondsPerDay, s % kSecondsPerDay / 3600, s % 3600 / 60);
    return std::string(text);
  };
  throw ScenarioError(
      "rules.dispatch",
      "the dispatch did more than " + detail::number_text(sc.max_dispatch_work) + " units of work (candidate pairs weighed, " +
          "route visits planned) by " + hhmm(st.now_s) + ", the budget of this scenario; its work grows with " +
          "rules.dispatch.policy (" + d.policy + "), candidates_per_order (" +
          std::to_string(d.candidates_per_order) + "), max_bundle (" + std::to_string(d.max_bundle) +
          "), and falls with batch_interval_s (" + std::to_string(d.batch_interval_s) +
          "): change them, or raise budget.dispatch_work_per_job");
}

// what a policy may do, carried out on the run's state
class EngineActions final : public DispatchActions {
 public:
  EngineActions(const Scenario& sc, SimulationState& st) : sc_(sc), st_(st) {}
  bool offer(std::int32_t order, std::int32_t rider) override { return detail::offer_order(sc_, st_, order, rider); }
  bool offer_at(std::int32_t order, std::int32_t rider, std::size_t pickup_at, std::size_t dropoff_at) override {
    return detail::offer_order_at(sc_, st_, order, rider, pickup_at, dropoff_at);
  }
  void note_broadcast(std::int32_t order) override { st_.order_broadcasts[order] += 1; }
  void count_work(std::int64_t units) override {
    st_.dispatch_work += static_cast<double>(units);
    if (st_.dispatch_work > sc_.max_dispatch_work) dispatch_over_budget(sc_, st_);
  }

 private:
  const Scenario& sc_;
  SimulationState& st_;
};

// the housekeeping around every dispatch decision: customers who gave up leave the waiting list
// before the policy looks, and what it assigned leaves after; the policy sees the state read-only
template <typename Decide>
void with_housekeeping(const Scenario& sc, SimulationState& st, Decide&& decide) {
  detail::expire_waiting(sc, st);
  EngineActions actions(sc, st);
  const std::int64_t searched = st.idle_riders.visited();
  decide(static_cast<const SimulationState&>(st), actions);
  actions.count_work(st.idle_riders.visited() - searched);  // the policy's searches for idle workers
  detail::compact_waiting(st);
}

// an idle worker is offered work first; one still idle may drive off to wait where the trade
// expects more demand
void wait_for_work(const Scenario& sc, SimulationState& st, Dispatcher& dispatcher, std::int32_t rider) {
  st.rider_status[rider] = RiderStatus::IDLE;
  st.idle_riders.insert(rider, st.rider_position[rider]);
  with_housekeeping(sc, st, [&](const SimulationState& view, DispatchActions& act) { dispatcher.on_rider_idle(sc, view, rider, act); });
  if (st.rider_status[rider] != RiderStatus::IDLE) return;
  if (const auto to = sc.trade->reposition(sc, st, rider)) {
    st.idle_riders.remove(rider);
    detail::start_reposition(sc, st, rider, *to);
  }
}

// the end of a worker's day no later than the fatigue cap allows (hours from log-in); a day the
// cap cuts short is marked as a forced log-off
std::int32_t within_fatigue_cap(const Scenario& sc, SimulationState& st, std::int32_t rider, std::int32_t end_s) {
  const double cap_h = sc.rules.fatigue.forced_logoff_after_h;
  if (cap_h <= 0.0) return end_s;
  const Worker& worker = st.workers[rider];
  const std::int32_t cap_end = worker.login_s + static_cast<std::int32_t>(std::lround(cap_h * 3600.0));
  if (end_s <= cap_end) return end_s;
  st.results.rider_days.forced_logoff[static_cast<std::size_t>(worker.day_row)] = 1;
  return cap_end;
}

// the multiplier's hours gate as a worker sees it today: the online hours it asks and the bonus
// at stake over `day_h` hours; none when the completion rate already misses the gate
std::pair<double, double> gate_in_reach(const Scenario& sc, const SimulationState& st, std::int32_t rider, double day_h) {
  const MultiplierRules& m = sc.rules.multiplier;
  const WorkerDayTotals& t = st.workers[rider].today;
  const double completion = t.offers > 0 ? static_cast<double>(t.orders) / t.offers : 0.0;
  if (m.min_online_h <= 0.0 || completion < m.min_completion_rate) return {0.0, 0.0};
  return {m.min_online_h, detail::gate_bonus_at_stake_yuan(sc, st, rider, day_h)};
}

// whether a worker goes on (and till when) or stops: the scenario's stopping rule and gates,
// within the fatigue cap
bool goes_on(const Scenario& sc, SimulationState& st, std::int32_t rider) {
  Worker& worker = st.workers[rider];
  RiderDayColumns& days = st.results.rider_days;
  const auto row = static_cast<std::size_t>(worker.day_row);
  const RiderType& type = sc.rider_types[st.rider_type[rider]];
  StopFacts facts;
  facts.online_h = (st.now_s - worker.login_s) / 3600.0;
  facts.planned_h = days.shift_s[row] / 3600.0;
  facts.net_yuan = fen_to_yuan(worker.today.net_fen) - fen_to_yuan(type.vehicle_cost_per_km_fen) * worker.today.distance_m / 1000.0;
  facts.reservation_yuan_per_h = type.reservation_wage_yuan_per_h;
  const std::int32_t decided_s = st.rider_decided_s[rider];
  facts.recent_yuan_per_h = decided_s >= 0 && st.now_s > decided_s
                                ? fen_to_yuan(worker.today.net_fen - st.rider_net_at_decision_fen[rider]) / ((st.now_s - decided_s) / 3600.0)
                                : (facts.online_h > 0.0 ? facts.net_yuan / facts.online_h : 0.0);
  std::tie(facts.gate_h, facts.gate_bonus_yuan) = gate_in_reach(sc, st, rider, std::max(facts.planned_h, sc.rules.multiplier.min_online_h));
  double go_h = hours_to_go_on(facts, sc.labour_supply);
  // an order-count bonus not reached yet is a gate too: the hours its orders take at today's pace
  const std::int32_t orders = worker.today.orders;
  const double pace = facts.online_h > 0.0 ? orders / facts.online_h : 0.0;
  for (const ThresholdBonus& bonus : sc.rules.threshold_bonuses) {
    const std::int32_t before = bonus.period == BonusPeriod::DAY ? 0 : st.rider_week_orders[rider];
    if (pace <= 0.0 || before >= bonus.orders || before + orders >= bonus.orders) continue;
    StopFacts toward = facts;
    toward.gate_h = facts.online_h + (bonus.orders - before - orders) / pace;
    toward.gate_bonus_yuan = fen_to_yuan(bonus.bonus_fen);
    go_h = std::max(go_h, hours_to_go_on(toward, sc.labour_supply));
  }
  const std::int32_t end = within_fatigue_cap(sc, st, rider, st.now_s + static_cast<std::int32_t>(std::lround(go_h * 3600.0)));
  if (end <= st.now_s) return false;
  if (st.now_s >= worker.shift_end_s) {  // a decision past the plan: the next one weighs what comes after it
    st.rider_net_at_decision_fen[rider] = worker.today.net_fen;
    st.rider_decided_s[rider] = st.now_s;
  }
  if (end != worker.shift_end_s) {
    worker.shift_end_s = end;
    st.push(end, EventType::SHIFT_END, rider);
  }
  return true;
}

void become_idle(const Scenario& sc, SimulationState& st, Dispatcher& dispatcher, std::int32_t rider) {
  Worker& worker = st.workers[rider];
  if (worker.busy_since_s >= 0) worker.today.engaged_s += st.now_s - worker.busy_since_s;
  worker.busy_since_s = -1;
  // an income target is weighed after every job, any other rule once the planned day is over
  const bool weighs_now = st.now_s >= worker.shift_end_s ||
                          (sc.labour_supply.stopping_rule == StoppingRule::INCOME_TARGET && sc.labour_supply.responds_on(Margin::HOURS));
  if (worker.crashed || (weighs_now && !goes_on(sc, st, rider))) {
    log_out(sc, st, rider);
    return;
  }
  wait_for_work(sc, st, dispatcher, rider);
}

void schedule_tick(const Scenario& sc, SimulationState& st, std::int32_t after_s) {
  if (st.tick_scheduled) return;
  // ticks are aligned to the clock: every batch_interval_s from midnight of day 0
  const std::int32_t interval = sc.rules.dispatch.batch_interval_s;
  const std::int32_t at = (after_s / interval + 1) * interval;
  st.push(at, EventType::DISPATCH_TICK, -1);
  st.tick_scheduled = true;
}

void on_rider_arrives(const Scenario& sc, SimulationState& st, Dispatcher& dispatcher, std::int32_t rider) {
  auto& route = st.workers[rider].route;
  if (st.rider_status[rider] == RiderStatus::REPOSITIONING) {
    become_idle(sc, st, dispatcher, rider);
    return;
  }
  OrderColumns& orders = st.results.orders;
  const Stop stop = route.front();
  if (stop.kind == StopKind::PICKUP) {
    // every order of this merchant next on the route is collected in one visit: the hand-over
    // comes half-way through the service, once the last meal is ready
    const std::int32_t merchant = orders.merchant_id[stop.order_id];
    std::size_t n = 0;
    std::int32_t ready = 0;
    // (a job with no fixed pickup place, merchant -1, is collected on its own)
    while (n < route.size() && route[n].kind == StopKind::PICKUP && (n == 0 || merchant >= 0) &&
           orders.merchant_id[route[n].order_id] == merchant) {
      ready = std::max(ready, orders.ready_s[route[n].order_id]);
      ++n;
    }
    const std::int32_t service_s = orders.pickup_service_s[stop.order_id];
    const std::int32_t half = service_s / 2;
    const std::int32_t picked = std::max(st.now_s + half, ready);
    for (std::size_t k = 0; k < n; ++k) orders.picked_up_s[route[k].order_id] = picked;
    route.erase(route.begin(), route.begin() + static_cast<std::ptrdiff_t>(n));
    st.workers[rider].today.pickups += 1;
    detail::start_next_leg(sc, st, rider, picked + (service_s - half));
    return;
  }
  // the event fires at the end of the service; the hand-over was half-way through it
  const std::int32_t dropoff_service_s = orders.dropoff_service_s[stop.order_id];
  const std::int32_t delivered = st.now_s - (dropoff_service_s - dropoff_service_s / 2);
  route.erase(route.begin());
  detail::settle_delivery(sc, st, stop.order_id, delivered);
  if (route.empty()) {
    become_idle(sc, st, dispatcher, rider);
  } else {
    detail::start_next_leg(sc, st, rider, st.now_s);
  }
}

// under free entry, each rider learns from the days worked, riders short of their reservation
// wage may leave, and riders who earn more bring others in
void update_labour_supply(const Scenario& sc, SimulationState& st, std::int32_t day) {
  const LabourSupply& supply = sc.labour_supply;
  const RiderDayColumns& days = st.results.rider_days;
  for (std::size_t k = 0; k < days.size(); ++k) {
    if (days.day[k] != day - 1 || days.online_s[k] <= 0) continue;
    const double seen = fen_to_yuan(days.net_after_costs_fen[k]) / (days.online_s[k] / 3600.0);  // what is left after the vehicle
    double& expected = st.rider_expected_yuan_per_h[days.rider_id[k]];
    expected = std::isnan(expected) ? seen : (1.0 - supply.learning_rate) * expected + supply.learning_rate * seen;
  }
  const auto draw = [&](std::int32_t rider, std::uint64_t what) {
    return hashed_uniform(Stream::LABOUR_SUPPLY, st.workers[rider].key, 2 * static_cast<std::uint64_t>(day) + what,
                          st.seed);
  };
  for (std::size_t t = 0; t < sc.rider_types.size(); ++t) {
    const double wage = sc.rider_types[t].reservation_wage_yuan_per_h;
    if (wage <= 0.0) continue;
    const std::int32_t first = st.type_first_rider[t];
    const std::int32_t pool = sc.pool_size(t);
    double surpluses = 0.0;
    std::int32_t outside = 0;
    for (std::int32_t r = first; r < first + pool; ++r) {
      if (!st.rider_member[r]) {
        ++outside;
        continue;
      }
      const double expected = st.rider_expected_yuan_per_h[r];
      if (std::isnan(expected)) continue;  // has not worked yet
      if (draw(r, 0) < exit_probability(expected, wage, supply)) {
        st.rider_member[r] = 0;
        st.rider_expected_yuan_per_h[r] = std::numeric_limits<double>::quiet_NaN();
      } else if (expected > wage) {
        surpluses += (expected - wage) / wage;
      }
    }
    if (outside == 0) continue;
    const double join = std::min(1.0, expected_entrants(surpluses, supply) / outside);
    for (std::int32_t r = first; r < first + pool; ++r) {
      if (!st.rider_member[r] && draw(r, 1) < join) st.rider_member[r] = 1;
    }
  }
}

// the platform protects utilisation: it admits a share of today's log-ins, cut by yesterday's
// shortfall against the target and restored as utilisation recovers (a draw per worker and day)
void cap_logins(const Scenario& sc, SimulationState& st, std::int32_t day) {
  const RiderDayColumns& days = st.results.rider_days;
  double online = 0.0, engaged = 0.0;
  for (std::size_t k = 0; k < days.size(); ++k) {
    if (days.day[k] != day - 1 || days.online_s[k] <= 0) continue;  // still online: not settled yet
    online += days.online_s[k];
    engaged += days.engaged_s[k];
  }
  const double target = sc.rules.login_cap.min_utilisation;
  const double seen = online > 0.0 ? engaged / online : target;
  st.login_admit_share = std::clamp(st.login_admit_share * seen / target, 0.05, 1.0);
  for (std::size_t r = 0; r < st.rider_locked_out.size(); ++r) {
    const double u = hashed_uniform(Stream::LABOUR_SUPPLY, st.workers[r].key, 2 * static_cast<std::uint64_t>(day) + kLoginCapDraw, st.seed);
    st.rider_locked_out[r] = u >= st.login_admit_share ? 1 : 0;
  }
}

// today's expected pay per job over the usual, by worker type: what a worker can foresee of the
// day's extras (the festival surcharge and peak fee; the weather surcharge over the share of the
// day's hours under bad weather, from the forecast; the earnings multiplier where the type's
// planned day, stretched by what gates may add, reaches its gate). A floor's top-up is left out:
// it shrinks as more log in, and platforms that pay one restrict log-ins (nycdcwp2024)
std::vector<double> day_pay_index(const Scenario& sc, const SimulationState& st, std::int32_t day) {
  const std::size_t types = sc.rider_types.size();
  const OrderColumns& orders = st.results.orders;
  double quoted = 0.0, value = 0.0, n = 0.0;
  for (std::size_t o = 0; o < orders.size(); ++o) {
    quoted += static_cast<double>(orders.quoted_pay_fen[o]);
    value += static_cast<double>(orders.basket_fen[o] > 0 ? orders.basket_fen[o] : orders.customer_fee_fen[o]);
    n += 1;
  }
  if (n == 0 || quoted <= 0) return std::vector<double>(types, 1.0);
  const double usual = quoted / n;
  const double open_h = sc.horizon.end_h - sc.horizon.start_h;
  const auto share_of_day = [&](double from_h, double to_h) {
    return std::max(0.0, std::min(to_h, sc.horizon.end_h) - std::max(from_h, sc.horizon.start_h)) / open_h;
  };
  const PayRules& pay = sc.rules.pay;
  const bool festival = sc.world.is_festival_day(day);
  double extra = festival ? static_cast<double>(pay.festival_surcharge_fen) : 0.0;
  if (pay.peak_fee_share > 0.0 && (pay.peak_fee_days == DaySet::ALL || festival)) {
    extra += pay.peak_fee_share * value / n * share_of_day(pay.peak_fee_start_h, pay.peak_fee_end_h);
  }
  if (pay.weather_surcharge_fen > 0 && !sc.world.weather.empty()) {
    int wet = 0, steps = 0;
    for (double h = sc.horizon.start_h; h < sc.horizon.end_h; h += 0.25, ++steps) {
      wet += sc.world.weather_at(at_hour(day, h)) != nullptr ? 1 : 0;
    }
    extra += static_cast<double>(pay.weather_surcharge_fen) * wet / std::max(steps, 1);
  }
  const MultiplierRules& m = sc.rules.multiplier;
  const bool multiplied = m.share > 0.0 && (m.days == DaySet::ALL || festival);
  const double stretch_h = sc.labour_supply.responds_on(Margin::GATES) ? sc.labour_supply.max_extra_h : 0.0;
  std::vector<double> index(types, 1.0);
  for (std::size_t t = 0; t < types; ++t) {
    double type_extra = extra;
    if (multiplied) {
      double planned = 0.0, reaching = 0.0;
      for (const Shift& shift : sc.rider_types[t].shifts) {
        planned += shift.share;
        if (shift.end_h - shift.start_h + stretch_h >= m.min_online_h) reaching += shift.share;
      }
      if (planned > 0.0) type_extra += m.share * usual * share_of_day(m.start_h, m.end_h) * reaching / planned;
    }
    index[t] = 1.0 + type_extra / usual;
  }
  return index;
}

// the platform passes a share of yesterday's floor top-ups per job into today's customer prices;
// customers weigh the higher price (the same draw of each: only the price changed)
void pass_floor_costs(const Scenario& sc, SimulationState& st, std::int32_t day) {
  OrderColumns& orders = st.results.orders;
  const RiderDayColumns& days = st.results.rider_days;
  const auto yesterday = [&](std::size_t o) {
    return orders.delivered_s[o] >= 0 && orders.delivered_s[o] / kSecondsPerDay == day - 1;
  };
  double jobs = 0.0;
  for (std::size_t o = 0; o < orders.size(); ++o) jobs += yesterday(o) ? 1.0 : 0.0;
  // yesterday's top-ups: the columns of the components whose role is a top-up, per job or per day
  double topups = 0.0;
  for (std::size_t i = 0; i < kMoneyCount; ++i) {
    if (kMoney[i].role != Role::WORKER_TOPUP) continue;
    if (kMoney[i].when == Settled::JOB) {
      for (std::size_t o = 0; o < orders.size(); ++o) topups += yesterday(o) ? static_cast<double>(orders.money[i][o]) : 0.0;
    } else if (kMoney[i].when == Settled::DAY) {
      const auto& column = days.money[i - kJobMoneyCount];
      for (std::size_t k = 0; k < days.size(); ++k) topups += days.day[k] == day - 1 ? static_cast<double>(column[k]) : 0.0;
    }
  }
  if (jobs == 0 || topups <= 0) return;
  const auto surcharge = static_cast<Fen>(std::llround(sc.rules.pass_through.floor_costs_to_fees * topups / jobs));
  for (std::size_t o = 0; o < orders.size(); ++o) {
    if (orders.day[o] != day || o >= st.response_price.size()) continue;
    const Fen before = orders.customer_fee_fen[o];
    orders.customer_fee_fen[o] = before + surcharge;
    const double price = before > 0 ? st.response_price[o] * static_cast<double>(before + surcharge) / static_cast<double>(before)
                                    : st.response_price[o];
    detail::quote_job(sc, st, o, price);
  }
}

void on_event(const Scenario& sc, SimulationState& st, Dispatcher& dispatcher, const Event& e) {
  switch (e.type) {
    case EventType::DAY_START: {
      const std::int32_t day = e.id;
      if (day > 0 && day % 30 == 0) detail::settle_commission_month(sc, st, day / 30 - 1);
      if (day % 30 == 0) {
        for (Worker& w : st.workers) w.complaints_month = 0;
      }
      if (day % 7 == 0) std::fill(st.rider_week_orders.begin(), st.rider_week_orders.end(), 0);
      if (day > 0 && sc.labour_supply.free_entry) update_labour_supply(sc, st, day);
      if (day > 0 && sc.rules.login_cap.min_utilisation > 0.0) cap_logins(sc, st, day);
      if (day > 0 && sc.rules.pass_through.floor_costs_to_fees > 0.0 && !sc.trace.has_orders()) pass_floor_costs(sc, st, day);
      if (sc.logins_respond_to_pay()) st.day_pay_index = day_pay_index(sc, st, day);
      // a row for every member who may log in today, made at once rather than grown row by row
      st.results.rider_days.make_room(static_cast<std::size_t>(
          std::count_if(st.rider_member.begin(), st.rider_member.end(), [](auto member) { return member != 0; })));
      // the members' streams for the day are seeded a block of riders at a time, side by side
      constexpr std::size_t kBlock = kStreamsSideBySide;
      std::array<std::uint64_t, kBlock> keys{};
      std::vector<Engine> streams(kBlock);
      std::size_t next_stream = kBlock;
      const auto riders = static_cast<std::int32_t>(st.rider_type.size());
      const double present = present_share(sc, day);
      for (std::int32_t r = 0; r < riders; ++r) {
        if (!st.rider_member[r]) continue;
        st.results.member_days[static_cast<std::size_t>(day) * sc.rider_types.size() + static_cast<std::size_t>(st.rider_type[r])] += 1;
        if (!sc.trace.has_couriers() && next_stream == kBlock) {
          std::size_t count = 0;
          for (std::int32_t b = r; b < riders && count < kBlock; ++b) {
            if (st.rider_member[b]) keys[count++] = st.workers[b].key;
          }
          make_streams(Stream::RIDER_DAY, std::span(keys.data(), count), static_cast<std::uint64_t>(day), st.seed, streams);
          next_stream = 0;
        }
        if (sc.trace.has_couriers()) {
          // a replay's couriers keep their recorded shift and start place
          const auto row = static_cast<std::size_t>(sc.trace.courier_row_of_worker[static_cast<std::size_t>(r)]);
          const bool today = sc.trace.courier_on_s[row] / kSecondsPerDay == day;
          st.rider_next_shift_start_s[r] = today ? sc.trace.courier_on_s[row] : -1;
          st.rider_next_shift_end_s[r] = sc.trace.courier_off_s[row];
          st.rider_next_login[r] = {sc.trace.courier_x_m[row], sc.trace.courier_y_m[row]};
        } else {
          draw_rider_day(sc, st, r, day, present, streams[next_stream++]);
        }
        if (st.rider_next_shift_start_s[r] < 0) continue;
        if (st.rider_locked_out[r]) {
          st.results.logins_turned_away += 1;
          continue;
        }
        st.push(st.rider_next_shift_start_s[r], EventType::SHIFT_START, r);
      }
      break;
    }
    case EventType::SHIFT_START: {
      const std::int32_t r = e.id;
      if (st.rider_status[r] != RiderStatus::OFFLINE) break;  // still finishing yesterday's last delivery
      st.rider_status[r] = RiderStatus::IDLE;
      st.rider_position[r] = st.rider_next_login[r];
      Worker& worker = st.workers[r];
      worker.login_s = st.now_s;
      worker.crashed = false;
      const std::int32_t row = static_cast<std::int32_t>(
          st.results.rider_days.add(r, st.now_s / kSecondsPerDay, st.rider_type[r], st.now_s));
      worker.day_row = row;
      worker.today = {};
      st.rider_decided_s[r] = -1;
      // the fatigue cap can end the day before the shift does
      const std::int32_t end = within_fatigue_cap(sc, st, r, st.rider_next_shift_end_s[r]);
      worker.shift_end_s = end;
      st.results.rider_days.shift_s[row] = st.rider_next_shift_end_s[r] - st.now_s;
      st.push(end, EventType::SHIFT_END, r);
      wait_for_work(sc, st, dispatcher, r);
      break;
    }
    case EventType::SHIFT_END: {
      const std::int32_t r = e.id;
      // a busy rider finishes the route first and decides when it is done
      if (st.workers[r].shift_end_s == st.now_s && st.rider_status[r] == RiderStatus::IDLE && !goes_on(sc, st, r)) log_out(sc, st, r);
      break;
    }
    case EventType::RIDER_ARRIVES:
      on_rider_arrives(sc, st, dispatcher, e.id);
      break;
    case EventType::DISPATCH_TICK: {
      st.tick_scheduled = false;
      const auto start = std::chrono::steady_clock::now();
      with_housekeeping(sc, st, [&](const SimulationState& view, DispatchActions& act) { dispatcher.on_tick(sc, view, act); });
      st.results.diagnostics.dispatch_ticks += 1;
      st.results.diagnostics.dispatch_seconds +=
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      if (!st.waiting.empty()) schedule_tick(sc, st, st.now_s);
      break;
    }
  }
}

void run_events(const Scenario& sc, SimulationState& st, Dispatcher& dispatcher, std::int32_t until_s) {
  const auto n_orders = static_cast<std::int32_t>(st.release_order.size());
  const auto& release = st.results.orders.release_s;
  // jobs reach dispatch in release order (placement, or before a booked time), ties by id
  while (true) {
    const std::int32_t next_order_s = st.next_order < n_orders ? release[st.release_order[st.next_order]] : kNever;
    const std::int32_t next_event_s = st.events.empty() ? kNever : st.events.top().time_s;
    const std::int32_t next_s = std::min(next_order_s, next_event_s);
    if (next_s == kNever || next_s > until_s) break;
    st.now_s = next_s;
    if (next_order_s <= next_event_s) {
      const std::int32_t o = st.release_order[st.next_order++];
      if (st.results.orders.status[o] == static_cast<std::uint8_t>(OrderStatus::DETERRED)) continue;
      st.waiting.push_back(o);
      st.next_expiry_s = std::min(st.next_expiry_s, st.cancel_at_s[o]);
      with_housekeeping(sc, st, [&](const SimulationState& view, DispatchActions& act) { dispatcher.on_order_placed(sc, view, o, act); });
      if (dispatcher.uses_ticks()) schedule_tick(sc, st, st.now_s - 1);
      continue;
    }
    const Event e = st.events.top();
    st.events.pop();
    if (!st.events.empty()) prefetch_worker_of(st, st.events.top());
    on_event(sc, st, dispatcher, e);
  }
}

}  // namespace

SimulationState init_state(const Scenario& sc, std::uint64_t seed) {
  SimulationState st;
  st.seed = seed;
  // another allocation seed reshuffles offers, violations, crashes and waiting places alone: the chance
  // a comparison's winners and losers are measured against
  st.allocation_seed = salted_seed(seed, sc.allocation_seed);
  st.results.scenario_name = sc.name;
  st.results.seed = seed;
  sc.trade->draw_jobs(sc, st);
  // when each job reaches dispatch and when its customer gives up: a job booked ahead (the trade
  // set its release) from its release, any other from its placement
  OrderColumns& orders = st.results.orders;
  const std::int32_t delay = release_delay_s(sc);
  const std::int32_t patience = sc.demand.cancel_after_unassigned_s;
  st.cancel_at_s.resize(orders.size());
  for (std::size_t o = 0; o < orders.size(); ++o) {
    const bool booked = orders.release_s[o] >= 0;
    if (!booked) orders.release_s[o] = orders.placed_s[o] + delay;
    st.cancel_at_s[o] = (booked ? orders.release_s[o] : orders.placed_s[o]) + patience;
  }
  st.release_order.resize(orders.size());
  std::iota(st.release_order.begin(), st.release_order.end(), 0);
  // jobs drawn day by day in time order, none booked ahead, are in release order already
  const auto released_before = [&](std::int32_t a, std::int32_t b) { return orders.release_s[a] < orders.release_s[b]; };
  if (!std::is_sorted(st.release_order.begin(), st.release_order.end(), released_before)) {
    std::stable_sort(st.release_order.begin(), st.release_order.end(), released_before);
  }

  const std::int32_t n = sc.n_riders();
  st.rider_type.reserve(n);
  st.workers.assign(n, {});
  st.results.member_days.assign(sc.rider_types.size() * static_cast<std::size_t>(sc.horizon.days), 0);
  st.rider_member.assign(n, 0);
  st.type_first_rider.assign(sc.rider_types.size(), 0);
  // workers are numbered type by type in the order of the types' names, so that listing the
  // same types in another order gives every person the same id
  for (const std::int32_t t : sc.worker_type_order()) {
    st.type_first_rider[static_cast<std::size_t>(t)] = static_cast<std::int32_t>(st.rider_type.size());
    // a trace's couriers are all on the platform; otherwise the type's count starts
    const std::int32_t members = sc.trace.has_couriers() ? sc.pool_size(t) : sc.rider_types[t].count;
    for (std::int32_t k = 0; k < members; ++k) st.rider_member[st.rider_type.size() + k] = 1;
    st.rider_type.insert(st.rider_type.end(), sc.pool_size(t), t);
    // a stable identity per person: the type's name and the index within it
    std::uint64_t name_hash = 1469598103934665603ULL;  // FNV-1a
    for (const unsigned char c : sc.rider_types[t].name) name_hash = (name_hash ^ c) * 1099511628211ULL;
    for (std::int32_t k = 0; k < sc.pool_size(t); ++k) {
      st.workers[st.type_first_rider[static_cast<std::size_t>(t)] + k].key =
          name_hash ^ (static_cast<std::uint64_t>(k) * 0x9E3779B97F4A7C15ULL);
    }
  }
  st.rider_status.assign(n, RiderStatus::OFFLINE);
  st.rider_position.assign(n, Point{});
  st.rider_next_shift_start_s.assign(n, -1);
  st.rider_next_shift_end_s.assign(n, -1);
  st.rider_next_login.assign(n, Point{});
  st.rider_score.assign(n, sc.rules.lateness.base_score);
  st.rider_week_orders.assign(n, 0);
  st.rider_expected_yuan_per_h.assign(n, std::numeric_limits<double>::quiet_NaN());
  st.rider_locked_out.assign(n, 0);
  st.rider_decided_s.assign(n, -1);
  st.rider_net_at_decision_fen.assign(n, 0);
  st.order_broadcasts.assign(st.results.orders.size(), 0);
  st.idle_riders = GridIndex(sc.world.width_m, sc.world.height_m, kGridCellM);
  // a worker has at most two events pending at once (the shift's end and an arrival)
  st.events.reserve(2 * static_cast<std::size_t>(n) + 64);
  for (std::int32_t d = 0; d < sc.horizon.days; ++d) st.push(d * kSecondsPerDay, EventType::DAY_START, d);
  return st;
}

namespace {
// the scenario's policy, made once for the whole run however many steps it is run in
Dispatcher& own_policy(const Scenario& sc, SimulationState& st) {
  if (!st.policy) st.policy = make_dispatcher(sc);
  return *st.policy;
}
}  // namespace

void run_until(const Scenario& sc, SimulationState& st, std::int32_t until_s) {
  run_events(sc, st, own_policy(sc, st), until_s);
}

void run_until(const Scenario& sc, SimulationState& st, std::int32_t until_s, Dispatcher& dispatcher) {
  run_events(sc, st, dispatcher, until_s);
}

Results finish(const Scenario& sc, SimulationState& st) { return finish(sc, st, own_policy(sc, st)); }

Results finish(const Scenario& sc, SimulationState& st, Dispatcher& dispatcher) {
  run_events(sc, st, dispatcher, kNever - 1);
  // orders nobody took: cancelled when the customer's patience ran out
  OrderColumns& orders = st.results.orders;
  for (std::int32_t o : st.waiting) {
    if (orders.assigned_s[o] >= 0 || orders.cancelled_s[o] >= 0) continue;
    orders.cancelled_s[o] = st.cancel_at_s[o];
    orders.status[o] = static_cast<std::uint8_t>(OrderStatus::CANCELLED);
  }
  st.waiting.clear();
  // the last month, and the one after it for deliveries finished past the last midnight
  std::int32_t last_month = (sc.horizon.days - 1) / 30;
  for (std::size_t o = 0; o < orders.size(); ++o) {
    if (orders.delivered_s[o] >= 0) last_month = std::max(last_month, orders.delivered_s[o] / kSecondsPerDay / 30);
  }
  for (std::int32_t m = (sc.horizon.days - 1) / 30; m <= last_month; ++m) detail::settle_commission_month(sc, st, m);
  Results results = std::move(st.results);
  results.dispatch_work = st.dispatch_work;
  results.summary = summarise(sc, results);
  return results;
}

Results run(const Scenario& scenario, std::uint64_t seed) {
  SimulationState state = init_state(scenario, seed);
  return finish(scenario, state);
}

Results run(const Scenario& scenario, std::uint64_t seed, Dispatcher& dispatcher) {
  SimulationState state = init_state(scenario, seed);
  return finish(scenario, state, dispatcher);
}

}  // namespace ridersim
