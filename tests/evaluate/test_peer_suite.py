"""Acceptance floors on the peer suites (Recognizers-Text French specs), so a regression fails CI."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.evaluate.peer_suite import format_report, run_suite

SUITES = Path(__file__).resolve().parents[2].parent / "shared" / "peer-suites"
DATES = SUITES / "recognizers_fr_dates.jsonl"
MONEY = SUITES / "recognizers_fr_money.jsonl"


@pytest.fixture(scope="module")
def date_report():
    if not DATES.exists():
        pytest.skip(f"peer suite absent: {DATES} (CI has it at ../shared/peer-suites)")
    return run_suite(DATES, prefer="future")


def test_date_suite_floors(date_report, tmp_path):
    sub = date_report.subsets
    day_ok, day_n, day_rate = sub["date day/week/weekend/month with reference"]
    all_ok, all_n, all_rate = sub["date all grains with reference"]
    neg_ok, neg_n, neg_rate = sub["negatives"]
    report = format_report(date_report)
    assert day_n == 231 and all_n == 486, report
    assert day_rate >= 0.90, report
    assert all_rate >= 0.75, report
    assert neg_rate >= 0.90, report


def test_predictions_file(tmp_path):
    if not DATES.exists():
        pytest.skip(f"peer suite absent: {DATES}")
    out = tmp_path / "pred.jsonl"
    rep = run_suite(DATES, prefer="future", predictions_out=out)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(rep.results)
    assert '"label": "DATE"' in out.read_text(encoding="utf-8")


def test_money_suite_floor():
    if not MONEY.exists():
        pytest.skip(f"peer suite absent: {MONEY} (CI has it at ../shared/peer-suites)")
    pytest.importorskip("pipeline.normalize.money")
    rep = run_suite(MONEY)
    ok, n, rate = rep.subsets["money values"]
    assert rate >= 0.95, format_report(rep)
