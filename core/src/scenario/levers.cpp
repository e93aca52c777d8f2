// The lever schema: one row per negotiable rule. Bounds keep the model meaningful and the
// arithmetic in range; defaults are the ones a scenario gets when it leaves a lever out.

#include "ridersim/levers.hpp"

#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "ridersim/dispatch.hpp"
#include "ridersim/scenario.hpp"

namespace ridersim {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr bool REQUIRED = true;
constexpr bool OPTIONAL = false;
using T = LeverType;

std::span<const std::string_view> policy_names() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> out;
    for (const auto& p : dispatch_policies()) out.push_back(p.name);
    return out;
  }();
  return names;
}

// clang-format off
const std::vector<Lever>& table() {
  static const std::vector<Lever> rows{
    // dispatch
    {"rules.dispatch.policy", T::CHOICE, 0, 0, false, REQUIRED, 0, "", "dispatch policy", "派单方式", "",
     "how jobs reach workers: nearest idle worker, batched optimal matching, bundling, rolling horizon, a grab market, score priority, or a policy of your own", policy_names()},
    {"rules.dispatch.pickup_before_shift_end", T::BOOLEAN, 0, 1, false, OPTIONAL, 0, "", "pickup before shift end", "下班前取货", "",
     "no job is offered that the worker would collect after the shift ends"},
    {"rules.dispatch.release_before_ready_min", T::NUMBER, 0, 240, false, OPTIONAL, -1, "min", "release before ready", "出餐前派单", "food",
     "jobs reach dispatch this many minutes before their meal is expected; -1 (absent): at placement"},
    {"rules.dispatch.batch_interval_s", T::INTEGER, 1, 3600, false, OPTIONAL, 30, "s", "batch interval", "批量派单间隔", "",
     "seconds between batch dispatch rounds"},
    {"rules.dispatch.candidates_per_order", T::INTEGER, 1, 1000, false, OPTIONAL, 8, "workers", "candidates per job", "每单候选人数", "",
     "k of the k-nearest candidate graph"},
    {"rules.dispatch.max_pickup_km", T::NUMBER, 0, kInf, true, OPTIONAL, 5.0, "km", "maximum pickup distance", "最大取货距离", "",
     "workers farther than this from the pickup are not offered the job"},
    {"rules.dispatch.unassigned_penalty_s", T::INTEGER, 1, 86400, false, OPTIONAL, 1800, "s", "cost of leaving a job waiting", "延迟派单成本", "",
     "cost of leaving a job for the next batch, in seconds of pickup travel"},
    {"rules.dispatch.max_bundle", T::INTEGER, 1, 10, false, OPTIONAL, 3, "jobs", "most jobs carried at once", "最多同时配送单数", "food",
     "bundling and rolling_horizon: most jobs a worker carries at once (other policies carry one)"},
    {"rules.dispatch.lateness_weight", T::NUMBER, 0, 100, false, OPTIONAL, 1.0, "", "weight of lateness", "超时权重", "food",
     "bundling: cost of a second of added lateness, in seconds of route time"},
    {"rules.dispatch.horizon_min", T::NUMBER, 0, 240, false, OPTIONAL, 10.0, "min", "planning horizon", "规划时域", "food",
     "rolling_horizon: jobs ready within this are planned"},
    {"rules.dispatch.grab_radius_km", T::NUMBER, 0, kInf, true, OPTIONAL, 1.5, "km", "grab radius", "抢单半径", "",
     "grab_market: first broadcast radius"},
    {"rules.dispatch.grab_radius_growth", T::NUMBER, 1, 10, false, OPTIONAL, 1.5, "x", "grab radius growth", "抢单半径扩大倍数", "",
     "grab_market: radius multiplier at each re-broadcast"},
    {"rules.dispatch.novice_orders", T::INTEGER, 0, 1e6, false, OPTIONAL, 0, "jobs", "novice threshold", "新手单量门槛", "",
     "workers with fewer deliveries so far are novices (0: none)"},
    {"rules.dispatch.novice_penalty", T::SHARE, 0, 1, false, OPTIONAL, 0, "share", "novice throttle", "新手限流", "",
     "a novice's dispatch cost is raised by this share of the unassigned penalty"},
    {"rules.dispatch.score_weight", T::SHARE, 0, 1, false, OPTIONAL, 0, "share", "weight of the service score", "服务分权重", "",
     "a worker's service-score gap to 100 lowers dispatch priority by this weight"},
    {"rules.dispatch.rejection_penalty", T::SHARE, 0, 1, false, OPTIONAL, 0, "share", "rejection penalty", "拒单惩罚", "",
     "each rejection today lowers dispatch priority by this x 10% of the unassigned penalty"},
    // promise
    {"rules.promise.fixed_min", T::NUMBER, 0, 1440, false, OPTIONAL, 0, "min", "fixed promise", "固定承诺时长", "",
     "> 0: the promise is placement + this, whatever the prediction"},
    {"rules.promise.quantile", T::NUMBER, 0.001, 0.999, false, REQUIRED, 0, "quantile", "promise quantile", "预估时间分位数", "",
     "the quantile of the predicted delivery time that is promised (0.5: the algorithm takes the middle)"},
    {"rules.promise.buffer_min", T::NUMBER, 0, 240, false, REQUIRED, 0, "min", "promise buffer", "弹性时间", "",
     "minutes added to the promise"},
    {"rules.promise.window_min", T::NUMBER, 0, 240, false, OPTIONAL, 0, "min", "promise window", "送达时间窗", "",
     "> 0: the customer sees a window this wide; lateness counts from its end"},
    {"rules.promise.prediction_log_sd", T::NUMBER, 0, 1.5, false, OPTIONAL, 0.25, "log", "prediction spread", "预测离散度", "",
     "spread of the predicted delivery time (log scale)"},
    {"rules.promise.pickup_allowance_min", T::NUMBER, 0, 240, false, OPTIONAL, 5.0, "min", "pickup allowance", "到店时间预留", "",
     "time the prediction allows for a worker to reach the pickup"},
    {"rules.promise.assumed_speed_kmh", T::NUMBER, 1, 150, false, OPTIONAL, 15.0, "km/h", "assumed speed", "预估速度", "",
     "speed the prediction assumes for the delivery leg"},
    {"rules.promise.weather_aware", T::BOOLEAN, 0, 1, false, OPTIONAL, 0, "", "promise adjusted for weather", "按天气调整预估时间", "",
     "the prediction slows the worker's travel (to the pickup and the delivery leg) by the weather at the job's placement, as the weather slows the worker"},
    // pay
    {"rules.pay.base_per_order_yuan", T::MONEY, 0, 10000, false, OPTIONAL, 0, "yuan/job", "base pay per job", "每单基础配送费", "",
     "the piece rate the platform pays per job"},
    {"rules.pay.per_km_over_1km_yuan", T::MONEY, 0, 10000, false, OPTIONAL, 0, "yuan/km", "pay per km over 1 km", "超1公里每公里加价", "",
     "distance add-on per km of route beyond the first"},
    {"rules.pay.weather_surcharge_yuan", T::MONEY, 0, 1e6, false, OPTIONAL, 0, "yuan/job", "bad-weather surcharge", "恶劣天气补贴", "",
     "per job picked up during a weather period"},
    {"rules.pay.night_surcharge_yuan", T::MONEY, 0, 1e6, false, OPTIONAL, 0, "yuan/job", "night surcharge", "夜间补贴", "",
     "per job picked up during night hours"},
    {"rules.pay.night_start_h", T::NUMBER, 0, 24, false, OPTIONAL, 22, "h", "night starts", "夜间开始", "",
     "start of night hours (may wrap past midnight)"},
    {"rules.pay.night_end_h", T::NUMBER, 0, 24, false, OPTIONAL, 6, "h", "night ends", "夜间结束", "", "end of night hours"},
    {"rules.pay.festival_surcharge_yuan", T::MONEY, 0, 1e6, false, OPTIONAL, 0, "yuan/job", "festival surcharge", "节日补贴", "",
     "per job delivered on a festival day"},
    {"rules.pay.peak_fee_share", T::SHARE, 0, 1, false, OPTIONAL, 0, "share", "peak service fee", "高峰服务费", "",
     "a share of the job's value (the fare, or the basket) paid by the customer straight to the worker on peak days"},
    {"rules.pay.peak_fee_days", T::CHOICE, 0, 0, false, OPTIONAL, 1, "", "peak fee days", "高峰服务费适用日", "",
     "the days the peak service fee applies on", kDaySetNames},
    {"rules.pay.peak_fee_start_h", T::NUMBER, 0, 24, false, OPTIONAL, 0, "h", "peak fee from", "高峰服务费开始时间", "",
     "the peak service fee applies to jobs placed from this hour"},
    {"rules.pay.peak_fee_end_h", T::NUMBER, 0, 24, false, OPTIONAL, 24, "h", "peak fee until", "高峰服务费结束时间", "",
     "... until this hour"},
    {"rules.pay.safety_bonus_per_order_yuan", T::MONEY, 0, 1e6, false, OPTIONAL, 0, "yuan/job", "safety bonus", "安全奖励（不闯红灯）", "",
     "per job while the worker's violation record today is clean"},
    // commission
    {"rules.commission.merchant_rate", T::SHARE, 0, 1, false, OPTIONAL, 0, "share", "merchant commission", "商家佣金比例", "food",
     "share of the basket the merchant pays the platform (riders are not paid from it)"},
    {"rules.commission.per_order_cap_yuan", T::MONEY, 0, 1e6, false, OPTIONAL, 0, "yuan/job", "merchant commission cap per order", "商家佣金单笔上限", "food",
     "0: no cap"},
    {"rules.commission.average_cap", T::SHARE, 0, 1, false, OPTIONAL, 0, "share", "merchant commission monthly-average cap", "商家佣金月均上限", "food",
     "0: no cap; else merchants are refunded the commission above this share of baskets over each 30-day month"},
    {"rules.commission.worker_rate", T::SHARE, 0, 1, false, OPTIONAL, 0, "share", "commission on the worker's fare", "抽成比例", "ride_hailing freight",
     "share of the fare the platform keeps"},
    {"rules.commission.worker_fixed_per_order_yuan", T::MONEY, 0, 1000, false, OPTIONAL, 0, "yuan/job", "fixed fee per order from the worker", "每单固定信息服务费", "ride_hailing freight",
     "a fixed amount the platform keeps from each fare on top of the rate (so short trips carry higher takes)"},
    {"rules.commission.worker_per_order_cap_share", T::SHARE, 0, 1, false, OPTIONAL, 0, "share", "commission cap per order (share)", "单笔抽成上限（比例）", "ride_hailing freight",
     "0: no cap; else the platform keeps at most this share of each fare"},
    {"rules.commission.worker_per_order_cap_yuan", T::MONEY, 0, 1e6, false, OPTIONAL, 0, "yuan/job", "commission cap per order (yuan)", "单笔抽成上限（元）", "ride_hailing freight",
     "0: no cap; else the platform keeps at most this much of each fare"},
    {"rules.commission.worker_average_cap", T::SHARE, 0, 1, false, OPTIONAL, 0, "share", "commission monthly-average cap", "月均抽成上限", "ride_hailing freight",
     "0: no cap; else each worker is refunded what the platform kept above this share of the worker's fares over each 30-day month"},
    // lateness
    {"rules.lateness.sanction", T::CHOICE, 0, 0, false, REQUIRED, 0, "", "lateness sanction", "超时处罚方式", "",
     "cash deductions, service-score points, or none", kLatenessSanctionNames},
    {"rules.lateness.late_fine_yuan", T::MONEY, 0, 10000, false, OPTIONAL, 0, "yuan/job", "fine per missed delivery time", "延误罚款", "",
     "a fixed fine per job delivered after its promised time, whatever the sanction (couriers' missed deliveries)"},
    {"rules.lateness.exempt_merchant_delay_min", T::NUMBER, 0, 240, false, OPTIONAL, 0, "min", "no sanction after a merchant's delay", "商家出餐延误免责", "food",
     "0: off; else a job whose meal was ready this many minutes later than the platform's expected preparation carries no lateness sanction (an abnormal order), and its rider knows it"},
    {"rules.lateness.cash_tiers", T::TABLE, 0, 0, false, OPTIONAL, 0, "", "cash deduction tiers", "超时扣款梯度", "",
     "list of {from_min, deduct_share}: the share of the job's pay deducted once lateness reaches from_min minutes"},
    {"rules.lateness.points.base_score", T::NUMBER, 0, 100, false, OPTIONAL, 70, "points", "base service score", "基础服务分", "",
     "the score a worker starts each day with (points regime)"},
    {"rules.lateness.points.minor", T::NUMBER, 0, 100, false, OPTIONAL, 1, "points", "points lost, minor lateness", "轻微超时扣分", "",
     "points lost for a job late by less than major_after_min"},
    {"rules.lateness.points.major", T::NUMBER, 0, 100, false, OPTIONAL, 2, "points", "points lost, major lateness", "严重超时扣分", "",
     "points lost for a job late by more"},
    {"rules.lateness.points.major_after_min", T::NUMBER, 0, kInf, false, OPTIONAL, 5, "min", "major lateness from", "严重超时起点", "",
     "lateness from which the major loss applies"},
    {"rules.lateness.points.recovered_on_time", T::NUMBER, 0, 100, false, OPTIONAL, 0, "points", "points won back on time", "准时恢复分", "",
     "points won back per on-time job (score at most 100)"},
    // earnings acceleration and bonuses
    {"rules.multiplier.share", T::NUMBER, 0, 10, false, REQUIRED, 0, "share", "earnings acceleration", "收入加速比例", "",
     "a share added to the pay earned inside the daily window, for worker-days that meet the gates"},
    {"rules.multiplier.start_h", T::NUMBER, 0, 24, false, OPTIONAL, 0, "h", "acceleration window starts", "加速时段开始", "",
     "the daily window of the acceleration starts at this hour"},
    {"rules.multiplier.end_h", T::NUMBER, 0, 24, false, OPTIONAL, 24, "h", "acceleration window ends", "加速时段结束", "",
     "the daily window of the acceleration ends at this hour"},
    {"rules.multiplier.days", T::CHOICE, 0, 0, false, OPTIONAL, 0, "", "acceleration days", "加速适用日", "",
     "the days the acceleration applies on", kDaySetNames},
    {"rules.multiplier.min_online_h", T::NUMBER, 0, 24, false, OPTIONAL, 0, "h", "gate: hours online", "门槛：在线时长", "",
     "the day's online hours needed"},
    {"rules.multiplier.min_completion_rate", T::SHARE, 0, 1, false, OPTIONAL, 0, "share", "gate: completion rate", "门槛：完单率", "",
     "delivered jobs / offers received needed"},
    {"rules.threshold_bonuses", T::TABLE, 0, 0, false, OPTIONAL, 0, "", "threshold bonuses", "冲单奖", "",
     "list of {period: day|week, orders, bonus_yuan}: a bonus for reaching a number of jobs"},
    // floors
    {"rules.floor.hourly_yuan", T::MONEY, 0, 10000, false, REQUIRED, 0, "yuan/h", "hourly earnings floor", "每小时收入保底", "",
     "each worker-day's earnings are topped up to this per hour counted"},
    {"rules.floor.basis", T::CHOICE, 0, 0, false, REQUIRED, 0, "", "hours the floor counts", "保底计时口径", "",
     "online time, engaged time over a utilisation reference, engaged time, or the shift", kFloorBasisNames},
    {"rules.floor.utilisation_reference", T::NUMBER, 0, 1, true, OPTIONAL, 0.55, "share", "utilisation reference", "利用率基准", "",
     "engaged_over_utilisation: engaged hours are divided by this"},
    {"rules.trip_floor.per_km_yuan", T::MONEY, 0, 1000, false, OPTIONAL, 0, "yuan/km", "trip floor per km", "每单保底（每公里）", "",
     "a per-trip pay floor of per km x km + per minute x minutes, over utilisation (New York City style)"},
    {"rules.trip_floor.per_min_yuan", T::MONEY, 0, 1000, false, OPTIONAL, 0, "yuan/min", "trip floor per minute", "每单保底（每分钟）", "",
     "the per-minute part of the per-trip pay floor"},
    {"rules.trip_floor.utilisation", T::NUMBER, 0.05, 1, false, OPTIONAL, 1.0, "share", "trip floor utilisation", "保底利用率系数", "",
     "the rates are divided by this (New York City: the share of online time with a passenger)"},
    {"rules.login_cap.min_utilisation", T::SHARE, 0, 1, false, OPTIONAL, 0, "share", "log-in cap to protect utilisation", "限制上线以保障利用率", "",
     "0: off; else after a day below this utilisation the platform turns away a proportional share of log-ins"},
    {"rules.pass_through.floor_costs_to_fees", T::SHARE, 0, 1, false, OPTIONAL, 0, "share", "floor costs passed to customers", "保底成本转嫁给顾客", "",
     "0: off; else the platform adds this share of yesterday's floor top-ups per job to today's customer prices"},
    {"rules.pass_through.commission_to_prices", T::SHARE, 0, 1, false, OPTIONAL, 0, "share", "commission passed to menu prices", "佣金转嫁到菜价", "food",
     "0: off; else merchants raise the basket's price by this share of the commission rate, and customers weigh it"},
    // sanctions, fatigue, welfare
    {"rules.station.cut_share", T::SHARE, 0, 1, false, OPTIONAL, 0, "share", "station's cut of the dispatch fee", "网点截留比例", "courier",
     "share of the per-parcel dispatch fee the franchise station keeps before paying the courier"},
    {"rules.station.min_per_parcel_yuan", T::MONEY, 0, 1000, false, OPTIONAL, 0, "yuan/parcel", "minimum per parcel", "每件最低派费", "courier",
     "the courier gets at least this per parcel, whoever pays"},
    {"rules.station.direct_payment", T::BOOLEAN, 0, 1, false, OPTIONAL, 0, "", "dispatch fee paid to the courier directly", "派费直达快递员", "courier",
     "the brand pays the dispatch fee straight to the courier; the station keeps no cut"},
    {"rules.station.arrears_share", T::SHARE, 0, 1, false, OPTIONAL, 0, "share", "pay in arrears", "欠薪比例", "courier",
     "share of a month's station pay not paid on the pay date"},
    {"rules.station.guarantee_cover_share", T::SHARE, 0, 1, false, OPTIONAL, 0, "share", "guarantee fund cover", "工资保证金覆盖比例", "courier",
     "share of the arrears the wage guarantee fund pays"},
    {"rules.first_complaint_free", T::BOOLEAN, 0, 1, false, OPTIONAL, 0, "", "no fine for the first complaint", "首次投诉免罚", "",
     "a worker's first complaint in each 30-day month is not fined"},
    {"rules.parcel.dispatch_fee_yuan", T::MONEY, 0, 1000, false, REQUIRED, 0, "yuan/parcel", "dispatch fee per parcel", "每件派费", "courier",
     "what the brand pays for the delivery of a parcel"},
    {"rules.bad_review_fine_yuan", T::MONEY, 0, 1e6, false, OPTIONAL, 0, "yuan", "fine per complaint (bad review)", "投诉罚款", "",
     "per delivery-caused bad review"},
    {"rules.fatigue.alert_after_h", T::NUMBER, 0, 24, false, OPTIONAL, 0, "h", "fatigue alert", "疲劳提醒", "", "0: no alert"},
    {"rules.fatigue.forced_logoff_after_h", T::NUMBER, 0, 24, false, OPTIONAL, 0, "h", "forced log-off", "强制下线", "",
     "0: none; else the day ends after this many online hours"},
    {"rules.welfare.insurance_levy_per_order_yuan", T::MONEY, 0, 1e6, false, OPTIONAL, 0, "yuan/job", "injury insurance levy", "职业伤害保障费", "",
     "paid by the platform to the insurer per job"},
    {"rules.welfare.pension_premium_per_day_yuan", T::MONEY, 0, 1e6, false, OPTIONAL, 0, "yuan/day", "pension premium", "养老保险缴费", "",
     "a worker-day's pension premium"},
    {"rules.welfare.pension_subsidy_share", T::SHARE, 0, 1, false, OPTIONAL, 0, "share", "pension subsidy", "平台养老补贴比例", "",
     "share of the premium the platform pays; the worker pays the rest"},
    {"rules.welfare.pension_min_online_h", T::NUMBER, 0, 24, false, OPTIONAL, 0, "h", "pension: hours for a day to count", "养老保险：计入天数的在线时长", "",
     "a worker-day is enrolled (both shares paid) from this many online hours"},
    {"rules.welfare.pension_min_days_per_month", T::NUMBER, 0, 31, false, OPTIONAL, 0, "days", "pension: days active a month", "养老保险：每月活跃天数门槛", "",
     "only workers of types active at least this many days a month (30 x the shift shares) are enrolled"},
    {"rules.welfare.injury_payout_per_crash_yuan", T::MONEY, 0, 1e7, false, OPTIONAL, 0, "yuan", "injury payout per crash", "每次事故的职业伤害赔付", "",
     "the occupational injury insurance pays the worker this, on the crash day"},
    {"rules.welfare.injury_cover_share", T::SHARE, 0, 1, false, OPTIONAL, 1.0, "share", "share of crashes covered", "事故中获赔比例", "",
     "share of crashes that are covered injuries; the payout is the expected amount"},
    // food: the customer's delivery fee
    {"rules.customer_fee.base_yuan", T::MONEY, 0, 1000, false, REQUIRED, 0, "yuan/job", "delivery fee", "配送费", "food",
     "what the customer pays per delivery"},
    {"rules.customer_fee.per_km_yuan", T::MONEY, 0, 1e6, false, OPTIONAL, 0, "yuan/km", "delivery fee per km", "每公里配送费", "food",
     "per km beyond the free distance"},
    {"rules.customer_fee.free_km", T::NUMBER, 0, 1000, false, OPTIONAL, 0, "km", "free distance", "免费距离", "food",
     "the first km of a delivery carry no distance fee"},
    {"rules.customer_fee.night_extra_yuan", T::MONEY, 0, 1e6, false, OPTIONAL, 0, "yuan/job", "night delivery fee", "夜间配送费", "food",
     "added to the fee of a job placed at night"},
    // ride-hailing and freight: the tariff as a whole
    {"rules.fare.level", T::NUMBER, 0.2, 10, false, OPTIONAL, 1.0, "x", "tariff level", "运价水平", "ride_hailing freight",
     "every fare is multiplied by this: the platform's tariff raised or lowered as a whole"},
    // ride-hailing: the passenger's fare
    {"rules.fare.base_yuan", T::MONEY, 0, 1000, false, REQUIRED, 0, "yuan/trip", "start fare", "起步价", "ride_hailing",
     "what every trip's fare starts at"},
    {"rules.fare.per_km_yuan", T::MONEY, 0, 1000, false, REQUIRED, 0, "yuan/km", "fare per km", "里程费", "ride_hailing", "per km of the trip"},
    {"rules.fare.per_min_yuan", T::MONEY, 0, 1000, false, REQUIRED, 0, "yuan/min", "fare per minute", "时长费", "ride_hailing", "per minute of the trip"},
    {"rules.fare.minimum_yuan", T::MONEY, 0, 1000, false, OPTIONAL, 0, "yuan/trip", "minimum fare", "最低消费", "ride_hailing", "no trip's fare is below this"},
    {"rules.fare.multiplier_by_hour", T::TABLE, 0, 0, false, OPTIONAL, 0, "x", "time-of-day multiplier", "分时段系数", "ride_hailing",
     "24 numbers in [0.2, 10]: the fare multiplier by hour of day (default 1)"},
    {"rules.fare.surge_by_hour", T::TABLE, 0, 0, false, OPTIONAL, 0, "x", "surge multiplier", "动态加价系数", "ride_hailing",
     "24 numbers in [1, 10]: the expected surge multiplier by hour of day (default 1)"},
    // freight: the shipper's fare, by vehicle class (van, small_truck, large_truck)
    {"rules.fare.<vehicle>.start_yuan", T::MONEY, 0, 10000, false, REQUIRED, 0, "yuan/order", "start fare", "起步价", "freight",
     "the fare of a vehicle class covers the first included_km"},
    {"rules.fare.<vehicle>.included_km", T::NUMBER, 0, 100, false, OPTIONAL, 0, "km", "km in the start fare", "起步里程", "freight", "km the start fare covers"},
    {"rules.fare.<vehicle>.per_km_yuan", T::MONEY, 0, 1000, false, REQUIRED, 0, "yuan/km", "fare per km", "超里程费", "freight",
     "per km beyond the km the start fare covers"},
    {"rules.fare.<vehicle>.waiting_per_min_yuan", T::MONEY, 0, 100, false, OPTIONAL, 0, "yuan/min", "waiting charge", "等候费", "freight",
     "per minute of loading and unloading beyond the free minutes"},
    {"rules.fare.<vehicle>.free_waiting_min", T::NUMBER, 0, 1440, false, OPTIONAL, 0, "min", "free waiting", "免费等候时长", "freight",
     "minutes of loading and unloading the fare includes"},
    // the calendar: not rules, but the days a rule of festivals or weather needs to bite on
    {"horizon.days", T::INTEGER, 1, 3650, false, REQUIRED, 0, "days", "days simulated", "模拟天数", "",
     "days in each run; a festival day or a weather period must fall within them"},
    {"world.festival_days", T::TABLE, 0, 0, false, OPTIONAL, 0, "days", "festival days", "节日", "",
     "list of day numbers (0: the first day) that are festival days: the trade's festival demand and absences; festival surcharges, peak fees and accelerations pay only on them"},
    {"world.weather", T::TABLE, 0, 0, false, OPTIONAL, 0, "", "bad weather", "恶劣天气", "",
     "list of {day, start_h, end_h, kind: rain|snow, travel_time_factor, demand_factor, away_share, crash_factor}: weather surcharges pay only within them"},
  };
  return rows;
}
// clang-format on

}  // namespace

std::span<const Lever> levers() { return table(); }

const Lever& lever_named(std::string_view key) {
  for (const auto& l : table()) {
    if (l.key == key) return l;
  }
  throw std::out_of_range("no lever named " + std::string(key));
}

namespace detail {

namespace {
// a schema key matches a path segment by segment; "<vehicle>" stands for any one segment
bool matches(std::string_view path, std::string_view key) {
  while (true) {
    const auto p = path.find('.');
    const auto k = key.find('.');
    const std::string_view ps = path.substr(0, p);
    const std::string_view ks = key.substr(0, k);
    if (ks != "<vehicle>" && ks != ps) return false;
    if (p == std::string_view::npos || k == std::string_view::npos) return p == k;
    path.remove_prefix(p + 1);
    key.remove_prefix(k + 1);
  }
}

}  // namespace

}  // namespace detail

const Lever* lever_at(std::string_view path) {
  for (const auto& l : table()) {
    if (detail::matches(path, l.key)) return &l;
  }
  return nullptr;
}

namespace detail {

namespace {

std::string_view leaf_of(const Reader& r, std::string_view key) {
  const auto dot = key.rfind('.');
  const std::string_view leaf = dot == std::string_view::npos ? key : key.substr(dot + 1);
  if (!matches(r.path_of(leaf), key)) throw std::logic_error("lever " + std::string(key) + " read from " + r.path());
  return leaf;
}
}  // namespace

double lever(Reader& r, std::string_view key) {
  const Lever& l = lever_named(key);
  const std::string_view leaf = leaf_of(r, key);
  if (l.type == LeverType::INTEGER) {
    return static_cast<double>(l.required ? r.integer(leaf, l.bounds())
                                          : r.integer_or(leaf, static_cast<std::int64_t>(l.fallback), l.bounds()));
  }
  if (!l.required && !r.has(leaf)) {
    r.allow(leaf);
    return l.fallback;
  }
  return r.number(leaf, l.bounds());
}

Fen lever_fen(Reader& r, std::string_view key) { return yuan_to_fen(lever(r, key)); }

std::size_t lever_choice(Reader& r, std::string_view key) {
  const Lever& l = lever_named(key);
  const std::string_view leaf = leaf_of(r, key);
  return l.required ? r.choice(leaf, l.choices) : r.choice_or(leaf, static_cast<std::size_t>(l.fallback), l.choices);
}

bool lever_bool(Reader& r, std::string_view key) {
  const Lever& l = lever_named(key);
  const std::string_view leaf = leaf_of(r, key);
  if (!r.has(leaf)) {
    r.allow(leaf);
    return l.fallback != 0.0;
  }
  return r.boolean(leaf);
}

}  // namespace detail

}  // namespace ridersim
