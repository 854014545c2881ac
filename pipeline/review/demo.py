"""A small hand-built batch (French press sentences, mentions, events) to try the review app without a run.

Also the fixture of the store and review tests, so those tests need neither the spaCy model nor the corpus.
Offsets are computed from the text, so the records are always consistent with it.
"""
from __future__ import annotations

from datetime import date

from pipeline.records import Article, ArticleResult, Event, IngestFailure, Mention

PIPELINE_VERSION = "demo-1"


def _find(text: str, surface: str, nth: int = 0) -> int:
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(surface, pos + 1)
    return pos


def _m(aid: str, text: str, surface: str, label: str, norm: str = "", nth: int = 0, **kw) -> Mention:
    s = _find(text, surface, nth)
    return Mention(article_id=aid, start=s, end=s + len(surface), text=surface, label=label, norm=norm, **kw)


def _sentence(text: str, contains: str) -> tuple[int, int, str]:
    """Bounds of the sentence holding `contains` (split on '. ' is enough for these hand-written texts)."""
    i = text.index(contains)
    start = max(text.rfind(". ", 0, i), text.rfind("\n", 0, i))
    start = 0 if start < 0 else start + (2 if text[start] == "." else 1)
    end = text.find(". ", i)
    end = len(text) if end < 0 else end + 1
    return start, end, text[start:end]


def _ev(eid: str, aid: str, text: str, etype: str, cameo: str, trigger: str, participants: list[str],
        confidence: float, **kw) -> Event:
    s, e, sentence = _sentence(text, trigger)
    t = text.index(trigger, s)
    return Event(event_id=eid, article_id=aid, type=etype, cameo=cameo, participants=participants,
                 trigger=trigger, evidence=sentence, sentence_start=s, sentence_end=e,
                 trigger_start=t, trigger_end=t + len(trigger), confidence=confidence, **kw)


def _article(aid: str, text: str, published: date, title: str, url: str = "") -> Article:
    return Article(id=aid, text=text, published=published, published_source="field", url=url, title=title,
                   source_path=f"demo/{aid}.txt")


def demo_results() -> list[ArticleResult]:
    out: list[ArticleResult] = []

    aid = "demo-001"
    t = ("Le maréchal Khalifa Haftar a été reçu mardi 3 février à Islamabad par le Premier ministre "
         "pakistanais Shehbaz Sharif. Les deux hommes ont évoqué la livraison de chasseurs JF-17, dans le "
         "cadre d'un contrat estimé à 4 milliards de dollars (plus de 3 milliards d'euros). Selon l'AFP, une "
         "délégation de l'Armée nationale libyenne (ANL) doit se rendre à Karachi le mois prochain.")
    ms = [
        _m(aid, t, "Khalifa Haftar", "PER", "Khalifa Haftar", entity_id="per:khalifa-haftar", title="maréchal"),
        _m(aid, t, "mardi 3 février", "DATE", "2026-02-03", date_start="2026-02-03", date_end="2026-02-03",
           date_grain="day"),
        _m(aid, t, "Islamabad", "LOC", "Islamabad", entity_id="loc:islamabad", country="PK", lat=33.72, lon=73.04),
        _m(aid, t, "Shehbaz Sharif", "PER", "Shehbaz Sharif", entity_id="per:shehbaz-sharif",
           title="Premier ministre"),
        _m(aid, t, "4 milliards de dollars", "MONEY", "4000000000 USD", amount=4e9, currency="USD"),
        _m(aid, t, "3 milliards d'euros", "MONEY", "3000000000 EUR", amount=3e9, currency="EUR",
           qualifier="more_than", linked_to=4),
        _m(aid, t, "AFP", "ORG", "Agence France-Presse", entity_id="org:afp"),
        _m(aid, t, "Armée nationale libyenne", "ORG", "Armée nationale libyenne", entity_id="org:anl"),
        _m(aid, t, "ANL", "ORG", "Armée nationale libyenne", entity_id="org:anl"),
        _m(aid, t, "Karachi", "LOC", "Karachi", entity_id="loc:karachi", country="PK", lat=24.86, lon=67.01),
        _m(aid, t, "le mois prochain", "DATE", "2026-03", date_start="2026-03-01", date_end="2026-03-31",
           date_grain="month"),
    ]
    evs = [
        _ev("demo-001-e1", aid, t, "VISIT", "042", "reçu", ["Khalifa Haftar", "Shehbaz Sharif"], 0.91,
            initiator="Khalifa Haftar", counterpart="Shehbaz Sharif", location="Islamabad", country="PK",
            date="2026-02-03", date_start="2026-02-03", date_end="2026-02-03", cluster_id="cl-haftar-pakistan"),
        _ev("demo-001-e2", aid, t, "ARMS_TRANSFER", "072", "livraison", ["Pakistan", "Armée nationale libyenne"],
            0.74, amount=4e9, currency="USD", country="PK"),
        _ev("demo-001-e3", aid, t, "DELEGATION", "042", "délégation", ["Armée nationale libyenne"], 0.55,
            location="Karachi", country="PK", date="2026-03", date_start="2026-03-01", date_end="2026-03-31",
            planned=True),
    ]
    out.append(ArticleResult(_article(aid, t, date(2026, 2, 5), "Haftar reçu à Islamabad",
                                      "https://example.org/haftar-islamabad"), mentions=ms, events=evs))

    aid = "demo-002"
    t = ("MOSCOU, 15 avril (RIA Novosti). Le vice-ministre russe de la Défense Iounous-Bek Ievkourov s'est "
         "entretenu lundi à Benghazi avec Khalifa Haftar. Les deux responsables ont signé un accord de "
         "coopération militaire. Des exercices conjoints entre la flotte russe et l'ANL sont prévus en juin "
         "au large de Tobrouk.")
    ms = [
        _m(aid, t, "MOSCOU", "LOC", "Moscou", entity_id="loc:moscou", country="RU", lat=55.75, lon=37.62),
        _m(aid, t, "15 avril", "DATE", "2025-04-15", date_start="2025-04-15", date_end="2025-04-15",
           date_grain="day"),
        _m(aid, t, "RIA Novosti", "ORG", "RIA Novosti", entity_id="org:ria-novosti"),
        _m(aid, t, "Iounous-Bek Ievkourov", "PER", "Iounous-Bek Ievkourov", entity_id="per:iounous-bek-ievkourov",
           title="vice-ministre russe de la Défense"),
        _m(aid, t, "lundi", "DATE", "2025-04-14", date_start="2025-04-14", date_end="2025-04-14", date_grain="day"),
        _m(aid, t, "Benghazi", "LOC", "Benghazi", entity_id="loc:benghazi", country="LY", lat=32.12, lon=20.07),
        _m(aid, t, "Khalifa Haftar", "PER", "Khalifa Haftar", entity_id="per:khalifa-haftar"),
        _m(aid, t, "ANL", "ORG", "Armée nationale libyenne", entity_id="org:anl"),
        _m(aid, t, "juin", "DATE", "2025-06", date_start="2025-06-01", date_end="2025-06-30", date_grain="month"),
        _m(aid, t, "Tobrouk", "LOC", "Tobrouk", entity_id="loc:tobrouk", country="LY", lat=32.08, lon=23.96),
    ]
    evs = [
        _ev("demo-002-e1", aid, t, "MEETING", "040", "entretenu", ["Iounous-Bek Ievkourov", "Khalifa Haftar"], 0.88,
            initiator="Iounous-Bek Ievkourov", counterpart="Khalifa Haftar", location="Benghazi", country="LY",
            date="2025-04-14", date_start="2025-04-14", date_end="2025-04-14"),
        _ev("demo-002-e2", aid, t, "AGREEMENT", "057", "signé", ["Iounous-Bek Ievkourov", "Khalifa Haftar"], 0.81,
            location="Benghazi", country="LY", date="2025-04-14", date_start="2025-04-14", date_end="2025-04-14"),
        _ev("demo-002-e3", aid, t, "EXERCISE", "062", "exercices", ["Russie", "Armée nationale libyenne"], 0.62,
            location="Tobrouk", country="LY", date="2025-06", date_start="2025-06-01", date_end="2025-06-30",
            planned=True),
    ]
    out.append(ArticleResult(_article(aid, t, date(2025, 4, 15), "Moscou et Benghazi signent un accord"),
                             mentions=ms, events=evs))

    aid = "demo-003"
    t = ("Le général Younous-Bek Yevkourov est arrivé jeudi 17 avril à Tripoli, où il a rencontré Abdel Hamid "
         "Dbeibah, chef du Gouvernement d'union nationale (GUN). Selon un communiqué du GUN, Moscou proposerait "
         "une aide de près de 300 millions d'euros.")
    ms = [
        _m(aid, t, "Younous-Bek Yevkourov", "PER", "Younous-Bek Yevkourov", entity_id="per:younous-bek-yevkourov",
           title="général"),
        _m(aid, t, "jeudi 17 avril", "DATE", "2025-04-17", date_start="2025-04-17", date_end="2025-04-17",
           date_grain="day"),
        _m(aid, t, "Tripoli", "LOC", "Tripoli", entity_id="loc:tripoli", country="LY", lat=32.89, lon=13.19),
        _m(aid, t, "Abdel Hamid Dbeibah", "PER", "Abdel Hamid Dbeibah", entity_id="per:abdel-hamid-dbeibah"),
        _m(aid, t, "Gouvernement d'union nationale", "ORG", "Gouvernement d'union nationale", entity_id="org:gun"),
        _m(aid, t, "GUN", "ORG", "Gouvernement d'union nationale", entity_id="org:gun"),
        _m(aid, t, "GUN", "ORG", "Gouvernement d'union nationale", entity_id="org:gun", nth=1),
        _m(aid, t, "Moscou", "LOC", "Moscou", entity_id="loc:moscou", country="RU", lat=55.75, lon=37.62),
        _m(aid, t, "300 millions d'euros", "MONEY", "300000000 EUR", amount=3e8, currency="EUR", qualifier="about"),
    ]
    evs = [
        _ev("demo-003-e1", aid, t, "VISIT", "042", "arrivé", ["Younous-Bek Yevkourov", "Abdel Hamid Dbeibah"], 0.86,
            initiator="Younous-Bek Yevkourov", counterpart="Abdel Hamid Dbeibah", location="Tripoli", country="LY",
            date="2025-04-17", date_start="2025-04-17", date_end="2025-04-17"),
        _ev("demo-003-e2", aid, t, "OTHER", "", "aide", ["Moscou", "Gouvernement d'union nationale"], 0.41,
            amount=3e8, currency="EUR"),
    ]
    out.append(ArticleResult(_article(aid, t, date(2025, 4, 18), "Le général Yevkourov à Tripoli"),
                             mentions=ms, events=evs))

    aid = "demo-004"
    t = ("Un lecteur a glissé <script>alert(1)</script> dans un commentaire sous l'article consacré à la visite "
         "d'Emmanuel Macron au Caire le 8 avril 2025. <img src=x onerror=alert(2)> Le président français y a "
         "rencontré Abdel Fattah al-Sissi.")
    ms = [
        _m(aid, t, "Emmanuel Macron", "PER", "Emmanuel Macron", entity_id="per:emmanuel-macron"),
        _m(aid, t, "Caire", "LOC", "Le Caire", entity_id="loc:le-caire", country="EG", lat=30.04, lon=31.24),
        _m(aid, t, "8 avril 2025", "DATE", "2025-04-08", date_start="2025-04-08", date_end="2025-04-08",
           date_grain="day"),
        _m(aid, t, "Abdel Fattah al-Sissi", "PER", "Abdel Fattah al-Sissi", entity_id="per:abdel-fattah-al-sissi"),
    ]
    evs = [
        _ev("demo-004-e1", aid, t, "MEETING", "040", "rencontré", ["Emmanuel Macron", "Abdel Fattah al-Sissi"], 0.67,
            location="Le Caire", country="EG", date="2025-04-08", date_start="2025-04-08", date_end="2025-04-08"),
    ]
    out.append(ArticleResult(_article(aid, t, date(2025, 4, 9), "Commentaire <script>alert(1)</script> signalé"),
                             mentions=ms, events=evs))

    aid = "demo-005"
    t = "Khalifa Haftar a poursuivi mercredi sa visite officielle au Pakistan, selon l'agence APP."
    ms = [
        _m(aid, t, "Khalifa Haftar", "PER", "Khalifa Haftar", entity_id="per:khalifa-haftar"),
        _m(aid, t, "mercredi", "DATE", "2026-02-04", date_start="2026-02-04", date_end="2026-02-04", date_grain="day"),
        _m(aid, t, "Pakistan", "LOC", "Pakistan", entity_id="loc:pakistan", country="PK", lat=30.0, lon=70.0),
        _m(aid, t, "APP", "ORG", "Associated Press of Pakistan", entity_id="org:app"),
    ]
    evs = [
        _ev("demo-005-e1", aid, t, "VISIT", "042", "visite", ["Khalifa Haftar", "Pakistan"], 0.79,
            initiator="Khalifa Haftar", counterpart="Pakistan", location="Pakistan", country="PK", date="2026-02-04",
            date_start="2026-02-04", date_end="2026-02-04", cluster_id="cl-haftar-pakistan"),
    ]
    out.append(ArticleResult(_article(aid, t, date(2026, 2, 5), "Haftar poursuit sa visite au Pakistan"),
                             mentions=ms, events=evs))

    # A plain .txt file: no title field, no publication date; its first line is the headline. One sentence
    # holds two events (a visit and its meeting, as the conventions ask): the review page groups them.
    aid = "demo-007"
    t = ("Le ministre tunisien de la Défense en visite à Alger\n\n"
         "Le ministre tunisien de la Défense Karim Belhadj est arrivé lundi 12 janvier à Alger, où il a rencontré "
         "son homologue Salim Benabdallah. Les deux ministres ont évoqué la surveillance de la frontière.")
    ms = [
        _m(aid, t, "Alger", "LOC", "Alger", entity_id="loc:alger", country="DZ", lat=36.75, lon=3.06),
        _m(aid, t, "Karim Belhadj", "PER", "Karim Belhadj", entity_id="per:karim-belhadj",
           title="ministre tunisien de la Défense"),
        _m(aid, t, "lundi 12 janvier", "DATE", "2026-01-12", date_start="2026-01-12", date_end="2026-01-12",
           date_grain="day"),
        _m(aid, t, "Alger", "LOC", "Alger", nth=1, entity_id="loc:alger", country="DZ", lat=36.75, lon=3.06),
        _m(aid, t, "Salim Benabdallah", "PER", "Salim Benabdallah", entity_id="per:salim-benabdallah"),
    ]
    evs = [
        _ev("demo-007-e1", aid, t, "VISIT", "042", "arrivé", ["Karim Belhadj", "Salim Benabdallah"], 0.83,
            initiator="Karim Belhadj", counterpart="Salim Benabdallah", location="Alger", country="DZ",
            date="2026-01-12", date_start="2026-01-12", date_end="2026-01-12"),
        _ev("demo-007-e2", aid, t, "MEETING", "040", "rencontré", ["Karim Belhadj", "Salim Benabdallah"], 0.82,
            initiator="Karim Belhadj", counterpart="Salim Benabdallah", location="Alger", country="DZ",
            date="2026-01-12", date_start="2026-01-12", date_end="2026-01-12"),
    ]
    out.append(ArticleResult(Article(id=aid, text=t, published=None, published_source="unknown",
                                     source_path=f"demo/{aid}.txt"), mentions=ms, events=evs))

    out.append(ArticleResult(None, failure=IngestFailure("demo-006", "demo/vide.txt",
                                                         "empty file: no text after decoding")))
    return out


def build_demo_db(path, pipeline_version: str = PIPELINE_VERSION):
    """Write the demo batch into a store at `path` (created if needed); returns the path."""
    from pipeline.store import Store

    with Store(path) as store:
        for r in demo_results():
            aid = r.article.id if r.article else r.failure.id
            store.save_result(r, content_hash=f"hash-{aid}", pipeline_version=pipeline_version)
    return path
