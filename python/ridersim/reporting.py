"""A self-contained HTML report of a comparison, for people who do not read code."""

from __future__ import annotations

import base64
import io
import json
import math
import os
from pathlib import Path

from ridersim.files import write_atomic
from ridersim import __version__
from ridersim.provenance import source_revision  # noqa: F401 (reports name it)
from ridersim.comparison import Comparison

#: what a lever diff shows for a value one side does not set (its default applies)
ABSENT = "(not set)"


def _png(fig) -> str:
    import matplotlib.pyplot as plt
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _fmt(value: float) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "n/a"
    magnitude = abs(value)
    if magnitude >= 1000:
        return f"{value:,.0f}"
    if magnitude >= 10:
        return f"{value:.1f}"
    if magnitude >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


def _flatten(node, prefix="") -> dict:
    """Dotted paths of every leaf, without the sources."""
    out = {}
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "sources":
                continue
            out.update(_flatten(value, f"{prefix}.{key}" if prefix else key))
    else:
        out[prefix] = node
    return out


def _source_of(spec: dict, path: str) -> str:
    """The source noted beside the value at a dotted path, or beside the nearest object holding it."""
    parts = path.split(".")
    for depth in range(len(parts) - 1, -1, -1):
        node = spec
        for part in parts[:depth]:
            node = node.get(part, {}) if isinstance(node, dict) else {}
        sources = node.get("sources", {}) if isinstance(node, dict) else {}
        if isinstance(sources, dict) and parts[depth] in sources:
            return sources[parts[depth]]
    return ""


def lever_changes(baseline_spec: dict, proposal_spec: dict) -> list[tuple[str, object, object, str]]:
    """(path, baseline value, proposal value, source) for every value a proposal changes."""
    a, b = _flatten(baseline_spec), _flatten(proposal_spec)
    rows = []
    for path in sorted(set(a) | set(b)):
        if path in ("name", "description"):
            continue
        if a.get(path, None) != b.get(path, None):
            # a changed array shows under its own path
            rows.append((path, a.get(path, ABSENT), b.get(path, ABSENT), _source_of(proposal_spec, path)))
    return rows


def report(comparison: Comparison, path: str | os.PathLike, command: str | None = None, lang: str = "en") -> Path:
    """Writes the comparison as one self-contained HTML file (images embedded), in English or
    Chinese (``lang="zh"``), and returns its path. The workspace shows the same templates."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, report_html(comparison, command, lang))
    return path


def report_html(comparison: Comparison, command: str | None = None, lang: str = "en", view: str = "all") -> str:
    """The report's page, as text."""
    from ridersim import i18n
    from ridersim.presentation import comparison_context

    names = [p.name for p in comparison.proposals]
    reps = len(comparison.seeds)
    command = command or ("ridersim compare " + " ".join([comparison.baseline.origin] +
                                                        [p.origin for p in comparison.proposals]) +
                          f" --replications {reps} --seed {comparison.seed}")
    title = i18n.gettext(lang, "What the proposals change: %(baseline)s against %(proposals)s") % {
        "baseline": comparison.baseline.name, "proposals": ", ".join(names)}
    return i18n.render("report.html", lang, title=title, command=command, version=__version__,
                       revision=source_revision(), sources=list(_sources(comparison.baseline.spec)),
                       **comparison_context(comparison, lang, view))


def _sources(spec: dict, prefix: str = ""):
    """(dotted path, source) for every source noted in a spec."""
    if not isinstance(spec, dict):
        return
    for key, note in spec.get("sources", {}).items():
        yield (f"{prefix}.{key}" if prefix else key), note
    for key, value in spec.items():
        if key == "sources":
            continue
        if isinstance(value, dict):
            yield from _sources(value, f"{prefix}.{key}" if prefix else key)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                yield from _sources(item, f"{prefix}.{key}[{i}]" if prefix else f"{key}[{i}]")


def bargain_report(bargain, info: dict, path: str | os.PathLike, proposals: dict[str, str] | None = None,
                   lang: str = "en") -> Path:
    """Writes the bargaining analysis as one self-contained HTML file."""
    from ridersim import i18n, plots

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    c = bargain.candidates
    p1, p2 = bargain.parties
    d1, d2 = bargain.disagreement
    solutions = []
    for name, point in bargain.solutions.items():
        if point is None:
            solutions.append({"name": name, "point": None})
            continue
        solutions.append({"name": name, "point": point, "gain1": _fmt(c.loc[point, p1] - d1),
                          "gain2": _fmt(c.loc[point, p2] - d2), "robustness": _fmt(c.loc[point, "robustness"]),
                          "rule_set": [(k, json.dumps(v)) for k, v in c.loc[point, "rule_set"].items()],
                          "file": proposals.get(name, "") if proposals else ""})
    ranked = c.drop(columns=["rule_set"]).sort_values("robustness", ascending=False).head(15).reset_index()
    rows = [[_fmt(v) if isinstance(v, float) else v for v in r] for r in ranked.itertuples(index=False)]
    with_figure = plots.frontier(bargain)
    page = i18n.render("bargain.html", lang, title=f"{info['name']}: bargaining", name=info["name"],
                       description=info["spec"].get("description", ""),
                       uncertainties=", ".join(info["uncertainties"]) or "none", p1=p1, p2=p2, d1=_fmt(d1),
                       d2=_fmt(d2), alpha=f"{bargain.alpha:g}", solutions=solutions, frontier=_png(with_figure),
                       ranked_columns=list(ranked.columns), ranked_rows=rows)
    write_atomic(path, page)
    return path
