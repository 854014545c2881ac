"""The demonym table (models/events/demonyms.csv, built by pipeline/events/build_demonyms.py) against the
place gazetteer: a state named by its adjective ("la marine vietnamienne") must carry the same norm as a
mention of the state itself ("le Vietnam"), or one event gets two spellings of one participant."""
import csv

from pipeline.events.build_demonyms import MODELS
from pipeline.normalize.gazetteer import default_gazetteer


def test_every_demonym_names_its_country_as_the_gazetteer_does():
    gazetteer = default_gazetteer()
    with (MODELS / "demonyms.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) > 500
    mismatched = {}
    for row in rows:
        place = gazetteer.lookup_place(row["country"])
        if place is None or place.name != row["country"] or place.country != row["iso2"]:
            mismatched[row["form"]] = (row["country"], place and place.name)
    assert not mismatched, mismatched
