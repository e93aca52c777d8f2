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


def main(n: int, seed: int) -> dict:
    start = time.process_time()
    rng = random.Random(seed)
    side = math.sqrt(n / DENSITY)
    m = max(10, n // 5)
    restaurants = [(rng.random() * side, rng.random() * side) for _ in range(m)]
    courier = [(rng.random() * side, rng.random() * side) for _ in range(n)]
    placed, ready, value, restaurant, customer = [], [], [], [], []
    rate = n * ORDERS_PER_COURIER_HOUR / 3600.0
    t = rng.expovariate(rate)
    while t < END:
        r = int(rng.random() * m)
        radius = CUST_RADIUS * math.sqrt(rng.random())
        angle = 2.0 * math.pi * rng.random()
        rx, ry = restaurants[r]
        customer.append((min(max(rx + radius * math.cos(angle), 0.0), side), min(max(ry + radius * math.sin(angle), 0.0), side)))
        placed.append(t)
        ready.append(t + PREP_MIN + rng.random() * (PREP_MAX - PREP_MIN))
        value.append(10.0 + 30.0 * rng.random())
        restaurant.append(r)
        t += rng.expovariate(rate)
    cells = max(1, math.ceil(side / CELL))
    grid = [[] for _ in range(cells * cells)]

    def cell_of(p):
        return min(max(int(p[1] / CELL), 0), cells - 1) * cells + min(max(int(p[0] / CELL), 0), cells - 1)

    def nearest(p):
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

    for c in range(n):
        grid[cell_of(courier[c])].append(c)
    job = [-1] * n
    events = [(placed[o], ARRIVAL, o) for o in range(len(placed))]
    events.append((DT, TICK, 0))
    heapq.heapify(events)
    setup = time.process_time() - start

    pending, delivered, cancelled = [], 0, 0
    delivery_s = courier_pay = commission = 0.0
    while events:
        now, kind, ident = heapq.heappop(events)
        if now > END:
            break
        if kind == ARRIVAL:
            pending.append(ident)
        elif kind == TICK:
            still = []
            for o in pending:
                if now - placed[o] > CANCEL_AFTER:
                    cancelled += 1
                    continue
                at = restaurants[restaurant[o]]
                c = nearest(at)
                if c < 0:
                    still.append(o)
                    continue
                grid[cell_of(courier[c])].remove(c)
                job[c] = o
                heapq.heappush(events, (now + math.dist(courier[c], at) / SPEED, AT_RESTAURANT, c))
                courier[c] = at
            pending = still
            heapq.heappush(events, (now + DT, TICK, 0))
        elif kind == AT_RESTAURANT:
            o = job[ident]
            leave = max(now, ready[o])
            heapq.heappush(events, (leave + math.dist(courier[ident], customer[o]) / SPEED, AT_CUSTOMER, ident))
        else:
            o = job[ident]
            fee = 2.5 + math.dist(restaurants[restaurant[o]], customer[o]) / 1000.0
            if now - placed[o] > LATE_AFTER:
                fee -= LATE_PENALTY
            courier_pay += fee
            commission += 0.2 * value[o]
            delivery_s += now - placed[o]
            delivered += 1
            courier[ident] = customer[o]
            job[ident] = -1
            grid[cell_of(courier[ident])].append(ident)
    run = time.process_time() - start - setup
    return {"implementation": "plain Python", "couriers": n, "orders": len(placed), "delivered": delivered,
            "cancelled": cancelled, "mean_delivery_min": round(delivery_s / max(delivered, 1) / 60.0, 3),
            "courier_pay_yuan": round(courier_pay, 2), "commission_yuan": round(commission, 2),
            "setup_cpu_s": round(setup, 4), "run_cpu_s": round(run, 4)}


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 1)))
