"""Mark metadata and boilerplate as regions to skip, without rewriting the text.

Rules live in models/ingest/boilerplate_fr.jsonl: each is a regular expression with a
scope, `line` (the whole line is boilerplate), `match` (only the matched characters) or `last_line`
(the last line that is not already boilerplate, e.g. a closing signature, in a text of three lines or more).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pipeline.paths import MODELS_DIR


@dataclass(frozen=True)
class BoilerplateRule:
    pattern: re.Pattern
    scope: str
    why: str
    within_first: int | None = None  # only lines starting in the first N characters (tags above a headline)


@cache
def load_rules(path: Path = MODELS_DIR / "ingest" / "boilerplate_fr.jsonl") -> tuple[BoilerplateRule, ...]:
    rules = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            raw = json.loads(line)
            flags = re.IGNORECASE | re.MULTILINE if raw["scope"] == "match" else re.IGNORECASE
            flags = flags if raw.get("case", "insensitive") == "insensitive" and "within_first" not in raw else (
                flags & ~re.IGNORECASE)
            rules.append(BoilerplateRule(re.compile(raw["pattern"], flags), raw["scope"], raw["why"], raw.get("within_first")))
    return tuple(rules)


def find_skip_regions(text: str, rules: tuple[BoilerplateRule, ...] | None = None) -> list[tuple[int, int]]:
    """Character regions (start, end) of the text that are metadata or boilerplate, merged and sorted."""
    rules = load_rules() if rules is None else rules
    regions: list[tuple[int, int]] = []
    for rule in rules:
        if rule.scope == "match":
            regions.extend(m.span() for m in rule.pattern.finditer(text) if m.end() > m.start())
    offset = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if body.strip() and any(r.scope == "line" and (r.within_first is None or offset < r.within_first)
                                and r.pattern.search(body) for r in rules):
            regions.append((offset, offset + len(body)))
        offset += len(line)
    closing = [r for r in rules if r.scope == "last_line"]
    if closing:
        regions.extend(_closing_line(text, merge_regions(regions), closing))
    return merge_regions(regions)


def _closing_line(text: str, marked: list[tuple[int, int]], rules: list[BoilerplateRule]) -> list[tuple[int, int]]:
    """The last line with text outside the marked regions, when a `last_line` rule matches it."""
    lines, offset = [], 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if body.strip():
            lines.append((offset, offset + len(body)))
        offset += len(line)
    if len(lines) < 3:
        return []
    for start, end in reversed(lines):
        if any(a <= start and end <= b for a, b in marked):
            continue  # a credit or share line after the signature
        return [(start, end)] if any(r.pattern.search(text[start:end]) for r in rules) else []
    return []


def merge_regions(regions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(regions):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


