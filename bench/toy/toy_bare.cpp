// The like-for-like toy model (bench/toy/README.md) as a bare C++ event loop: the floor against
// which ridersim's own speed is measured. One file, the standard library only.
//
//   toy_bare N [SEED]   prints one JSON line: orders, delivered, mean delivery minutes, pay, and
//                       the CPU seconds of set-up and of the run

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <deque>
#include <queue>
#include <random>
#include <vector>

namespace {

constexpr double kDensity = 4e-6, kOrdersPerCourierHour = 1.5, kCustRadius = 3000.0, kPrepMin = 300.0,
                 kPrepMax = 900.0, kSpeed = 4.0, kDt = 10.0, kEnd = 7200.0, kCancelAfter = 1800.0, kLateAfter = 2700.0,
                 kLatePenalty = 2.0;

struct Point {
  double x, y;
};

double dist(Point a, Point b) { return std::sqrt((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)); }

double cpu_seconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

enum Kind : int { ARRIVAL = 0, TICK = 1, AT_RESTAURANT = 2, AT_CUSTOMER = 3 };

struct Event {
  double time;
  int kind;
  std::int64_t id;
  bool operator>(const Event& o) const { return time != o.time ? time > o.time : kind > o.kind; }
};

// idle couriers in square cells, for the nearest-idle search
class Grid {
 public:
  Grid(double side, double cell) : cell_(cell), n_(std::max(1, static_cast<int>(std::ceil(side / cell)))), cells_(n_ * n_) {}
  int cell_of(Point p) const {
    const int cx = std::clamp(static_cast<int>(p.x / cell_), 0, n_ - 1);
    const int cy = std::clamp(static_cast<int>(p.y / cell_), 0, n_ - 1);
    return cy * n_ + cx;
  }
  void insert(int id, Point p) { cells_[cell_of(p)].push_back(id); }
  void remove(int id, Point p) {
    auto& c = cells_[cell_of(p)];
    c.erase(std::find(c.begin(), c.end(), id));
  }
  // the nearest idle courier to p, searching rings of cells until no closer one can exist
  int nearest(Point p, const std::vector<Point>& where) const {
    const int cx = std::clamp(static_cast<int>(p.x / cell_), 0, n_ - 1);
    const int cy = std::clamp(static_cast<int>(p.y / cell_), 0, n_ - 1);
    int best = -1;
    double best_d = 1e300;
    for (int ring = 0; ring < n_; ++ring) {
      if (best >= 0 && (ring - 1) * cell_ > best_d) break;
      for (int y = cy - ring; y <= cy + ring; ++y) {
        for (int x = cx - ring; x <= cx + ring; ++x) {
          if (x < 0 || y < 0 || x >= n_ || y >= n_) continue;
          if (std::max(std::abs(x - cx), std::abs(y - cy)) != ring) continue;
          for (int id : cells_[y * n_ + x]) {
            const double d = dist(p, where[id]);
            if (d < best_d) {
              best_d = d;
              best = id;
            }
          }
        }
      }
    }
    return best;
  }

 private:
  double cell_;
  int n_;
  std::vector<std::vector<int>> cells_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: toy_bare N [SEED]\n");
    return 2;
  }
  const int n = std::atoi(argv[1]);
  const std::uint64_t seed = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1;
  if (n < 1) {
    std::fprintf(stderr, "N must be >= 1\n");
    return 2;
  }
  const double start = cpu_seconds();
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const double side = std::sqrt(n / kDensity);
  const int m = std::max(10, n / 5);
  std::vector<Point> restaurants(m);
  for (auto& r : restaurants) r = {u(rng) * side, u(rng) * side};
  std::vector<Point> courier(n);
  for (auto& c : courier) c = {u(rng) * side, u(rng) * side};

  // the orders, drawn up front
  std::vector<double> placed, ready, value;
  std::vector<int> restaurant;
  std::vector<Point> customer;
  std::exponential_distribution<double> gap(n * kOrdersPerCourierHour / 3600.0);
  for (double t = gap(rng); t < kEnd; t += gap(rng)) {
    const int r = static_cast<int>(u(rng) * m);
    const double radius = kCustRadius * std::sqrt(u(rng));
    const double angle = 2.0 * 3.141592653589793 * u(rng);
    const Point home{std::clamp(restaurants[r].x + radius * std::cos(angle), 0.0, side),
                     std::clamp(restaurants[r].y + radius * std::sin(angle), 0.0, side)};
    placed.push_back(t);
    ready.push_back(t + kPrepMin + u(rng) * (kPrepMax - kPrepMin));
    value.push_back(10.0 + 30.0 * u(rng));
    restaurant.push_back(r);
    customer.push_back(home);
  }
  const auto n_orders = static_cast<std::int64_t>(placed.size());
  std::vector<int> job(n, -1);  // the order each courier carries
  Grid idle(side, 1000.0);
  for (int c = 0; c < n; ++c) idle.insert(c, courier[c]);
  std::priority_queue<Event, std::vector<Event>, std::greater<>> events;
  for (std::int64_t o = 0; o < n_orders; ++o) events.push({placed[o], ARRIVAL, o});
  events.push({kDt, TICK, 0});
  const double setup = cpu_seconds() - start;

  std::deque<std::int64_t> pending;
  std::int64_t delivered = 0, cancelled = 0;
  double delivery_s = 0.0, courier_pay = 0.0, commission = 0.0;
  while (!events.empty()) {
    const Event e = events.top();
    events.pop();
    if (e.time > kEnd) break;
    switch (e.kind) {
      case ARRIVAL:
        pending.push_back(e.id);
        break;
      case TICK: {
        std::deque<std::int64_t> still;
        for (const std::int64_t o : pending) {
          if (e.time - placed[o] > kCancelAfter) {
            ++cancelled;
            continue;
          }
          const Point at = restaurants[restaurant[o]];
          const int c = idle.nearest(at, courier);
          if (c < 0) {
            still.push_back(o);
            continue;
          }
          idle.remove(c, courier[c]);
          job[c] = static_cast<int>(o);
          events.push({e.time + dist(courier[c], at) / kSpeed, AT_RESTAURANT, c});
          courier[c] = at;
        }
        pending.swap(still);
        events.push({e.time + kDt, TICK, 0});
        break;
      }
      case AT_RESTAURANT: {
        const int c = static_cast<int>(e.id);
        const std::int64_t o = job[c];
        const double leave = std::max(e.time, ready[o]);
        events.push({leave + dist(courier[c], customer[o]) / kSpeed, AT_CUSTOMER, c});
        break;
      }
      case AT_CUSTOMER: {
        const int c = static_cast<int>(e.id);
        const std::int64_t o = job[c];
        double fee = 2.5 + dist(restaurants[restaurant[o]], customer[o]) / 1000.0;
        if (e.time - placed[o] > kLateAfter) fee -= kLatePenalty;
        courier_pay += fee;
        commission += 0.2 * value[o];
        delivery_s += e.time - placed[o];
        ++delivered;
        courier[c] = customer[o];
        job[c] = -1;
        idle.insert(c, courier[c]);
        break;
      }
    }
  }
  const double run = cpu_seconds() - start - setup;
  std::printf("{\"implementation\": \"bare C++\", \"couriers\": %d, \"orders\": %lld, \"delivered\": %lld, "
              "\"cancelled\": %lld, \"mean_delivery_min\": %.3f, \"courier_pay_yuan\": %.2f, \"commission_yuan\": %.2f, "
              "\"setup_cpu_s\": %.4f, \"run_cpu_s\": %.4f}\n",
              n, static_cast<long long>(n_orders), static_cast<long long>(delivered), static_cast<long long>(cancelled),
              delivered ? delivery_s / static_cast<double>(delivered) / 60.0 : 0.0, courier_pay, commission, setup, run);
  return 0;
}
