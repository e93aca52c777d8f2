"""docs/validation.md cannot go stale: its target table of each trade is what the code computes now."""

import pytest

from ridersim import validation
from conftest import ROOT


@pytest.mark.parametrize("trade", list(validation.TARGETS))
def test_the_page_s_target_table_of_each_trade_is_the_one_computed_now(trade):
    page = (ROOT / "docs" / "validation.md").read_text(encoding="utf-8")
    table = validation._table(validation.target_levels(trade, validation._baseline(trade)), 3)
    assert table in page, (f"docs/validation.md is out of date for {trade}: regenerate it with "
                           "`/usr/bin/python3 -m ridersim.validation --out docs/validation.md`")
