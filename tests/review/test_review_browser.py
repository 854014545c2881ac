"""End to end in a real headless Chromium (Debian `chromium`, driven by Playwright; never `playwright install`)."""
from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest

from pipeline.review import export_review

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
SHOTS = Path(__file__).resolve().parents[2] / "reports" / "screenshots"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is absent: apt-get install -y chromium"),
]


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


ENGLISH = "localStorage.setItem('press-events.lang', 'en')"  # these tests read the English interface


def _page(browser, english):
    ctx = browser.new_context(viewport={"width": 1400, "height": 900}, locale="fr-FR")
    if english:
        ctx.add_init_script(ENGLISH)
    pg = ctx.new_page()
    pg.dialogs, pg.errors, pg.accept_confirm = [], [], False
    pg.on("dialog", lambda d: (pg.dialogs.append(f"{d.type}: {d.message}"),
                               d.accept() if d.type == "confirm" and pg.accept_confirm else d.dismiss()))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    return ctx, pg


@pytest.fixture
def page(browser):
    ctx, pg = _page(browser, english=True)
    yield pg
    ctx.close()


@pytest.fixture
def page_fr(browser):
    """The page as a French-speaking analyst first sees it (no language chosen: French)."""
    ctx, pg = _page(browser, english=False)
    yield pg
    ctx.close()


def _expect():
    from playwright.sync_api import expect
    return expect


def _open_event_by_row(page, event_id):
    page.click(f'#event-table tr[data-event-id="{event_id}"]')
    _expect()(page.locator(".event-head .mono")).to_have_text(event_id)


def _status_of_rows(page):
    page.wait_for_selector("#event-table tbody tr[data-event-id]")
    return {r.get_attribute("data-event-id"): r.locator(".badge").inner_text().lower()
            for r in page.locator("#event-table tbody tr[data-event-id]").all()}


def test_review_flow_end_to_end(demo_db, serve_db, page, tmp_path):
    expect = _expect()
    c = serve_db(demo_db, reviewer="camille")
    page.goto(c.srv.url)
    page.wait_for_selector("#event-table tbody tr[data-event-id]")
    expect(page.locator("h1")).to_have_text("press-events review")
    expect(page.locator('.chip[data-status="pending"] .count')).to_have_text("12")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "review_list_1400.png"), full_page=True)

    # filter: Libyan events only
    page.select_option("select[name=country]", "LY")
    expect(page.locator("#event-table tbody tr[data-event-id]")).to_have_count(4)
    assert "country=LY" in page.url

    # open one, correct its date
    _open_event_by_row(page, "demo-002-e1")
    expect(page.locator("#article-text mark.ent")).to_have_count(10)
    page.fill("#slots input[name=date]", "2025-04-13")
    page.click("#btn-save")
    expect(page.locator(".event-head .badge")).to_have_text("corrected")
    expect(page.locator("#slots input[name=date]")).to_have_value("2025-04-13")
    page.click('#article-text mark[data-label="PER"] >> nth=0')
    page.wait_for_selector("#mention-form")
    page.screenshot(path=str(SHOTS / "review_event_1400.png"), full_page=True)

    # keyboard: next, accept; next, reject
    page.locator("body").click(position={"x": 5, "y": 880})
    page.keyboard.press("j")
    expect(page.locator(".event-head .mono")).to_have_text("demo-002-e2")
    page.keyboard.press("a")
    expect(page.locator(".event-head .badge")).to_have_text("accepted")
    page.keyboard.press("n")
    expect(page.locator(".event-head .mono")).to_have_text("demo-002-e3")
    page.keyboard.press("r")
    expect(page.locator(".event-head .badge")).to_have_text("rejected")

    # reload: all three decisions are there
    page.reload()
    expect(page.locator(".event-head .badge")).to_have_text("rejected")
    page.keyboard.press("Escape")
    rows = _status_of_rows(page)
    assert rows["demo-002-e1"] == "corrected" and rows["demo-002-e2"] == "accepted" and rows["demo-002-e3"] == "rejected"

    # undo (u) reverts the last one, and redo it with the button
    _open_event_by_row(page, "demo-002-e3")
    page.keyboard.press("u")
    expect(page.locator(".event-head .badge")).to_have_text("pending")
    page.click("#btn-reject")
    expect(page.locator(".event-head .badge")).to_have_text("rejected")

    # restart the server: still there
    c.srv.shutdown(); c.srv.server_close()
    c2 = serve_db(demo_db, reviewer="camille")
    page.goto(c2.srv.url + "#/?country=LY")
    rows = _status_of_rows(page)
    assert rows["demo-002-e1"] == "corrected" and rows["demo-002-e2"] == "accepted" and rows["demo-002-e3"] == "rejected"
    _open_event_by_row(page, "demo-002-e1")
    expect(page.locator("#slots input[name=date]")).to_have_value("2025-04-13")
    expect(page.locator(".history li").first).to_contain_text("date: 2025-04-14 → 2025-04-13")

    # export gives them as gold JSONL
    export_review(demo_db, tmp_path / "exp")
    gold = [json.loads(x) for x in (tmp_path / "exp" / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    events = {(g["meta"]["id"], e["type"], e["date"]) for g in gold for e in g["events"]}
    assert events == {("demo-002", "MEETING", "2025-04-13"), ("demo-002", "AGREEMENT", "2025-04-14")}
    assert not page.errors, page.errors


def test_script_in_article_renders_as_text(demo_db, serve_db, page):
    expect = _expect()
    c = serve_db(demo_db)
    page.goto(c.srv.url + "#/event/demo-004-e1")
    page.wait_for_selector("#article-text")
    expect(page.locator("#article-text")).to_contain_text("<script>alert(1)</script>")
    expect(page.locator("#article-text")).to_contain_text("<img src=x onerror=alert(2)>")
    expect(page.locator(".article-title")).to_have_text("Commentaire <script>alert(1)</script> signalé")
    assert page.locator("#article-text script, #article-text img, .article-title script").count() == 0
    page.goto(c.srv.url + "#/?article=demo-004")
    expect(page.locator("#event-table tbody tr[data-event-id]")).to_have_count(1)
    expect(page.locator("#event-table")).to_contain_text("<script>alert(1)</script>")
    page.wait_for_timeout(300)
    assert page.dialogs == [], page.dialogs
    assert not page.errors, page.errors


def test_second_tab_gets_a_clear_conflict(demo_db, serve_db, page, browser):
    expect = _expect()
    c = serve_db(demo_db)
    url = c.srv.url + "#/event/" + "demo-003-e1"
    other = page.context.new_page()
    for pg in (page, other):
        pg.goto(url)
        pg.wait_for_selector("#slots")
    page.click("#btn-accept")
    expect(page.locator(".event-head .badge")).to_have_text("accepted")
    other.click("#btn-reject")
    expect(other.locator("#banner")).to_be_visible()
    expect(other.locator("#banner")).to_contain_text(re.compile("changed in another tab.*reload", re.I))
    other.click("#banner button")
    expect(other.locator(".event-head .badge")).to_have_text("accepted")


def test_merge_entities_in_the_page(demo_db, serve_db, page):
    expect = _expect()
    c = serve_db(demo_db)
    page.accept_confirm = True
    page.goto(c.srv.url + "#/entities?q=kourov")
    expect(page.locator("#entity-table tbody tr")).to_have_count(2)
    for box in page.locator("#entity-table input[type=checkbox]").all():
        box.check()
    page.get_by_role("button", name=re.compile("Merge “Younous-Bek Yevkourov” into")).click()
    expect(page.locator("#entity-table tbody tr")).to_have_count(1)
    expect(page.locator("#entity-table")).to_contain_text("Younous-Bek Yevkourov")
    assert page.dialogs and page.dialogs[0].startswith("confirm:")


LEAST_SURE = ["demo-003-e2", "demo-001-e3", "demo-002-e3", "demo-004-e1", "demo-001-e2"]


def test_keyboard_only_queue_least_sure_first(demo_db, serve_db, page):
    """From the list to three decisions, an undo and a correction with the keyboard only (no click)."""
    expect = _expect()
    c = serve_db(demo_db, reviewer="camille")
    page.goto(c.srv.url + "#/?sort=conf")
    page.wait_for_selector("#event-table tbody tr[data-event-id]")
    ids = [r.get_attribute("data-event-id") for r in page.locator("#event-table tbody tr[data-event-id]").all()]
    assert ids[:5] == LEAST_SURE  # sorted by confidence, ascending
    expect(page.locator("#progress-today")).to_have_text("0")
    expect(page.locator("#progress-left")).to_have_text("12")

    head = page.locator(".event-head .mono")
    page.keyboard.press("q")  # the queue: pending events, least sure first
    expect(head).to_have_text(LEAST_SURE[0])
    expect(page.locator("#position")).to_contain_text("1 of 12 pending")
    page.keyboard.press("a")
    expect(head).to_have_text(LEAST_SURE[1])  # the next pending event comes by itself
    expect(page.locator("#progress-today")).to_have_text("1")
    expect(page.locator("#progress-left")).to_have_text("11")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "review_queue.png"))
    page.keyboard.press("r")
    expect(head).to_have_text(LEAST_SURE[2])
    expect(page.locator("#progress-today")).to_have_text("2")
    page.keyboard.press("u")  # undo the reject: back to that event, pending again
    expect(head).to_have_text(LEAST_SURE[1])
    expect(page.locator(".event-head .badge")).to_have_text("pending")
    expect(page.locator("#progress-left")).to_have_text("11")
    page.keyboard.press("j")
    expect(head).to_have_text(LEAST_SURE[2])
    page.keyboard.press("k")
    expect(head).to_have_text(LEAST_SURE[1])

    page.keyboard.press("e")  # edit: focus goes into the slots, Tab to the date, Enter saves
    assert page.evaluate("document.activeElement.closest('#slots') !== null")
    for _ in range(12):
        if page.evaluate("document.activeElement.name") == "date":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "date"
    page.keyboard.press("Control+a")
    page.keyboard.type("2026-03-15")
    page.keyboard.press("Enter")
    expect(head).to_have_text(LEAST_SURE[2])
    expect(page.locator("#progress-today")).to_have_text("2")
    expect(page.locator("#progress-left")).to_have_text("10")

    statuses = {eid: c.get(f"/api/events/{eid}")[1]["event"] for eid in LEAST_SURE[:3]}
    assert statuses[LEAST_SURE[0]]["review_status"] == "accepted"
    assert statuses[LEAST_SURE[1]]["review_status"] == "corrected" and statuses[LEAST_SURE[1]]["date"] == "2026-03-15"
    assert statuses[LEAST_SURE[2]]["review_status"] == "pending"
    assert all(d["reviewed_by"] in ("camille", "") for d in statuses.values())
    page.keyboard.press("Escape")
    page.wait_for_selector("#event-table tbody tr[data-event-id]")
    assert not page.errors, page.errors


LONG = {"participants": ["Armée nationale libyenne", "Pakistan Aeronautical Complex Kamra",
                         "Ministère de la Défense et de la Production militaire du Pakistan",
                         "Gouvernement_de_stabilité_nationale_de_Libye_(GSN)_à_Syrte"],
        "location": "Base aérienne de Benina, près de Benghazi", "trigger": "livraison de chasseurs multirôles JF-17"}


def _in_viewport(page, selector):
    """Boxes of the matching elements that are cut off at the right or left edge of the window."""
    return page.evaluate("""(sel) => [...document.querySelectorAll(sel)].map((n) => n.getBoundingClientRect())
        .filter((r) => r.left < 0 || r.right > window.innerWidth + 0.5).map((r) => [r.left, r.right])""", selector)


def test_list_fits_a_laptop_at_1366(demo_db, serve_db, browser):
    """At 1366x768 the list does not overflow; every confidence and trigger cell is inside the window."""
    expect = _expect()
    c = serve_db(demo_db)
    _, d = c.get("/api/events/demo-001-e2")
    status, _ = c.post("/api/events/demo-001-e2/decision", {"action": "correct", "version": d["event"]["version"],
                                                            "changes": LONG})
    assert status == 200
    with sqlite3.connect(demo_db) as con:  # an article known by its file name only: one long unbreakable word
        con.execute("UPDATE articles SET title = ? WHERE article_id = 'demo-001'",
                    ("2026-02-05_haftar_recu_a_islamabad_par_le_premier_ministre_pakistanais.txt",))
    ctx = browser.new_context(viewport={"width": 1366, "height": 768}, locale="fr-FR")
    ctx.add_init_script(ENGLISH)
    page = ctx.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(c.srv.url)
    page.wait_for_selector("#event-table tbody tr[data-event-id]")
    expect(page.locator("#event-table tbody tr[data-event-id]")).to_have_count(12)
    sizes = page.evaluate("""() => ({doc: [document.documentElement.scrollWidth, document.documentElement.clientWidth],
        list: [document.querySelector('.list').scrollWidth, document.querySelector('.list').clientWidth]})""")
    assert sizes["doc"][0] <= sizes["doc"][1] and sizes["list"][0] <= sizes["list"][1], sizes
    for sel in ("#event-table th", "#event-table td.conf-cell", "#event-table td.conf-cell .conf-num",
                "#event-table td.trigger-cell", "#start-queue", "#progress"):
        assert page.locator(sel).count(), sel
        assert _in_viewport(page, sel) == [], sel
    head = page.locator("#event-table thead th")
    for name in ("Conf.", "Trigger"):
        expect(head.filter(has_text=name)).to_be_in_viewport()
    long_row = page.locator('#event-table tr[data-event-id="demo-001-e2"]')
    expect(long_row.locator("td.trigger-cell")).to_have_text(LONG["trigger"])
    expect(long_row.locator("td.trigger-cell")).to_be_in_viewport()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "review_list.png"))

    page.goto(c.srv.url + "#/event/demo-001-e2")
    page.wait_for_selector("#slots")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert _in_viewport(page, "#slots, #article-text, .event-head") == []
    page.screenshot(path=str(SHOTS / "review_event.png"))
    assert not errors, errors
    ctx.close()


def test_headline_unknown_date_and_missing_filter(demo_db, serve_db, page_fr):
    expect, page = _expect(), page_fr
    c = serve_db(demo_db)
    page.goto(c.srv.url + "#/?article=demo-007")
    page.wait_for_selector("#event-table tbody tr[data-event-id]")
    cell = page.locator('#event-table tr[data-event-id="demo-007-e1"] .article-cell')
    expect(cell).to_contain_text("Le ministre tunisien de la Défense en visite à Alger")  # not "demo-007"
    expect(cell).to_contain_text("date inconnue")
    expect(page.locator("select[name=article] option[value=demo-007]")).to_have_text(
        "date inconnue · Le ministre tunisien de la Défense en visite à Alger")
    assert "????" not in page.locator("select[name=article]").inner_text()
    page.goto(c.srv.url + "#/")
    # A hash change re-renders asynchronously: wait for the unfiltered list, not the old one still shown.
    expect(page.locator("select[name=article]")).to_have_value("")
    expect(page.locator("#event-table tbody tr[data-event-id]")).to_have_count(12)
    page.select_option("select[name=missing]", "date")
    expect(page.locator("#event-table tbody tr[data-event-id]")).to_have_count(2)
    expect(page.locator("#event-table tbody tr .unknown").first).to_have_text("date inconnue")
    assert "missing=date" in page.url
    page.goto(c.srv.url + "#/event/demo-007-e1")
    expect(page.locator(".article-title")).to_have_text("Le ministre tunisien de la Défense en visite à Alger")
    assert not page.errors, page.errors


def test_events_of_one_sentence_are_grouped(demo_db, serve_db, page):
    expect = _expect()
    c = serve_db(demo_db)
    page.goto(c.srv.url)
    page.wait_for_selector("#event-table tbody tr[data-event-id]")
    head = page.locator('#event-table tr.group-head')
    expect(head).to_have_count(1)  # only demo-007's sentence holds two events
    expect(head).to_contain_text("Same sentence · 2 events")
    members = page.locator('#event-table tr.in-group')
    expect(members).to_have_count(2)
    assert {m.get_attribute("data-event-id") for m in members.all()} == {"demo-007-e1", "demo-007-e2"}
    # the group's head row sits right above its two members
    order = page.evaluate("[...document.querySelectorAll('#event-table tbody tr')].map(r => r.dataset.eventId || 'HEAD')")
    i = order.index("HEAD")
    assert set(order[i + 1:i + 3]) == {"demo-007-e1", "demo-007-e2"}
    # the grouping holds under the least-sure-first sort too
    page.goto(c.srv.url + "#/?sort=conf")
    expect(page.locator("select[name=sort]")).to_have_value("conf")
    order = page.evaluate("[...document.querySelectorAll('#event-table tbody tr')].map(r => r.dataset.eventId || 'HEAD')")
    i = order.index("HEAD")
    assert order[i + 1:i + 3] == ["demo-007-e2", "demo-007-e1"]

    head.locator("button[data-act=accept]").click()  # one decision for the group
    expect(page.locator('#event-table tr.in-group .badge')).to_have_text(["accepted", "accepted"])
    expect(page.locator("#progress-today")).to_have_text("2")

    page.goto(c.srv.url + "#/event/demo-007-e1")
    panel = page.locator("#group-panel")
    expect(panel).to_contain_text("Same sentence: 2 events")
    expect(panel.locator("li")).to_have_count(2)
    expect(page.locator("#article-text .trigger-sib")).to_have_text("rencontré")  # the other event's trigger
    page.locator("body").click(position={"x": 5, "y": 880})
    page.keyboard.press("u")  # one undo reverts both
    expect(panel.locator(".badge")).to_have_text(["pending", "pending"])
    page.keyboard.press("Shift+R")
    expect(panel.locator(".badge")).to_have_text(["rejected", "rejected"])
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "review_group_event.png"))
    page.goto(c.srv.url + "#/?article=demo-007")
    page.wait_for_selector("#event-table tr.group-head")
    page.screenshot(path=str(SHOTS / "review_group_list.png"))
    statuses = {e["event_id"]: e["review_status"] for e in c.get("/api/events?article=demo-007")[1]["events"]}
    assert statuses == {"demo-007-e1": "rejected", "demo-007-e2": "rejected"}
    assert not page.errors, page.errors


def _reviewer_page(browser, url, name):
    """A browser of its own (its own localStorage) where `name` is typed in the reviewer field."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 900}, locale="fr-FR")
    ctx.add_init_script(ENGLISH)
    pg = ctx.new_page()
    pg.errors = []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.goto(url)
    pg.wait_for_selector("#event-table tbody tr[data-event-id]")
    pg.fill("#reviewer-name", name)
    pg.press("#reviewer-name", "Enter")
    pg.locator("#reviewer-name").blur()  # change event: the name is kept in this browser
    return ctx, pg


def test_two_reviewers_in_two_browsers(demo_db, serve_db, browser):
    """Two people on one server: each decision under its author's name; undo touches only one's own, on the event in view."""
    expect = _expect()
    c = serve_db(demo_db, reviewer="analyst")
    ctx_a, alice = _reviewer_page(browser, c.srv.url, "Alice")
    ctx_b, bob = _reviewer_page(browser, c.srv.url, "Bob")
    try:
        alice.goto(c.srv.url + "#/event/demo-001-e1")
        expect(alice.locator(".event-head .mono")).to_have_text("demo-001-e1")
        alice.click("#btn-accept")
        expect(alice.locator(".event-head .badge")).to_have_text("accepted")
        alice.goto(c.srv.url + "#/event/demo-002-e1")  # a later decision of Alice's on another event
        expect(alice.locator(".event-head .mono")).to_have_text("demo-002-e1")
        alice.click("#btn-reject")
        expect(alice.locator(".event-head .badge")).to_have_text("rejected")
        bob.goto(c.srv.url + "#/event/demo-003-e1")
        expect(bob.locator(".event-head .mono")).to_have_text("demo-003-e1")
        bob.click("#btn-accept")
        expect(bob.locator(".event-head .badge")).to_have_text("accepted")
        expect(bob.locator("#version")).to_contain_text("by Bob")

        # Alice, back on her first event, undoes: her accept there, not Bob's, not her later reject
        alice.goto(c.srv.url + "#/event/demo-001-e1")
        expect(alice.locator(".event-head .mono")).to_have_text("demo-001-e1")
        expect(alice.locator(".event-head .badge")).to_have_text("accepted")
        alice.click("#btn-undo")
        expect(alice.locator(".event-head .badge")).to_have_text("pending")
        expect(alice.locator("#toast")).to_contain_text("Alice")
        expect(alice.locator("#toast")).to_contain_text("demo-001-e1")
        events = {e["event_id"]: e for e in c.get("/api/events")[1]["events"]}
        assert events["demo-001-e1"]["review_status"] == "pending"
        assert events["demo-002-e1"]["review_status"] == "rejected" and events["demo-002-e1"]["reviewed_by"] == "Alice"
        assert events["demo-003-e1"]["review_status"] == "accepted" and events["demo-003-e1"]["reviewed_by"] == "Bob"

        # Bob on an event Alice decided: nothing of his to undo there
        bob.goto(c.srv.url + "#/event/demo-002-e1")
        expect(bob.locator(".event-head .mono")).to_have_text("demo-002-e1")
        bob.click("#btn-undo")
        expect(bob.locator("#toast")).to_contain_text("nothing of yours to undo")
        expect(bob.locator(".event-head .badge")).to_have_text("rejected")

        # the names stay per browser across a reload; the history shows who did what, undone rows kept
        bob.reload()
        expect(bob.locator("#reviewer-name")).to_have_value("Bob")
        bob.wait_for_selector("#slots")
        bob.goto(c.srv.url + "#/history")
        bob.wait_for_selector("#history-table tbody tr")
        rows = bob.locator("#history-table tbody tr")
        expect(rows.filter(has_text="Alice")).not_to_have_count(0)
        expect(rows.filter(has_text="Bob")).not_to_have_count(0)
        expect(bob.locator("tr.undone")).to_contain_text("undone by Alice")
        expect(bob.locator("button[data-undo-group]")).to_have_count(1)  # only Bob's own live decision
        SHOTS.mkdir(parents=True, exist_ok=True)
        bob.screenshot(path=str(SHOTS / "review_two_reviewers_history.png"))
        assert not alice.errors and not bob.errors, (alice.errors, bob.errors)
    finally:
        ctx_a.close()
        ctx_b.close()


def test_french_by_default_english_on_request(demo_db, serve_db, browser):
    """One catalogue: French with no choice made; the switch turns the page English, and a reload keeps it."""
    expect = _expect()
    c = serve_db(demo_db)
    ctx = browser.new_context(viewport={"width": 1400, "height": 900}, locale="en-US")  # the browser's locale does not matter
    pg = ctx.new_page()
    errors = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    try:
        pg.goto(c.srv.url)
        pg.wait_for_selector("#event-table tbody tr[data-event-id]")
        expect(pg.locator("html")).to_have_attribute("lang", "fr")
        expect(pg.locator("#lang")).to_have_value("fr")
        expect(pg.locator("#nav-events")).to_have_text("Événements")
        expect(pg.locator(".filters h2")).to_have_text("Filtres")
        expect(pg.locator("#event-table thead th").nth(7)).to_have_text("Conf.")
        expect(pg.locator("#event-table thead th").nth(8)).to_have_text("Déclencheur")
        expect(pg.locator('.chip[data-status="pending"]')).to_contain_text("en attente")
        expect(pg.locator("#start-queue")).to_contain_text("les moins sûrs d'abord")
        expect(pg.locator("#keys")).to_contain_text("accepter")
        SHOTS.mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(SHOTS / "review_list_fr.png"))
        pg.goto(c.srv.url + "#/event/demo-002-e1")
        expect(pg.locator("#btn-accept")).to_contain_text("Accepter")
        expect(pg.locator(".event-head .badge")).to_have_text("en attente")
        pg.screenshot(path=str(SHOTS / "review_event_fr.png"))

        pg.select_option("#lang", "en")
        expect(pg.locator("html")).to_have_attribute("lang", "en")
        expect(pg.locator("#btn-accept")).to_contain_text("Accept")
        expect(pg.locator(".event-head .badge")).to_have_text("pending")
        expect(pg.locator("#nav-events")).to_have_text("Events")
        pg.reload()
        pg.wait_for_selector("#slots")
        expect(pg.locator("#lang")).to_have_value("en")
        expect(pg.locator("#btn-accept")).to_contain_text("Accept")
        expect(pg.locator("#keys")).to_contain_text("accept · ")
        pg.goto(c.srv.url + "#/")
        expect(pg.locator(".filters h2")).to_have_text("Filters")
        pg.select_option("#lang", "fr")
        expect(pg.locator(".filters h2")).to_have_text("Filtres")
        assert not errors, errors
    finally:
        ctx.close()


def test_one_catalogue_covers_both_languages():
    """messages.json has the same keys in fr and en, and every key the scripts ask for exists."""
    static = Path(__file__).resolve().parents[2] / "pipeline" / "review" / "static"
    cat = json.loads((static / "messages.json").read_text(encoding="utf-8"))
    assert set(cat) == {"fr", "en"} and set(cat["fr"]) == set(cat["en"])
    used = set()
    for js in static.glob("*.js"):
        used |= set(re.findall(r'\bt\("([\w.\-]+)"', js.read_text(encoding="utf-8")))
    html = (static / "index.html").read_text(encoding="utf-8")
    used |= set(re.findall(r'data-i18n(?:-title)?="([\w.\-]+)"', html))
    assert used - {"key"} <= set(cat["fr"]), sorted(used - set(cat["fr"]))
    assert not re.search(r">[A-Za-z][a-z]+ [a-z]+<", html)  # no sentence left in the page template


def test_timeline_lanes_screenshot(demo_db, browser, tmp_path):
    """The batch's timeline.html with its 'Date inconnue' lane, opened from disk (file://) and saved as a screenshot."""
    from pipeline.events import write_timeline
    from pipeline.store import Store

    with Store(demo_db) as store:
        events = store.all_events()
    path = write_timeline(events, tmp_path / "timeline.html")
    ctx = browser.new_context(viewport={"width": 1200, "height": 900})
    pg = ctx.new_page()
    try:
        pg.goto(path.as_uri())
        lane = pg.locator("g.lane-undated")
        _expect()(lane.locator("text.lane")).to_have_text("Date inconnue")
        undated = sum(1 for e in events if not e.date_start)
        _expect()(lane.locator("g.ev")).to_have_count(undated)
        SHOTS.mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(SHOTS / "timeline.png"), full_page=True)
    finally:
        ctx.close()


def test_map_click_filters_the_list(demo_db, serve_db, page_fr):
    """Events on the shipped base map (no network), coloured by type, planned dashed; a click on a point filters the list."""
    expect, page = _expect(), page_fr
    c = serve_db(demo_db)
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(c.srv.url + "#/map")
    page.wait_for_selector("#map-svg .pt")
    assert page.locator("#map-svg .land path").count() > 50          # country outlines from the package
    points = page.locator("#map-svg circle.pt")
    expect(points).to_have_count(10)                                   # 12 events, 2 without a place
    expect(page.locator("#map-off")).to_contain_text("2 événement(s)")
    planned = page.locator("#map-svg circle.pt.planned")
    expect(planned).to_have_count(2)
    assert all(p.get_attribute("stroke-dasharray") for p in planned.all())
    colours = {p.get_attribute("data-type"): p.get_attribute("stroke") for p in points.all()}
    assert colours["VISIT"] == "#1f77b4" and colours["MEETING"] == "#2ca02c" and len(set(colours.values())) == len(colours)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "review_map.png"), full_page=True)

    page.locator('#map-svg circle.pt[data-event-id="demo-002-e1"]').click()
    page.wait_for_selector("#event-table tbody tr[data-event-id]")
    assert "place=Benghazi" in page.url
    rows = page.locator("#event-table tbody tr[data-event-id]")
    expect(rows).to_have_count(2)
    assert {r.get_attribute("data-event-id") for r in rows.all()} == {"demo-002-e1", "demo-002-e2"}
    expect(page.locator("#place-filter")).to_contain_text("Benghazi")
    page.screenshot(path=str(SHOTS / "review_map_filtered_list.png"))
    page.locator("#place-filter button").click()
    expect(rows).to_have_count(12)
    assert all(u.startswith(c.srv.url) or u.startswith("data:") for u in requests), requests  # nothing from the network
    assert not page.errors, page.errors


def test_static_report_map_screenshot(demo_db, browser, tmp_path):
    """The static report (file://, no script) draws the same map; a point links to its event's row."""
    from pipeline.review import write_static_report

    path = write_static_report(demo_db, tmp_path / "report")
    ctx = browser.new_context(viewport={"width": 1400, "height": 900})
    pg = ctx.new_page()
    try:
        pg.goto(path.as_uri() + "#map")
        _expect()(pg.locator("#map svg.map circle.pt")).to_have_count(10)
        SHOTS.mkdir(parents=True, exist_ok=True)
        pg.locator("#map").screenshot(path=str(SHOTS / "report_map.png"))
        pg.locator('#map circle.pt[data-event-id="demo-007-e1"]').click()
        assert pg.url.endswith("#demo-007-e1")
    finally:
        ctx.close()
