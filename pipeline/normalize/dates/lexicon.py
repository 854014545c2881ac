"""The French word lexicon of the temporal grammar, and the text folding it is written in.

Why a module: the words (months, weekdays, number words, relative days, cue lists ...) live
in a JSON file (by default ``models/lexicon/temporal_fr.json``), not in code.  This module
reads such a file (or an already-loaded dict) into folded lookup tables (`Lexicon`), and
provides `fold`, the accent- and case-folding that keeps offsets valid, plus `_alt`, which
turns a word list into a compact regex alternation.  Nothing here knows a default path:
`grammar.default_grammar()` does.
"""
from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from pipeline.text import fold

# --------------------------------------------------------------------------- folding


# `fold` is pipeline.text.fold (one folding for the whole project), re-exported here.
def _f(s: str) -> str:
    return fold(s)


# --------------------------------------------------------------------------- lexicon


@dataclass(frozen=True)
class Lexicon:
    raw: dict
    months: dict[str, int]
    weekdays: dict[str, int]
    wd_abbr: dict[str, int]
    numbers: dict[str, int]  # folded number words 0..59
    ordinals: dict[str, int]  # folded ordinal words 1..31
    parts: dict[str, str]
    holidays: dict[str, dict]
    decade_words: dict[str, int]


def _number_words(units: dict[str, int], tens: dict[str, int]) -> dict[str, int]:
    words: dict[str, int] = {}
    for w, n in units.items():
        words[_f(w)] = n
    for u in ("sept", "huit", "neuf"):
        for sep in ("-", " "):
            words[f"dix{sep}{u}"] = 10 + units[u]
    for tw, t in tens.items():
        if t < 20:
            continue
        words[_f(tw)] = t
        for sep in ("-", " "):
            words[f"{tw}{sep}et{sep}un"] = t + 1
            words[f"{tw}{sep}et{sep}une"] = t + 1
            for uw, u in units.items():
                if 2 <= u <= 9:
                    words[f"{tw}{sep}{_f(uw)}"] = t + u
    return words


def _ordinal_of(word: str) -> list[str]:
    last = re.split(r"[- ]", word)[-1]
    stem = word[: len(word) - len(last)]
    if last == "un" and stem:
        tail = "unieme"
    elif last == "cinq":
        tail = "cinquieme"
    elif last == "neuf":
        tail = "neuvieme"
    elif last.endswith("e"):
        tail = last[:-1] + "ieme"
    else:
        tail = last + "ieme"
    return [stem + tail]


def read_lexicon_file(path: str | Path) -> dict:
    """The raw lexicon as stored in the JSON file."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def load_lexicon(source: str | Path | Mapping) -> Lexicon:
    """The folded word tables of a lexicon, from its JSON file or from the raw dict itself."""
    raw = copy.deepcopy(dict(source)) if isinstance(source, Mapping) else read_lexicon_file(source)
    numbers = _number_words(raw["units"], raw["tens"])
    numbers.pop("zero", None)
    ordinals = {_f(k): v for k, v in raw["ordinals"].items() if v > 0}
    for w, n in list(numbers.items()):
        if 2 <= n <= 31 and w not in ("une",):
            for o in _ordinal_of(w):
                ordinals.setdefault(o, n)
    decade_words = {_f(k): v for k, v in {**raw["tens"], **raw["tens_more"]}.items() if v >= 20}
    return Lexicon(
        raw=raw,
        months={_f(k): v for k, v in raw["months"].items()},
        weekdays={_f(k): v for k, v in raw["weekdays"].items()},
        wd_abbr={_f(k): v for k, v in raw["weekday_abbreviations"].items()},
        numbers=numbers,
        ordinals=ordinals,
        parts={_f(k): v for k, v in raw["parts_of_day"].items()},
        holidays={_f(k): v for k, v in raw["holidays"].items()},
        decade_words=decade_words,
    )


def _trie_regex(words: Iterable[str]) -> str:
    """Alternation compiled as a trie ('vingt(?:-(?:deux|trois)|...)'): the regex engine then
    rejects a position after one character instead of trying hundreds of words; longest first."""
    trie: dict = {}
    for w in set(words):
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict) -> str:
        end = "" in node
        branches = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch != ""]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if end else body

    return "(?:" + build(trie) + ")"


def _alt(words: Iterable[str], escape: bool = True) -> str:
    return _trie_regex(words)

