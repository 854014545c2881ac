"""The held-out gold splits (corpus/gold/heldout.jsonl, heldout2.jsonl) validate and match their article files and .ann sources.

heldout2 is the sealed one (nobody reads its errors); heldout was sealed until heldout2 existed.
These tests only guard their integrity.
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from pipeline.evaluate.gold import SPLITS, load_gold, validate, write_gold

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "corpus" / "gold"
# split -> (source prefix, article folder, number of articles)
HELD = {"heldout": ("h", "heldout", 12), "heldout2": ("k", "heldout2", 10), "sealedb": ("b", "sealedb", 40),
        "sealedc": ("c", "sealedc", 40), "sealedd": ("d", "sealedd", 40),
        "sealede": ("e", "sealede", 40), "sealedf": ("f", "sealedf", 40),
        "sealedg": ("g", "sealedg", 40), "sealedh": ("n", "sealedh", 40)}


@pytest.fixture(scope="module", params=sorted(HELD))
def split(request) -> str:
    return request.param


@pytest.fixture(scope="module")
def docs(split):
    path = GOLD / f"{split}.jsonl"
    assert path.exists(), "run .venv/bin/python corpus/gold/build_heldout.py"
    return load_gold(path)


def test_heldout_validates(split, docs) -> None:
    prefix, folder, n = HELD[split]
    assert split in SPLITS
    assert len(docs) == len(sorted((ROOT / "corpus" / "articles" / folder).glob(f"{prefix}*.txt"))) == n
    assert [p for d in docs for p in validate(d)] == []
    assert all(d.split == split and d.meta["synthetic"] for d in docs)
    assert sum(len(d.events) for d in docs) >= 5 * n


def test_text_is_the_article_file_and_offsets_hold(split, docs) -> None:
    prefix, folder, _n = HELD[split]
    for d in docs:
        assert d.meta["source_path"].startswith(f"corpus/articles/{folder}/{prefix}")
        assert d.text == (ROOT / d.meta["source_path"]).read_text(encoding="utf-8"), d.id
        spans = sorted(d.spans, key=lambda s: (s.start, s.end))
        for prev, s in zip([None, *spans], spans):
            assert d.text[s.start:s.end] == s.text, (d.id, s)
            assert prev is None or prev.end <= s.start, f"{d.id}: {prev.text!r} overlaps {s.text!r}"
            for a, b in d.meta["skip_regions"]:
                assert not (s.start < b and a < s.end), f"{d.id}: span {s.text!r} inside boilerplate"
        names = {s.norm for s in d.spans if s.label in ("PER", "LOC", "ORG")}
        for e in d.events:
            assert d.text[e.trigger_start:e.trigger_end] == e.trigger, (d.id, e.trigger)
            assert e.evidence_start <= e.trigger_start < e.trigger_end <= e.evidence_end
            for name in [*e.participants, e.initiator, e.counterpart, e.location]:
                assert not name or name in names, (d.id, e.type, name)


def test_heldout_is_disjoint_from_the_other_splits(split, docs) -> None:
    others = [f"{s}.jsonl" for s in ("dev", "test", *HELD) if s != split]
    seen = {d.id for f in others for d in load_gold(GOLD / f)}
    assert not seen & {d.id for d in docs}


def test_publication_date_variants_are_covered(split, docs) -> None:
    """Some articles carry `date ...`, some `Publié le ...`, some nothing (one anchored on a dated dateline)."""
    if split == "heldout":
        firsts = [d.text.split("\n", 1)[0] for d in docs]
        assert sum(f.startswith("date ") for f in firsts) >= 3
    undated = [d for d in docs if not d.meta["published"]]
    if split in ("sealedb", "sealedc", "sealedd", "sealede", "sealedf", "sealedg", "sealedh"):  # metadata as exports have it: month-only dates and none at all
        assert sum(len(d.meta["published"] or "") == 7 for d in docs) >= 3 and len(undated) >= 2
        return
    assert sum("Publié le" in d.text for d in docs) >= 2
    assert len(undated) >= 2 and any(d.meta["anchor"] for d in undated)


def test_file_is_what_the_sources_build(split, tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("build_heldout", GOLD / "build_heldout.py")
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(GOLD))
    try:
        spec.loader.exec_module(module)
        built = [module.build_doc(p) for p in sorted((GOLD / "src").glob(f"{HELD[split][0]}*.ann"))]
    finally:
        sys.path.remove(str(GOLD))
    assert [p for d in built for p in module.check(d, split)] == []
    write_gold(built, tmp_path / f"{split}.jsonl")
    assert (tmp_path / f"{split}.jsonl").read_text(encoding="utf-8") == (GOLD / f"{split}.jsonl").read_text(encoding="utf-8"), \
        f"{split}.jsonl is stale: run .venv/bin/python corpus/gold/build_heldout.py"
