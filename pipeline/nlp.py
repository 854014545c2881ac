"""Assemble the spaCy pipeline from models/pipeline.cfg and the asset files beside it."""
from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import spacy
import srsly
from spacy.language import Language
from thinc.api import Config

import pipeline
from pipeline import components  # noqa: F401  (registers our factories)
from pipeline.paths import MODELS_DIR

CONFIG_NAME = "pipeline.cfg"
# Code whose change alters extraction output (store, review and reports do not).
EXTRACTION_CODE = ("ingest", "components", "normalize", "events", "annotate.py", "nlp.py", "records.py")


def load_pipeline_config(models_dir: Path = MODELS_DIR) -> Config:
    return Config().from_disk(models_dir / CONFIG_NAME, interpolate=False)


def build_nlp(models_dir: Path = MODELS_DIR, prefer: str | None = None) -> Language:
    """fr_core_news_md with our components added after its NER (or `before` a base pipe), each loading its assets from models/."""
    config = load_pipeline_config(models_dir)
    nlp = spacy.load(config["pipeline"]["base"])
    special = config["pipeline"].get("tokenizer_special_cases")
    if special:
        add_special_cases(nlp, models_dir / special)
    # An entity_ruler loading phrase patterns runs every pipe before it over each pattern (thousands of
    # parser passes, seconds); our patterns only need the tokenizer, so rulers are filled on a blank
    # pipeline sharing the vocab and then sourced into place.
    for name in config["pipeline"]["components"]:
        staging = spacy.blank(nlp.lang, vocab=nlp.vocab)  # one per ruler: no other ruler runs on its patterns
        block = config["components"][name]
        settings = dict(block.get("settings", {}))
        if prefer and block["factory"] == "press_dates":
            settings["prefer"] = prefer
        target = staging if block["factory"] == "entity_ruler" else nlp
        placement = {"before": block["before"]} if block.get("before") else {}  # e.g. ahead of the parser
        component = target.add_pipe(block["factory"], name=name, config=settings, **placement)
        assets = block.get("assets") or []
        assets = [assets] if isinstance(assets, str) else list(assets)
        if assets:
            component.from_disk(models_dir / assets[0])
        for extra in assets[1:]:  # more pattern files for the same ruler: one matcher pass instead of two
            component.add_patterns(list(srsly.read_jsonl(models_dir / extra)))
        if target is staging:
            nlp.add_pipe(name, source=staging)
    return nlp


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


@cache
def pipeline_version(models_dir: Path = MODELS_DIR) -> str:
    """Changes whenever our code version, a rule asset or the base model changes: reruns reprocess then."""
    digest = hashlib.sha256(pipeline.__version__.encode())
    config = load_pipeline_config(models_dir)
    base = config["pipeline"]["base"]
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
