"""Shared by the name-shape family tests: the mentions of one article with some families switched off."""
import pytest

from pipeline.annotate import doc_to_mentions
from pipeline.records import Article


@pytest.fixture(scope="module")
def mentions_with_norms(press):
    """run(text, off) -> {(text, label, norm)}: the families named in `off` are switched off for that article only."""
    def run(text: str, off: frozenset[str] = frozenset()) -> set[tuple[str, str, str]]:
        fixer = press.nlp.get_pipe("press_entity_fixes")
        saved = fixer.disabled_rules
        fixer.disabled_rules = off
        try:
            article = Article(id="families", text=text)
            [(article, doc)] = list(press.docs([article]))
            return {(m.text, m.label, m.norm) for m in doc_to_mentions(doc, article)}
        finally:
            fixer.disabled_rules = saved
    return run
