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
    with TestClient(app) as client:
        yield client, folder


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
    assert good.json() == {"ok": True, "fields": {}}
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


def test_a_repeated_question_answers_at_once_from_the_cache(workspace):
    client, folder = workspace
    key = run(client, RAISE)
    again = client.post("/api/comparisons", json=RAISE)
    assert again.status_code == 200 and again.json() == {"id": key, "status": "done", "done": 4, "total": 4,
                                                         "error": "", "url": f"/comparisons/{key}"}
    other = client.post("/api/comparisons", json={**RAISE, "seed": 6}).json()["id"]
    assert other != key
    wait(client, other)
    # a new server over the same folder answers from disk
    with TestClient(create_app(folder, workers=1)) as fresh:
        assert fresh.post("/api/comparisons", json=RAISE).status_code == 200
        assert fresh.get(f"/api/comparisons/{key}/table.csv").text == client.get(f"/api/comparisons/{key}/table.csv").text


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
