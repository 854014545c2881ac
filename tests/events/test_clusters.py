"""Cross-article clustering on Event records written out by hand (the shapes extract_events produces)."""
from __future__ import annotations

from pipeline.events import cluster_events, event_clusters_frame
from pipeline.records import Event


def ev(article_id, event_id, type_="VISIT", date="2024-05-13", start="2024-05-13", end="2024-05-13",
       location="Ankara", country="TR", participants=("Khalifa Haftar", "Recep Tayyip Erdogan"), initiator="Khalifa Haftar"):
    return Event(event_id=event_id, article_id=article_id, type=type_, date=date, date_start=start, date_end=end,
                 location=location, country=country, participants=list(participants), initiator=initiator,
                 trigger="visite", evidence="...", sentence_start=0, sentence_end=3)


def test_same_event_in_two_articles_is_one_cluster():
    a = ev("a1", "e1")
    b = ev("a2", "e2", date="2024-05", start="2024-05-01", end="2024-05-31", participants=("Khalifa Haftar",))
    clusters = cluster_events([a, b])
    assert len(clusters) == 1
    c = clusters[0]
    assert sorted(c.sources) == [("a1", "e1"), ("a2", "e2")]
    assert c.date == "2024-05-13"  # the most precise report wins
    assert c.location == "Ankara"
    assert a.cluster_id == b.cluster_id == c.cluster_id
    assert sorted(c.event_ids) == ["e1", "e2"]


def test_different_dates_places_types_stay_apart():
    base = ev("a1", "e1")
    other_date = ev("a2", "e2", date="2023-01-10", start="2023-01-10", end="2023-01-10")
    other_place = ev("a3", "e3", location="Le Caire", country="EG")
    other_type = ev("a4", "e4", type_="MEETING")
    no_shared = ev("a5", "e5", participants=("Abdelmadjid Tebboune",), initiator="Abdelmadjid Tebboune")
    clusters = cluster_events([base, other_date, other_place, other_type, no_shared])
    assert len(clusters) == 5
    assert len({e.cluster_id for e in (base, other_date, other_place, other_type, no_shared)}) == 5


def test_two_events_of_one_article_never_share_a_cluster():
    clusters = cluster_events([ev("a1", "e1"), ev("a1", "e2")])
    assert len(clusters) == 2


def test_undated_report_joins_only_with_place_and_two_parties():
    dated = ev("a1", "e1")
    undated = ev("a2", "e2", date="", start="", end="")
    thin = ev("a3", "e3", date="", start="", end="", participants=("Khalifa Haftar",))
    clusters = cluster_events([dated, undated, thin])
    assert dated.cluster_id == undated.cluster_id
    assert thin.cluster_id != dated.cluster_id
    assert len(clusters) == 2


def test_cluster_ids_do_not_depend_on_input_order():
    a, b = ev("a1", "e1"), ev("a2", "e2")
    first = {c.cluster_id for c in cluster_events([a, b])}
    a2, b2 = ev("a1", "e1"), ev("a2", "e2")
    second = {c.cluster_id for c in cluster_events([b2, a2])}
    assert first == second


def test_frame_columns_and_sources():
    clusters = cluster_events([ev("a1", "e1"), ev("a2", "e2"), ev("a3", "e3", type_="AGREEMENT")])
    df = event_clusters_frame(clusters)
    assert list(df.columns) == ["cluster_id", "type", "date", "date_start", "date_end", "location", "country",
                                "participants", "n_sources", "sources", "article_ids"]
    visit = df[df.type == "VISIT"].iloc[0]
    assert visit.n_sources == 2
    assert visit.sources == "a1:e1; a2:e2"
    assert "Khalifa Haftar" in visit.participants.split(" | ")
    assert event_clusters_frame([]).empty


def test_a_capital_written_for_its_state_joins_the_state():
    """One article names Russia, the other only says "Moscou" (GUIDELINES' capital convention): same party.
    A city that is not a capital stays a city."""
    a = ev("a1", "e1", type_="ARMS_TRANSFER", participants=("Russie", "Niger"), initiator="Russie")
    b = ev("a2", "e2", type_="ARMS_TRANSFER", participants=("Moscou", "Niger"), initiator="Moscou")
    assert len(cluster_events([a, b])) == 1
    c = ev("a3", "e3", type_="ARMS_TRANSFER", participants=("Saint-Pétersbourg",), initiator="Saint-Pétersbourg")
    d = ev("a4", "e4", type_="ARMS_TRANSFER", participants=("Russie",), initiator="Russie")
    assert len(cluster_events([c, d])) == 2


def test_two_spellings_of_one_person_join():
    """'Abbas Qarashi' and 'Abbas Gharashi' in two outlets; a particle glued to the surname ('Alsaidi')."""
    a = ev("a1", "e1", location="Riyad", country="SA", participants=("Abbas Qarashi",), initiator="Abbas Qarashi")
    b = ev("a2", "e2", location="Riyad", country="SA", participants=("Abbas Gharashi", "Arabie saoudite"),
           initiator="Abbas Gharashi")
    c = ev("a3", "e3", location="Riyad", country="SA", participants=("Sayyid Fahd ben Salem al-Saïdi",),
           initiator="Sayyid Fahd ben Salem al-Saïdi")
    d = ev("a4", "e4", location="Riyad", country="SA", participants=("Fahd Alsaidi",), initiator="Fahd Alsaidi")
    cluster_events([a, b, c, d])
    assert a.cluster_id == b.cluster_id
    assert c.cluster_id == d.cluster_id != a.cluster_id


def test_reports_a_day_apart_at_the_same_place_join_and_elsewhere_do_not():
    arrival = ev("a1", "e1", date="2024-05-13", start="2024-05-13", end="2024-05-13")
    talks = ev("a2", "e2", date="2024-05-14", start="2024-05-14", end="2024-05-14")
    next_city = ev("a3", "e3", date="2024-05-14", start="2024-05-14", end="2024-05-14", location="", country="")
    cluster_events([arrival, talks, next_city])
    assert arrival.cluster_id == talks.cluster_id
    assert next_city.cluster_id != arrival.cluster_id


def test_one_supplier_delivering_to_two_states_gives_two_clusters():
    mali = ev("a1", "e1", type_="ARMS_TRANSFER", location="", country="", participants=("Turquie", "Mali"), initiator="Turquie")
    niger = ev("a2", "e2", type_="ARMS_TRANSFER", location="", country="", participants=("Turquie", "Niger"), initiator="Turquie")
    mali_again = ev("a3", "e3", type_="ARMS_TRANSFER", location="", country="", participants=("Ankara", "Mali"), initiator="Ankara")
    cluster_events([mali, niger, mali_again])
    assert mali.cluster_id == mali_again.cluster_id != niger.cluster_id


def test_an_agreement_listing_more_states_still_joins():
    a = ev("a1", "e1", type_="AGREEMENT", location="Pékin", country="CN", participants=("Iran", "Arabie saoudite"), initiator="")
    b = ev("a2", "e2", type_="AGREEMENT", location="Pékin", country="CN", participants=("Arabie saoudite", "Chine", "Iran"),
           initiator="")
    cluster_events([a, b])
    assert a.cluster_id == b.cluster_id


def test_the_best_pair_joins_first():
    """A report matching another on place and day is not taken first by a looser one of the same article."""
    loose = ev("a1", "e1", date="2024-05", start="2024-05-01", end="2024-05-31", location="", country="")
    exact = ev("a1", "e2", location="Ankara")
    other = ev("a2", "e3", location="Ankara")
    cluster_events([loose, exact, other])
    assert exact.cluster_id == other.cluster_id != loose.cluster_id


def test_a_venue_joins_its_city_and_a_city_its_country():
    city = ev("a1", "e1", location="Maputo", country="MZ", participants=("Cristóvão Chume", "Youssouf Mdahoma"),
              initiator="Youssouf Mdahoma")
    venue = ev("a2", "e2", location="Palais de la Ponta Vermelha", country="", participants=("Cristóvão Chume", "Youssouf Mdahoma"),
               initiator="Youssouf Mdahoma")
    state = ev("a3", "e3", location="Mozambique", country="MZ", participants=("Youssouf Mdahoma", "Mozambique"),
               initiator="Youssouf Mdahoma")
    elsewhere = ev("a4", "e4", location="Lusaka", country="ZM", participants=("Youssouf Mdahoma", "Cristóvão Chume"),
                   initiator="Youssouf Mdahoma")
    cluster_events([city, venue, state, elsewhere])
    assert city.cluster_id == venue.cluster_id == state.cluster_id != elsewhere.cluster_id


def test_one_visitor_meeting_two_different_hosts_gives_two_meetings():
    first = ev("a1", "e1", type_="MEETING", participants=("Jarosław Wiśniewski", "Kim Tae-hoon"), initiator="Jarosław Wiśniewski")
    second = ev("a2", "e2", type_="MEETING", participants=("Jaroslaw Wisniewski", "Park Min-jae"), initiator="Jaroslaw Wisniewski")
    same = ev("a3", "e3", type_="MEETING", participants=("Jaroslaw Wisniewski", "Kim Tae-hoon"), initiator="Jaroslaw Wisniewski")
    cluster_events([first, second, same])
    assert first.cluster_id == same.cluster_id != second.cluster_id


def test_a_turkish_s_and_a_french_ch_are_one_spelling():
    from pipeline.events.cluster import same_person
    assert same_person("Yaşar Demirci", "Yachar Demirci") and not same_person("Yaşar Demirci", "Yaşar Korkmaz")


def test_surnames_that_start_differently_are_two_people_however_close_the_rest():
    from pipeline.events.cluster import same_person
    assert not same_person("Mokhtari Benhalla Rabane", "Teodor Orbanek")
    assert same_person("Vartan Hovhannissian", "Vartan Ovhannissian")  # a silent initial h
    assert same_person("Iouri Kaddourov", "Yuri Qaddurov")


def test_candidate_pairs_hold_every_compatible_pair():
    """Blocking on shared parties must never hide a pair the full comparison would join."""
    import itertools
    import random

    from pipeline.events.cluster import _candidate_pairs, _compatible, _Reports
    from pipeline.normalize.gazetteer import default_gazetteer

    rng = random.Random(7)
    people = ["Idris Kalbouni", "Orhan Tezcanlı", "Yaşar Demirkol", "Yachar Demirkol", "Sergueï Varlamov",
              "Sergei Varlamoff", "Abdelkrim Zeroual", "Bantou", "Amadou Sissako", "Ievdokimov", "Iouri-Bek Evdokimov"]
    states = ["Turquie", "Russie", "Libye", "Mali", "Niger", "Algérie", "Moscou", "Ankara"]
    places = ["Ankara", "Moscou", "Benghazi", "Tripoli", "Bamako", "", "Turquie", "palais de Koulouba"]
    days = ["2024-05-12", "2024-05-13", "2024-05-14", "2024-06-02", ""]
    events = []
    for n in range(160):
        day = rng.choice(days)
        parts = rng.sample(people + states, rng.randint(1, 3))
        events.append(ev(f"a{n % 40}", f"e{n}", type_=rng.choice(["VISIT", "MEETING", "AGREEMENT"]),
                         date=day, start=day, end=day, location=rng.choice(places), participants=parts,
                         initiator=rng.choice([parts[0], ""])))
    reports = [_Reports(default_gazetteer())(e) for e in events]
    pairs = set(_candidate_pairs(reports))
    undated_place = lambda i, j: reports[i].bounds is None and reports[i].fold_location == reports[j].fold_location != ""  # noqa: E731
    in_reach = lambda i, j: (reports[i].bounds and reports[j].bounds  # noqa: E731
                             and reports[j].bounds[0] <= reports[i].bounds[1] + 1 and reports[i].bounds[0] <= reports[j].bounds[1] + 1)
    checked = 0
    for i, j in itertools.permutations(range(len(events)), 2):
        if (in_reach(i, j) or undated_place(i, j)) and _compatible(reports[i], reports[j]):
            checked += 1
            assert (i, j) in pairs or (j, i) in pairs, (events[i], events[j])
    assert checked > 20


def test_an_undated_report_is_not_compared_with_years_of_reports_at_one_place(monkeypatch):
    """Archive scale: past UNDATED_GROUP_LIMIT reports of one party at one place, an undated one is left alone
    by that party (the comparisons would grow with the square of the archive); below it, it joins."""
    from pipeline.events import cluster as clustering

    def reports():
        dated = [ev(f"a{n}", f"e{n}", date=f"2024-05-{10 + n}", start=f"2024-05-{10 + n}", end=f"2024-05-{10 + n}")
                 for n in range(3)]
        return dated + [ev("u1", "u1", date="", start="", end="")]

    few = reports()
    cluster_events(few)
    assert any(e.cluster_id == few[-1].cluster_id for e in few[:-1])
    monkeypatch.setattr(clustering, "UNDATED_GROUP_LIMIT", 3)
    many = reports()
    cluster_events(many)
    assert all(e.cluster_id != many[-1].cluster_id for e in many[:-1])


def test_undated_reports_sharing_one_party_are_not_compared():
    """An undated pair joins only on two shared parties, so a pair at one place with one party in common is not
    even a candidate (the comparisons that made an archive's end phase quadratic); two shared parties are."""
    from pipeline.events.cluster import _candidate_pairs, _Reports
    from pipeline.normalize.gazetteer import default_gazetteer

    make = _Reports(default_gazetteer())
    undated = dict(date="", start="", end="", location="Bamako", country="ML")
    one = [make(ev("a1", "e1", participants=("Moussa Kéléba", "Turquie"), **undated)),
           make(ev("a2", "e2", participants=("Moussa Kéléba", "Russie"), **undated))]
    assert not list(_candidate_pairs(one))
    two = [make(ev("a1", "e1", participants=("Moussa Kéléba", "Turquie"), **undated)),
           make(ev("a2", "e2", participants=("Moussa Keleba", "Turquie", "Russie"), **undated))]
    assert set(_candidate_pairs(two)) == {(0, 1), (1, 0)}
