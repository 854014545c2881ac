"""Our spaCy components; importing this package registers their factories."""
from pipeline.components import extensions  # noqa: F401
from pipeline.components.aliases import AliasResolver  # noqa: F401
from pipeline.components.entity_fixes import EntityFixer  # noqa: F401
from pipeline.components.money import MoneyTagger  # noqa: F401
from pipeline.components.paragraphs import ParagraphBreaks  # noqa: F401
from pipeline.components.temporal import TemporalTagger  # noqa: F401
