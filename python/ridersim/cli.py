"""The command line: ``ridersim run | validate | compare | respond | replay | sweep | calibrate | power | bargain | bench``.

Exit codes: 0 success; 2 bad arguments or an invalid scenario (the message names the file
and JSON path); 1 an internal error (a message, never a bare traceback).
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

from ridersim import _core
from ridersim.files import safe_name, spreadsheet_safe, staged_folder, write_atomic
from ridersim.calibrate import CalibrationError
from ridersim.comparison import NotComparable
from ridersim.replay import TraceError
from ridersim.response import RespondError
from ridersim.sweep import SweepError
from ridersim.results import run
from ridersim.scenario import Scenario

# how `run` and `compare` print a figure (the trade says which figures): any other with three decimals
FORMATS = {
    "orders_placed": "{:.0f}", "orders_delivered": "{:.0f}", "orders_undelivered": "{:.0f}",
    "orders_deterred": "{:.0f}", "ctd_mean_min": "{:.2f}", "ctd_p90_min": "{:.2f}", "on_time_rate": "{:.3f}",
    "violations_per_1000_orders": "{:.1f}", "crashes_per_million_orders": "{:.1f}", "rider_days": "{:.0f}",
    "rider_net_per_online_hour_p10": "{:.2f}", "rider_net_per_online_hour_p50": "{:.2f}",
    "rider_net_per_online_hour_p90": "{:.2f}", "share_rider_days_below_min_wage": "{:.3f}",
    "rider_utilisation_mean": "{:.3f}", "penalties_per_rider_day_yuan": "{:.2f}",
    "bonuses_per_rider_day_yuan": "{:.2f}", "commission_rate_effective": "{:.4f}",
    "rider_cost_per_order_yuan": "{:.2f}", "platform_net_revenue_yuan": "{:.2f}", "ledger_imbalance_fen": "{:.0f}",
}


class UsageError(Exception):
    """Bad command-line input that argparse itself cannot see."""


def _fmt(value: float, pattern: str) -> str:
    if value is None or value != value:  # NaN
        return "n/a"
    return pattern.format(value)


def _headline_rows(scenario: Scenario, summary: dict) -> list[list[str]]:
    """The trade's headline figures of one run, each as its table row."""
    from ridersim.comparison import headline_kpis
    return [[name, _fmt(summary[name], FORMATS.get(name, "{:.3f}"))] for name in headline_kpis(scenario, summary)]


def _seed_arg(text: str) -> int:
    try:
        seed = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 0, got {text!r}") from None
    if not 0 <= seed < 2**63:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 0 and < 2**63, got {text!r}")
    return seed


def _threshold_arg(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of yuan >= 0, got {text!r}") from None
    if not (value >= 0 and value < float("inf")):
        raise argparse.ArgumentTypeError(f"expected a finite number of yuan >= 0, got {text!r}")
    return value


def _orders_arg(text: str) -> int:
    value = _positive_int(text)
    if value > 50_000_000:
        raise argparse.ArgumentTypeError(f"expected at most 50,000,000 orders, got {text!r}")
    return value


def _finite_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise argparse.ArgumentTypeError(f"expected a finite number, got {text!r}")
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number > 0, got {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected a whole number > 0, got {text!r}")
    return value


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [header] + rows) for i in range(len(header))]
    lines = ["  ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(header, widths)))]
    lines.append("  ".join("-" * w for w in widths))
    for r in rows:
        lines.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))))
    return "\n".join(lines)


def cmd_run(args: argparse.Namespace) -> int:
    scenario = Scenario.load(args.scenario)
    seed = scenario.seed if args.seed is None else args.seed
    results = run(scenario, seed=seed)
    out = Path(args.out) if args.out else Path("out") / f"{safe_name(scenario.name)}-seed{seed}"
    results.write(out)
    print(f"scenario {scenario.name!r}, seed {seed}")
    print(_table(["kpi", "value"], _headline_rows(scenario, results.summary)))
    print(f"wrote {out}/summary.json, orders.csv, riders.csv, ledger.csv")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    scenario = Scenario.load(args.scenario)
    print(f"ok: {args.scenario} is a valid scenario ({scenario.name!r})")
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    from ridersim.comparison import headline_kpis, run_comparison, who_pays
    from ridersim.reporting import report

    baseline = Scenario.load(args.baseline)
    proposals = [Scenario.load(p) for p in args.proposals]
    names = [baseline.name] + [p.name for p in proposals]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise UsageError(f"scenario names must differ to be compared; repeated: {', '.join(repeated)} "
                         "(set \"name\" in each proposal)")
    seed = baseline.seed if args.seed is None else args.seed
    # rules that cannot bite in these scenarios are said before anything runs
    from ridersim.inactive import report as inactive_report, unmoved
    for finding in inactive_report(baseline, proposals):
        print(f"cannot bite: {finding.text()}")
    comparison = run_comparison(baseline, proposals, replications=args.replications, seed=seed, jobs=args.jobs,
                                threshold_yuan=args.threshold, progress=None, before_responses=args.before_responses,
                                platform_responds=args.respond)
    for finding in unmoved(comparison):
        print(f"no effect: {finding.text()}")
    out = Path(args.out)
    # the report says how to reproduce it: this very command
    command = "ridersim " + " ".join(shlex.quote(str(a)) for a in args.argv)
    with staged_folder(out) as staging:  # the table and the report, both or neither
        write_atomic(staging / "comparison.csv", spreadsheet_safe(comparison.table).to_csv(index=False))
        report(comparison, staging / "report.html", command=command, lang=args.lang)
    path = out / "report.html"

    t = comparison.table.set_index(["proposal", "kpi"])
    names = [p.name for p in comparison.proposals]
    print(f"{baseline.name} vs {len(proposals)} proposal(s): {args.replications} paired replications, seed {seed}")
    # the baseline's own figures (a proposal on festival days is held against them on those days)
    ran = comparison.summaries
    plain = ran[ran.scenario == baseline.name].groupby("kpi").value.mean()
    # three proposals a block keeps the table within a terminal's width
    for start in range(0, len(names), 3):
        block = names[start:start + 3]
        rows = []
        for kpi in headline_kpis(baseline, t.loc[names[0]].index):
            pattern = FORMATS.get(kpi, "{:.3f}")
            row = [kpi, _fmt(plain.get(kpi, float("nan")), pattern)]
            for n in block:
                r = t.loc[(n, kpi)]
                sign = "+" if r.diff_mean > 0 else ""
                mark = "*" if r.significant else " "
                row.append(f"{sign}{_fmt(r.diff_mean, pattern)} [{_fmt(r.ci_low, pattern)}, {_fmt(r.ci_high, pattern)}]{mark}")
            rows.append(row)
        print()
        print(_table(["kpi", baseline.name] + block, rows))
    print("change = proposal - baseline, mean [95% paired interval]; * the interval excludes 0")
    for name, reference in comparison.references.items():
        print(f"{name}: held against {reference}")
    workers = baseline.words["workers"]
    win = comparison.winners[comparison.winners.rider_type == "all"]
    for _, w in win.iterrows():
        print(f"{w.proposal}: {100 * w.winners_share:.0f}% of {workers} gain more than {args.threshold:g} yuan/h, "
              f"{100 * w.losers_share:.0f}% lose more than that; beyond chance {100 * w.winners_beyond_chance_share:.0f}% "
              f"gain and {100 * w.losers_beyond_chance_share:.0f}% lose (the luck of which {baseline.words['jobs']} a "
              f"person gets alone makes {100 * w.chance_losers_share:.0f}% lose)")
    # who pays: each party's change over a day of the run; the changes add up to zero
    pays = who_pays(comparison)
    for name, group in pays.groupby("proposal", sort=False):
        moved = group[group.change_yuan.abs() >= 0.005]
        parts = [f"{r.party_name} {'+' if r.change_yuan > 0 else ''}{r.change_yuan:.2f}{'*' if r.significant else ''}"
                 + _unspent_note(r, baseline.words) for r in moved.itertuples()]
        print(f"{name}, who pays (yuan a run): " + (", ".join(parts) if parts else "nothing moves"))
    from ridersim.power import rare_event_lines
    print("\n".join(rare_event_lines(comparison)))
    print(f"wrote {out / 'comparison.csv'}")
    print(f"report: {path}")
    return 0


def _objective_arg(text: str) -> tuple[str, float]:
    name, sep, value = text.partition("=")
    if not sep:
        raise argparse.ArgumentTypeError(f"expected TERM=NUMBER (rival_elasticity=-1.9), got {text!r}")
    return name.strip(), _finite_float(value)


def _tolerance_arg(text: str) -> float:
    value = _finite_float(text)
    if not 0 <= value < 1:
        raise argparse.ArgumentTypeError(f"expected a share of the objective >= 0 and < 1 (0.005 is 0.5%), got {text!r}")
    return value


def cmd_respond(args: argparse.Namespace) -> int:
    from ridersim.reporting import report
    from ridersim.response import respond, summary_lines

    baseline = Scenario.load(args.baseline)
    proposal = Scenario.load(args.proposal)
    if proposal.name == baseline.name:
        raise UsageError(f"the baseline and the proposal are both named {baseline.name!r}: set \"name\" in the proposal")
    levers = [p.strip() for p in args.levers.split(",") if p.strip()] if args.levers else None
    response = respond(baseline, proposal, levers=levers, objective=dict(args.objective or []),
                       replications=args.replications, seed=args.seed, jobs=args.jobs, tolerance=args.tolerance,
                       max_evaluations=args.max_evaluations, progress=None)
    lines = summary_lines(response)
    out = Path(args.out)
    command = "ridersim " + " ".join(shlex.quote(str(a)) for a in args.argv)
    with staged_folder(out) as staging:
        write_atomic(staging / "levers.csv", spreadsheet_safe(response.levers()).to_csv(index=False))
        write_atomic(staging / "settings.csv", spreadsheet_safe(response.settings()).to_csv(index=False))
        write_atomic(staging / "comparison.csv", spreadsheet_safe(response.comparison.table).to_csv(index=False))
        write_atomic(staging / "response.md", "# The platform's best response\n\n" + f"`{command}`\n\n"
                     + "\n".join(f"- {line}" for line in lines) + "\n")
        report(response.comparison, staging / "report.html", command=command, lang=args.lang)
    print(f"{baseline.name} vs {proposal.name}, the platform responding: seed {response.comparison.seed}")
    for line in lines:
        print(line)
    print(f"wrote {out / 'levers.csv'}, settings.csv, comparison.csv, response.md")
    print(f"report: {out / 'report.html'}")
    return 0


def _unspent_note(row, words: dict) -> str:
    """For the customers: how much of their change is money not spent on orders they gave up."""
    if row.party != "customers" or not abs(row.not_spent_yuan) >= 0.005:
        return ""
    bought = f" (on the {words['jobs']} they still buy {row.on_orders_bought_yuan:+.2f}; "
    if row.orders_change > 0:
        return bought + f"{row.not_spent_yuan:+.2f} spent on {row.orders_change:.1f} more {words['jobs']} bought)"
    return bought + (f"{row.not_spent_yuan:+.2f} not spent on {-row.orders_change:.1f} {words['jobs']} given up: "
                     "a lost purchase, not a gain)")


def cmd_power(args: argparse.Namespace) -> int:
    from ridersim.power import power

    baseline = Scenario.load(args.scenario)
    proposal = Scenario.load(args.proposal) if args.proposal else None
    try:
        answer = power(baseline, args.kpi, args.change, proposal=proposal, pilot=args.pilot,
                       seed=baseline.seed if args.seed is None else args.seed)
    except (KeyError, ValueError) as error:
        raise UsageError(str(error).strip("'\"")) from None
    print(answer.sentence())
    return 0


def cmd_notebook(args: argparse.Namespace) -> int:
    """Opens the notebooks in Jupyter: a checkout's own, or a copy of the installed ones in --dir."""
    import shutil
    from ridersim.paths import _CHECKOUT, data_path

    notebooks = data_path("notebooks")
    if not notebooks.is_dir():
        raise UsageError(f"no notebooks found at {notebooks}")
    if notebooks.parent != _CHECKOUT:
        # installed: the user's own copy, so that running and saving them writes nothing into the package
        target = Path(args.dir or "ridersim-notebooks")
        target.mkdir(parents=True, exist_ok=True)
        for book in sorted(notebooks.glob("*.ipynb")):
            if not (target / book.name).exists():
                shutil.copyfile(book, target / book.name)
        notebooks = target
    jupyter = shutil.which("jupyter-notebook")
    if jupyter is None:
        raise UsageError("Jupyter is not installed: run tools/bootstrap (Debian's jupyter-notebook)")
    env = dict(os.environ)
    package = str(Path(__file__).resolve().parents[1])
    env["PYTHONPATH"] = package + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    command = [jupyter, f"--notebook-dir={notebooks}", f"--ip={args.ip}", f"--port={args.port}"]
    if args.no_browser:
        command.append("--no-browser")
    if os.geteuid() == 0:
        command.append("--allow-root")  # containers and CI machines run as root
    print(f"ridersim: opening {notebooks} in Jupyter on http://{args.ip}:{args.port}/ (Ctrl-C stops it)", file=sys.stderr)
    os.execve(jupyter, command, env)
    return 0  # not reached: exec replaces this process


def cmd_replay(args: argparse.Namespace) -> int:
    from ridersim import replay

    if args.source == "mdrplib":
        if args.all:
            if not args.out or not args.out.endswith(".csv"):
                raise UsageError("replay mdrplib --all ROOT needs --out FILE.csv")
            table = replay.replay_all(args.all, args.policy or "rolling_horizon", jobs=args.jobs, progress=None)
            Path(args.out).parent.mkdir(parents=True, exist_ok=True)
            table.to_csv(args.out, index=False)
            means = table.drop(columns=["instance"]).mean()
            print(f"{len(table)} instances replayed with {args.policy or 'rolling_horizon'}; means over instances:")
            print(_table(["metric", "mean"], [[k, f"{v:.3f}"] for k, v in means.items()]))
            print(f"wrote {args.out}")
            return 0
        if not args.paths:
            raise UsageError("replay mdrplib needs INSTANCE_DIR (or --all ROOT --out FILE.csv)")
        instance, results, metrics = replay.replay_mdrplib(args.paths[0], args.policy or "rolling_horizon")
        out = Path(args.out or Path("out") / "replay" / instance.name)
        with staged_folder(out) as staging:  # the metrics and the run's files, all or none
            write_atomic(staging / "metrics.json", json.dumps(metrics, indent=2) + "\n")
            results.write(staging)
        print(f"{instance.name}: {len(instance.order_ids)} orders replayed with {args.policy or 'rolling_horizon'}")
        print(_table(["metric", "value"], [[k, f"{v:.3f}"] for k, v in metrics.items()]))
        print(f"wrote {out}/metrics.json (and the run's files)")
        return 0
    # a CSV trace under the rules of a scenario
    if len(args.paths) != 2 or not args.scenario:
        raise UsageError("replay csv needs ORDERS.csv COURIERS.csv --scenario SCENARIO.json")
    base = Scenario.load(args.scenario)
    if args.policy:
        base = base.with_changes({"rules.dispatch.policy": args.policy})
    trace = replay.read_csv_trace(args.paths[0], args.paths[1], base, max_bytes=args.max_trace_mb * 1_000_000)
    results = run(trace.scenario)
    out = Path(args.out or Path("out") / "replay" / "trace")
    # the file's own ids beside every order and rider-day, so that the outputs join back to it
    orders, riders = replay.label_ids(results, trace)
    # what the platform logged against what the replay simulated, when the trace says
    against_log = replay.log_comparison(results, trace)
    with staged_folder(out) as staging:  # every file of the replay, or none
        results.write(staging)
        write_atomic(staging / "orders.csv", spreadsheet_safe(orders).to_csv(index=False, na_rep="-1"))
        write_atomic(staging / "riders.csv", spreadsheet_safe(riders).to_csv(index=False))
        if len(against_log):
            write_atomic(staging / "log_comparison.csv", against_log.to_csv(index=False))
    print(_table(["kpi", "value"], _headline_rows(trace.scenario, results.summary)))
    written = "summary.json, orders.csv, riders.csv, ledger.csv"
    if len(against_log):
        fmt = lambda v: "" if v != v else f"{v:,.3f}"  # noqa: E731 (v != v: NaN)
        print("\nlogged against simulated:")
        print(_table(["figure", "logged", "simulated", "simulated - logged"],
                     [[r.figure, fmt(r.logged), fmt(r.simulated), fmt(r.difference)] for r in against_log.itertuples()]))
        written += ", log_comparison.csv"
    print(f"wrote {out}/{written}")
    return 0


def cmd_sweep(args: argparse.Namespace) -> int:
    from ridersim import sweep

    spec = sweep.load_spec(args.spec)
    try:
        report = sweep.run_sweep(spec, args.out, dask=args.dask, jobs=args.jobs, progress=None)
    except sweep.SweepInterrupted as stop:
        command = "ridersim " + " ".join(shlex.quote(str(a)) for a in args.argv)
        print(f"ridersim: interrupted: {stop}; every recorded run is kept in {args.out}; resume with: {command}",
              file=sys.stderr)
        return 130
    print(f"{spec.name}: {report.total} runs ({len(sweep.lever_points(spec))} rule sets x "
          f"{len(sweep.uncertainty_draws(spec))} draws x {spec.replications} replications); "
          f"{report.computed} computed now, {report.skipped} already in {args.out}")
    return 0


def cmd_calibrate(args: argparse.Namespace) -> int:
    from ridersim import calibrate as cal

    targets = cal.load_targets(args.targets)
    parameters = [cal.parse_parameter(text) for text in args.fit]
    scenario = Scenario.load(args.scenario)
    fit = cal.calibrate(scenario, targets, parameters, replications=args.replications, seed=args.seed,
                        max_evaluations=args.max_evaluations, dask=args.dask)
    written = cal.write_fit(fit, args.out, args.targets)
    rows = [[p.key, f"{fit.estimate[p.key]:.4g}",
             "n/a" if fit.standard_errors[p.key] != fit.standard_errors[p.key] else f"{fit.standard_errors[p.key]:.3g}"]
            for p in parameters]
    print(_table(["parameter", "estimate", "se"], rows))
    print()
    table = fit.table()
    print(_table(["target", "published", "simulated", "95% interval", "gap (se)"],
                 [[r.kpi, f"{r.target:.4g}", f"{r.simulated:.4g}", f"{r.low95:.4g} to {r.high95:.4g}", f"{r.z:+.2f}"]
                  for r in table.itertuples()]))
    print(f"objective {fit.objective:.4g} after {fit.evaluations} evaluations of {fit.replications} replications")
    for warning in fit.warnings:
        print(f"warning: {warning}")
    for path in written:
        print(f"wrote {path}")
    return 0


def cmd_bargain(args: argparse.Namespace) -> int:
    from ridersim import bargain, sweep
    from ridersim.reporting import bargain_report

    frame, info = sweep.read_results(args.results)
    if not 0.0 <= args.alpha <= 1.0:
        raise UsageError(f"--alpha must be in [0, 1], got {args.alpha}")
    disagreement = None
    if args.fallback:
        fallback = Scenario.load(args.fallback)
        draws = frame.groupby("draw").changes.first()
        rows = []
        for draw, changes in draws.items():
            uncertain = {k: v for k, v in json.loads(changes).items() if k in set(info["uncertainties"])}
            for seed in sorted(frame.seed.unique()):
                rows.append({"draw": draw, **run(fallback.with_changes(uncertain), seed=int(seed)).summary})
        import pandas as pd
        disagreement = pd.DataFrame(rows)
    weights = None
    if args.utilities:
        try:
            weights = json.loads(Path(args.utilities).read_text())
        except (OSError, json.JSONDecodeError) as error:
            raise UsageError(f"--utilities {args.utilities}: {error}") from None
        if not (isinstance(weights, dict) and all(isinstance(v, dict) for v in weights.values())):
            raise UsageError('--utilities must hold {"party": {"kpi": weight, ...}, ...}')
        missing = [p for p in ("riders", "platform") if p not in weights]
        if missing:
            raise UsageError(f"--utilities needs the parties riders and platform; missing {', '.join(missing)}")
        unknown = [k for terms in weights.values() for k in terms if k not in frame]
        if unknown:
            raise UsageError(f"--utilities names no KPI {unknown[0]!r}; KPIs are those of summary.json")
    result = bargain.analyse(frame, info, weights=weights, alpha=args.alpha, disagreement=disagreement)
    out = Path(args.out)
    with staged_folder(out) as staging:  # the proposals, the candidates and the report, all or none
        # staged beside out, at its depth: the proposals' relative "extends" hold once moved
        staged = bargain.write_proposals(result, info, staging / "proposals")
        written = {name: str(out / Path(file).relative_to(staging)) for name, file in staged.items()}
        result.candidates.drop(columns=["rule_set"]).assign(
            rule_set=result.candidates.rule_set.map(json.dumps)).pipe(
                lambda t: write_atomic(staging / "candidates.csv", spreadsheet_safe(t).to_csv()))
        bargain_report(result, info, staging / "bargain.html", written)
    path = out / "bargain.html"
    d = result.disagreement
    print(f"{info['name']}: {len(result.candidates)} rule sets; disagreement point "
          f"{result.parties[0]} {d[0]:.3f}, {result.parties[1]} {d[1]:.3f}")
    rows = []
    for name, point in result.solutions.items():
        if point is None:
            rows.append([name, "none", "", "", ""])
            continue
        c = result.candidates.loc[point]
        rows.append([name, str(point), f"{c[result.parties[0]] - d[0]:+.3f}", f"{c[result.parties[1]] - d[1]:+.3f}",
                     f"{c['robustness']:.2f}"])
    # the parties in the trade's words: workers, and the platform or the station that pays them
    baseline = Scenario.from_dict(info["baseline"])
    counterparty = "franchise station" if baseline.trade == "courier" else baseline.words["platform"]
    labels = {"riders": baseline.words["workers"], "platform": counterparty}
    print(_table(["solution", "candidate", f"{labels.get(result.parties[0], result.parties[0])} gain",
                  f"{labels.get(result.parties[1], result.parties[1])} gain", "robustness"], rows))
    if info["spec"].get("platform_responds"):
        print("the frontier and the solutions are those after the platform's best response to each rule set "
              "(the sweep's platform_responds); the proposal files hold the rules alone: `compare --respond` "
              "shows them with the platform's answer")
    for name, file in written.items():
        print(f"{name}: {file}")
    print(f"report: {path}")
    return 0


def _port_arg(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number from 1 to 65535, got {text!r}") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port number from 1 to 65535, got {port}")
    return port


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        from ridersim.web.app import serve
    except ImportError as error:
        raise UsageError(f"the workspace needs Starlette and uvicorn ({error.name} is missing): "
                         "run tools/bootstrap, or install python3-starlette and python3-uvicorn") from None
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"ridersim: warning: listening on {args.host}: anyone who can reach it can run comparisons and "
              "write offers into the workspace", file=sys.stderr)
    serve(args.workspace, host=args.host, port=args.port, workers=args.workers)
    return 0


def _bench_binary() -> Path:
    from ridersim.paths import checkout
    root = checkout()
    binary = (root or Path(".")) / "build" / "default" / "bench" / "ridersim_bench"
    if root is None or not binary.exists():
        raise UsageError(f"the benchmark program is not built ({binary}); run ./ridersim once or "
                         "cmake --workflow --preset default")
    return binary


def cmd_bench(args: argparse.Namespace) -> int:
    command = [str(_bench_binary()), "--orders", str(args.orders), "--riders", str(args.riders),
               "--seed", str(args.seed)]
    completed = subprocess.run(command, capture_output=True, text=True)
    if completed.returncode != 0:
        sys.stderr.write(completed.stderr)
        return completed.returncode
    line = completed.stdout.strip().splitlines()[-1]
    json.loads(line)  # the contract: one JSON line
    print(line)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ridersim",
        description="Simulate platform delivery work under negotiable rules and compare proposals.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    p = sub.add_parser("run", help="run one scenario and write its results")
    p.add_argument("scenario", help="scenario JSON file")
    p.add_argument("--seed", type=_seed_arg, help="run seed (default: the scenario's)")
    p.add_argument("--out", help="output folder (default: out/NAME-seedSEED)")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("validate", help="check a scenario file; exit 0 if valid, 2 with the error if not")
    p.add_argument("scenario", help="scenario JSON file")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("compare", help="compare proposals with a baseline: paired replications, intervals, report")
    p.add_argument("baseline", help="baseline scenario JSON file")
    p.add_argument("proposals", nargs="+", metavar="proposal", help="proposal scenario files")
    p.add_argument("--replications", type=_positive_int, default=10, help="runs per scenario (default 10)")
    p.add_argument("--seed", type=_seed_arg, help="comparison seed (default: the baseline's)")
    p.add_argument("--jobs", type=_positive_int, default=None, help="parallel runs (default: all cores)")
    p.add_argument("--threshold", type=_threshold_arg, default=0.5,
                   help="yuan per online hour a rider must gain or lose to count as a winner or loser (0.5)")
    p.add_argument("--out", default="out/compare", help="folder for comparison.csv and report.html")
    p.add_argument("--lang", choices=["en", "zh"], default="en", help="language of the report: en (default) or zh")
    p.add_argument("--respond", action="store_true",
                   help="beside each proposal, the same after the platform's best response (its platform.levers "
                        "moved to maximise platform.objective; see `ridersim respond`)")
    p.add_argument("--before-responses", action="store_true",
                   help="beside each proposal, the same with every response of the workers switched off: "
                        "the rule's impact before workers respond beside its effect after")
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser("respond", help="the platform's best response to a proposal: the levers it moves, "
                                       "and the comparison before and after")
    p.add_argument("baseline", help="baseline scenario JSON file")
    p.add_argument("proposal", help="proposal scenario file")
    p.add_argument("--levers", help="comma-separated platform levers to move (default: every one of the "
                                    "scenario's platform.levers the proposal leaves free)")
    p.add_argument("--objective", type=_objective_arg, action="append", metavar="TERM=NUMBER",
                   help="override a term of platform.objective (value_per_job_yuan, rival_elasticity, max_lost_share, "
                        "min_jobs_share, exit_below_yuan_per_day); repeat for each")
    p.add_argument("--replications", type=_positive_int, default=4, help="paired runs per setting (default 4)")
    p.add_argument("--seed", type=_seed_arg, help="seed (default: the baseline's)")
    p.add_argument("--jobs", type=_positive_int, default=None, help="parallel runs (default: all cores)")
    p.add_argument("--tolerance", type=_tolerance_arg, default=0.005,
                   help="share of the objective within which a setting is as good as the best (default 0.005)")
    p.add_argument("--max-evaluations", type=_positive_int, default=60, help="settings tried per search (default 60)")
    p.add_argument("--out", default="out/respond", help="folder for levers.csv, settings.csv, comparison.csv, "
                                                       "response.md and report.html")
    p.add_argument("--lang", choices=["en", "zh"], default="en", help="language of the report: en (default) or zh")
    p.set_defaults(func=cmd_respond)

    p = sub.add_parser("replay", help="replay recorded days: MDRPlib instances or a CSV trace")
    p.add_argument("source", choices=["mdrplib", "csv"], help="what to replay")
    p.add_argument("paths", nargs="*", help="mdrplib: INSTANCE_DIR; csv: ORDERS.csv COURIERS.csv")
    p.add_argument("--all", metavar="ROOT", help="mdrplib: every instance under ROOT, in parallel (with --out FILE.csv)")
    policies = next(lever["choices"] for lever in _core.levers() if lever["key"] == "rules.dispatch.policy")
    p.add_argument("--policy", choices=[n for n in policies if n != "external"],
                   help="dispatch policy (mdrplib: default rolling_horizon; csv: default the scenario's)")
    p.add_argument("--scenario", help="csv: the scenario whose world and rules apply")
    p.add_argument("--jobs", type=_positive_int, default=None, help="parallel replays (default: all cores)")
    p.add_argument("--out", help="output folder (one replay) or CSV file (--all)")
    p.add_argument("--max-trace-mb", type=_positive_int, default=200,
                   help="csv: refuse trace files larger than this (default 200; a file takes about 20 times its size in memory)")
    p.set_defaults(func=cmd_replay)

    p = sub.add_parser("sweep", help="run a sweep over levers and uncertainties into a resumable SQLite file")
    p.add_argument("spec", help="sweep spec JSON")
    p.add_argument("--out", required=True, help="results file (.sqlite); an existing one is resumed")
    p.add_argument("--dask", help="ADDRESS of a Dask scheduler, or local:N for a local cluster of N workers")
    p.add_argument("--jobs", type=_positive_int, default=None, help="local worker processes (default: all cores)")
    p.set_defaults(func=cmd_sweep)

    p = sub.add_parser("calibrate", help="fit scenario parameters to target KPIs by the method of simulated moments")
    p.add_argument("targets", help="CSV of targets: kpi, value, se (or weight), source")
    p.add_argument("--scenario", required=True, help="the scenario to calibrate")
    p.add_argument("--fit", action="append", required=True, metavar="KEY=LOW:HIGH",
                   help="a parameter to fit and its bounds (repeat for each)")
    p.add_argument("--replications", type=_positive_int, default=4, help="replications per evaluation (default 4)")
    p.add_argument("--seed", type=_seed_arg, default=1, help="first seed of the replications (default 1)")
    p.add_argument("--max-evaluations", type=_positive_int, default=80, help="optimiser evaluations (default 80)")
    p.add_argument("--dask", help="ADDRESS of a Dask scheduler, or local:N for a local cluster of N workers")
    p.add_argument("--out", default="out/calibrate", help="folder for fitted.json, fit.md and fit.csv")
    p.set_defaults(func=cmd_calibrate)

    p = sub.add_parser("power", help="replications needed to detect a change of a given size in a KPI (95%%, 80%% power)")
    p.add_argument("scenario", help="the baseline scenario")
    p.add_argument("--kpi", required=True, help="a summary KPI, or crashes (a rare event: --change is relative)")
    p.add_argument("--change", type=_finite_float, required=True,
                   help="the change to detect (for crashes: -0.15 is a 15%% cut)")
    p.add_argument("--proposal", help="a proposal, for the SD of paired differences (else a conservative bound)")
    p.add_argument("--pilot", type=_positive_int, default=10, help="pilot replications (default 10)")
    p.add_argument("--seed", type=_seed_arg, default=None, help="pilot seed (default: the baseline's)")
    p.set_defaults(func=cmd_power)

    p = sub.add_parser("notebook", help="open the notebooks in Jupyter (installed: a copy in --dir)")
    p.add_argument("--port", type=_positive_int, default=8888)
    p.add_argument("--ip", default="127.0.0.1", help="address to listen on (default: this machine only)")
    p.add_argument("--no-browser", action="store_true", help="do not open a browser")
    p.add_argument("--dir", help="installed package: where to copy the notebooks (default ./ridersim-notebooks)")
    p.set_defaults(func=cmd_notebook)

    p = sub.add_parser("bargain", help="Pareto frontier and bargaining solutions of a sweep, as a report and proposals")
    p.add_argument("results", help="a sweep's results file (.sqlite)")
    p.add_argument("--alpha", type=float, default=0.5, help="riders' bargaining power for the asymmetric Nash solution")
    p.add_argument("--fallback", help="a statutory fallback scenario as the disagreement point (default: the baseline)")
    p.add_argument("--utilities", help='JSON file {"riders": {"kpi": weight, ...}, "platform": {...}, ...} '
                                       "(default: ridersim.bargain.DEFAULT_UTILITIES)")
    p.add_argument("--out", default="out/bargain", help="folder for bargain.html, candidates.csv and proposals/")
    p.set_defaults(func=cmd_bargain)

    p = sub.add_parser("serve", help="the negotiation workspace: a local web application, in Chinese and English")
    p.add_argument("--port", type=_port_arg, default=8765, help="port (default 8765)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: this machine only)")
    p.add_argument("--workspace", default="ridersim-workspace",
                   help="folder for the comparisons, offers and exports (default ./ridersim-workspace)")
    p.add_argument("--workers", type=_positive_int, default=2, help="comparisons run at once (default 2)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("bench", help="time a generated city with batched dispatch every 30 s")
    p.add_argument("--orders", type=_orders_arg, default=100_000)
    p.add_argument("--riders", type=_positive_int, default=2_000)
    p.add_argument("--seed", type=_seed_arg, default=1)
    p.set_defaults(func=cmd_bench)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)  # exits 2 with usage on bad arguments
    args.argv = list(sys.argv[1:] if argv is None else argv)
    try:
        return args.func(args)
    except _core.ScenarioError as error:
        print(f"ridersim: invalid scenario: {error}", file=sys.stderr)
        return 2
    except SweepError as error:
        print(f"ridersim: invalid sweep: {error}", file=sys.stderr)
        return 2
    except CalibrationError as error:
        print(f"ridersim: invalid calibration: {error}", file=sys.stderr)
        return 2
    except TraceError as error:
        print(f"ridersim: invalid trace: {error}", file=sys.stderr)
        return 2
    except (UsageError, NotComparable, RespondError) as error:
        print(f"ridersim: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("ridersim: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # output piped into a pager or head that closed early
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as error:
        # an output that could not be written: the file and the reason, nothing reported as written
        print(f"ridersim: {error.strerror or error}", file=sys.stderr)
        return 1
    except Exception as error:  # noqa: BLE001 - the last line of defence: a message, not a traceback
        print(f"ridersim: internal error: {type(error).__name__}: {error}", file=sys.stderr)
        if os.environ.get("RIDERSIM_DEBUG"):
            raise
        return 1
