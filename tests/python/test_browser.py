"""The workspace end to end in real headless Chromium, driven by Selenium through Debian's chromedriver:
open it, switch to Chinese, change a lever, run a comparison, see the result, save it as an offer,
reload and find the offer.

With RIDERSIM_SCREENSHOTS=FOLDER it also saves the pages it sees (the README's screenshots).
"""

import os
import subprocess
import tempfile
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import PYTHON, ROOT, free_port, wait_for_health

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1280,1000"]



@pytest.fixture()
def server(tmp_path):
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT / "python"), MPLBACKEND="Agg")
    process = subprocess.Popen([PYTHON, "-m", "ridersim", "serve", "--port", str(port), "--workspace",
                                str(tmp_path / "ws")], env=env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    wait_for_health(port, process)
    yield base
    process.terminate()
    process.wait(timeout=30)


@pytest.fixture()
def browser():
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for flag in FLAGS:
        options.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="ridersim-chromium-")
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    yield driver
    driver.quit()


def shoot(driver, name):
    folder = os.environ.get("RIDERSIM_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        height = driver.execute_script("return Math.min(document.body.scrollHeight, 2600)")
        driver.set_window_size(1280, height)
        driver.save_screenshot(str(Path(folder) / name))
        driver.set_window_size(1280, 1000)


def test_a_negotiator_runs_a_proposal_in_chinese_and_saves_it_as_an_offer(server, browser):
    wait = WebDriverWait(browser, 240)
    browser.get(server + "/")
    assert "Test a proposal" in browser.find_element(By.TAG_NAME, "h1").text
    shoot(browser, "workspace-en.png")

    browser.find_element(By.ID, "lang-zh").click()
    wait.until(EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), "测试一个方案"))

    browser.find_element(By.ID, "name").send_keys("底薪 8 元")
    browser.find_element(By.ID, "reason").send_keys("工会第一次报价")
    replications = browser.find_element(By.ID, "replications")
    replications.clear()
    replications.send_keys("3")
    lever = browser.find_element(By.ID, "lever-rules.pay.base_per_order_yuan")
    lever.clear()
    lever.send_keys("8")
    # an invalid value elsewhere is named beside its field, in the command line's words
    bad = browser.find_element(By.ID, "lever-rules.commission.merchant_rate")
    bad.clear()
    bad.send_keys("2")
    browser.find_element(By.ID, "name").click()  # leaves the field: the change is checked
    error = browser.find_element(By.CSS_SELECTOR, '[data-error-for="rules.commission.merchant_rate"]')
    wait.until(lambda _: "expected a number >= 0 and <= 1" in error.text)
    bad.clear()
    bad.send_keys("0.14")
    browser.find_element(By.ID, "name").click()
    wait.until(lambda _: error.text == "")

    browser.find_element(By.ID, "run").click()
    wait.until(EC.url_contains("/comparisons/"))
    wait.until(EC.text_to_be_present_in_element((By.ID, "who-pays"), "谁得益，谁买单"))
    page = browser.page_source
    assert "底薪 8 元" in page and "月净收入" in page and "每单基础配送费" in page
    shoot(browser, "result-zh.png")

    Select(browser.find_element(By.ID, "side")).select_by_value("union")
    browser.find_element(By.ID, "save-offer").click()
    wait.until(EC.text_to_be_present_in_element((By.ID, "status"), "#1"))

    browser.refresh()
    browser.find_element(By.LINK_TEXT, "报价记录").click()
    wait.until(EC.presence_of_element_located((By.ID, "offers")))
    row = browser.find_element(By.ID, "offers").text
    assert "底薪 8 元" in row and "工会" in row and "offers/01-union-" in row
    shoot(browser, "offers-zh.png")

    # the English result page, for the README
    browser.find_element(By.ID, "lang-en").click()
    browser.find_element(By.LINK_TEXT, "底薪 8 元").click()
    wait.until(EC.text_to_be_present_in_element((By.ID, "who-pays"), "Who gains and who pays"))
    shoot(browser, "result-en.png")

    severe = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert severe == []


def test_the_platform_answers_with_the_levers_the_negotiator_gives_it(server, browser):
    """Ticked off, narrowed and added levers reach the platform's answer: only the tariff moves,
    within the bound typed; the result says what it set and what of the gain survives."""
    wait = WebDriverWait(browser, 240)
    browser.get(server + "/?trade=ride_hailing")
    browser.find_element(By.ID, "name").send_keys("cut")
    replications = browser.find_element(By.ID, "replications")
    replications.clear()
    replications.send_keys("2")
    lever = browser.find_element(By.ID, "lever-rules.commission.worker_rate")
    lever.clear()
    lever.send_keys("0.01")
    browser.find_element(By.ID, "platform_responds").click()
    browser.find_element(By.CSS_SELECTOR, "#platform-controls summary").click()
    for path in ("rules.multiplier.share", "rules.login_cap.min_utilisation"):
        browser.find_element(By.CSS_SELECTOR, f'tr[data-path="{path}"] [data-platform="free"]').click()
    top = browser.find_element(By.CSS_SELECTOR, 'tr[data-path="rules.fare.level"] [data-platform="max"]')
    top.clear()
    top.send_keys("1.2")
    # a lever given to the platform gets a row of its own; unticked, it is taken back
    Select(browser.find_element(By.ID, "platform-add")).select_by_value("rules.commission.worker_fixed_per_order_yuan")
    added = browser.find_element(By.CSS_SELECTOR, 'tr[data-path="rules.commission.worker_fixed_per_order_yuan"]')
    added.find_element(By.CSS_SELECTOR, '[data-platform="free"]').click()
    browser.find_element(By.ID, "run").click()
    wait.until(EC.url_contains("/comparisons/"))
    wait.until(EC.presence_of_element_located((By.ID, "responses")))
    changes = browser.find_element(By.ID, "changes").find_element(By.XPATH, "following-sibling::table").text
    # the levers as the negotiator left them, and nothing of the objective: it was not touched
    assert '[{"max": 1.2, "min": 0.7, "path": "rules.fare.level"}]' in changes
    assert "platform.objective" not in changes
    answer = browser.find_element(By.CSS_SELECTOR, "ul.responses").text
    assert "If the platform responds to cut with its own levers, it sets tariff level 1 →" in answer \
        or "If the platform responds to cut, it leaves its levers as they are (tariff level 1)" in answer
    assert "Drivers' money" in answer
    severe = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert severe == []


def test_a_rule_that_cannot_bite_brings_its_control_into_view(server, browser):
    """A festival surcharge on a run with no festival day: the note beside it offers the calendar's
    control, and its button opens the calendar and puts the cursor in the festival days."""
    wait = WebDriverWait(browser, 60)
    browser.get(server + "/?trade=ride_hailing")
    lever = browser.find_element(By.ID, "lever-rules.pay.festival_surcharge_yuan")
    browser.execute_script("arguments[0].closest('details').open = true", lever)
    lever.clear()
    lever.send_keys("5")
    browser.find_element(By.ID, "name").click()  # leaves the field: the change is checked
    button = wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, 'button[data-control="world.festival_days"]')))
    assert button.text == "Set world.festival_days here"
    button.click()
    days = browser.find_element(By.ID, "lever-world.festival_days")
    assert days.is_displayed() and browser.switch_to.active_element == days


ATTACK = """<!DOCTYPE html><html><body>
<form id="plain" method="POST" action="{base}/api/comparisons" enctype="text/plain" target="sink">
<input name='{{"trade": "food", "name": "x", "replications": 2, "seed": 1, "changes": {{"rules.pay.base_per_order_yuan": 9}}, "reason": "' value='"}}'>
</form>
<form id="form" method="POST" action="{base}/api/export" target="sink2"><input name="a" value="b"></form>
<iframe name="sink"></iframe><iframe name="sink2"></iframe>
<script>
document.getElementById("plain").submit();
document.getElementById("form").submit();
const body = JSON.stringify({{trade: "food", name: "y", replications: 2, seed: 2,
                              changes: {{"rules.pay.base_per_order_yuan": 9}}}});
Promise.allSettled([
  fetch("{base}/api/comparisons", {{method: "POST", mode: "no-cors", credentials: "include",
                                    headers: {{"Content-Type": "text/plain"}}, body: body}}),
  fetch("{base}/api/offers", {{method: "POST", mode: "no-cors", credentials: "include",
                               headers: {{"Content-Type": "text/plain"}},
                               body: JSON.stringify({{comparison: "0".repeat(64), side: "union"}})}}),
  fetch("{base}/api/comparisons", {{method: "POST", mode: "cors", credentials: "include",
                                    headers: {{"Content-Type": "application/json", "X-Ridersim-Token": "guess"}},
                                    body: body}}),
]).then(() => {{ document.title = "sent"; }});
</script></body></html>"""


def test_a_page_of_another_origin_cannot_change_the_workspace(server, browser, tmp_path):
    """A second local server on another port serves a page with forms and requests that post to the
    workspace (the text/plain and form-encoded "simple" requests a browser sends without asking):
    nothing is queued, run or recorded."""
    import functools
    import http.server
    import json
    import threading
    import urllib.request

    site = tmp_path / "site"
    site.mkdir()
    (site / "attack.html").write_text(ATTACK.format(base=server), encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None
    other = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    try:
        browser.get(server + "/")  # the user has the workspace open in the same browser
        browser.get(f"http://127.0.0.1:{other.server_address[1]}/attack.html")
        WebDriverWait(browser, 30).until(lambda d: d.title == "sent")
        browser.get(server + "/offers")  # after the forms' navigations have landed
        with urllib.request.urlopen(server + "/api/offers", timeout=30) as answer:
            assert json.loads(answer.read()) == []
        with urllib.request.urlopen(server + "/health", timeout=30) as answer:
            assert json.loads(answer.read())["comparisons_running"] == 0
        cache = [p for p in (tmp_path / "ws" / "cache").iterdir()] if (tmp_path / "ws" / "cache").is_dir() else []
        assert cache == []
        assert not (tmp_path / "ws" / "exports").exists()
    finally:
        other.shutdown()
