"""Build the spaCy pipeline from models/config.cfg and the asset files beside it, and save it.

A built pipeline is a plain spaCy `Language`: `nlp.to_disk(DIR)` writes a directory that
`spacy.load(DIR)` reads back in any Python where press-events is installed (its factories are
entry points), and `spacy package DIR OUT` turns into an installable package.
"""
from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path

import spacy
import srsly
from spacy.language import Language
from thinc.api import Config

import pipeline
from pipeline import components  # noqa: F401  (registers our factories when run from a checkout)
from pipeline.paths import MODELS_DIR

CONFIG_NAME = "config.cfg"
PACKAGE_NAME = "press_events"
# Code whose change alters extraction output (store, review and reports do not).
EXTRACTION_CODE = ("ingest", "components", "normalize", "events", "annotate.py", "nlp.py", "records.py")


def load_pipeline_config(models_dir: Path = MODELS_DIR) -> Config:
    return Config().from_disk(Path(models_dir) / CONFIG_NAME, interpolate=False)


def build_nlp(models_dir: Path = MODELS_DIR, prefer: str | None = None) -> Language:
    """fr_core_news_md with our components added after its NER (or `before` a base pipe), each
    initialized from the asset files its [initialize.components] block names."""
    models_dir = Path(models_dir)
    config = load_pipeline_config(models_dir)
    press = config["press"]
    nlp = spacy.load(press["base"])
    if press.get("tokenizer_special_cases"):
        add_special_cases(nlp, models_dir / press["tokenizer_special_cases"])
    if press.get("tokenizer_infixes"):
        add_infixes(nlp, models_dir / press["tokenizer_infixes"])
    init = config["initialize"].get("components", {})
    for name in press["pipeline"]:
        settings = dict(config["components"][name])
        factory = settings.pop("factory")
        if prefer and factory == "press_dates":
            settings["prefer"] = prefer
        placement = {"before": press["before"][name]} if name in press.get("before", {}) else {}
        files = dict(init.get(name, {}))
        if factory == "entity_ruler":
            add_ruler(nlp, name, settings, [models_dir / f for f in files.get("patterns", [])], placement)
            continue
        component = nlp.add_pipe(factory, name=name, config=settings, **placement)
        if hasattr(component, "initialize"):
            component.initialize(lambda: [], nlp=nlp, **{key: str(models_dir / value) for key, value in files.items()})
    nlp.meta.update(name=PACKAGE_NAME, version=pipeline.__version__,
                    description="fr_core_news_md with the press-events components: French press articles to "
                                "normalized entities (PER, LOC, ORG, DATE, MONEY) and typed events.",
                    requirements=[f"press-events=={pipeline.__version__}"])
    return nlp


def add_ruler(nlp: Language, name: str, settings: dict, pattern_files: list[Path], placement: dict) -> None:
    """An entity_ruler filled on a blank pipeline sharing the vocab, then sourced into place.

    Loading phrase patterns runs every pipe before the ruler over each pattern (thousands of parser
    passes, seconds); our patterns only need the tokenizer. One staging pipeline per ruler, so no
    other ruler runs on its patterns."""
    staging = spacy.blank(nlp.lang, vocab=nlp.vocab)
    ruler = staging.add_pipe("entity_ruler", name=name, config=settings)
    patterns = [p for path in pattern_files for p in srsly.read_jsonl(path)]
    ruler.initialize(lambda: [], nlp=staging, patterns=patterns)
    nlp.add_pipe(name, source=staging, **placement)


def save_pipeline(directory: Path, models_dir: Path = MODELS_DIR) -> Path:
    """Write the built pipeline as a spaCy pipeline directory (config.cfg, meta.json, one folder per pipe)."""
    nlp = build_nlp(models_dir)
    directory = Path(directory)
    nlp.to_disk(directory)
    return directory


def special_case_forms(word: str) -> list[str]:
    """'état-major' -> also 'État-major' and 'Etat-major' (sentence start, unaccented capitals)."""
    cap = word[:1].upper() + word[1:]
    plain = cap.replace("É", "E")
    return list(dict.fromkeys([word, cap, plain]))


def add_special_cases(nlp: Language, path: Path) -> None:
    """Keep hyphenated words of the domain as one token (the base tokenizer splits 'état-major')."""
    for line in path.read_text(encoding="utf-8").splitlines():
        word = line.strip()
        if word and not word.startswith("#"):
            for form in special_case_forms(word):
                nlp.tokenizer.add_special_case(form, [{"ORTH": form}])


def add_infixes(nlp: Language, path: Path) -> None:
    """Split words that scraping glued together ("MoscouLes", "2020.Selon"): extra infix patterns."""
    extra = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.lstrip().startswith("#")]
    if extra:
        current = nlp.tokenizer.infix_finditer.__self__.pattern
        nlp.tokenizer.infix_finditer = re.compile("|".join([current, *extra])).finditer


@cache
def pipeline_version(models_dir: Path = MODELS_DIR) -> str:
    """Changes whenever our code version, a rule asset or the base model changes: reruns reprocess then."""
    digest = hashlib.sha256(pipeline.__version__.encode())
    base = load_pipeline_config(models_dir)["press"]["base"]
    try:
        digest.update(f"{base}={spacy.util.get_package_version(base)}".encode())
    except Exception:
        digest.update(base.encode())
    for path in sorted(models_dir.rglob("*")):
        if path.is_file() and "tools" not in path.relative_to(models_dir).parts and path.suffix != ".py":
            digest.update(str(path.relative_to(models_dir)).encode())
            digest.update(path.read_bytes())
    package = Path(pipeline.__file__).parent
    for stage in EXTRACTION_CODE:
        for path in sorted((package / stage).rglob("*.py")) if (package / stage).is_dir() else [package / stage]:
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
