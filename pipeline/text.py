"""Small text helpers every stage may use (the bottom layer, with records and paths)."""
from __future__ import annotations


def in_regions(start: int, end: int, regions: list[tuple[int, int]]) -> bool:
    """True when [start, end) overlaps any region (ingest marks metadata and boilerplate regions;
    components and events ignore what falls inside)."""
    return any(start < r_end and r_start < end for r_start, r_end in regions)
