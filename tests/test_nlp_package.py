"""The pipeline is a real spaCy pipeline: saved, loaded by spacy.load in a fresh Python, serialized
with DocBin, packaged with `spacy package`, and installed from a wheel."""
from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import sysconfig
from datetime import date
from pathlib import Path

import pytest
from spacy.tokens import DocBin

REPO = Path(__file__).resolve().parent.parent
SEEDS = sorted((REPO / "corpus" / "articles").glob("00*.txt"))

PYTHON = sys.executable

# Runs in a fresh interpreter: spacy.load first, so our factories can only come from the entry points.
LOAD_AND_DUMP = r"""
import json, sys, dataclasses
import spacy
nlp = spacy.load(sys.argv[1])
from pipeline.annotate import PressPipeline
from pipeline.ingest import read_articles
press = PressPipeline(nlp=nlp)
out = {}
for article, doc in press.docs(list(read_articles(sys.argv[2:]))):
    out[article.id] = {
        "ents": [[e.start_char, e.end_char, e.label_, repr(e._.press), e._.rule, e._.title] for e in doc.ents],
        "events": [dataclasses.asdict(ev) for ev in doc._.events],
    }
print(json.dumps(out, default=str))
"""


def _dump(press, paths):
    from pipeline.ingest import read_articles

    out = {}
    for article, doc in press.docs(list(read_articles(paths))):
        out[article.id] = {
            "ents": [[e.start_char, e.end_char, e.label_, repr(e._.press), e._.rule, e._.title] for e in doc.ents],
            "events": [dataclasses.asdict(ev) for ev in doc._.events],
        }
    return json.loads(json.dumps(out, default=str))


@pytest.fixture(scope="module")
def saved_pipeline(press, tmp_path_factory):
    directory = tmp_path_factory.mktemp("press_events_pipeline")
    press.nlp.to_disk(directory)
    return directory


def test_saved_pipeline_loads_in_fresh_python_with_same_entities_and_events(press, saved_pipeline, tmp_path):
    seeds = [str(p) for p in SEEDS]
    done = subprocess.run([PYTHON, "-c", LOAD_AND_DUMP, str(saved_pipeline), *seeds], capture_output=True,
                          text=True, cwd=tmp_path, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    loaded = json.loads(done.stdout)
    here = _dump(press, seeds)
    assert set(loaded) == set(here) and len(here) == 5
    assert sum(len(v["events"]) for v in here.values()) > 0
    for article_id in here:
        assert loaded[article_id] == here[article_id], article_id


def test_saved_pipeline_holds_every_asset(saved_pipeline):
    config = (saved_pipeline / "config.cfg").read_text(encoding="utf-8")
    for factory in ("press_dates", "press_money", "press_entity_fixes", "press_aliases", "press_mentions", "press_events"):
        assert f'factory = "{factory}"' in config
    for name, files in {"press_money": ["money_fr.json", "currencies_fr.csv"], "press_dates": ["temporal_fr.json"],
                        "press_entity_fixes": ["titles_fr.csv", "demonyms.csv"], "press_events": ["triggers.csv"],
                        "press_mentions": ["people.csv", "organisations.csv", "countries_fr.csv", "places_domain.csv",
                                           "cities.csv"]}.items():
        for f in files:
            assert (saved_pipeline / name / f).stat().st_size > 0, f"{name}/{f}"
    # the gazetteer travels byte for byte
    for f in ("people.csv", "organisations.csv", "countries_fr.csv", "places_domain.csv", "cities.csv"):
        assert (saved_pipeline / "press_mentions" / f).read_bytes() == (REPO / "models" / "gazetteers" / f).read_bytes(), f


# A made-up person (in no article of corpus/), known only to the gazetteer of the pipeline built below.
INVENTED_PERSON = "per:test-invented-keltrimo,Zorvan Keltrimo,Zorvane Keltrimov|Keltrimov,NE,ministre inventé pour les tests\n"


def test_pipeline_looks_names_up_in_its_own_gazetteer(saved_pipeline, tmp_path):
    """A saved pipeline whose press_mentions/people.csv has one more person: its components (entity fixes,
    aliases, mentions, events) use that gazetteer, not the default one of models/gazetteers."""
    import shutil

    import spacy

    from pipeline.annotate import PressPipeline
    from pipeline.normalize.gazetteer import default_gazetteer
    from pipeline.records import Article

    directory = tmp_path / "pipeline"
    shutil.copytree(saved_pipeline, directory)
    with (directory / "press_mentions" / "people.csv").open("a", encoding="utf-8") as fh:
        fh.write(INVENTED_PERSON)
    assert default_gazetteer().lookup_person("Zorvane Keltrimov") is None

    nlp = spacy.load(directory)
    owned = nlp.get_pipe("press_mentions").gazetteer
    assert owned is not default_gazetteer() and owned.lookup_person("Keltrimov").id == "per:test-invented-keltrimo"
    text = ("Le ministre nigérien Zorvane Keltrimov est arrivé mardi à Alger pour une visite de deux jours. "
            "Keltrimov a été reçu par le président algérien.")
    [(_, doc)] = list(PressPipeline(nlp=nlp).docs([Article("keltrimo-1", text, published=date(2024, 3, 20))]))
    people = [m for m in doc._.mentions if m.label == "PER" and "Keltrimov" in m.text]
    assert people, [(m.text, m.label) for m in doc._.mentions]
    for m in people:
        assert (m.norm, m.entity_id, m.country) == ("Zorvan Keltrimo", "per:test-invented-keltrimo", "NE"), m
    assert doc._.aliases["Keltrimov"] == "Zorvan Keltrimo"
    assert any("Zorvan Keltrimo" in e.participants for e in doc._.events), doc._.events


def test_docbin_round_trip_keeps_payloads_and_events(press):
    from pipeline.records import Article

    text = ("Le ministre algérien des Affaires étrangères a reçu le 12 mars à Alger son homologue nigérien. "
            "Les deux pays ont signé un accord de plus de 300 millions d'euros (environ 320 millions de dollars).")
    article = Article("docbin-1", text, published=date(2024, 3, 20))
    [(_, doc)] = list(press.docs([article]))
    packed = DocBin(store_user_data=True, docs=[doc]).to_bytes()
    [back] = list(DocBin().from_bytes(packed).get_docs(press.nlp.vocab))
    assert [(e.start_char, e.end_char, e.label_) for e in back.ents] == [(e.start_char, e.end_char, e.label_) for e in doc.ents]
    assert [e._.press for e in back.ents] == [e._.press for e in doc.ents]
    assert any(e.label_ == "DATE" and e._.press.date_start is not None for e in back.ents)
    assert any(e.label_ == "MONEY" and e._.link is not None for e in back.ents)
    assert list(back._.events) == list(doc._.events) and len(doc._.events) >= 1
    assert list(back._.mentions) == list(doc._.mentions)


@pytest.mark.slow
def test_spacy_package_builds_an_installable_pipeline(saved_pipeline, tmp_path):
    """`spacy package` makes a wheel; installed into a folder, spacy.load('press_events') runs it."""
    out = tmp_path / "packages"
    out.mkdir()
    built = subprocess.run([PYTHON, "-m", "spacy", "package", str(saved_pipeline), str(out), "--name", "events",
                            "--version", "0.1.0", "--build", "wheel", "--force"],
                           capture_output=True, text=True, timeout=900)
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    [wheel] = list(out.rglob("*.whl"))
    target = tmp_path / "site"
    installed = subprocess.run([PYTHON, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
                               capture_output=True, text=True, timeout=600)
    assert installed.returncode == 0, installed.stderr[-2000:]
    probe = ("import sys, spacy; nlp = spacy.load('fr_events'); "
             "doc = nlp('Le président a promis une aide de 40 millions de dollars le 3 juin 2021.'); "
             "print(nlp.pipe_names[-1], [(e.text, e.label_) for e in doc.ents if e.label_ in ('DATE', 'MONEY')])")
    env = dict(os.environ, PYTHONPATH=str(target))
    ran = subprocess.run([PYTHON, "-c", probe], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=600)
    assert ran.returncode == 0, ran.stderr[-2000:]
    assert ran.stdout.startswith("press_events")
    assert "('40 millions de dollars', 'MONEY')" in ran.stdout and "('3 juin 2021', 'DATE')" in ran.stdout


@pytest.mark.slow
def test_wheel_installed_in_fresh_venv_runs_from_another_folder(tmp_path):
    """A plain (non-editable) install of the project's wheel carries models/ and runs `press-events run`."""
    wheels = tmp_path / "wheels"
    built = subprocess.run([PYTHON, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(wheels), str(REPO)],
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr[-2000:]
    [wheel] = list(wheels.glob("press_events-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([PYTHON, "-m", "venv", str(venv)], check=True, timeout=300)
    # The dependencies are the ones already installed (no network in tests); press-events itself comes
    # from the wheel only: the current site-packages is added as a plain path, so its editable finder is not.
    [site] = list((venv / "lib").glob("python3*/site-packages"))
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    vpy = venv / "bin" / "python"
    installed = subprocess.run([str(vpy), "-m", "pip", "install", "--quiet", "--no-deps", str(wheel)],
                               capture_output=True, text=True, timeout=600)
    assert installed.returncode == 0, installed.stderr[-2000:]
    where = subprocess.run([str(vpy), "-c", "import pipeline, pipeline.paths as p; print(pipeline.__file__); print(p.MODELS_DIR)"],
                           capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert str(site) in where.stdout and "/work/" not in where.stdout.replace(str(tmp_path), ""), where.stdout + where.stderr
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "in").mkdir(parents=True)
    for seed in SEEDS:
        (elsewhere / "in" / seed.name).write_bytes(seed.read_bytes())
    ran = subprocess.run([str(venv / "bin" / "press-events"), "run", "in", "--out", "out", "--quiet"],
                         capture_output=True, text=True, cwd=elsewhere, timeout=900)
    assert ran.returncode == 0, ran.stdout[-2000:] + ran.stderr[-2000:]
    events = (elsewhere / "out" / "events.csv").read_text(encoding="utf-8").splitlines()
    entities = (elsewhere / "out" / "entities.csv").read_text(encoding="utf-8").splitlines()
    assert len(events) > 5 and len(entities) > 100
