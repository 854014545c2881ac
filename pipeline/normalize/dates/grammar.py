"""The temporal grammar as an object: everything compiled from one lexicon.

Why a module: the atom patterns, the cue regexes and the prefilter tables are all derived
from the French word lexicon.  Instead of module constants read from a fixed path at import
time, a `DateGrammar` holds them, built by `load_grammar(path_or_dict)`.  `find_dates` and
the other public functions take `grammar=`; without it they use `default_grammar()`, a cached
grammar of the project lexicon (`pipeline.paths.MODELS_DIR / "lexicon" / "temporal_fr.json"`,
the only place that knows the default path).

Attribute names in upper case are regex *sources* (strings) spliced into the atom patterns,
as the module constants of the same names were before; `_RX` names are compiled patterns.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Mapping

from pipeline.normalize.dates.atoms import ATOM_START, ATOM_TABLE, DAYDIG, AtomFn
from pipeline.normalize.dates import atoms_calendar  # noqa: F401, E402  (declares the calendar-unit atoms, after the date atoms)
from pipeline.normalize.dates import atoms_time  # noqa: F401, E402  (declares the time atoms, after those)
from pipeline.normalize.dates.lexicon import Lexicon, _alt, _f, load_lexicon
from pipeline.normalize.dates.scan import Prefilter
from pipeline.paths import MODELS_DIR

DEFAULT_LEXICON_PATH = MODELS_DIR / "lexicon" / "temporal_fr.json"


def _alt_or_never(words) -> str:
    """`_alt` of a word list, or a pattern that never matches when the list is empty."""
    words = [w for w in words if w]
    return _alt(words) if words else "(?!)"


class DateGrammar:
    """Word patterns, atoms and prefilter compiled from one `Lexicon`."""

    def __init__(self, lex: Lexicon):
        self.lex = lex
        raw = lex.raw
        # regex building blocks (sources) --------------------------------------------------
        self.ABBR = {_f(a) for a in raw["month_abbreviations_need_context"]}
        self.MONTH_FULL_WORDS = [m for m in lex.months if m not in self.ABBR]
        self.MONTH_FULL = _alt(self.MONTH_FULL_WORDS)
        self.MONTH_ABBR = "(?:" + _alt(self.ABBR) + r"\.?)"
        self.MONTH_ANY = rf"(?:{self.MONTH_FULL}|{self.MONTH_ABBR})(?![a-z])"
        self.WEEKDAY_ALT = _alt(lex.weekdays)
        self.WEEKDAY = self.WEEKDAY_ALT + "(?![a-z])"
        self.WD_ABBR = _alt(lex.wd_abbr) + r"(?:\.|(?=\s*,))"
        # a weekday abbreviation without its dot only counts before a day number ("lun 3 juin")
        self.WD_ABBR_BARE = _alt(lex.wd_abbr) + r"(?=\s+(?:le\s+)?\d)"
        # on its own ('lun.', 'sam. prochain'): the abbreviations that are no other word when dotted
        self.WD_ABBR_ALONE = _alt(lex.wd_abbr)
        self.ABBR_DOT_END_RX = re.compile(r"(?<![a-z])" + _alt(self.ABBR | set(lex.wd_abbr)) + r"\.$")
        self.WD_ABBR_SAFE_ALONE = {_f(w) for w in raw.get("weekday_abbreviations_safe_alone", ())}
        self.NUMW = _alt(lex.numbers)
        self.HOURW = _alt([w for w, n in lex.numbers.items() if 0 < n <= 24])
        self.MINW = _alt([w for w, n in lex.numbers.items() if 1 <= n <= 59])
        self.MINW10 = _alt([w for w, n in lex.numbers.items() if 10 <= n <= 59])
        self.DAYW = _alt([w for w, n in lex.numbers.items() if 1 <= n <= 31 and w != "une"])
        self.ORDW = _alt(lex.ordinals)
        self.DAYNUM = rf"(?:{DAYDIG}|{self.ORDW}(?![a-z])|{self.DAYW}(?![a-z\-]))"
        self.UNIT = _alt([_f(u) for u in raw["duration_units"]]) + "(?![a-z])"
        self.NUM = rf"(?:\d{{1,3}}(?![\d,.])|{self.NUMW}(?![a-z]))"
        self.PARTW = _alt(lex.parts) + "s?(?![a-z])"
        self.NEXTW = _alt([_f(w) for w in raw["next_words"]])
        self.LASTW = _alt([_f(w) for w in raw["last_words"]])
        # after a unit noun only ('la semaine d'après', 'le mois d'avant')
        self.NEXTW_UNIT = _alt([_f(w) for w in raw["next_words"] + list(raw.get("unit_next_words", ()))])
        self.LASTW_UNIT = _alt([_f(w) for w in raw["last_words"] + list(raw.get("unit_last_words", ()))])
        self.WEEK_AFTER = {re.sub(r"\s+", " ", _f(k)): v for k, v in raw.get("week_after_words", {}).items()}
        self.WEEK_AFTER_W = _alt_or_never(self.WEEK_AFTER).replace("\\ ", r"\s+")
        self.HOLI = _alt(lex.holidays)
        self.REL_DAYS = {_f(k): v for k, v in raw["relative_days"].items()}
        self.RELW = _alt(self.REL_DAYS)
        self.NARRATIVE_DAYS = tuple(_f(w) for w in raw.get("narrative_relative_days", ("veille", "lendemain", "meme jour", "jour meme")))
        # relative offsets ("deux jours plus tard", "trois semaines après"): units and directions
        self.OFFSET_UNIT = _alt_or_never(_f(u) for u in raw.get("relative_offset_units", ())) + "(?![a-z])"
        self.OFFSET_DIRS = {re.sub(r"\s+", " ", _f(k)): v for k, v in raw.get("relative_offset_directions", {}).items()}
        self.OFFSET_DIR = _alt_or_never(self.OFFSET_DIRS).replace("\\ ", r"\s+") + "(?![a-z])"
        self.OFFSET_NEED_END = {_f(w) for w in raw.get("relative_offset_need_clause_end", ())}
        self.SEASON = _alt([_f(s) for s in raw["seasons"]])
        self.DECADEW = _alt(lex.decade_words)
        self.APPROX = _alt([_f(w) for w in raw["approx_words"]])
        self.AGO_W = _alt_or_never(_f(w) for w in raw.get("ago_words", ("il y a",))).replace("\\ ", r"\s*")
        self.ROUND_COUNTS = {_f(k): v for k, v in raw.get("round_counts", {}).items()}
        self.ROUND = _alt_or_never(self.ROUND_COUNTS)
        self.FRAC = {_f(k): v for k, v in raw["time_fractions"].items()}
        self.FRACW = _alt(self.FRAC)
        # word sets and cue patterns read by the atoms -------------------------------------
        self.NEED_CUE = {_f(w) for w in raw["month_names_need_cue"]}
        self.YEAR_BLOCK_RX = re.compile(r"\s*" + _alt([_f(w) for w in raw["year_blockers"]]) + r"(?![a-z])")
        self.NOWADAYS = [_f(w) for w in raw["today_nowadays_contexts"]]
        self.UNITS = {_f(k): v for k, v in raw["duration_units"].items()}
        self.EARLY = {_f(w) for w in raw["part_of_day_early"]}
        self.LATE = {_f(w) for w in raw["part_of_day_late"]}
        self.TEMPORAL_WORD_RX = re.compile(self.WEEKDAY + "|" + self.NEXTW + "|" + self.LASTW + "|" + self.RELW)
        time_cues = sorted({w.lower() for w in raw["time_cues_before"]}, key=len, reverse=True)
        dur_before = sorted({w.lower() for w in raw["duration_cues_before"]}, key=len, reverse=True)
        dur_after = sorted({_f(w) for w in raw["duration_cues_after"]}, key=len, reverse=True)
        self.TIME_CUE_RX = re.compile(r"(?:^|[\s'(])(?:" + "|".join(re.escape(w) for w in time_cues) + r")\s*$")
        self.DUR_BEFORE_RX = re.compile(r"(?:^|[\s'(])(?:" + "|".join(re.escape(w) for w in dur_before) + r")\s*$")
        self.DUR_AFTER_RX = re.compile(r"^\s*(?:" + "|".join(re.escape(w) for w in dur_after) + r")(?![a-z])")
        # read by resolution (pass 3) and the public helpers --------------------------------
        self.FUTURE_RX = re.compile(r"(?<![a-z])(?:" + "|".join(re.escape(_f(w)) for w in raw["future_cues"]) + r")(?![a-z])")
        self.MONTH_NAME_RX = re.compile(rf"(?<![a-z]){self.MONTH_FULL}(?![a-z])")
        # pass 1: the atoms, in declaration order, and the prefilter over their patterns -------
        self.atoms: list[tuple[str, re.Pattern, AtomFn]] = [
            (name, re.compile(ATOM_START + (pattern(self) if callable(pattern) else pattern)), fn)
            for name, pattern, fn in ATOM_TABLE
        ]
        self.prefilter = Prefilter([rx for _, rx, _ in self.atoms])


def load_grammar(source: str | Path | Mapping) -> DateGrammar:
    """A grammar compiled from a lexicon: the path of its JSON file, or the raw dict."""
    return DateGrammar(load_lexicon(source))


@lru_cache(maxsize=1)
def default_month_name_rx() -> re.Pattern:
    """The full month names of the project lexicon ('mi-mars', 'début décembre'), without compiling the whole
    grammar (its atoms and prefilter cost most of a second): what a caller that only asks 'names a month?' needs."""
    lex = load_lexicon(DEFAULT_LEXICON_PATH)
    abbr = {_f(a) for a in lex.raw["month_abbreviations_need_context"]}
    return re.compile(rf"(?<![a-z]){_alt([m for m in lex.months if m not in abbr])}(?![a-z])")


@lru_cache(maxsize=1)
def default_grammar() -> DateGrammar:
    """The grammar of the project lexicon (built once, on first use)."""
    return load_grammar(DEFAULT_LEXICON_PATH)
