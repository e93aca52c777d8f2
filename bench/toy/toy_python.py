"""The like-for-like toy model (bench/toy/README.md) in plain Python: the same event loop, grid
and rules as toy_bare.cpp, with heapq and lists.

    /usr/bin/python3 bench/toy/toy_python.py N [SEED]    prints one JSON line
"""

import heapq
import json
import math
import random
import sys
import time

DENSITY, ORDERS_PER_COURIER_HOUR, CUST_RADIUS = 4e-6, 1.5, 3000.0
PREP_MIN, PREP_MAX, SPEED, DT, END = 300.0, 900.0, 4.0, 10.0, 7200.0
CANCEL_AFTER, LATE_AFTER, LATE_PENALTY = 1800.0, 2700.0, 2.0
ARRIVAL, TICK, AT_RESTAURANT, AT_CUSTOMER = 0, 1, 2, 3
CELL = 1000.0


class Toy:
    """The toy's world drawn from one seed (restaurants, couriers, every order of the two hours),
    the idle couriers' grid, and the totals; the event loops below drive it."""

    def __init__(self, n: int, seed: int):
        rng = random.Random(seed)
        self.n = n
        self.side = side = math.sqrt(n / DENSITY)
        m = max(10, n // 5)
        self.restaurants = [(rng.random() * side, rng.random() * side) for _ in range(m)]
        self.courier = [(rng.random() * side, rng.random() * side) for _ in range(n)]
        self.placed, self.ready, self.value, self.restaurant, self.customer = [], [], [], [], []
        rate = n * ORDERS_PER_COURIER_HOUR / 3600.0
        t = rng.expovariate(rate)
        while t < END:
            r = int(rng.random() * m)
            radius = CUST_RADIUS * math.sqrt(rng.random())
            angle = 2.0 * math.pi * rng.random()
            rx, ry = self.restaurants[r]
            self.customer.append((min(max(rx + radius * math.cos(angle), 0.0), side),
                                  min(max(ry + radius * math.sin(angle), 0.0), side)))
            self.placed.append(t)
            self.ready.append(t + PREP_MIN + rng.random() * (PREP_MAX - PREP_MIN))
            self.value.append(10.0 + 30.0 * rng.random())
            self.restaurant.append(r)
            t += rng.expovariate(rate)
        self.cells = max(1, math.ceil(side / CELL))
        self.grid = [[] for _ in range(self.cells * self.cells)]
        for c in range(n):
            self.grid[self.cell_of(self.courier[c])].append(c)
        self.job = [-1] * n
        self.delivered = self.cancelled = 0
        self.delivery_s = self.courier_pay = self.commission = 0.0

    def cell_of(self, p):
        cells = self.cells
        return min(max(int(p[1] / CELL), 0), cells - 1) * cells + min(max(int(p[0] / CELL), 0), cells - 1)

    def nearest(self, p):
        """The nearest idle courier to p (-1: none), searching rings of cells until no closer one can exist."""
        cells, grid, courier = self.cells, self.grid, self.courier
        cx, cy = min(max(int(p[0] / CELL), 0), cells - 1), min(max(int(p[1] / CELL), 0), cells - 1)
        best, best_d = -1, float("inf")
        for ring in range(cells):
            if best >= 0 and (ring - 1) * CELL > best_d:
                break
            for y in range(cy - ring, cy + ring + 1):
                for x in range(cx - ring, cx + ring + 1):
                    if x < 0 or y < 0 or x >= cells or y >= cells or max(abs(x - cx), abs(y - cy)) != ring:
                        continue
                    for c in grid[y * cells + x]:
                        q = courier[c]
                        d = math.sqrt((p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2)
                        if d < best_d:
                            best, best_d = c, d
        return best

    def dispatch(self, now, pending):
        """One 10-second batch, first come first served: the orders still waiting, and for each
        order assigned (its courier, the time that courier reaches the restaurant)."""
        still, assigned = [], []
        for o in pending:
            if now - self.placed[o] > CANCEL_AFTER:
                self.cancelled += 1
                continue
            at = self.restaurants[self.restaurant[o]]
            c = self.nearest(at)
            if c < 0:
                still.append(o)
                continue
            self.grid[self.cell_of(self.courier[c])].remove(c)
            self.job[c] = o
            assigned.append((c, now + math.dist(self.courier[c], at) / SPEED))
            self.courier[c] = at
        return still, assigned

    def leave_restaurant(self, now, c):
        """When courier c reaches the customer, having reached the restaurant at now."""
        o = self.job[c]
        return max(now, self.ready[o]) + math.dist(self.courier[c], self.customer[o]) / SPEED

    def deliver(self, now, c):
        o = self.job[c]
        fee = 2.5 + math.dist(self.restaurants[self.restaurant[o]], self.customer[o]) / 1000.0
        if now - self.placed[o] > LATE_AFTER:
            fee -= LATE_PENALTY
        self.courier_pay += fee
        self.commission += 0.2 * self.value[o]
        self.delivery_s += now - self.placed[o]
        self.delivered += 1
        self.courier[c] = self.customer[o]
        self.job[c] = -1
        self.grid[self.cell_of(self.courier[c])].append(c)

    def report(self, implementation, setup, run):
        return {"implementation": implementation, "couriers": self.n, "orders": len(self.placed),
                "delivered": self.delivered, "cancelled": self.cancelled,
                "mean_delivery_min": round(self.delivery_s / max(self.delivered, 1) / 60.0, 3),
                "courier_pay_yuan": round(self.courier_pay, 2), "commission_yuan": round(self.commission, 2),
                "setup_cpu_s": round(setup, 4), "run_cpu_s": round(run, 4)}


def main(n: int, seed: int) -> dict:
    start = time.process_time()
    toy = Toy(n, seed)
    events = [(toy.placed[o], ARRIVAL, o) for o in range(len(toy.placed))]
    events.append((DT, TICK, 0))
    heapq.heapify(events)
    setup = time.process_time() - start

    pending = []
    while events:
        now, kind, ident = heapq.heappop(events)
        if now > END:
            break
        if kind == ARRIVAL:
            pending.append(ident)
        elif kind == TICK:
            pending, assigned = toy.dispatch(now, pending)
            for c, arrive in assigned:
                heapq.heappush(events, (arrive, AT_RESTAURANT, c))
            heapq.heappush(events, (now + DT, TICK, 0))
        elif kind == AT_RESTAURANT:
            heapq.heappush(events, (toy.leave_restaurant(now, ident), AT_CUSTOMER, ident))
        else:
            toy.deliver(now, ident)
    return toy.report("plain Python", setup, time.process_time() - start - setup)


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 1)))
