"""Build corpus/gold/{dev,test}.jsonl from the readable annotation sources in corpus/gold/src/*.ann.

Offsets are never typed by hand: each span is found by searching for its surface
string in the article file, so a text edit can never silently shift the gold.
The build fails loudly when a surface is not found, an occurrence index is out of
range, two spans overlap, or a record does not validate.

Source format (one .ann per article, `#` starts a comment line):

    id: s001_hafter_ankara
    source: corpus/articles/synthetic/s001_hafter_ankara.txt
    published: 2024-05-14            (or empty)
    anchor: 2023-06-02               (optional: date the norms resolve against when published is empty)
    title: Libye : ...
    split: dev
    synthetic: true
    skip: © AFP                      (metadata/boilerplate region, matched like a surface; never annotated)
    skip: Republier ce contenu ... $ (a region from one surface to the end of another, '$' = end of text)
    LABEL surface = norm | key=value | key=value
    EVENT TYPE trigger=surface | participants=A; B | initiator=A | location=L | date=ISO | ...
    (an event told by several articles: `| story=<id>` with the same id in each of them;
     a file written under that convention says so in its header: `stories: marked`)

Surfaces: `surface` = its 1st occurrence, `surface#3` = its 3rd, `surface*` = every
remaining occurrence. Occurrences are word-bounded, case-sensitive and counted
outside skip regions. Explicit spans are placed first, then starred ones in file
order; a starred occurrence lying inside an already placed span is skipped.
DATE norms give date_start/date_end/grain (override with grain=...); MONEY norms
`<amount> <ISO 4217>` give amount/currency; extras: q=about, max=4600000000,
link=<surface of the amount this one converts>.

Run: .venv/bin/python corpus/gold/build_gold.py   (add --show to print every span)
Check sources kept elsewhere without writing: build_gold.py path/to/a.ann [more.ann ...]
"""
from __future__ import annotations

import calendar
import re
import sys
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from pipeline.evaluate.gold import GoldDoc, GoldEvent, GoldSpan, validate, write_gold  # noqa: E402

SRC = ROOT / "corpus" / "gold" / "src"
OUT = ROOT / "corpus" / "gold"
CAMEO = {"VISIT": "042", "DELEGATION": "042", "MEETING": "040", "AGREEMENT": "057",
         "EXERCISE": "062", "ARMS_TRANSFER": "072", "OTHER": ""}
_WORD = re.compile(r"\w", re.UNICODE)


class GoldError(Exception):
    pass


# ---------------------------------------------------------------- surfaces


def _bounded(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    first, last = text[start], text[end - 1]
    return not (_WORD.match(first) and _WORD.match(before)) and not (_WORD.match(last) and _WORD.match(after))


def occurrences(text: str, surface: str, skip: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out, i = [], text.find(surface)
    while i >= 0:
        j = i + len(surface)
        if _bounded(text, i, j) and not any(a <= i and j <= b for a, b in skip):
            out.append((i, j))
        i = text.find(surface, i + 1)
    return out


def parse_ref(ref: str) -> tuple[str, int | None]:
    """'Haftar#2' -> ('Haftar', 2); 'Haftar*' -> ('Haftar', None); 'Haftar' -> ('Haftar', 1)."""
    ref = ref.strip()
    if ref.endswith("*"):
        return ref[:-1].rstrip(), None
    m = re.match(r"^(.*)#(\d+)$", ref, re.S)
    if m:
        return m.group(1), int(m.group(2))
    return ref, 1


def locate(text: str, ref: str, skip: list[tuple[int, int]], where: str) -> tuple[int, int]:
    surface, n = parse_ref(ref)
    occ = occurrences(text, surface, skip)
    if n is None:
        raise GoldError(f"{where}: starred reference {ref!r} not allowed here")
    if len(occ) < n:
        raise GoldError(f"{where}: surface {surface!r} occurrence {n} not found ({len(occ)} found)")
    return occ[n - 1]


# ---------------------------------------------------------------- normal forms


def _parse_iso(value: str) -> tuple[date, date, str]:
    """Day bounds and grain of one ISO piece (no '/')."""
    if m := re.fullmatch(r"(\d{4})-W(\d{2})", value):
        start = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
        return start, start + timedelta(days=6), "week"
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(T.*)?", value):
        d = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return d, d, "day"
    if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
        y, mo = int(m.group(1)), int(m.group(2))
        return date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1]), "month"
    if m := re.fullmatch(r"(\d{4})", value):
        y = int(m.group(1))
        return date(y, 1, 1), date(y, 12, 31), "year"
    raise GoldError(f"not an ISO date: {value!r}")


def date_details(norm: str) -> tuple[str, str, str]:
    if not norm:
        return "", "", ""
    parts = norm.split("/")
    if len(parts) == 1:
        a, b, grain = _parse_iso(parts[0])
        return a.isoformat(), b.isoformat(), grain
    a, _, _ = _parse_iso(parts[0])
    _, b, _ = _parse_iso(parts[1])
    return a.isoformat(), b.isoformat(), "interval"


def money_details(norm: str, where: str) -> tuple[int, str]:
    m = re.fullmatch(r"(\d+) ([A-Z]{3})", norm)
    if not m:
        raise GoldError(f"{where}: MONEY norm {norm!r} is not '<integer> <ISO 4217>'")
    return int(m.group(1)), m.group(2)


# ---------------------------------------------------------------- one source file


def _kv(parts: list[str]) -> dict[str, str]:
    out = {}
    for p in parts:
        if "=" not in p:
            raise GoldError(f"extra {p!r} is not key=value")
        k, v = p.split("=", 1)
        out[k.strip()] = v.strip()
    return out


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around [start, end): newline or . ! ? before a capital, not after 'M.'-like initials."""
    def boundary_after(i: int) -> bool:  # text[i] is end punctuation
        j = i + 1
        if j < len(text) and text[j] in "»\"”)":
            j += 1
        if j >= len(text) or not text[j].isspace():
            return False
        k = j
        while k < len(text) and text[k].isspace() and text[k] != "\n":
            k += 1
        if k < len(text) and not (text[k].isupper() or text[k] in "«\"“\n" or text[k].isdigit()):
            return False
        return not (i >= 1 and text[i - 1].isupper() and (i < 2 or not text[i - 2].isalpha()))

    s = start
    while s > 0 and text[s - 1] != "\n" and not (
        text[s - 1].isspace() and s >= 2 and (
            (text[s - 2] in ".!?" and boundary_after(s - 2))
            or (text[s - 2] in "»\"”)" and s >= 3 and text[s - 3] in ".!?" and boundary_after(s - 3)))):
        s -= 1
    while text[s].isspace():
        s += 1
    e = end
    while e < len(text) and text[e] != "\n":
        if text[e] in ".!?" and boundary_after(e):
            e += 1
            if e < len(text) and text[e] in "»\"”)":
                e += 1
            break
        e += 1
    return s, e


def build_doc(path: Path) -> GoldDoc:
    head: dict[str, str] = {}
    skips_raw: list[str] = []
    span_lines: list[tuple[int, str]] = []
    event_lines: list[tuple[int, str]] = []
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key = line.split(None, 1)[0]
        if key in ("PER", "LOC", "ORG", "DATE", "MONEY"):
            span_lines.append((n, line))
        elif key == "EVENT":
            event_lines.append((n, line))
        elif key == "skip:":
            skips_raw.append(line.split(":", 1)[1].strip())
        elif key.endswith(":"):
            head[key[:-1]] = line.split(":", 1)[1].strip()
        else:
            raise GoldError(f"{path.name}:{n}: cannot read {line!r}")
    doc_id = head["id"]
    source = head["source"]
    text = (ROOT / source).read_text(encoding="utf-8")
    skip: list[tuple[int, int]] = []
    for ref in skips_raw:
        if " ... " in ref:  # a region from one surface to the end of another ('$' = end of text)
            first, last = ref.split(" ... ", 1)
            a, _ = locate(text, first, [], f"{path.name} skip")
            if last.strip() == "$":
                b = len(text.rstrip())
            else:
                b = text.find(last, a)
                if b < 0:
                    raise GoldError(f"{path.name} skip: {last!r} not found after {first!r}")
                b += len(last)
            skip.append((a, b))
        else:
            skip.append(locate(text, ref, [], f"{path.name} skip"))
    skip.sort()

    placed: list[tuple[int, int, GoldSpan, dict]] = []

    def overlapping(a: int, b: int) -> list[tuple[int, int]]:
        return [(s, e) for s, e, _, _ in placed if a < e and s < b]

    def make(a: int, b: int, label: str, norm: str, extra: dict, where: str) -> GoldSpan:
        span = GoldSpan(start=a, end=b, label=label, norm=norm, text=text[a:b])
        if label == "DATE":
            span.date_start, span.date_end, span.grain = date_details(norm)
            span.grain = extra.pop("grain", span.grain)
        elif label == "MONEY":
            span.amount, span.currency = money_details(norm, where)
            span.qualifier = extra.pop("q", "")
            if "max" in extra:
                span.amount_max = int(extra.pop("max"))
        return span

    starred = []
    for n, line in span_lines:
        where = f"{path.name}:{n}"
        label, rest = line.split(None, 1)
        parts = [p.strip() for p in rest.split(" | ")]
        if " = " not in parts[0] and not parts[0].endswith(" ="):
            raise GoldError(f"{where}: missing ' = norm' in {line!r}")
        ref, norm = parts[0].split(" =", 1)
        norm = norm.strip()
        extra = _kv(parts[1:])
        if parse_ref(ref)[1] is None:
            starred.append((where, label, ref, norm, extra))
            continue
        a, b = locate(text, ref, skip, where)
        if overlapping(a, b):
            raise GoldError(f"{where}: {text[a:b]!r} at {a}-{b} overlaps {overlapping(a, b)}")
        placed.append((a, b, make(a, b, label, norm, extra, where), extra))
    for where, label, ref, norm, extra in starred:
        surface, _ = parse_ref(ref)
        found = 0
        for a, b in occurrences(text, surface, skip):
            over = overlapping(a, b)
            if over and all(s <= a and b <= e for s, e in over):
                continue
            if over:
                raise GoldError(f"{where}: {surface!r} at {a}-{b} partly overlaps {over}")
            own = dict(extra)
            placed.append((a, b, make(a, b, label, norm, own, where), own))
            found += 1
        if not found:
            raise GoldError(f"{where}: starred surface {surface!r} matched nothing new")
    placed.sort(key=lambda p: (p[0], p[1]))
    spans = [p[2] for p in placed]
    for a, b, span, extra in placed:
        if "link" in extra:
            la, lb = locate(text, extra.pop("link"), skip, f"{path.name} link from {span.text!r}")
            idx = [i for i, s in enumerate(spans) if (s.start, s.end) == (la, lb)]
            if not idx:
                raise GoldError(f"{path.name}: link target {text[la:lb]!r} is not a span")
            span.linked_to = idx[0]
        leftover = set(extra) - {"link"}
        if leftover:
            raise GoldError(f"{path.name}: unknown extras {leftover} on {span.text!r}")

    events = []
    for n, line in event_lines:
        where = f"{path.name}:{n}"
        parts = [p.strip() for p in line.split(" | ")]
        first = parts[0].split(None, 2)
        if len(first) != 3 or not first[2].startswith("trigger="):
            raise GoldError(f"{where}: expected 'EVENT TYPE trigger=...'")
        etype = first[1]
        kv = _kv([first[2], *parts[1:]])
        ta, tb = locate(text, kv.pop("trigger"), skip, where)
        if "evidence" in kv:
            ea, eb = locate(text, kv.pop("evidence"), skip, where)
        else:
            ea, eb = sentence_bounds(text, ta, tb)
            for ra, rb in skip:  # a metadata line glued to the sentence (seed 000) is not evidence
                if ea < rb <= ta:
                    ea = rb
                    while text[ea].isspace():
                        ea += 1
        participants = [p.strip() for p in kv.pop("participants", "").split(";") if p.strip()]
        ev = GoldEvent(
            type=etype, trigger=text[ta:tb], trigger_start=ta, trigger_end=tb,
            participants=participants, initiator=kv.pop("initiator", ""), counterpart=kv.pop("counterpart", ""),
            location=kv.pop("location", ""), date=kv.pop("date", ""),
            amount=int(kv.pop("amount")) if "amount" in kv else None, currency=kv.pop("currency", None),
            planned=kv.pop("planned", "false") == "true", cameo=kv.pop("cameo", CAMEO.get(etype, "")),
            evidence_start=ea, evidence_end=eb, story=kv.pop("story", ""),
        )
        if kv:
            raise GoldError(f"{where}: unknown event keys {set(kv)}")
        events.append(ev)

    published = head.get("published") or None
    meta = {
        "id": doc_id,
        "source_path": source,
        "published": published,
        "anchor": head.get("anchor") or published,
        "url": head.get("url", ""),
        "title": head.get("title", ""),
        "synthetic": head.get("synthetic", "true") == "true",
        "split": head["split"],

        "skip_regions": [list(r) for r in skip],
    }
    if head.get("stories", "") == "marked":  # written under the story= convention: unmarked rows are told once
        meta["stories_marked"] = True
    doc = GoldDoc(text=text, meta=meta, spans=spans, events=events)
    # every norm used by an event must be a span norm of the doc (catches typos in names)
    norms = {s.norm for s in spans if s.label in ("PER", "LOC", "ORG")}
    for ev in events:
        for name in [*ev.participants, ev.initiator, ev.counterpart, ev.location]:
            if name and name not in norms:
                raise GoldError(f"{path.name}: event {ev.type} names {name!r}, which no span normalizes to")
    problems = validate(doc)
    if problems:
        raise GoldError("\n".join(problems))
    return doc



def show_doc(d) -> None:
    """Print one built document's spans and events, for checking an annotation source by eye."""
    print(f"== {d.id} (published={d.meta.get('published')} anchor={d.meta.get('anchor')})")
    for s in d.spans:
        extra = f" [{s.date_start}..{s.date_end} {s.grain}]" if s.label == "DATE" else ""
        extra += f" q={s.qualifier} max={s.amount_max} link={s.linked_to}" if s.label == "MONEY" else ""
        print(f"  {s.start:5d} {s.label:5s} {s.text!r:45s} -> {s.norm}{extra}")
    for e in d.events:
        print(f"  EVENT {e.type} {e.trigger!r} {e.participants} init={e.initiator} cp={e.counterpart} "
              f"loc={e.location} date={e.date} planned={e.planned} amount={e.amount} {e.currency} cameo={e.cameo}")
        print(f"        evidence: {d.text[e.evidence_start:e.evidence_end]!r}")

def main(argv: list[str]) -> int:
    show = "--show" in argv
    only = [a for a in argv if not a.startswith("--")]
    docs, errors = [], []
    if only and all(a.endswith(".ann") for a in only):  # check .ann files anywhere, write nothing
        for name in only:
            try:
                show_doc(build_doc(Path(name)))
            except (GoldError, KeyError, OSError) as exc:
                errors.append(f"{name}: {exc}")
        print("\n".join(errors) or "ok", file=sys.stderr if errors else sys.stdout)
        return 1 if errors else 0
    for path in sorted(SRC.glob("*.ann")):
        if any(path.match(f"{p}*.ann") for p in "hkmt"):  # held-out and train splits: build_heldout.py builds them
            continue
        if only and path.stem not in only:
            continue
        try:
            docs.append(build_doc(path))
        except (GoldError, KeyError, OSError) as exc:
            errors.append(f"{path.name}: {exc}")
    if errors:
        print("GOLD BUILD FAILED\n" + "\n".join(errors), file=sys.stderr)
        return 1
    if show:
        for d in docs:
            show_doc(d)
    if only:
        return 0
    ids = [d.id for d in docs]
    if len(ids) != len(set(ids)):
        print("duplicate ids", file=sys.stderr)
        return 1
    for split in ("dev", "test"):
        write_gold([d for d in docs if d.split == split], OUT / f"{split}.jsonl")
    print(f"wrote {sum(d.split == 'dev' for d in docs)} dev, {sum(d.split == 'test' for d in docs)} test docs")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
