"""Find an article's publication date and say where it came from (DESIGN.md, ingest)."""
from __future__ import annotations

import re
from datetime import date, datetime

import dateparser

HEADER_DATE = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\b", re.IGNORECASE)
PUBLISHED_LINE = re.compile(
    r"^\s*(?:Publié|Mis en ligne|Paru)\s+le\s+(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+)?"
    r"(\d{1,2}(?:er)?\s+[A-Za-zéûÉÛ.]+\s+\d{4}|\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2})",
    re.IGNORECASE | re.MULTILINE,
)
_DATEPARSER_SETTINGS = {"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["day", "month", "year"]}


def parse_iso_date(value: object) -> date | None:
    """An explicit value (CLI option, JSONL/CSV field): ISO first, then French written dates."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        if not re.search(r"\b\d{4}\b", text):
            return None  # relative words ("hier soir") cannot date a publication
        parsed = dateparser.parse(text, languages=["fr", "en"], settings=_DATEPARSER_SETTINGS)
        return parsed.date() if parsed else None


def published_from_header(text: str) -> date | None:
    """A metadata line such as `date 2026-02-04` at the top of a .txt export."""
    match = HEADER_DATE.match(text)
    return parse_iso_date(match.group(1)) if match else None


def published_from_text(text: str) -> date | None:
    """A `Publié le 23 août 2023` line, as news sites print under the headline."""
    match = PUBLISHED_LINE.search(text)
    return parse_iso_date(match.group(1)) if match else None


def infer_published(text: str, skip_regions: list[tuple[int, int]] = ()) -> date | None:
    """Latest fully specified day (day, month and year) the article mentions outside boilerplate.

    A lower bound rather than the truth, so the caller marks it `inferred`.
    """
    from pipeline.text import in_regions
    from pipeline.normalize.dates import find_dates

    days = [
        m.date_end for m in find_dates(text, anchor=None)
        if m.value and m.date_end and m.grain in ("day", "interval") and not m.planned
        and (m.date_end - m.date_start).days <= 7 and not in_regions(m.start, m.end, list(skip_regions))
    ]
    return max(days) if days else None
