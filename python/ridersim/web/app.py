"""The negotiation workspace: a local web application over the same comparisons as the command line.

Pages (HTML, in English or Chinese): the proposal editor, a comparison's results in three views
(union, platform, mediator), the offers log and the glossary. The JSON API under ``/api`` does the
work: it checks a proposal as the command line does, runs comparisons in the background, records
offers and exports the negotiation. Everything it writes stays inside the workspace folder.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import fcntl
import json
import math
import os
import re
import secrets
import shutil
import subprocess
import time
import zipfile
from pathlib import Path
from urllib.parse import quote

from markupsafe import Markup
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ridersim import _core, glossary, i18n
from ridersim.files import check_no_links, write_atomic
from ridersim.paths import data_path
from ridersim.scenario import Scenario, value_at
from ridersim.web.negotiation import SIDES, OffersLog, candidates, mediate
from ridersim.web.store import Busy, Store

STATIC = Path(__file__).resolve().parent / "static"
#: the trades registered in the core (a trade without a label in the glossary shows its code name)
TRADES = list(_core.trades())
#: the largest request body accepted (a proposal is a few kilobytes)
MAX_BODY = 64 * 1024
MAX_NAME, MAX_REASON, MAX_CHANGES = 80, 2000, 100
MAX_REPLICATIONS = 50
#: comparisons queued or running at once; more are refused (429) until one finishes
MAX_PENDING = 16
_HASH = re.compile(r"^[0-9a-f]{64}$")
_EXPORT = re.compile(r"^negotiation-[0-9]{8}-[0-9]{6}(-[0-9]+)?\.zip$")


class BadRequest(Exception):
    """A request the workspace refuses: a message, and per field what is wrong."""

    def __init__(self, message: str, fields: dict | None = None, status: int = 400):
        super().__init__(message)
        self.message, self.fields, self.status = message, fields or {}, status


def baseline_path(trade: str) -> Path:
    return data_path("scenarios", "baseline.json") if trade == "food" else data_path("scenarios", trade, "baseline.json")


class LimitBody:
    """ASGI middleware: a body over the limit is refused with 413 before it is read into memory."""

    def __init__(self, app, limit: int = MAX_BODY):
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        too_big = JSONResponse({"error": f"the request body is over the limit of {self.limit} bytes"}, status_code=413)
        if length is not None:
            try:
                if int(length) > self.limit:
                    return await too_big(scope, receive, send)
            except ValueError:
                return await JSONResponse({"error": "Content-Length is not a number"}, status_code=400)(scope, receive, send)
        seen = 0

        async def limited():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise BadRequest(f"the request body is over the limit of {self.limit} bytes", status=413)
            return message

        try:
            await self.app(scope, limited, send)
        except BadRequest as error:
            await JSONResponse({"error": error.message}, status_code=error.status)(scope, receive, send)


#: the names by which a browser on this machine reaches a server listening on loopback
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
#: the request header that carries the page's token on every request that changes something
TOKEN_HEADER = "x-ridersim-token"
_UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def _host_name(value: str) -> str:
    """The host of a Host or Origin value, without scheme, port or IPv6 brackets, in lower case."""
    value = value.split("://", 1)[-1].split("/", 1)[0].strip().lower()
    if value.startswith("["):
        return value[1:value.find("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class Guard:
    """ASGI middleware that lets only this machine's user drive the workspace.

    - The Host header must name an address the server listens on (a page of another site that
      rebinds its name to 127.0.0.1 sends its own name: refused, so it can read nothing).
    - A request that changes something (POST) must come from the workspace's own pages: its
      Origin, when the browser sends one, is the server itself, and it carries the token that the
      pages of this server embed (a form or a "simple" request from another site cannot set it).
    Refusals are JSON: 421 for the host, 403 for the origin or the token.
    """

    def __init__(self, app, hosts, token: str):
        self.app, self.hosts, self.token = app, {h.lower() for h in hosts}, token

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers") or []}
        host = _host_name(headers.get("host", ""))
        if host not in self.hosts:
            message = (f"this workspace answers only at {', '.join(sorted(self.hosts))}, "
                       f"not at the host {headers.get('host', '(none)')[:80]!r}")
            return await JSONResponse({"error": message}, status_code=421)(scope, receive, send)
        if scope["method"] in _UNSAFE:
            origin = headers.get("origin")
            if origin is not None and origin.split("://", 1)[-1].rstrip("/").lower() != headers["host"].lower():
                message = f"a request from another site ({origin[:80]}) cannot change this workspace"
                return await JSONResponse({"error": message}, status_code=403)(scope, receive, send)
            if not secrets.compare_digest(headers.get(TOKEN_HEADER, ""), self.token):
                message = ("this request lacks the workspace's token: only the workspace's own pages can change it "
                           "(reload the page)")
                return await JSONResponse({"error": message}, status_code=403)(scope, receive, send)
        return await self.app(scope, receive, send)


class WorkspaceInUse(OSError):
    """Another server holds the workspace folder."""


def lock_folder(folder: Path):
    """An exclusive lock on the workspace folder (a file `.lock` inside it), held until closed:
    a second server over the same folder is refused rather than losing offers to the first."""
    path = folder / ".lock"
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags, 0o600)
    except OSError as error:
        raise WorkspaceInUse(error.errno, f"cannot lock the workspace {folder}: {error.strerror}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "another process"
        os.close(fd)
        raise WorkspaceInUse(errno.EBUSY, f"the workspace {folder} is in use by another ridersim serve "
                                          f"(process {holder}); stop it, or choose another folder with --workspace")
    os.ftruncate(fd, 0)
    os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
    return fd


class Workspace:
    """The application's state: the workspace folder, its comparisons and its offers."""

    def __init__(self, folder: Path, workers: int = 2, jobs_per_comparison: int | None = None,
                 max_pending: int = MAX_PENDING):
        self.folder = Path(folder).resolve()
        self.folder.mkdir(parents=True, exist_ok=True)
        self._lock_fd = lock_folder(self.folder)
        self.store = Store(self.folder, workers=workers, jobs_per_comparison=jobs_per_comparison,
                           max_pending=max_pending)
        self.offers = OffersLog(self.folder)
        self._baselines: dict[str, Scenario] = {}
        self._levers: dict = {}
        # charts drawn once per comparison and language (the comparisons stay loaded in the store)
        self.charts: dict = {}

    def close(self) -> None:
        """Stops the queued comparisons and lets another server have the folder."""
        self.store.close()
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    def levers(self, trade: str):
        """The levers of a trade's baseline, by key (made once per trade: every check and page reads them)."""
        if trade not in self._levers:
            from ridersim.schema import scenario_levers
            self._levers[trade] = scenario_levers(self.baseline(trade)).set_index("key")
        return self._levers[trade]

    def baseline(self, trade: str) -> Scenario:
        if trade not in TRADES:
            raise BadRequest(f"unknown trade {str(trade)[:40]!r}; trades: {', '.join(TRADES)}",
                             {"trade": f"one of {', '.join(TRADES)}"})
        if trade not in self._baselines:
            self._baselines[trade] = Scenario.load(baseline_path(trade))
        return self._baselines[trade]


# --- checking a proposal, field by field, as the command line would -----------------------------

def check_proposal(workspace: Workspace, body, lang: str = "en") -> tuple[Scenario, Scenario, dict]:
    """The baseline, the proposal and the cleaned request, or BadRequest naming each bad field (in
    the language of the page; a value the compiler refuses gets its message, as on the command line)."""
    _ = lambda text, **values: i18n.gettext(lang, text) % values  # noqa: E731
    if not isinstance(body, dict):
        raise BadRequest("the request must be a JSON object")
    unknown = sorted(set(body) - {"trade", "name", "reason", "changes", "replications", "seed", "platform_responds",
                                  "platform"})
    if unknown:
        raise BadRequest(f"unknown field(s): {', '.join(unknown)[:200]}",
                         {k: "not a field of a proposal" for k in unknown[:10]})
    trade = body.get("trade", "food")
    if not isinstance(trade, str):
        raise BadRequest("trade must be text", {"trade": "text"})
    baseline = workspace.baseline(trade)
    errors = {}
    name = body.get("name")
    if not isinstance(name, str) or not name.strip():
        errors["name"] = _("give the proposal a name")
    elif len(name) > MAX_NAME:
        errors["name"] = _("at most %(n)s characters", n=MAX_NAME)
    elif name.strip() == baseline.name:
        errors["name"] = _("must differ from the baseline's name (%(name)s)", name=baseline.name)
    reason = body.get("reason", "")
    if not isinstance(reason, str) or len(reason) > MAX_REASON:
        errors["reason"] = _("text of at most %(n)s characters", n=MAX_REASON)
    replications = body.get("replications", 10)
    if isinstance(replications, bool) or not isinstance(replications, int) or not 2 <= replications <= MAX_REPLICATIONS:
        errors["replications"] = _("a whole number from 2 to %(n)s", n=MAX_REPLICATIONS)
    seed = body.get("seed")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2 ** 53):
        errors["seed"] = _("a whole number from 0 to 2^53 - 1, or empty for the baseline's own")
    responds = body.get("platform_responds", False)
    if not isinstance(responds, bool):
        errors["platform_responds"] = _("true or false")
    elif responds and not baseline.platform["levers"]:
        errors["platform_responds"] = _("the platform of this trade has no levers to answer with (its revenue is not modelled)")
    platform = body.get("platform")
    if platform is not None:
        if not responds:
            errors["platform"] = _("the platform's levers and objective are for its answer: tick \"If the platform responds\"")
        elif not isinstance(platform, dict) or not platform or set(platform) - {"levers", "objective"}:
            errors["platform"] = _("an object with levers (a list of path, min and max) and objective (term: number)")
        elif len(platform.get("levers", [])) > MAX_CHANGES:
            errors["platform"] = _("at most %(n)s levers", n=MAX_CHANGES)
    changes = body.get("changes", {})
    if not isinstance(changes, dict):
        errors["changes"] = _("an object of lever: value")
        changes = {}
    elif len(changes) > MAX_CHANGES:
        errors["changes"] = _("at most %(n)s levers", n=MAX_CHANGES)
        changes = {}
    table = workspace.levers(trade)
    for key, value in changes.items():
        if key not in table.index:
            errors[key] = _("unknown lever for %(trade)s; the editor lists the levers of this trade", trade=trade)
            continue
        if isinstance(value, float) and not math.isfinite(value):
            errors[key] = _("expected a finite number")
            continue
        try:
            baseline.with_changes({key: value})
        except ValueError as error:
            # the compiler's own words, as the command line prints them
            errors[key] = getattr(error, "message", str(error))
    if errors:
        raise BadRequest(_("the proposal has errors; each is named beside its field"), errors)
    if not changes:
        raise BadRequest(_("change at least one lever"), {"changes": _("change at least one lever")})
    try:
        proposal = baseline.with_changes(changes, name=name.strip(),
                                         sources={k: reason or name.strip() for k in changes})
        proposal = proposal.with_changes({"description": reason})
    except ValueError as error:
        raise BadRequest(getattr(error, "message", str(error)), {getattr(error, "path", "changes"): str(error)})
    if platform is not None:
        # the compiler checks the block: each lever a numeric one of the trade, within its bounds
        try:
            proposal = proposal.with_changes({"platform": platform})
        except (ValueError, TypeError) as error:
            # the JSON path within the request, then the compiler's words
            message = f"{error.path}: {error.message}" if getattr(error, "path", "") else str(error)
            raise BadRequest(message, {"platform": message})
    if responds:
        from ridersim.response import RespondError, platform_levers
        try:
            platform_levers(baseline, proposal)
        except RespondError:
            raise BadRequest(_("the proposal sets every lever the platform could answer with"),
                             {"platform_responds": _("the proposal sets every lever the platform could answer with")})
    request = {"trade": trade, "name": name.strip(), "reason": reason, "changes": changes,
               "replications": replications, "seed": baseline.seed if seed is None else seed,
               "platform_responds": responds, **({"platform": platform} if platform is not None else {})}
    return baseline, proposal, request


# --- pages -------------------------------------------------------------------------------------

def language(request: Request) -> str:
    lang = request.query_params.get("lang") or request.cookies.get("lang")
    if lang in i18n.LANGUAGES:
        return lang
    accept = request.headers.get("accept-language", "")
    return "zh" if accept.lower().startswith("zh") else "en"


def page(request: Request, template: str, title: str, **context) -> HTMLResponse:
    lang = language(request)
    html = i18n.render(template, lang, title=title, path=request.url.path,
                       query=str(request.url.query), token=request.app.state.token, **context)
    response = HTMLResponse(html)
    if request.query_params.get("lang") in i18n.LANGUAGES:
        response.set_cookie("lang", lang, samesite="strict")
    return response


def _finite(value):
    """A schema bound or default as the editor shows it: None when the schema has none (NaN) or it is infinite."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return None
    return value


def editor_groups(baseline: Scenario, levers, lang: str) -> list[dict]:
    """The levers of the baseline's trade, grouped by section, with the baseline's values and sources."""
    spec = baseline.spec
    groups: dict[str, list] = {}
    for key, row in levers.iterrows():
        current = value_at(spec, key)
        default = _finite(row["default"])
        shown = current if current is not None else default
        groups.setdefault(i18n.section(lang, key), []).append({
            "key": key, "type": row["type"], "label": i18n.lever_label(lang, row),
            "unit": i18n.lever_unit(lang, row["unit"]), "doc": i18n.lever_doc(lang, row),
            "min": _finite(row["min"]), "max": _finite(row["max"]),
            "choices": list(row["choices"]), "value": shown, "value_json": json.dumps(shown, ensure_ascii=False),
            "set": current is not None,
            "default": i18n.gettext(lang, "(none)") if default is None else json.dumps(default, ensure_ascii=False),
            "source": baseline.source_of(key) if current is not None else "",
        })
    first = {"rules.pay", "rules.commission", "rules.lateness", "rules.floor", "rules.fare", "rules.welfare"}
    return [{"name": name, "open": any(glossary.section_of(r["key"]) in first for r in rows), "levers": rows}
            for name, rows in groups.items()]


def platform_controls(baseline: Scenario, groups: list[dict], lang: str) -> dict:
    """The baseline's platform block as the editor shows it: its levers with their bounds (free to
    move by default), the other numeric levers the platform could be given, and its objective."""
    block = baseline.platform
    numeric = {lever["key"]: lever for group in groups for lever in group["levers"]
               if lever["type"] not in ("boolean", "choice", "table")}
    levers = [{"path": lever["path"], "min": lever["min"], "max": lever["max"],
               "label": numeric[lever["path"]]["label"] if lever["path"] in numeric else lever["path"],
               "lowest": numeric.get(lever["path"], {}).get("min"), "highest": numeric.get(lever["path"], {}).get("max")}
              for lever in block["levers"]]
    others = [{"path": key, "label": lever["label"], "lowest": lever["min"], "highest": lever["max"]}
              for key, lever in numeric.items() if key not in {lever["path"] for lever in block["levers"]}]
    objective = [{"term": term, "value": value, "label": i18n.gettext(lang, glossary.PLATFORM_OBJECTIVE[term])}
                 for term, value in block["objective"].items()]
    return {"levers": levers, "others": others, "objective": objective,
            "initial": json.dumps({"levers": block["levers"], "objective": block["objective"]})}


async def home(request: Request):
    ws: Workspace = request.app.state.workspace
    trade = request.query_params.get("trade", "food")
    lang = language(request)
    try:
        baseline = ws.baseline(trade)
    except BadRequest as error:
        raise HTTPException(400, error.message)
    groups = await asyncio.to_thread(editor_groups, baseline, ws.levers(trade), lang)
    return page(request, "workspace.html", i18n.gettext(lang, "Negotiation workspace"), trade=trade,
                trades=[(t, i18n.trade(lang, t)) for t in TRADES], groups=groups,
                platform=platform_controls(baseline, groups, lang),
                baseline_name=baseline.name, baseline_description=baseline.description,
                recent=_recent(ws, lang))


def _recent(ws: Workspace, lang: str) -> list[dict]:
    return [{"id": key, "name": r.get("name", ""), "trade": i18n.trade(lang, r.get("trade", "")),
             "created": r.get("created", ""), "replications": r.get("replications")}
            for key, r in reversed(ws.store.finished()[-20:])]


async def result(request: Request):
    ws: Workspace = request.app.state.workspace
    key = request.path_params["key"]
    if not _HASH.match(key):
        raise HTTPException(404, "no such comparison")
    lang = language(request)
    view = request.query_params.get("view", "union")
    if view not in ("union", "platform", "mediator"):
        raise HTTPException(400, "view must be union, platform or mediator")
    status = ws.store.status(key)
    if status is None:
        raise HTTPException(404, "no such comparison")
    if status["status"] != "done":
        return page(request, "running.html", i18n.gettext(lang, "Running"), key=key, status=status)
    limit_text = request.query_params.get("max_cost_shift", "")
    limit = None
    if limit_text:
        try:
            limit = float(limit_text)
            if not math.isfinite(limit) or limit < 0:
                raise ValueError
        except ValueError:
            raise HTTPException(400, "max_cost_shift must be a number of yuan >= 0")
    context = await asyncio.to_thread(_result_context, ws, key, lang, view, limit)
    return page(request, "result.html", context.pop("title"), **context)


def _result_context(ws: Workspace, key: str, lang: str, view: str, limit: float | None) -> dict:
    from ridersim.presentation import comparison_context
    comparison = ws.store.load(key)
    request = ws.store.request(key)
    context = comparison_context(comparison, lang, view, chart_cache=ws.charts)
    words = comparison.baseline.words
    context.update(key=key, question=request, title=f"{comparison.proposals[0].name} — {comparison.baseline.name}",
                   sides=SIDES, mediator=_mediator(ws, key, request, lang, words, limit) if view == "mediator" else None,
                   limit="" if limit is None else f"{limit:g}")
    return context


def _mediator(ws: Workspace, key: str, request: dict, lang: str, words: dict, limit: float | None) -> dict:
    """The offers explored so far on the same baseline and seeds, and the fair splits among them."""
    rows = []
    for other, r in ws.store.finished():
        if r["baseline"] == request["baseline"] and r["seed"] == request["seed"] and \
                r["replications"] == request["replications"]:
            rows.append((other, r, ws.store.table(other)))
    frame = candidates(rows, request["trade"])
    outcome = mediate(frame, limit)
    picked = {}
    for name, chosen in outcome["solutions"].items():
        if chosen is not None:
            picked.setdefault(chosen, []).append(i18n.gettext(lang, glossary.SOLUTIONS[name]))
    table = []
    for _, r in frame.iterrows():
        table.append({"id": r["id"], "name": r["name"], "current": r["id"] == key,
                      "riders": i18n.number(r.riders - r.riders_d, lang, 2),
                      "platform": i18n.number(r.platform - r.platform_d, lang, 2),
                      "riders_after": "" if math.isnan(r.riders_after) else i18n.number(r.riders_after, lang, 2),
                      "platform_after": "" if math.isnan(r.platform_after) else i18n.number(r.platform_after, lang, 2),
                      "absent": i18n.change(r["change:absent"], "yuan", lang),
                      "allowed": r["id"] in outcome["allowed"], "solutions": ", ".join(picked.get(r["id"], []))})
    none = [i18n.gettext(lang, glossary.SOLUTIONS[n]) for n, chosen in outcome["solutions"].items() if chosen is None]
    return {"rows": table, "no_deal": none, "responses": bool(frame.riders_after.notna().any()) if len(frame) else False}


async def offers_page(request: Request):
    ws: Workspace = request.app.state.workspace
    lang = language(request)
    entries = ws.offers.entries()
    for e in entries:
        e["side_label"] = i18n.gettext(lang, e["side"])
    return page(request, "offers.html", i18n.gettext(lang, "Offers and counter-offers"), entries=entries,
                exports=sorted(p.name for p in (ws.folder / "exports").glob("*.zip")) if (ws.folder / "exports").is_dir() else [])


async def glossary_page(request: Request):
    lang = language(request)
    trade = request.query_params.get("trade", "food")
    ws: Workspace = request.app.state.workspace
    try:
        words = ws.baseline(trade).words
    except BadRequest as error:
        raise HTTPException(400, error.message)
    entries = [{"key": k.key, "label": i18n.kpi_label(lang, k.key, words),
                "explanation": i18n.kpi_explanation(lang, k.key, words)} for k in glossary.KPIS.values()]
    return page(request, "glossary.html", i18n.gettext(lang, "Glossary"), entries=entries, trade=trade,
                trades=[(t, i18n.trade(lang, t)) for t in TRADES])


async def set_language(request: Request):
    lang = request.path_params["lang"]
    if lang not in i18n.LANGUAGES:
        raise HTTPException(404, "no such language")
    target = request.query_params.get("next", "/")
    # only a path of this site: never another host
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        target = "/"
    response = RedirectResponse(quote(target, safe="/?=&%-._~"), status_code=303)
    response.set_cookie("lang", lang, samesite="strict")
    return response


# --- the JSON API ------------------------------------------------------------------------------

async def _json_body(request: Request):
    raw = await request.body()
    try:
        return json.loads(raw.decode("utf-8")) if raw else {}
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BadRequest(f"the body is not JSON: {error}")
    except RecursionError:
        raise BadRequest("the body is nested too deeply to be a proposal")
    except ValueError as error:  # an integer of thousands of digits, among others
        raise BadRequest(f"the body is not JSON a proposal can hold: {str(error)[:200]}")


async def api_check(request: Request):
    """Checks a proposal without running it: 200 with what is wrong, field by field (the check
    itself succeeded); 4xx only for a request that is not a proposal at all."""
    ws: Workspace = request.app.state.workspace
    body = await _json_body(request)
    lang = language(request)
    try:
        baseline, proposal, _ = await asyncio.to_thread(check_proposal, ws, body, lang)
    except BadRequest as error:
        if not error.fields or error.status != 400:
            raise
        return JSONResponse({"ok": False, "error": error.message, "fields": error.fields})
    # a valid change that cannot bite in this scenario is said beside its lever, with the control
    from ridersim.inactive import before_running
    found = before_running(baseline, proposal)
    inactive = {f.lever: f.text(lang).split(": ", 1)[1] for f in found}
    # the control that would make each bite, where the editor has it: the page offers it at once
    editor = ws.levers(baseline.trade).index
    controls = {f.lever: f.control for f in found if f.control in editor}
    return JSONResponse({"ok": True, "fields": {}, "inactive": inactive, "controls": controls})


async def api_compare(request: Request):
    ws: Workspace = request.app.state.workspace
    body = await _json_body(request)
    baseline, proposal, clean = await asyncio.to_thread(check_proposal, ws, body, language(request))
    try:
        job = ws.store.submit(baseline, proposal, clean["replications"], clean["seed"],
                              {**clean, "origin": f"workspace proposal {clean['name']}"},
                              platform_responds=clean["platform_responds"])
    except Busy as error:
        raise BadRequest(str(error), status=429)
    status = job.as_dict()
    return JSONResponse({**status, "url": f"/comparisons/{job.id}"}, status_code=200 if status["status"] == "done" else 202)


async def api_status(request: Request):
    ws: Workspace = request.app.state.workspace
    key = request.path_params["key"]
    status = ws.store.status(key) if _HASH.match(key) else None
    if status is None:
        return JSONResponse({"error": "no such comparison"}, status_code=404)
    return JSONResponse(status)


async def api_table(request: Request):
    """A finished comparison's KPI table, as `ridersim compare` writes comparison.csv."""
    ws: Workspace = request.app.state.workspace
    key = request.path_params["key"]
    if not _HASH.match(key) or not ws.store.has(key):
        return JSONResponse({"error": "no such finished comparison"}, status_code=404)
    text = await asyncio.to_thread(ws.store.table_csv, key)
    return Response(text, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="comparison-{key[:12]}.csv"'})


async def api_offers(request: Request):
    ws: Workspace = request.app.state.workspace
    if request.method == "GET":
        return JSONResponse(ws.offers.entries())
    body = await _json_body(request)
    if not isinstance(body, dict) or set(body) - {"comparison", "side"}:
        raise BadRequest("an offer is {\"comparison\": ID, \"side\": union|platform|mediator}")
    key, side = body.get("comparison"), body.get("side")
    errors = {}
    if not isinstance(key, str) or not _HASH.match(key) or not ws.store.has(key):
        errors["comparison"] = "the id of a finished comparison"
    if side not in SIDES:
        errors["side"] = f"one of {', '.join(SIDES)}"
    if errors:
        raise BadRequest("the offer has errors", errors)
    request_doc = ws.store.request(key)
    table = await asyncio.to_thread(ws.store.table_csv, key)
    entry = await asyncio.to_thread(ws.offers.add, side, key, request_doc, table)
    return JSONResponse(entry, status_code=201)


async def api_export(request: Request):
    ws: Workspace = request.app.state.workspace
    lang = language(request)
    result = await asyncio.to_thread(export, ws, lang)
    return JSONResponse(result, status_code=201)


def export(ws: Workspace, lang: str) -> dict:
    """The negotiation as a folder and a zip: the offers (proposal files and results), the
    baselines they extend, a printable report (HTML, and PDF where Chromium is installed).

    Both are made under temporary names and renamed into place only when complete; on any
    failure what was made is removed, so the offers page never lists half an export. Files reach
    the export only as regular files of the workspace: a symbolic link is never followed."""
    from ridersim.presentation import comparison_context
    entries = ws.offers.entries()
    if not entries:
        raise BadRequest("there are no offers to export yet")
    comparisons = []
    for e in entries:
        if not ws.store.has(e["comparison"]):
            raise BadRequest(f"the results of offer {e['number']} ({e['name']}) are no longer in the workspace's "
                             "cache; run its comparison again, then export", status=409)
        comparisons.append(ws.store.load(e["comparison"]))
    stamp = time.strftime("%Y%m%d-%H%M%S")
    exports = ws.folder / "exports"
    check_no_links(ws.folder, exports / "x")
    exports.mkdir(exist_ok=True)
    name, n = f"negotiation-{stamp}", 1
    while (exports / name).exists() or (exports / f"{name}.zip").exists():
        n += 1
        name = f"negotiation-{stamp}-{n}"
    partial = exports / f".{name}.partial"
    partial_zip = exports / f".{name}.zip.partial"
    try:
        partial.mkdir()
        for sub in ("offers", "baselines"):
            _copy_regular_files(ws.folder / sub, partial / sub)
        sections = []
        for e, comparison in zip(entries, comparisons):
            body = i18n.render("_comparison.html", lang,
                               **comparison_context(comparison, lang, "mediator", with_charts=False))
            sections.append({"entry": e, "side": i18n.gettext(lang, e["side"]), "body": Markup(body)})
        html = i18n.render("negotiation.html", lang, title=i18n.gettext(lang, "The negotiation"), sections=sections,
                           created=time.strftime("%Y-%m-%d %H:%M"))
        write_atomic(partial / "report.html", html, inside=ws.folder)
        pdf = print_to_pdf(partial / "report.html", partial / "report.pdf")
        files = sorted(str(p.relative_to(partial)) for p in partial.rglob("*") if p.is_file())
        with zipfile.ZipFile(partial_zip, "w", zipfile.ZIP_DEFLATED) as zf:
            for relative in files:
                zf.write(partial / relative, Path(name) / relative)
        os.rename(partial, exports / name)
        os.replace(partial_zip, exports / f"{name}.zip")
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        with contextlib.suppress(OSError):
            partial_zip.unlink()
        with contextlib.suppress(OSError):
            if (exports / name).is_dir() and not (exports / f"{name}.zip").exists():
                shutil.rmtree(exports / name)
        raise
    return {"folder": f"exports/{name}", "zip": f"/exports/{name}.zip", "pdf": pdf is not None, "files": files}


def _copy_regular_files(source: Path, target: Path) -> None:
    """Copies the regular files under `source` (links, devices and the like left out)."""
    target.mkdir(parents=True, exist_ok=True)
    if not source.is_dir() or source.is_symlink():
        return
    for path in sorted(source.iterdir()):
        if path.is_symlink():
            continue
        if path.is_dir():
            _copy_regular_files(path, target / path.name)
        elif path.is_file():
            shutil.copyfile(path, target / path.name, follow_symlinks=False)


def print_to_pdf(page: Path, pdf: Path) -> Path | None:
    """Prints a page to PDF with headless Chromium; None when Chromium is not installed."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        return None
    import tempfile
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--no-first-run", "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}",
                        "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri()],
                       capture_output=True, timeout=180, stdin=subprocess.DEVNULL)
    if not pdf.is_file() or pdf.read_bytes()[:5] != b"%PDF-":
        raise OSError(f"Chromium did not print {page} to PDF")
    return pdf


async def download_export(request: Request):
    ws: Workspace = request.app.state.workspace
    name = request.path_params["name"]
    path = ws.folder / "exports" / name
    if not _EXPORT.match(name) or not path.is_file():
        raise HTTPException(404, "no such export")
    return FileResponse(path, media_type="application/zip", filename=name)


async def health(request: Request):
    ws: Workspace = request.app.state.workspace
    return JSONResponse({"status": "ok", "comparisons_running": ws.store.running()})


# --- errors ------------------------------------------------------------------------------------

async def bad_request(request: Request, error: BadRequest):
    return JSONResponse({"error": error.message, "fields": error.fields}, status_code=error.status)


async def os_error(request: Request, error: OSError):
    """A file the workspace could not write or read: a JSON error that says which and why, never a
    plain-text 500 (507 when the disk is full, 403 for a link it will not write through)."""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        status = 507
    elif error.errno in (errno.ELOOP, errno.EPERM, errno.EACCES, errno.EROFS):
        status = 403
    else:
        status = 500
    message = f"the workspace could not write or read a file: {error.strerror or error}"
    if error.filename:
        message += f" ({error.filename})"
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": message}, status_code=status)
    lang = language(request)
    return HTMLResponse(i18n.render("error.html", lang, title=str(status), message=message, path=request.url.path,
                                    query=""), status_code=status)


async def http_error(request: Request, error: HTTPException):
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": error.detail}, status_code=error.status_code)
    lang = language(request)
    html = i18n.render("error.html", lang, title=str(error.status_code), message=error.detail,
                       path=request.url.path, query="")
    return HTMLResponse(html, status_code=error.status_code)


def create_app(folder: str | Path, workers: int = 2, jobs_per_comparison: int | None = None,
               hosts=LOOPBACK_NAMES, max_pending: int = MAX_PENDING):
    """The workspace application over a folder (created if missing, then locked against a second
    server), answering at the host names `hosts`; `app.token` is what its pages send with a change."""
    routes = [
        Route("/", home),
        Route("/comparisons/{key}", result),
        Route("/offers", offers_page),
        Route("/glossary", glossary_page),
        Route("/lang/{lang}", set_language),
        Route("/health", health),
        Route("/api/check", api_check, methods=["POST"]),
        Route("/api/comparisons", api_compare, methods=["POST"]),
        Route("/api/comparisons/{key}", api_status),
        Route("/api/comparisons/{key}/table.csv", api_table),
        Route("/api/offers", api_offers, methods=["GET", "POST"]),
        Route("/api/export", api_export, methods=["POST"]),
        Route("/exports/{name}", download_export),
        Mount("/static", StaticFiles(directory=str(STATIC)), name="static"),
    ]
    workspace = Workspace(Path(folder), workers=workers, jobs_per_comparison=jobs_per_comparison,
                          max_pending=max_pending)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        yield
        # on shutdown, queued comparisons are dropped and running ones stop after their current runs
        # (nothing half-written is kept)
        running = workspace.store.running()
        if running:
            print(f"ridersim workspace: stopping {running} comparison(s) after the runs under way", flush=True)
        workspace.close()

    handlers = {BadRequest: bad_request, HTTPException: http_error, OSError: os_error}
    app = Starlette(routes=routes, exception_handlers=handlers,
                    lifespan=lifespan)
    app.state.workspace = workspace
    app.state.token = secrets.token_urlsafe(24)
    wrapped = Guard(LimitBody(app), hosts, app.state.token)
    wrapped.workspace, wrapped.token = workspace, app.state.token
    return wrapped


def serve(folder: str | Path, host: str = "127.0.0.1", port: int = 8765, workers: int = 2) -> None:
    """Serves the workspace until Ctrl-C. The address is taken before anything is said, so that a
    port in use is an error (OSError naming it), never a server announced that is not there."""
    import socket

    import uvicorn
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        raise OSError(error.errno, f"cannot listen on {host}:{port}: {error.strerror}; choose another port with --port")
    hosts = set(LOOPBACK_NAMES) if _host_name(host) in LOOPBACK_NAMES else {_host_name(host)} | set(LOOPBACK_NAMES)
    if _host_name(host) in ("0.0.0.0", "::"):  # every interface: the names and addresses of this machine
        hosts |= {socket.gethostname().lower(), socket.getfqdn().lower()}
        with contextlib.suppress(OSError):
            hosts |= {info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None)}
    try:
        app = create_app(folder, workers=workers, hosts=hosts)
    except BaseException:
        sock.close()
        raise
    print(f"ridersim workspace: http://{host}:{port}/  (files in {Path(folder).resolve()}; Ctrl-C stops it)",
          flush=True)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    server.run(sockets=[sock])
    try:
        app.workspace.close()  # again: a second Ctrl-C during the shutdown skips the application's own
        app.workspace.store.wait()  # the runs under way end within seconds
    except KeyboardInterrupt:
        # a second Ctrl-C: out at once. Leaving through the interpreter's shutdown would stop
        # threads inside a run and abort the process; nothing of those runs is kept either way
        print("ridersim workspace: stopped at once (the runs under way were abandoned)", flush=True)
        os._exit(130)
    print("ridersim workspace: stopped", flush=True)
