"""The negotiation workspace (`ridersim serve`), through its HTTP interface in process."""

import io
import json
import time
import zipfile
from pathlib import Path

import pytest

import ridersim
from conftest import ROOT, cli
from ridersim.schema import scenario_levers

from starlette.testclient import TestClient

from ridersim.web.app import MAX_BODY, create_app

RAISE = {"trade": "food", "name": "base pay 8", "reason": "the union's first offer",
         "changes": {"rules.pay.base_per_order_yuan": 8.0}, "replications": 2, "seed": 5}


@pytest.fixture()
def workspace(tmp_path):
    folder = tmp_path / "workspace"
    app = create_app(folder, workers=2, jobs_per_comparison=2)
    with client_of(app) as client:
        yield client, folder


def client_of(app):
    """A client as the workspace's own pages are: at 127.0.0.1, with the token the pages carry."""
    return TestClient(app, base_url="http://127.0.0.1:8765", headers={"X-Ridersim-Token": app.token})


def wait(client, key, timeout=240):
    start = time.time()
    while time.time() - start < timeout:
        status = client.get(f"/api/comparisons/{key}").json()
        if status["status"] in ("done", "failed"):
            assert status["status"] == "done", status["error"]
            return status
        time.sleep(0.2)
    raise AssertionError("the comparison did not finish")


def run(client, body):
    response = client.post("/api/comparisons", json=body)
    assert response.status_code in (200, 202), response.text
    wait(client, response.json()["id"])
    return response.json()["id"]


def snapshot(folder: Path) -> dict:
    return {str(p.relative_to(folder.parent)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in folder.parent.rglob("*") if p.is_file()}


def test_the_editor_offers_every_lever_of_each_trade_with_its_bounds_default_and_source(workspace):
    client, _ = workspace
    for trade, path in [("food", "baseline.json"), ("ride_hailing", "ride_hailing/baseline.json"),
                        ("freight", "freight/baseline.json"), ("courier", "courier/baseline.json")]:
        baseline = ridersim.Scenario.load(ROOT / "scenarios" / path)
        page = client.get(f"/?trade={trade}").text
        for key in scenario_levers(baseline).key:
            assert f'data-key="{key}"' in page, (trade, key)
        assert "&lt;vehicle&gt;" not in page  # per-vehicle levers are written out per vehicle class
    page = client.get("/?trade=food").text
    food = ridersim.Scenario.load(ROOT / "scenarios" / "baseline.json")
    assert 'id="lever-rules.pay.base_per_order_yuan" data-kind="number" data-initial="7.0"' in page
    assert 'min="0.0" max="10000.0"' in page
    assert food.source_of("rules.pay.base_per_order_yuan").split(" [")[0] in page
    zh = client.get("/?trade=food&lang=zh").text
    assert "每单基础配送费" in zh and "报酬" in zh and "运行比较" in zh
    assert client.get("/?trade=../../etc/passwd").status_code == 400


def test_a_bad_value_gets_the_command_lines_message_beside_its_field(workspace, tmp_path):
    client, _ = workspace
    response = client.post("/api/check", json={"trade": "food", "name": "x",
                                               "changes": {"rules.pay.base_per_order_yuan": -3}})
    assert response.status_code == 200 and response.json()["ok"] is False
    message = response.json()["fields"]["rules.pay.base_per_order_yuan"]
    good = client.post("/api/check", json={"trade": "food", "name": "x", "changes": {"rules.pay.base_per_order_yuan": 3}})
    assert good.json() == {"ok": True, "fields": {}, "inactive": {}, "controls": {}}
    # a valid change that cannot bite here is said beside its lever, with the control that would make it bite
    idle = client.post("/api/check", json={"trade": "freight", "name": "x", "changes": {"rules.pay.peak_fee_share": 0.4}})
    assert idle.json()["ok"] is True and "world.festival_days" in idle.json()["inactive"]["rules.pay.peak_fee_share"]
    zh = client.post("/api/check?lang=zh", json={"trade": "freight", "name": "x", "changes": {"rules.pay.peak_fee_share": 0.4}})
    assert "节日" in zh.json()["inactive"]["rules.pay.peak_fee_share"]
    assert client.post("/api/check", content=b"[1, 2").status_code == 400
    proposal = tmp_path / "bad.json"
    proposal.write_text(json.dumps({"extends": str(ROOT / "scenarios" / "baseline.json"), "name": "bad",
                                    "changes": {"rules.pay.base_per_order_yuan": -3}}))
    done = cli("validate", proposal)
    assert done.returncode == 2 and message in done.stderr
    assert message == "expected a number >= 0 and <= 10000, got -3"


def test_bad_requests_get_a_clear_4xx_and_change_nothing_on_disk(workspace):
    client, folder = workspace
    key = run(client, RAISE)
    assert client.post("/api/offers", json={"comparison": key, "side": "union"}).status_code == 201
    before = snapshot(folder)
    outside = "../../outside"
    cases = [
        ("post", "/api/comparisons", {**RAISE, "changes": {"rules.pay.no_such_lever": 1}}, 400, "rules.pay.no_such_lever"),
        ("post", "/api/comparisons", {**RAISE, "changes": {"rules.pay.base_per_order_yuan": 1e9}}, 400,
         "rules.pay.base_per_order_yuan"),
        ("post", "/api/comparisons", {**RAISE, "changes": {"rules.pay.base_per_order_yuan": "8"}}, 400,
         "rules.pay.base_per_order_yuan"),
        ("post", "/api/comparisons", {**RAISE, "trade": outside}, 400, "trade"),
        ("post", "/api/comparisons", {**RAISE, "changes": {outside: 1}}, 400, outside),
        ("post", "/api/comparisons", {**RAISE, "baseline": "/etc/passwd"}, 400, "baseline"),
        ("post", "/api/comparisons", {**RAISE, "replications": 10_000}, 400, "replications"),
        ("post", "/api/comparisons", {**RAISE, "seed": -1}, 400, "seed"),
        ("post", "/api/comparisons", {**RAISE, "name": ""}, 400, "name"),
        ("post", "/api/comparisons", {**RAISE, "name": "baseline"}, 400, "name"),
        ("post", "/api/comparisons", {**RAISE, "changes": {}}, 400, "changes"),
        ("post", "/api/offers", {"comparison": outside, "side": "union"}, 400, "comparison"),
        ("post", "/api/offers", {"comparison": key, "side": outside}, 400, "side"),
        ("post", "/api/offers", {"comparison": key, "side": "union", "file": outside}, 400, None),
    ]
    for method, url, body, status, field in cases:
        response = getattr(client, method)(url, json=body)
        assert response.status_code == status, (url, body, response.text)
        assert response.json()["error"], body
        if field:
            assert field in response.json()["fields"], (body, response.json())
    for url in ["/comparisons/../../etc/passwd", "/comparisons/" + "0" * 64, "/exports/../offers/log.json",
                "/exports/negotiation-20260101-000000.zip", "/api/comparisons/" + outside, "/lang/fr"]:
        assert client.get(url).status_code == 404, url
    assert client.get("/comparisons/" + key + "?view=press").status_code == 400
    assert client.get("/comparisons/" + key + "?view=mediator&max_cost_shift=-5").status_code == 400
    # not JSON, too big (declared, and streamed without a length)
    assert client.post("/api/comparisons", content=b"{not json").status_code == 400
    big = json.dumps({**RAISE, "reason": "x" * (MAX_BODY + 10)}).encode()
    assert client.post("/api/comparisons", content=big).status_code == 413
    assert client.post("/api/comparisons", content=iter([big[:40_000], big[40_000:]])).status_code == 413
    # a redirect after switching language stays on this site
    response = client.get("/lang/zh?next=//evil.example/x", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/"
    assert snapshot(folder) == before
    assert not (folder.parent / "outside").exists()


def test_every_user_string_is_escaped(workspace):
    client, folder = workspace
    evil = "<script>alert(1)</script>"
    key = run(client, {**RAISE, "name": evil + " offer", "reason": evil})
    assert client.post("/api/offers", json={"comparison": key, "side": "union"}).status_code == 201
    pages = [client.get(f"/comparisons/{key}?view={v}").text for v in ("union", "platform", "mediator")]
    pages += [client.get("/offers").text, client.get("/").text]
    for page in pages:
        assert evil not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    exported = client.post("/api/export").json()
    report = (folder / exported["folder"] / "report.html").read_text(encoding="utf-8")
    assert evil not in report and "&lt;script&gt;alert(1)&lt;/script&gt;" in report
    # the offer's file name is made safe; its text keeps the name as typed
    entry = client.get("/api/offers").json()[0]
    assert "/" not in entry["file"][len("offers/"):] and "<" not in entry["file"]
    assert json.loads((folder / entry["file"]).read_text())["name"] == evil + " offer"


def test_a_repeated_question_answers_at_once_from_the_cache(tmp_path):
    folder = tmp_path / "workspace"
    with client_of(create_app(folder, workers=2, jobs_per_comparison=2)) as client:
        key = run(client, RAISE)
        again = client.post("/api/comparisons", json=RAISE)
        # two replications of the baseline, the proposal and the baseline with the jobs reshuffled (chance)
        assert again.status_code == 200 and again.json() == {"id": key, "status": "done", "done": 6, "total": 6, "stage": "runs",
                                                             "error": "", "url": f"/comparisons/{key}"}
        other = client.post("/api/comparisons", json={**RAISE, "seed": 6}).json()["id"]
        assert other != key
        wait(client, other)
        table = client.get(f"/api/comparisons/{key}/table.csv").text
        # while it runs, a second server over the same folder is refused, naming the folder
        with pytest.raises(OSError, match=f"the workspace {folder} is in use by another ridersim serve"):
            create_app(folder, workers=1)
    # once it has stopped, a new server over the same folder answers from disk
    with client_of(create_app(folder, workers=1)) as fresh:
        assert fresh.post("/api/comparisons", json=RAISE).status_code == 200
        assert fresh.get(f"/api/comparisons/{key}/table.csv").text == table


def test_an_offer_is_a_proposal_file_compare_reads_with_the_same_results(workspace, tmp_path):
    client, folder = workspace
    key = run(client, RAISE)
    entry = client.post("/api/offers", json={"comparison": key, "side": "union"}).json()
    assert entry["number"] == 1 and entry["file"] == "offers/01-union-base_pay_8.json"
    offer = json.loads((folder / entry["file"]).read_text())
    assert offer["changes"] == RAISE["changes"] and "union offer 1" in offer["sources"]["rules.pay.base_per_order_yuan"]
    out = tmp_path / "cli"
    baseline = folder / offer["extends"].replace("../", "", 1)
    done = cli("compare", baseline, folder / entry["file"], "--replications", 2, "--seed", 5, "--jobs", 2, "--out", out)
    assert done.returncode == 0, done.stderr
    served = client.get(f"/api/comparisons/{key}/table.csv").text
    assert served == (out / "comparison.csv").read_text()
    assert (folder / entry["results"]).read_text() == served
    second = client.post("/api/offers", json={"comparison": key, "side": "platform"}).json()
    assert second["number"] == 2 and second["file"].startswith("offers/02-platform-")
    assert [e["side"] for e in client.get("/api/offers").json()] == ["union", "platform"]
    assert "base pay 8" in client.get("/offers").text


def test_who_pays_adds_up_to_zero_and_the_mediator_leaves_out_costs_shifted_to_others(workspace):
    client, _ = workspace
    pay = run(client, RAISE)
    commission = run(client, {**RAISE, "name": "merchants pay more", "changes": {"rules.commission.merchant_rate": 0.25}})
    page = client.get(f"/comparisons/{commission}?view=mediator").text
    assert "Total (must be zero)</td><td></td><td class=\"total\">0</td>" in page
    assert page.count('href="/comparisons/') >= 2 and "merchants pay more" in page and "base pay 8" in page
    limited = client.get(f"/comparisons/{commission}?view=mediator&max_cost_shift=1000").text
    row = limited.split("merchants pay more</a>")[1].split("</tr>")[0]
    assert "no: shifts costs to those not at the table" in row
    row = limited.split("base pay 8</a>")[1].split("</tr>")[0]
    assert "no: shifts" not in row
    kpis = lambda page: page.split('<table class="kpis">')[1].split("</table>")[0]  # noqa: E731
    union = kpis(client.get(f"/comparisons/{pay}?view=union").text)
    platform = kpis(client.get(f"/comparisons/{pay}?view=platform").text)
    assert "Net pay per month" in union and "Net pay per month" not in platform
    assert "Platform net revenue" in platform and "Platform net revenue" not in union


def test_the_negotiation_exports_as_a_folder_a_zip_and_a_pdf(workspace):
    client, folder = workspace
    key = run(client, RAISE)
    assert client.post("/api/export").status_code == 400  # nothing to export yet
    client.post("/api/offers", json={"comparison": key, "side": "union"})
    client.cookies.set("lang", "zh")
    exported = client.post("/api/export").json()
    files = set(exported["files"])
    assert {"offers/log.json", "offers/01-union-base_pay_8.json", "report.html", "report.pdf"} <= files
    assert (folder / exported["folder"] / "report.pdf").read_bytes()[:5] == b"%PDF-"
    assert "谈判记录" in (folder / exported["folder"] / "report.html").read_text(encoding="utf-8")
    archive = client.get(exported["zip"])
    assert archive.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(archive.content)).namelist()
    assert any(n.endswith("report.pdf") for n in names) and all(not n.startswith(("/", "..")) for n in names)


def test_health_and_language(workspace):
    client, _ = workspace
    assert client.get("/health").json() == {"status": "ok", "comparisons_running": 0}
    response = client.get("/lang/zh?next=/offers", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/offers"
    assert "报价与还价" in client.get("/offers").text  # the cookie keeps the language
    assert "术语表" in client.get("/glossary?trade=ride_hailing").text and "乘客" in client.get("/glossary?trade=ride_hailing").text
    assert "Offers and counter-offers" in client.get("/offers?lang=en").text


def test_the_workspace_names_what_is_wrong_in_the_language_of_the_page(workspace):
    client, _ = workspace
    client.cookies.set("lang", "zh")
    fields = client.post("/api/check", json={**RAISE, "name": "", "replications": 1,
                                             "changes": {"rules.pay.base_per_order_yuan": -3}}).json()["fields"]
    assert fields["name"] == "请给方案起个名字"
    assert fields["replications"] == "2 到 50 之间的整数"
    # the compiler's own message stays as the command line prints it
    assert fields["rules.pay.base_per_order_yuan"] == "expected a number >= 0 and <= 10000, got -3"


def test_a_port_in_use_is_an_error_before_anything_is_announced_or_written(tmp_path, capsys):
    import socket
    from ridersim.web.app import serve
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(OSError, match=f"cannot listen on 127.0.0.1:{port}"):
            serve(tmp_path / "ws", port=port)
    assert capsys.readouterr().out == "" and not (tmp_path / "ws").exists()
    done = cli("serve", "--port", "70000")
    assert done.returncode == 2 and "expected a port number from 1 to 65535" in done.stderr


# --- only this machine's user drives the workspace ------------------------------------------------

def test_a_foreign_host_header_is_refused_so_a_rebound_name_reads_nothing(workspace):
    client, _ = workspace
    for path in ("/", "/api/offers", "/health", "/offers"):
        answer = client.get(path, headers={"Host": "attacker.example:8765"})
        assert answer.status_code == 421, path
        assert "answers only at" in answer.json()["error"] and "attacker.example" in answer.json()["error"]
    for host in ("127.0.0.1:8765", "localhost:8765", "[::1]:8765", "LOCALHOST"):
        assert client.get("/health", headers={"Host": host}).status_code == 200, host


def test_changes_need_the_pages_token_and_their_own_origin(workspace):
    client, folder = workspace
    body = json.dumps(RAISE)
    bare = TestClient(client.app, base_url="http://127.0.0.1:8765")
    # a cross-site "simple" request (no custom header, text/plain or a form) cannot start a comparison
    for headers in ({"Content-Type": "text/plain"}, {"Content-Type": "application/x-www-form-urlencoded"},
                    {"Content-Type": "application/json", "Origin": "http://127.0.0.1:9999"},
                    {"Content-Type": "application/json", "X-Ridersim-Token": "guessed"}):
        for path in ("/api/comparisons", "/api/offers", "/api/export", "/api/check"):
            answer = bare.post(path, content=body, headers=headers)
            assert answer.status_code == 403, (path, headers)
            assert "error" in answer.json()
    # with the token but from another site's page: refused too
    answer = client.post("/api/comparisons", content=body,
                         headers={"Content-Type": "application/json", "Origin": "http://evil.example"})
    assert answer.status_code == 403 and "another site" in answer.json()["error"]
    assert not any((folder / "cache").iterdir()) and not (folder / "offers").exists()
    # the pages carry the token, and the same origin with it is served
    assert f'<meta name="ridersim-token" content="{client.app.token}">' in client.get("/").text
    answer = client.post("/api/check", json=RAISE, headers={"Origin": "http://127.0.0.1:8765"})
    assert answer.status_code == 200 and answer.json()["ok"]


@pytest.mark.parametrize("raw", ["[" * 30_000 + "]" * 30_000, '{"seed": ' + "7" * 5000 + "}",
                                 "\ufeff{}", '{"name": "\\ud800"}'], ids=["deep", "long-integer", "bom", "surrogate"])
def test_a_body_json_cannot_take_is_a_json_error(workspace, raw):
    client, _ = workspace
    answer = client.post("/api/check", content=raw.encode("utf-8", "surrogatepass"),
                         headers={"Content-Type": "application/json"})
    assert answer.status_code in (200, 400), answer.text
    assert answer.headers["content-type"].startswith("application/json")


def test_the_queue_is_bounded_and_a_refused_comparison_is_not_kept(tmp_path):
    with client_of(create_app(tmp_path / "ws", workers=1, jobs_per_comparison=1, max_pending=1)) as client:
        first = client.post("/api/comparisons", json={**RAISE, "replications": 20})
        assert first.status_code == 202
        second = client.post("/api/comparisons", json={**RAISE, "seed": 99})
        assert second.status_code == 429, second.text
        assert "as many as this workspace takes at once" in second.json()["error"]
        wait(client, first.json()["id"])
        # nothing of the refused one was queued: asked again once there is room, it runs
        assert run(client, {**RAISE, "seed": 99})


def test_nothing_is_written_or_exported_through_a_symbolic_link(workspace, tmp_path):
    client, folder = workspace
    key = run(client, RAISE)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (folder / "offers").symlink_to(elsewhere, target_is_directory=True)
    answer = client.post("/api/offers", json={"comparison": key, "side": "union"})
    assert answer.status_code == 403, answer.text
    assert "symbolic link" in answer.json()["error"]
    assert list(elsewhere.iterdir()) == []
    # a link planted among real offers is left out of the export, not followed
    (folder / "offers").unlink()
    assert client.post("/api/offers", json={"comparison": key, "side": "union"}).status_code == 201
    secret = tmp_path / "secret.txt"
    secret.write_text("not the negotiation's")
    (folder / "offers" / "planted.txt").symlink_to(secret)
    exported = client.post("/api/export").json()
    assert "offers/planted.txt" not in exported["files"]
    names = zipfile.ZipFile(folder / exported["zip"].lstrip("/")).namelist()
    assert not any(n.endswith("planted.txt") for n in names)


def test_a_failed_export_leaves_nothing_that_looks_like_an_export(workspace, monkeypatch):
    client, folder = workspace
    key = run(client, RAISE)
    client.post("/api/offers", json={"comparison": key, "side": "union"})
    import ridersim.web.app as app_module

    def full_disk(page, pdf):
        raise OSError(28, "No space left on device", str(pdf))
    monkeypatch.setattr(app_module, "print_to_pdf", full_disk)
    answer = client.post("/api/export")
    assert answer.status_code == 507 and "No space left on device" in answer.json()["error"]
    assert list((folder / "exports").iterdir()) == []
    assert "negotiation-" not in client.get("/offers").text.split("<main", 1)[-1]
    monkeypatch.undo()
    # and an export whose comparison left the cache says so
    import shutil
    shutil.rmtree(folder / "cache" / key)
    client.app.workspace.store._loaded.clear()
    answer = client.post("/api/export")
    assert answer.status_code == 409 and "no longer in the workspace's cache" in answer.json()["error"]


@pytest.mark.parametrize("name", ["NA", "null", "#N/A", "nan", "None"])
def test_a_proposal_named_like_a_missing_value_keeps_its_name_after_a_restart(tmp_path, name):
    folder = tmp_path / "ws"
    with client_of(create_app(folder, workers=1, jobs_per_comparison=1)) as client:
        key = run(client, {**RAISE, "name": name})
    with client_of(create_app(folder, workers=1)) as fresh:
        page = fresh.get(f"/comparisons/{key}")
        assert page.status_code == 200, page.text[-2000:]
        assert fresh.get(f"/comparisons/{key}?view=mediator").status_code == 200
        table = fresh.app.workspace.store.load(key).table
        assert set(table.proposal) == {name}


def test_every_lever_the_editor_shows_can_be_set_on_its_baseline(workspace):
    client, _ = workspace
    checked = 0
    for trade, path in [("food", "baseline.json"), ("ride_hailing", "ride_hailing/baseline.json"),
                        ("freight", "freight/baseline.json"), ("courier", "courier/baseline.json")]:
        baseline = ridersim.Scenario.load(ROOT / "scenarios" / path)
        for _, lever in scenario_levers(baseline).iterrows():
            if lever["type"] == "choice":
                value = list(lever["choices"])[-1]
            elif lever["type"] == "boolean":
                value = True
            elif lever["type"] in ("number", "money", "share", "integer"):
                value = lever["max"] if lever["type"] == "share" else lever["min"]
                value = int(value) if lever["type"] == "integer" else float(value)
            else:
                continue  # tables are set whole
            checked += 1
            answer = client.post("/api/check", json={**RAISE, "trade": trade, "changes": {lever["key"]: value}}).json()
            assert "no key" not in json.dumps(answer, ensure_ascii=False), (trade, lever["key"], answer)
    assert checked > 200


def test_an_offer_if_the_platform_responds(workspace):
    """Asked for, the comparison adds the proposal after the platform's best answer; it survives a
    reload from disk; a trade whose platform has no levers, or a bad value, is refused at its field."""
    client, folder = workspace
    body = {"trade": "ride_hailing", "name": "floor", "replications": 2, "platform_responds": True,
            "changes": {"rules.trip_floor.per_km_yuan": 1.0, "rules.trip_floor.per_min_yuan": 0.3,
                        "rules.trip_floor.utilisation": 0.58}}
    key = run(client, body)
    page = client.get(f"/comparisons/{key}").text
    assert "floor, after the platform responds" in page
    request = json.loads(next(folder.rglob(f"{key}/request.json")).read_text())
    assert request["platform_responds"] is True and len(request["more_proposals"]) == 1
    client.app.workspace.store._loaded.clear()  # read back from disk
    assert "floor, after the platform responds" in client.get(f"/comparisons/{key}").text
    # the mediator's table: each side's gain before and after the platform responds
    mediator = client.get(f"/comparisons/{key}?view=mediator").text
    assert "Union's gain after the platform responds" in mediator
    plain = client.post("/api/comparisons", json={**body, "platform_responds": False}).json()["id"]
    assert plain != key  # another question
    wait(client, plain)
    assert "Union's gain after the platform responds" in client.get(f"/comparisons/{key}?view=mediator").text
    refused = client.post("/api/comparisons", json={**body, "trade": "courier", "changes": {"rules.first_complaint_free": True}})
    assert refused.status_code == 400 and "platform_responds" in refused.json()["fields"]
    refused = client.post("/api/comparisons", json={**body, "platform_responds": "yes"})
    assert refused.status_code == 400 and "platform_responds" in refused.json()["fields"]


def test_the_platform_s_levers_and_objective_for_its_answer(workspace):
    """The editor shows the platform's levers, bounds and objective; a request may free fewer
    levers, narrow their bounds, give it another lever or change its objective. The answer keeps
    to them, the result says what the platform set and what of the gain survives, and a bad block
    is refused at its field with the compiler's words."""
    client, folder = workspace
    page = client.get("/?trade=ride_hailing").text
    assert 'id="platform-controls"' in page and 'data-path="rules.fare.level"' in page
    assert '<option value="rules.commission.worker_rate"' in page  # another lever it could be given
    assert 'data-objective="rival_elasticity" value="-0.07"' in page
    assert 'id="platform-controls"' not in client.get("/?trade=courier").text  # its revenue is not modelled
    body = {"trade": "ride_hailing", "name": "cut", "replications": 2, "platform_responds": True,
            "changes": {"rules.commission.worker_rate": 0.01},
            "platform": {"levers": [{"path": "rules.fare.level", "min": 1.0, "max": 1.2}],
                         "objective": {"value_per_job_yuan": 0, "rival_elasticity": -0.07, "max_lost_share": 1,
                                       "min_jobs_share": 0, "exit_below_yuan_per_day": 0}}}
    bad = client.post("/api/check", json={**body, "platform_responds": False}).json()
    assert not bad["ok"] and "If the platform responds" in bad["fields"]["platform"]
    outside = {**body, "platform": {"levers": [{"path": "rules.fare.level", "min": 0.1, "max": 1.2}]}}
    bad = client.post("/api/check", json=outside).json()
    assert not bad["ok"] and "platform.levers[0].min" in bad["fields"]["platform"]
    bad = client.post("/api/check", json={**body, "platform": {"levers": "all"}}).json()
    assert not bad["ok"] and "platform" in bad["fields"]
    key = run(client, body)
    request = json.loads(next(folder.rglob(f"{key}/request.json")).read_text())
    answered = request["more_proposals"][0]
    # only the lever it was given moved, within the bounds given; the multiplier and cap stay today's
    assert 1.0 <= answered["rules"]["fare"]["level"] <= 1.2
    assert answered["rules"].get("multiplier") == request["baseline"]["rules"].get("multiplier")
    assert answered["platform"]["levers"] == body["platform"]["levers"]
    union = client.get(f"/comparisons/{key}?view=union").text
    assert 'id="responses"' in union and "If the platform responds to cut with its own levers" in union
    assert client.get(f"/api/comparisons/{key}").json()["stage"] == "runs"
    # the same question with today's platform block is another comparison
    assert client.post("/api/check", json={k: v for k, v in body.items() if k != "platform"}).json()["ok"]


def test_a_job_says_which_stage_its_count_is_of(tmp_path, monkeypatch):
    """With the platform's answer asked for, the first count is of settings searched, the next of
    runs; without it every count is of runs."""
    from ridersim.web import store as store_module
    seen = []

    def fake(baseline, proposals, progress, platform_responds, **_):
        for total in ((122, 12) if platform_responds else (12,)):
            progress(0, total)
            seen.append((job.stage, total))
            progress(total, total)
        raise RuntimeError("stop here")

    monkeypatch.setattr(store_module, "run_comparison", fake)
    store = store_module.Store(tmp_path)
    for responds, stages in ((True, [("answer", 122), ("runs", 12)]), (False, [("runs", 12)])):
        seen.clear()
        job = store_module.Job("x")
        store._run(job, None, None, 2, 1, 0.5, {}, platform_responds=responds)
        assert seen == stages and job.status == "failed" and "stop here" in job.error
    store.close()


def test_a_rule_that_cannot_bite_is_offered_the_control_that_would_make_it(workspace):
    """A festival surcharge on a run with no festival day is said inactive with the calendar's
    control, which the editor has as a lever; set, the surcharge pays, held against today's rules
    on the same festival day. A festival day outside the run is said inactive too."""
    client, _ = workspace
    page = client.get("/?trade=ride_hailing").text
    assert 'id="lever-world.festival_days"' in page and 'id="lever-horizon.days"' in page
    body = {"trade": "ride_hailing", "name": "festival pay", "replications": 2,
            "changes": {"rules.pay.festival_surcharge_yuan": 5}}
    idle = client.post("/api/check", json=body).json()
    assert "the run has none" in idle["inactive"]["rules.pay.festival_surcharge_yuan"]
    assert idle["controls"] == {"rules.pay.festival_surcharge_yuan": "world.festival_days"}
    outside = client.post("/api/check", json={**body, "changes": {**body["changes"], "world.festival_days": [3]}}).json()
    assert outside["controls"].get("world.festival_days") == "horizon.days"
    assert "names no day of the run: its last day is day 0" in outside["inactive"]["world.festival_days"]
    body["changes"]["world.festival_days"] = [0]
    assert client.post("/api/check", json=body).json()["inactive"] == {}
    key = run(client, body)
    table = client.get(f"/api/comparisons/{key}/table.csv").text
    import pandas as pd
    row = pd.read_csv(io.StringIO(table)).set_index("kpi").loc["worker_net_per_day_mean_yuan"]
    assert row.ci_low > 0  # the surcharge pays drivers on the festival day
