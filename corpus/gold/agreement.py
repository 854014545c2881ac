"""Inter-annotator agreement on events: two folders of .ann sources for the same articles.

Each annotator's events are scored against the other's with the very scorer `evaluate`
uses (pipeline.evaluate.scoring.event_scores), in both directions, because the main
participant check is not symmetric (a gold event with no initiator accepts any of its
participants). The agreement is the ceiling a system can reach on these conventions.

Run: .venv/bin/python corpus/gold/agreement.py DIR_A DIR_B [--by-article]
"""
from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from build_gold import build_doc  # noqa: E402  (also puts the repo root on sys.path)

from pipeline.evaluate.scoring import DocPair, EventRec, event_scores  # noqa: E402


def load_events(folder: Path) -> dict[str, tuple[str, list[EventRec]]]:
    """article id -> (text, events) for every .ann file of the folder."""
    out = {}
    for path in sorted(folder.glob("*.ann")):
        doc = build_doc(path)
        out[doc.id] = (doc.text, [EventRec.of(e) for e in doc.events])
    return out


def agreement(a: dict, b: dict) -> dict:
    """Event scores of b against a (a as gold) over the articles both hold."""
    ids = sorted(set(a) & set(b))
    docs = [DocPair(id=i, text=a[i][0], gold=[], pred=[], gold_events=a[i][1], pred_events=b[i][1]) for i in ids]
    return event_scores(docs)


def _line(name: str, s: dict) -> str:
    t = s["tuples"]
    slots = " ".join(f"{k} {v['accuracy'] * 100:.0f}%" for k, v in s["slots"].items() if v["accuracy"] is not None)
    return (f"{name:<10} detection F1 {s['detection']['f1'] * 100:5.1f}  type F1 {t['type']['f1'] * 100:5.1f}  "
            f"type+participant F1 {t['type_participant']['f1'] * 100:5.1f}  slot F1 {t['slot']['f1'] * 100:5.1f}  "
            f"(aligned slots: {slots})")


def main(argv: list[str]) -> int:
    dirs = [Path(x) for x in argv if not x.startswith("--")]
    if len(dirs) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    a, b = load_events(dirs[0]), load_events(dirs[1])
    common = sorted(set(a) & set(b))
    print(f"{len(common)} articles in common; events: A {sum(len(a[i][1]) for i in common)}, "
          f"B {sum(len(b[i][1]) for i in common)}")
    print(_line("B vs A", agreement(a, b)))
    print(_line("A vs B", agreement(b, a)))
    if "--by-article" in argv:
        for i in common:
            s = agreement({i: a[i]}, {i: b[i]})
            print(f"  {i:<32} A {len(a[i][1]):2d}  B {len(b[i][1]):2d}  slot F1 {s['tuples']['slot']['f1'] * 100:5.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
