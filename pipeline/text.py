"""Small text helpers every stage may use (the bottom layer, with records and paths).

Two ways of folding text, and only these two:
- `fold` keeps the length of the text (one character for one), so offsets found in the folded copy
  are offsets in the original: the date and money grammars match on it;
- `ascii_key` is a comparison key for names (transliterated to ASCII, punctuation gone): scoring,
  clustering, sorting and the name gazetteers build on it.
"""
from __future__ import annotations

import re
import unicodedata

from unidecode import unidecode


def in_regions(start: int, end: int, regions: list[tuple[int, int]]) -> bool:
    """True when [start, end) overlaps any region (ingest marks metadata and boilerplate regions;
    components and events ignore what falls inside)."""
    return any(start < r_end and r_start < end for r_start, r_end in regions)


def _fold_char(ch: str) -> str:
    if ch in "\u2019\u02bc\u2018`\u00b4":
        return "'"
    if ch in "\u00a0\u202f\u2009\u2007\t":
        return " "
    if ch in "\u2010\u2011\u2012\u2013\u2014\u2212":
        return "-"
    low = ch.lower()
    if len(low) != 1:
        return ch
    base = unicodedata.normalize("NFD", low)[0]
    if base.isascii():
        return base
    return {"œ": "o", "æ": "a", "ß": "s", "ı": "i", "ł": "l", "đ": "d", "ø": "o"}.get(low, low)  # letters NFD does not split


class _FoldTable(dict):
    """`str.translate` table filled on first sight of each character (translate runs in C)."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Lower-case, strip accents, normalise apostrophes/dashes/spaces; same length as `text`."""
    if text.isascii():
        return text.lower()
    return text.translate(_FOLD_TABLE)


def ascii_key(text: str, *, keep: str = "", join_apostrophes: bool = False) -> str:
    """Comparison key: ASCII transliteration, lowercase, every run of other characters one space.

    "Khalifa Haftar" == "khalifa haftar", "Al-Sissi" == "al Sissi", "Égypte" == "Egypte". `keep` lists
    punctuation that stays; with `join_apostrophes`, "N'Djamena" gives "ndjamena" rather than "n djamena".
    """
    s = unidecode(text or "").lower()
    if join_apostrophes:
        s = s.replace("'", "")
    return re.sub(rf"[^0-9a-z{re.escape(keep)}]+", " ", s).strip()


def paragraph_chunks(text: str, limit: int) -> list[tuple[int, int]]:
    """(start, end) pieces of `text`, each at most `limit` characters, cut at paragraph breaks.

    A paragraph longer than the limit is cut after the last sentence end before it, else at the last
    space; the pieces cover the text exactly, in order. Very long articles are processed piece by piece
    so the cost stays linear in their length and spaCy's max_length never stops them."""
    if limit <= 0:
        raise ValueError("limit must be positive")
    pieces: list[tuple[int, int]] = []
    start, n = 0, len(text)
    while n - start > limit:
        window = text[start:start + limit]
        cut = window.rfind("\n\n") + 2  # after the blank line: the next piece opens a paragraph
        if cut <= 2:
            ends = [m.end() for m in re.finditer(r"[.!?…»](?=\s)", window)]
            cut = ends[-1] if ends else window.rfind(" ") + 1
        if cut <= 0:
            cut = limit
        pieces.append((start, start + cut))
        start += cut
    if start < n or not pieces:
        pieces.append((start, n))
    return pieces


def text_of(doc) -> str:
    """The Doc's text without rebuilding it: doc.text costs a Token object per token, and the ingested text is
    the same string, kept by the pipeline as doc._.source_text."""
    source = doc._.source_text if doc.has_extension("source_text") else None
    return source if source is not None else doc.text


ACRONYM_LINKS = {"de", "du", "des", "d", "la", "le", "les", "l", "et", "pour", "en", "au", "aux", "of", "and", "for", "the"}


def spells_acronym(name: str, acronym: str) -> bool:
    """The acronym's capitals are the initials of the name's words, link words aside, in order or, for an
    acronym of the name in another language, in any order ('ASEAN': 'Association des nations de l'Asie du
    Sud-Est'; 'IMSC': 'Centre international de sécurité maritime')."""
    letters = [ch for ch in acronym if ch.isupper()]
    words = re.findall(r"\w+", name)
    initials = [w[0].upper() for w in words if w.lower() not in ACRONYM_LINKS]
    return len(letters) >= 2 and (initials[:len(letters)] == letters and len(initials) == len(letters)
                                  or sorted(initials) == sorted(letters))
