"""Trigger lexicon, demonyms, cue words and patterns, read from models/events/.

The lexicon is data (CSV/JSON) so that a reviewer can add a trigger without
touching code.  Matching is on lemmas (and lower-cased forms, for words the
lemmatizer gets wrong, and participles the tagger made nouns) by dict lookups per token, built once.
"""
from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path


from spacy.attrs import LEMMA, LOWER, POS
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.strings import hash_string

from pipeline.paths import MODELS_DIR

MODELS = MODELS_DIR / "events"

ARTICLES = {"un", "une", "des", "le", "la", "les", "l'", "l’", "du", "de"}
POS_OF = {"VERB": ["VERB", "AUX", "ADJ"], "AUX": ["AUX", "VERB"], "NOUN": ["NOUN", "PROPN"]}


@dataclass(frozen=True)
class TriggerRule:
    """One lexicon row.  `support` is the verb lemma of a PHRASE row ('effectuer' in 'effectuer une visite')."""

    lemma: str
    pos: str
    type: str
    cameo: str
    subject: str = ""
    object: str = ""
    requires: str = ""
    reflexive: bool = False
    support: str = ""


@dataclass
class Lexicon:
    rules: dict[tuple[str, str], list[TriggerRule]]          # (lemma, pos) -> rules
    phrases: dict[tuple[str, str], TriggerRule]              # (support verb, noun lemma) -> rule
    demonyms: dict[str, tuple[str, str]]                     # form -> (country, iso2)
    countries: dict[str, str]                                # country name -> iso2
    cues: dict[str, list[str]]                               # cues.json, and the lists of words.json
    country_of_code: dict[str, str] = field(default_factory=dict)  # iso2 -> country name
    forms_of: dict[str, set[str]] = field(default_factory=dict)    # country name -> its demonym forms
    patterns: dict[str, re.Pattern] = field(default_factory=dict)  # words.json "patterns", compiled
    _cue_sets: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    _index: tuple | None = field(default=None, repr=False)
    _hashed: tuple | None = field(default=None, repr=False)

    def cue(self, name: str) -> frozenset[str]:
        """A cue list as a set, built once: the extractor asks for the same lists for every token."""
        found = self._cue_sets.get(name)
        if found is None:
            found = self._cue_sets[name] = frozenset(self.cues.get(name, []))
        return found

    def pattern(self, name: str) -> re.Pattern:
        """A compiled pattern of words.json ('since', 'frame', ...)."""
        return self.patterns[name]

    def trigger_matches(self, doc) -> list[tuple[str, int, int]]:
        """(key 'POS:lemma', start, end) of every trigger in `doc`, as `matcher` finds them, from three dict
        lookups per token instead of every pattern tried on every token (the same matches, in the same order)."""
        by_lemma, by_lower = self._hashed_trigger_index()
        out = []
        # the token attributes as hashes, from one array: no Token object for the words that trigger nothing
        for i, (lemma, lower, pos) in enumerate(doc.to_array([LEMMA, LOWER, POS]).tolist()):
            found = by_lemma.get((lemma, pos), ()) + by_lower.get((lower, pos), ())
            if not found:
                continue
            for _order, key in sorted(set(found)):
                out.append((key, i, i + 1))
        return out

    def _hashed_trigger_index(self) -> tuple[dict, dict]:
        """`_trigger_index` keyed by (string hash, POS id), the form Doc arrays hold."""
        if self._hashed is None:
            self._hashed = tuple({(hash_string(word), POS_IDS[tag]): keys for (word, tag), keys in table.items()
                                  if tag in POS_IDS} for table in self._trigger_index())
        return self._hashed

    def _trigger_index(self) -> tuple[dict, dict]:
        if self._index is None:
            by_lemma: dict[tuple[str, str], tuple] = {}
            by_lower: dict[tuple[str, str], tuple] = {}
            for order, (lemma, pos) in enumerate(self.rules):
                key = (order, f"{pos}:{lemma}")
                tags = POS_OF.get(pos, [pos])
                for tag in tags:
                    by_lemma[(lemma, tag)] = by_lemma.get((lemma, tag), ()) + (key,)
                for tag in tags + ["ADJ", "PROPN", "ADV"] if pos == "NOUN" else tags:
                    by_lower[(lemma, tag)] = by_lower.get((lemma, tag), ()) + (key,)
                if pos == "VERB" and lemma.endswith("er") and " " not in lemma:
                    for form in (lemma[:-2] + e for e in ("é", "ée", "és", "ées")):
                        for tag in ("NOUN", "ADJ", "PROPN"):
                            by_lower[(form, tag)] = by_lower.get((form, tag), ()) + (key,)
            self._index = (by_lemma, by_lower)
        return self._index

    def demonym(self, word: str) -> tuple[str, str] | None:
        return self.demonyms.get(word.lower())


def _parse_trigger(text: str) -> tuple[list[str], bool]:
    words = text.replace("’", "'").lower().split()
    reflexive = False
    if words and words[0] in {"se", "s'"}:
        reflexive, words = True, words[1:]
    elif words and words[0].startswith("s'"):
        reflexive, words = True, [words[0][2:]] + words[1:]
    return [w for w in words if w not in ARTICLES], reflexive


def load_lexicon(folder: Path | str = MODELS) -> Lexicon:
    return _load(str(folder))


@lru_cache(maxsize=4)
def _load(folder: str) -> Lexicon:
    base = Path(folder)
    rules: dict[tuple[str, str], list[TriggerRule]] = {}
    phrases: dict[tuple[str, str], TriggerRule] = {}
    with (base / "triggers.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            words, reflexive = _parse_trigger(row["trigger"])
            common = dict(type=row["type"], cameo=row["cameo"], subject=row["subject"], object=row["object"],
                          requires=row["requires"], reflexive=reflexive)
            if row["pos"] == "PHRASE":
                verb, noun = words[0], words[-1]
                phrases[(verb, noun)] = TriggerRule(lemma=noun, pos="NOUN", support=verb, **common)
            else:
                rule = TriggerRule(lemma=words[0], pos=row["pos"], **common)
                rules.setdefault((rule.lemma, rule.pos), []).append(rule)
    demonyms: dict[str, tuple[str, str]] = {}
    countries: dict[str, str] = {}
    with (base / "demonyms.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            demonyms[row["form"].lower()] = (row["country"], row["iso2"])
            countries[row["country"]] = row["iso2"]
    cues = json.loads((base / "cues.json").read_text(encoding="utf-8"))
    cues.pop("_why", None)
    words = json.loads((base / "words.json").read_text(encoding="utf-8"))
    clash = set(words["lists"]) & set(cues)
    if clash:
        raise ValueError(f"{base / 'words.json'}: lists {sorted(clash)} already in cues.json")
    cues.update(words["lists"])
    patterns = {name: re.compile(p["pattern"], re.IGNORECASE if p.get("ignorecase") else 0)
                for name, p in words["patterns"].items()}
    return Lexicon(rules=rules, phrases=phrases, demonyms=demonyms, countries=countries, cues=cues, patterns=patterns,
                   country_of_code={v: k for k, v in countries.items()},
                   forms_of={c: {f for f, (cc, _) in demonyms.items() if cc == c} for c in countries})
