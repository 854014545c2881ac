"""Pass 1, where atoms are tried and which matches are kept: the atom prefilter and selection.

Why a module: trying ~45 atom regexes at every position of a text is slow, so `Prefilter`
(built by each `DateGrammar` from its compiled atom patterns) finds where each atom's
matches can start; `_atoms` then runs the atoms' parsers and keeps the leftmost-longest
non-overlapping atoms, the input of composition (pass 2).
"""
from __future__ import annotations

import re
from typing import Iterable

from pipeline.normalize.dates.specs import Ctx, Expr

# --------------------------------------------------------------------------- atom prefilter
#
# Every atom regex starts with a look-behind, which keeps Python's `re` from using its fast
# first-character skip: each of the ~45 patterns was tried at every position of the text
# (95% of find_dates' time).  Instead, from each pattern's parse tree we derive the character
# classes its matches can start with (a superset: look-arounds are ignored, constructs we do
# not model cut the prefix short).  One regex over the text then finds the word starts where
# some atom may begin (`Prefilter.candidate_rx`, checked in C), a cached table keyed by the next few
# characters says which atoms may begin there, and only those are tried with
# `rx.match(text, p)`.  Trying positions in order and resuming after each match gives exactly
# the matches of `rx.finditer(text)`, so the output does not change.


def _sre_internals():
    """CPython's private regex parser and its opcode constants (`re._parser`, `re._constants`;
    `sre_parse`, `sre_constants` before 3.11).  The one place that imports them: the prefilter
    reads the parse tree of each atom pattern.  Private API, kept until the grammar rewrite
    (issue 15) makes the atoms' first characters explicit."""
    try:  # Python 3.11+
        from re import _constants as sre_c, _parser as sre_p
    except ImportError:  # pragma: no cover
        import sre_constants as sre_c
        import sre_parse as sre_p
    return sre_c, sre_p


_sre_c, _sre_p = _sre_internals()


def _parse_tree(pattern: str):
    """The parse tree of a regex source, by CPython's private parser (see `_sre_internals`)."""
    return _sre_p.parse(pattern)

_PREFIX_LEN = 5  # characters checked (in C) before a position becomes a candidate
_DISPATCH_LEN = 3  # characters keying the (cached) choice of atoms to try at a candidate
_CATEGORY_CLASS = {
    _sre_c.CATEGORY_DIGIT: r"\d", _sre_c.CATEGORY_NOT_DIGIT: r"\D",
    _sre_c.CATEGORY_SPACE: r"\s", _sre_c.CATEGORY_NOT_SPACE: r"\S",
    _sre_c.CATEGORY_WORD: r"\w", _sre_c.CATEGORY_NOT_WORD: r"\W",
}
_ZERO_WIDTH = {_sre_c.AT, _sre_c.ASSERT, _sre_c.ASSERT_NOT}
_REPEATS = {_sre_c.MAX_REPEAT, _sre_c.MIN_REPEAT, getattr(_sre_c, "POSSESSIVE_REPEAT", _sre_c.MAX_REPEAT)}

Heads = set[tuple[tuple[str, ...], bool]]  # (prefix as character classes, sub-pattern ended there)


def _char_class(op, av) -> str | None:
    """One-character item as a regex class, None if not a one-character item."""
    if op is _sre_c.LITERAL:
        return re.escape(chr(av))
    if op is _sre_c.NOT_LITERAL:
        return "[^" + re.escape(chr(av)) + "]"
    if op is _sre_c.ANY:
        return r"[\s\S]"
    if op is _sre_c.IN:
        parts = []
        for iop, iav in av:
            if iop is _sre_c.NEGATE:
                parts.insert(0, "^")
            elif iop is _sre_c.LITERAL:
                parts.append(re.escape(chr(iav)))
            elif iop is _sre_c.RANGE:
                parts.append(re.escape(chr(iav[0])) + "-" + re.escape(chr(iav[1])))
            elif iop is _sre_c.CATEGORY and iav in _CATEGORY_CLASS:
                parts.append(_CATEGORY_CLASS[iav])
            else:
                return r"[\s\S]"
        return "[" + "".join(parts) + "]"
    return None


def _seq_heads(items, m: int) -> Heads:
    out: Heads = set()
    cur = {()}
    for item in items:
        nxt = set()
        for p in cur:
            for t, ended in _item_heads(item, m - len(p)):
                q = p + t
                if ended and len(q) < m:
                    nxt.add(q)
                else:
                    out.add((q, False))
        cur = nxt
    out |= {(p, True) for p in cur}
    return out


def _item_heads(item, m: int) -> Heads:
    op, av = item
    if m <= 0:
        return {((), False)}
    cls = _char_class(op, av)
    if cls is not None:
        return {((cls,), True)}
    if op in _ZERO_WIDTH:
        return {((), True)}
    if op is _sre_c.SUBPATTERN and not av[1] and not av[2]:
        return _seq_heads(av[3], m)
    if op is _sre_c.BRANCH:
        return set().union(*(_seq_heads(alt, m) for alt in av[1]))
    if op in _REPEATS:
        lo, hi, sub = av
        out: Heads = {((), True)} if lo == 0 else set()
        cur = {()}
        i = 0
        while cur and i < hi and i <= lo + m:
            i += 1
            nxt = set()
            for p in cur:
                for t, ended in _seq_heads(sub, m - len(p)):
                    q = p + t
                    if not ended or len(q) >= m:
                        out.add((q, False))
                    elif t or i <= lo:
                        nxt.add(q)
                        if i >= lo:
                            out.add((q, True))
            cur = nxt
        out |= {(p, False) for p in cur if i < lo}
        return out
    return {((), False)}  # group reference, conditional, flags ...: the prefix stops here


def _trie_alt(seqs: Iterable[tuple[str, ...]]) -> str:
    """Alternation of class sequences, shared heads factored; '' when a sequence may stop here."""
    trie: dict = {}
    for s in seqs:
        node = trie
        for c in s:
            node = node.setdefault(c, {})
        node[""] = {}

    def build(node: dict) -> str:
        if "" in node:
            return ""  # a shorter prefix already suffices
        return "(?:" + "|".join(c + build(sub) for c, sub in sorted(node.items())) + ")"

    return build(trie)


def _match_heads(rx: re.Pattern, length: int) -> set[tuple[str, ...]] | None:
    """Character classes of the first `length` characters of any match of `rx`;
    None when they would not narrow the search."""
    parsed = _parse_tree(rx.pattern)
    if parsed.getwidth()[0] == 0:
        return None  # finditer's rule for empty matches is not worth emulating
    heads = {t for t, _ in _seq_heads(parsed.data, length)}
    if not heads or any(not t or t[0].startswith("[^") or t[0] == r"[\s\S]" for t in heads):
        return None
    return heads


def _candidate_regex(heads: set[tuple[str, ...]]) -> re.Pattern:
    """Word starts (as in `atom`) where one of `heads` begins.  The pattern consumes one
    character, from a class `re` can skip to in C, and checks the rest by look-arounds."""
    firsts = sorted({t[0] for t in heads})
    # also a number glued by scraping to the article or preposition before it ("Mis à jour le12.11.2019")
    word_start = r"(?:(?<![a-z0-9][\s\S])|(?<=\dt[\s\S])|(?<=\b(?:le|du|au|en)\d))"
    rests = "|".join(f"(?<={c})(?={_trie_alt(t[1:] for t in heads if t[0] == c)})" for c in firsts)
    return re.compile(f"(?:{'|'.join(firsts)}){word_start}(?:{rests})")


class Prefilter:
    """The prefilter tables of one list of atom patterns (one per `DateGrammar`)."""

    def __init__(self, patterns: list[re.Pattern]):
        self.patterns = patterns
        heads = [_match_heads(rx, _DISPATCH_LEN) for rx in patterns]
        long_heads = [_match_heads(rx, _PREFIX_LEN) for rx in patterns]
        self.unselective = tuple(i for i, (h, lh) in enumerate(zip(heads, long_heads)) if h is None or lh is None)
        selective = [i for i in range(len(patterns)) if i not in self.unselective]
        self.candidate_rx = _candidate_regex(set().union(*(long_heads[i] for i in selective)))
        # which atoms may start with a given _DISPATCH_LEN-character string: one optional lookahead each
        self.dispatch_rx = re.compile("".join(f"(?=(?P<a{i}>{_trie_alt(heads[i])}))?" for i in selective))
        self.dispatch_cache: dict[str, tuple[int, ...]] = {}

    def atoms_at(self, key: str) -> tuple[int, ...]:
        """Indexes of the atoms whose matches may start with `key` (cached: keys repeat a lot)."""
        hit = self.dispatch_cache.get(key)
        if hit is None:
            if len(self.dispatch_cache) > 100_000:
                self.dispatch_cache.clear()
            m = self.dispatch_rx.match(key)
            hit = self.dispatch_cache[key] = tuple(int(g[1:]) for g, v in m.groupdict().items() if v is not None)
        return hit

    def scan(self, text: str) -> list[list[re.Match]]:
        """Per atom, the same matches as `rx.finditer(text)`, trying `rx` only where a match may start."""
        patterns = self.patterns
        found: list[list[re.Match]] = [[] for _ in patterns]
        resume = [0] * len(patterns)
        n, cache = _DISPATCH_LEN, self.dispatch_cache
        for c in self.candidate_rx.finditer(text):
            p = c.start()
            key = text[p:p + n]
            atoms = cache.get(key)
            if atoms is None:
                atoms = self.atoms_at(key)
            for i in atoms:
                if p >= resume[i]:
                    m = patterns[i].match(text, p)
                    if m is not None:
                        found[i].append(m)
                        resume[i] = m.end()
        for i in self.unselective:
            found[i] = list(patterns[i].finditer(text))
        return found


# --------------------------------------------------------------------------- atom selection


_LEAD = re.compile(r"^(?:(?:l'|d'(?!ici))\s*|(?:le|la|les|du|de|des|au|aux|en|depuis|entre|a|sur|pour|vers|from)\s+)+")


def _strip_start(cx: Ctx, e: Expr) -> None:
    """Atoms start after a leading article or preposition (DESIGN.md span rule)."""
    if e.kind in ("trange",):
        return
    m = _LEAD.match(cx.folded, e.start, e.end)
    if m and m.end() < e.end:
        e.start = m.end()


# "place du 8-Mai-1945", "rue du 4-Septembre", "le défilé du 14-Juillet": a capitalised month joined by a
# hyphen names a street, a square or the feast itself (French typography), not a day of the story
_STREET_DATE = re.compile(r"\d{1,2}(?:er)?-[A-ZÀ-Ý][a-zà-ÿ]+\b(?:-\d{4})?")


def _atoms(cx: Ctx) -> list[Expr]:
    """All atoms, then leftmost-longest selection of non-overlapping ones."""
    found: list[tuple[int, int, int, Expr]] = []
    streets = [m.span() for m in _STREET_DATE.finditer(cx.text)] if "-" in cx.text else []
    matches = cx.g.prefilter.scan(cx.folded)
    for order, (name, rx, fn) in enumerate(cx.g.atoms):
        for m in matches[order]:
            if m.end() == m.start():
                continue
            r = fn(m, cx)
            if r is None:
                continue
            for e in r if isinstance(r, list) else [r]:
                if streets and any(a < e.end and e.start < b for a, b in streets):
                    continue
                _strip_start(cx, e)
                if e.end > e.start:
                    found.append((e.start, -(e.end - e.start), order, e))
    found.sort(key=lambda t: (t[0], t[1], t[2]))
    chosen: list[Expr] = []
    last_end = -1
    for s, neglen, order, e in found:
        if s < last_end:
            continue
        chosen.append(e)
        last_end = e.end
    return [e for e in chosen if e.kind != "invalid"]


