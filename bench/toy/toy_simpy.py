"""The like-for-like toy model (bench/toy/README.md) on SimPy, the process-based simulation library
(Debian's python3-simpy, SimPy 2's API): arrivals, the dispatcher and each courier are processes;
the world, the grid and the rules are plain Python's (toy_python.Toy), so only the event machinery
differs.

    /usr/bin/python3 bench/toy/toy_simpy.py N [SEED]    prints one JSON line
"""

import json
import sys
import time

from SimPy.Simulation import Process, Simulation, hold, passivate

from toy_python import DT, END, Toy


class Courier(Process):
    def __init__(self, sim, toy, c):
        super().__init__(sim=sim)
        self.toy, self.c = toy, c

    def work(self):
        while True:
            yield passivate, self  # woken by the dispatcher when it reaches the restaurant
            now = self.sim.now()
            yield hold, self, self.toy.leave_restaurant(now, self.c) - now
            self.toy.deliver(self.sim.now(), self.c)


class Arrivals(Process):
    def run(self, placed, pending):
        for o, t in enumerate(placed):
            yield hold, self, t - self.sim.now()
            pending.append(o)


class Dispatcher(Process):
    def run(self, toy, couriers, pending):
        while True:
            yield hold, self, DT
            now = self.sim.now()
            pending[:], assigned = toy.dispatch(now, pending)
            for c, arrive in assigned:
                self.sim.reactivate(couriers[c], delay=arrive - now)


def main(n: int, seed: int) -> dict:
    start = time.process_time()
    toy = Toy(n, seed)
    sim = Simulation()
    sim.initialize()
    couriers = [Courier(sim, toy, c) for c in range(n)]
    for courier in couriers:
        sim.activate(courier, courier.work())
    pending = []
    arrivals = Arrivals(sim=sim)
    sim.activate(arrivals, arrivals.run(toy.placed, pending))
    dispatcher = Dispatcher(sim=sim)
    sim.activate(dispatcher, dispatcher.run(toy, couriers, pending))
    setup = time.process_time() - start
    sim.simulate(until=END)
    return toy.report("SimPy", setup, time.process_time() - start - setup)


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 1)))
