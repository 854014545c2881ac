"""Stable entity ids for PER, ORG and LOC, over both gazetteers (names and places).

The id is Gazetteer.entity_id (pipeline.normalize.gazetteer); this is its module-level form for tests and
callers outside a pipeline, with an optional `gazetteer=` (default: default_gazetteer()).
"""
from __future__ import annotations

from pipeline.normalize.gazetteer import Gazetteer, default_gazetteer


def entity_id(label: str, canonical: str, gazetteer: Gazetteer | None = None) -> str:
    """Stable id: the gazetteer id when the name is known (so variants share it), else '<label>:' + slug."""
    return (gazetteer or default_gazetteer()).entity_id(label, canonical)
