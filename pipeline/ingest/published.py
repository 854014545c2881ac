"""Find an article's publication date and say where it came from (DESIGN.md, ingest)."""
from __future__ import annotations

import re
from datetime import date, datetime

import dateparser

# a metadata line at the top of an export: "date 2026-02-04", or only the month or year, "date 2023-09"
HEADER_DATE = re.compile(r"^\s*date\s+(\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?)(?![\w-])", re.IGNORECASE)
# an ISO date at day, month or year precision, optionally with a time: "2019-05-14T08:00", "2019-05", "2019"
ISO_PARTIAL = re.compile(r"^(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?(?:[T ].*)?$")
GRAINS = ("day", "month", "year")
PUBLISHED_LINE = re.compile(
    r"^\s*(?:Publié|Mis en ligne|Paru)\s+le\s+(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+)?"
    r"(\d{1,2}(?:er)?\s+[A-Za-zéûÉÛ.]+\s+\d{4}|\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2})",
    re.IGNORECASE | re.MULTILINE,
)
# a wire dateline with a full date: "TRIPOLI, 2 juin 2023 (AFP) -", "Rabat, 08/04/2025 (MAP) -" (GUIDELINES' anchor)
DATELINE = re.compile(
    r"^[ \t]*[A-ZÀ-Ý][\w'’ .-]{1,40}?(?:[ \t]*\([^)\n]{1,40}\))?[ \t]*,[ \t]*(?:le[ \t]+)?"
    r"(\d{1,2}(?:er)?[ \t]+[A-Za-zéûÉÛ.]+[ \t]+\d{4}|\d{1,2}/\d{1,2}/\d{4})[ \t]*(?:\(|[-–—])",
    re.MULTILINE,
)
DATELINE_WITHIN = 1500  # characters from the top: a dateline opens the story
_DATEPARSER_SETTINGS = {"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["day", "month", "year"]}


def parse_published(value: object) -> tuple[date, str] | None:
    """A publication date from a field, header or option, with how much of it is known.

    "2019-05-14" -> (2019-05-14, "day"); "2019-05" -> (2019-05-01, "month"); "2019" -> (2019-01-01, "year");
    French written dates too ("14 mai 2019", "mai 2019"). None when nothing in it is a date."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date(), "day"
    if isinstance(value, date):
        return value, "day"
    text = str(value).strip()
    iso = ISO_PARTIAL.match(text)
    if iso:
        year, month, day = iso.group(1), iso.group(2), iso.group(3)
        try:
            if day:
                return date(int(year), int(month), int(day)), "day"
            if month:
                return date(int(year), int(month), 1), "month"
            return date(int(year), 1, 1), "year"
        except ValueError:
            return None
    if not re.search(r"\b\d{4}\b", text):
        return None  # relative words ("hier soir") cannot date a publication
    for parts, grain in ((["day", "month", "year"], "day"), (["month", "year"], "month")):
        settings = dict(_DATEPARSER_SETTINGS, REQUIRE_PARTS=parts)
        parsed = dateparser.parse(text, languages=["fr", "en"], settings=settings)
        if parsed:
            found = parsed.date()
            return (found, grain) if grain == "day" else (found.replace(day=1), grain)
    return None


def parse_iso_date(value: object) -> date | None:
    """An explicit value at day precision (CLI option): None when it names only a month or a year."""
    found = parse_published(value)
    return found[0] if found and found[1] == "day" else None


def published_from_header(text: str) -> tuple[date, str] | None:
    """A metadata line such as `date 2026-02-04` (or `date 2023-09`) at the top of a .txt export."""
    match = HEADER_DATE.match(text)
    return parse_published(match.group(1)) if match else None


def published_from_text(text: str) -> tuple[date, str] | None:
    """A `Publié le 23 août 2023` line, as news sites print under the headline."""
    match = PUBLISHED_LINE.search(text)
    return parse_published(match.group(1)) if match else None


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


def published_from_dateline(text: str) -> tuple[date, str] | None:
    """The full date of a dateline that opens the story ("TRIPOLI, 2 juin 2023 (AFP) -"): GUIDELINES anchor an
    undated article there, and only there (a date merely mentioned in the text is no publication day)."""
    match = DATELINE.search(text, 0, DATELINE_WITHIN)
    if not match:
        return None
    found = parse_published(match.group(1))
    return found if found and found[1] == "day" else None
