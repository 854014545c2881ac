"""The rules of event extraction, by name, and the switches that turn them off.

Every decision of the extractor that adds, drops or changes an event or a slot has a stable id
`family.name` (family: candidates, roles, parties, slots, merging, build) and a one-line description
in RULES.  `extract_events(..., disabled_rules={"roles.passive_agent", "merging"})` turns off single
rules or whole families (an ablation); with nothing disabled the output is the full extractor's.

The code asks `on("family.name")` where the decision is taken.  The switches and the lexicon of the
running extraction live in a context variable set by `running()`, so that tree helpers called without
the article context (`_is_passive`, `_subjects`) see them too; outside an extraction every rule is on
and the lexicon is the default one.
"""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Iterable, Iterator

from pipeline.events.lexicon import Lexicon, load_lexicon


@dataclass(frozen=True)
class Rule:
    id: str
    family: str
    description: str


RULES: dict[str, Rule] = {}


def rule(rule_id: str, description: str) -> str:
    """Register a rule; returns its id.  Ids are `family.name` and unique."""
    family, _, name = rule_id.partition(".")
    if not name or rule_id in RULES:
        raise ValueError(f"bad or duplicate rule id {rule_id!r}")
    RULES[rule_id] = Rule(rule_id, family, description)
    return rule_id


def families() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for r in RULES.values():
        out.setdefault(r.family, []).append(r.id)
    return out


def resolve(names: Iterable[str] | None) -> frozenset[str]:
    """Rule ids for a set of rule ids and family names; an unknown name raises ValueError."""
    out: set[str] = set()
    fams = families()
    for n in names or ():
        if n in RULES:
            out.add(n)
        elif n in fams:
            out.update(fams[n])
        else:
            raise ValueError(f"unknown event rule or rule family {n!r}; families: {', '.join(sorted(fams))} "
                             f"(pipeline.events.rules.RULES lists the {len(RULES)} rule ids)")
    return frozenset(out)


@dataclass(frozen=True)
class _Run:
    lex: Lexicon
    disabled: frozenset[str]


_RUN: ContextVar[_Run | None] = ContextVar("pipeline_events_run", default=None)


@contextmanager
def running(lex: Lexicon, disabled: frozenset[str]) -> Iterator[None]:
    token = _RUN.set(_Run(lex, disabled))
    try:
        yield
    finally:
        _RUN.reset(token)


def on(rule_id: str) -> bool:
    """Whether a registered rule is switched on in the running extraction (always, outside one)."""
    if rule_id not in RULES:
        raise KeyError(f"unregistered event rule {rule_id!r}")
    run = _RUN.get()
    return run is None or rule_id not in run.disabled


def current_lexicon() -> Lexicon:
    """The lexicon of the running extraction, else the default one."""
    run = _RUN.get()
    return run.lex if run is not None else load_lexicon()
