"""Our spaCy components. Each factory is declared as a `spacy_factories` entry point in
pyproject.toml, so `spacy.load` finds it in a saved pipeline; importing this package also
registers them."""
from pipeline.components import extensions  # noqa: F401
from pipeline.components.aliases import AliasResolver  # noqa: F401
from pipeline.components.entity_fixes import EntityFixer  # noqa: F401
from pipeline.components.events import EventExtractor  # noqa: F401
from pipeline.components.mentions import MentionNormalizer  # noqa: F401
from pipeline.components.money import MoneyTagger  # noqa: F401
from pipeline.components.paragraphs import ParagraphBreaks  # noqa: F401
from pipeline.components.temporal import TemporalTagger  # noqa: F401
