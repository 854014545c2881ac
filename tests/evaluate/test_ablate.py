"""evaluate --ablate: every event rule family switched off in turn, each row's change from the full pipeline."""
from __future__ import annotations

import json

from pipeline.evaluate.runner import ablate
from pipeline.events.rules import families

TEXT = ("NIAMEY, 12 mars (AFP) - Le ministre nigérien de la Défense a reçu mardi à Niamey son homologue turc. "
        "Les deux pays ont signé un accord de coopération militaire.")


def _gold(tmp_path):
    def span(surface, label, norm, **extra):
        start = TEXT.index(surface)
        return {"start": start, "end": start + len(surface), "label": label, "norm": norm, "text": surface, **extra}

    record = {
        "text": TEXT,
        "meta": {"id": "abl1", "split": "dev", "published": "2024-03-13"},
        "spans": [span("NIAMEY", "LOC", "Niamey"), span("12 mars", "DATE", "2024-03-12"),
                  span("mardi", "DATE", "2024-03-12"), span("Niamey", "LOC", "Niamey") | {"start": TEXT.index("à Niamey") + 2,
                                                                                        "end": TEXT.index("à Niamey") + 8}],
        "events": [{"type": "VISIT", "trigger": "reçu", "trigger_start": TEXT.index("reçu"), "trigger_end": TEXT.index("reçu") + 4,
                    "participants": ["Turquie", "Niger"], "initiator": "Turquie", "counterpart": "Niger",
                    "location": "Niamey", "date": "2024-03-12", "evidence_start": TEXT.index("Le ministre"),
                    "evidence_end": TEXT.index("turc.") + 5}],
    }
    folder = tmp_path / "gold"
    folder.mkdir()
    (folder / "dev.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return folder


def test_ablate_gives_one_row_per_family_with_its_change(tmp_path, press):
    rows = ablate(_gold(tmp_path), "dev", pipeline=press)
    layers = [r["layer"] for r in rows]
    assert layers[0] == "everything on"
    assert {f"rules: {f} off" for f in families()} <= set(layers)
    for row in rows[1:]:
        assert abs(row["slot F1"] - rows[0]["slot F1"] - row["slot F1 change"]) < 1e-9
    off = {r["layer"]: r for r in rows}
    assert off["rules: candidates off"]["detection F1"] <= rows[0]["detection F1"]
    assert press.nlp.get_pipe("press_events").disabled_rules == frozenset()  # restored
    from pipeline.components.name_shapes import NAME_SHAPE_RULES
    assert {f"entities: {f} off" for f in NAME_SHAPE_RULES} | {"dates: bare times kept"} <= set(layers)
    assert all(0.0 <= r["entity F1"] <= 1.0 for r in rows)
    assert press.nlp.get_pipe("press_entity_fixes").disabled_rules == frozenset()
    assert press.nlp.get_pipe("press_dates").bare_times is False
