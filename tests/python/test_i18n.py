"""Languages: the catalogue translates everything the pages say, and numbers read as each language writes them."""

import re

import pytest

import ridersim
from ridersim import glossary, i18n
from ridersim.comparison import run_comparison
from ridersim.presentation import VIEWS, shading, view_kpis

PLACEHOLDER = re.compile(r"%\(\w+\)s|\{\w+\}|%%")


def catalogue():
    from babel.messages.pofile import read_po
    with open(i18n.CATALOGUE, "rb") as handle:
        return read_po(handle, locale="zh_Hans_CN")


def untranslated(entries, found) -> list[str]:
    return [m for m in found if entries.get(m) is None or not entries.get(m).string]


def test_every_message_has_a_chinese_translation_with_the_same_placeholders():
    found = i18n.messages()
    assert len(found) > 300  # templates, glossary, presentation, lever explanations
    entries = catalogue()
    missing = untranslated(entries, found)
    assert missing == [], f"untranslated (run tools/update-catalogue): {missing[:5]}"
    for message in found:
        translated = entries.get(message).string
        theirs, ours = set(PLACEHOLDER.findall(translated)), set(PLACEHOLDER.findall(message))
        # a value the page fills in (%(n)s) must show in both; a trade word ({jobs}) may be left to
        # Chinese measure words ("每千单": per thousand jobs), but never added
        assert {p for p in theirs if p[0] == "%"} == {p for p in ours if p[0] == "%"}, message
        assert theirs <= ours, message
        assert re.search(r"[\u4e00-\u9fff]", translated) or message in ("{customers}", "{workers}"), message


def test_the_completeness_check_sees_a_missing_translation():
    # the check above can fail: a message new to the templates, or one dropped from the catalogue
    entries = catalogue()
    found = i18n.messages()
    assert untranslated(entries, {**found, "A sentence nobody translated": "templates"}) == ["A sentence nobody translated"]
    del entries["Who gains and who pays"]
    assert untranslated(entries, found) == ["Who gains and who pays"]


def test_every_lever_has_a_chinese_label_and_explanation():
    table = ridersim.levers()
    assert (table.label_zh.str.len() > 0).all()
    for _, row in table.iterrows():
        assert re.search(r"[\u4e00-\u9fff]", i18n.lever_doc("zh", row)), row["key"]
        assert i18n.section("zh", row["key"]) != row["key"]


def test_every_headline_kpi_has_a_plain_name_in_both_languages():
    words = ridersim.Scenario.load(ridersim.data_path("scenarios", "baseline.json")).words
    for trade in ridersim.trades():
        path = ("baseline.json",) if trade == "food" else (trade, "baseline.json")
        for key in ridersim.Scenario.load(ridersim.data_path("scenarios", *path)).headline_kpis:
            assert key.partition(".")[0] in glossary.KPIS, key
            assert i18n.kpi_label("en", key, words) != key
            assert re.search(r"[\u4e00-\u9fff]", i18n.kpi_label("zh", key, words)), key


def test_numbers_read_as_each_language_writes_them():
    assert i18n.value(6562.2, "yuan", "zh") == "6,562 元"
    assert i18n.value(6562.2, "yuan", "en") == "6,562 yuan"
    assert i18n.value(0.814, "share", "zh") == "81.4%"
    assert i18n.value(29.94, "min", "zh") == "29.9 分钟"
    assert i18n.value(24.13, "yuan_h", "zh") == "24.1 元/小时"
    assert i18n.change(0.012, "share", "zh") == "+1.2 个百分点"
    assert i18n.change(-0.012, "share", "en") == "-1.2 points"
    assert i18n.change(-1e-9, "yuan", "en") == "0"  # never "-0.000"
    assert i18n.change(float("nan"), "yuan", "zh") == "无"


def test_kpi_labels_use_the_trade_words_and_name_worker_types():
    rh = ridersim.Scenario.load(ridersim.data_path("scenarios", "ride_hailing", "baseline.json")).words
    food = ridersim.Scenario.load(ridersim.data_path("scenarios", "baseline.json")).words
    assert i18n.kpi_label("en", "passenger_wait_mean_min", rh) == "Passengers' wait, mean"
    assert i18n.kpi_label("zh", "passenger_wait_mean_min", rh) == "乘客等待时间（平均）"
    assert i18n.kpi_label("zh", "worker_net_per_month_mean_yuan.high_frequency", food) == "月净收入（全职骑手）"


def test_views_pick_what_each_side_argues_about():
    food_baseline = ridersim.Scenario.load(ridersim.data_path("scenarios", "baseline.json"))
    available = ["worker_net_per_month_mean_yuan", "worker_net_per_month_mean_yuan.occasional",
                 "platform_net_revenue_yuan", "on_time_rate", "share_rider_days_below_min_wage"]
    assert view_kpis("union", food_baseline, available) == ["worker_net_per_month_mean_yuan",
                                                    "worker_net_per_month_mean_yuan.occasional",
                                                    "share_rider_days_below_min_wage"]
    assert view_kpis("platform", food_baseline, available) == ["platform_net_revenue_yuan", "on_time_rate"]
    with pytest.raises(ValueError, match="views: " + ", ".join(VIEWS)):
        view_kpis("press", food_baseline, available)


def test_every_significant_change_is_shaded_as_the_legend_says():
    # regression: a significant change in a KPI without a better side was left unshaded
    assert shading("orders_placed", True, 5.0) == "changed"
    assert shading("on_time_rate", True, 0.1) == "good"
    assert shading("on_time_rate", True, -0.1) == "bad"
    assert shading("worker_net_per_month_mean_yuan.occasional", True, -3) == "bad"
    assert shading("ctd_mean_min", False, 3) == "ns"


def test_the_report_in_chinese_shades_every_significant_cell(tmp_path, small_city):
    raised = small_city.with_changes({"rules.pay.base_per_order_yuan": 9.0}, name="raised")
    c = run_comparison(small_city, [raised], replications=3, seed=2)
    page = ridersim.report(c, tmp_path / "r.html", lang="zh").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in page and "谁得益，谁买单" in page and " 元" in page
    assert "Who gains and who pays" not in page
    significant = c.table[c.table.significant]
    cells = re.findall(r'<td class="(good|bad|changed|ns)">', page)
    assert cells.count("ns") >= 1 and len(cells) - cells.count("ns") >= 1
    table = re.search(r'<table class="kpis">(.*?)</table>', page, re.S).group(1)
    shaded = len(re.findall(r'<td class="(?:good|bad|changed)">', table))
    shown = [k for k in view_kpis("all", small_city, c.table.kpi.unique())]
    assert shaded == int(significant.kpi.isin(shown).sum())
    assert "校准说明" in page  # the calibration caveats of the trade


def test_plots_give_every_proposal_its_own_colour(small_city):
    # regression: proposals shared colours once there were more than four (each mean marker took
    # the next colour of the cycle)
    import matplotlib.pyplot as plt
    from ridersim.plots import colours, service_vs_earnings
    names = ["baseline"] + [f"p{i}" for i in range(25)]
    for n in (2, 8, 12, 26):
        assert len(set(colours(names[:n]).values())) == n
    proposals = [small_city.with_changes({"rules.pay.base_per_order_yuan": 5.0 + i}, name=f"p{i}") for i in range(6)]
    c = run_comparison(small_city, proposals, replications=2, seed=1)
    fig = service_vs_earnings(c)
    points = [tuple(col.get_facecolor()[0][:3]) for col in fig.axes[0].collections]
    plt.close(fig)
    # two markers per scenario (its runs, their mean), in the scenario's own colour
    assert points[0::2] == points[1::2]
    assert len(set(points[0::2])) == 7
