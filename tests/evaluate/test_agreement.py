"""corpus/gold/agreement.py: event agreement between two annotation passes, with the evaluate scorer."""
from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "corpus" / "gold"


@pytest.fixture(scope="module")
def agreement():
    spec = importlib.util.spec_from_file_location("agreement", GOLD / "agreement.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_second_pass_covers_the_test_split(agreement):
    second = agreement.load_events(GOLD / "second_pass")
    first = agreement.load_events(GOLD / "src")
    assert set(second) <= set(first)
    assert len(second) == 17
    assert sum(len(events) for _text, events in second.values()) > 50


def test_a_pass_agrees_with_itself(agreement):
    first = agreement.load_events(GOLD / "second_pass")
    scores = agreement.agreement(first, first)
    assert scores["tuples"]["slot"]["f1"] == 1.0


def test_a_changed_event_lowers_agreement(agreement, tmp_path):
    """Move one event's place to another span of the article: slot agreement drops, detection does not."""
    src = GOLD / "second_pass" / "s002_dbeibeh_rome.ann"
    lines = src.read_text(encoding="utf-8").splitlines()
    i = next(k for k, line in enumerate(lines) if line.startswith("EVENT") and "location=Rome" in line)
    lines[i] = lines[i].replace("location=Rome", "location=Tripoli")
    other = tmp_path / "b"
    other.mkdir()
    (other / src.name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    base = tmp_path / "a"
    base.mkdir()
    shutil.copy(src, base / src.name)
    a, b = agreement.load_events(base), agreement.load_events(other)
    scores = agreement.agreement(a, b)
    assert scores["detection"]["f1"] == 1.0
    assert scores["tuples"]["slot"]["f1"] < 1.0
