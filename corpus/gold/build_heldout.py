"""Build corpus/gold/heldout.jsonl, the sealed held-out split, from corpus/gold/src/h*.ann.

The held-out articles (corpus/articles/heldout/) were written and annotated after the rules
were tuned on dev/test, so this split is the clean measure: do not tune on it. The source
format and the offset search are those of build_gold.py (reused, not copied); this script
only selects the h*.ann sources, requires split `heldout`, re-checks every offset and
writes the file.

Run: .venv/bin/python corpus/gold/build_heldout.py   (add --show to print every span and event)
"""
from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import build_gold  # noqa: E402  (also puts the repo root on sys.path)
from build_gold import GoldError, build_doc  # noqa: E402

from pipeline.evaluate.gold import write_gold  # noqa: E402

# split -> its sources in corpus/gold/src (train: written blind like the held-out splits, to learn from)
SPLITS = {"heldout": "h*.ann", "heldout2": "k*.ann", "heldout3": "m*.ann", "train": "t*.ann",
          "sealedb": "b*.ann", "sealedc": "c*.ann",
          "sealedd": "d*.ann",
          "sealede": "e*.ann",
          "sealedf": "f*.ann",
          "sealedg": "g*.ann",
          "sealedh": "n*.ann"}


def check(doc, split: str) -> list[str]:
    """Independent re-check: span text at its offsets, no overlaps, nothing inside a skip region."""
    problems = []
    text = doc.text
    on_disk = (build_gold.ROOT / doc.meta["source_path"]).read_text(encoding="utf-8")
    if text != on_disk:
        problems.append(f"{doc.id}: text differs from {doc.meta['source_path']}")
    last_end = -1
    for s in sorted(doc.spans, key=lambda s: (s.start, s.end)):
        if text[s.start:s.end] != s.text:
            problems.append(f"{doc.id}: {s.text!r} != text[{s.start}:{s.end}]")
        if s.start < last_end:
            problems.append(f"{doc.id}: {s.text!r} at {s.start} overlaps the previous span")
        last_end = max(last_end, s.end)
        if any(a < s.end and s.start < b for a, b in doc.meta["skip_regions"]):
            problems.append(f"{doc.id}: {s.text!r} lies in a skip region")
    for e in doc.events:
        if text[e.trigger_start:e.trigger_end] != e.trigger:
            problems.append(f"{doc.id}: trigger {e.trigger!r} offsets")
        if not e.evidence_start <= e.trigger_start < e.trigger_end <= e.evidence_end:
            problems.append(f"{doc.id}: trigger {e.trigger!r} outside its evidence")
    if doc.split != split:
        problems.append(f"{doc.id}: split is {doc.split!r}, expected {split!r}")
    return problems


def build_split(split: str, pattern: str, show: bool) -> int:
    docs, errors = [], []
    for path in sorted(build_gold.SRC.glob(pattern)):
        try:
            doc = build_doc(path)
        except (GoldError, KeyError, OSError) as exc:
            errors.append(f"{path.name}: {exc}")
            continue
        errors.extend(check(doc, split))
        docs.append(doc)
    if errors:
        print(f"{split.upper()} BUILD FAILED\n" + "\n".join(errors), file=sys.stderr)
        return 1
    if not docs:
        print(f"{split}: no {pattern} sources, nothing written")
        return 0
    if show:
        for d in docs:
            build_gold.show_doc(d)
    out = HERE / f"{split}.jsonl"
    write_gold(docs, out)
    print(f"wrote {len(docs)} {split} docs to {out.relative_to(build_gold.ROOT)}")
    return 0


def main(argv: list[str]) -> int:
    wanted = [a for a in argv if not a.startswith("--")] or list(SPLITS)
    return max(build_split(split, SPLITS[split], "--show" in argv) for split in wanted)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
