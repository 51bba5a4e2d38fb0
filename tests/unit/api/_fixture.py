"""A small real workspace for the API and browser tests, built through the Store.

Three incidents under the Easter truce 2025 and an energy moratorium with one zone:
one published finding against RU, two drafts (one against UA, one against RU), a
confidential monitor among the sources, and a user of every role with a token.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import shapely

from truceline import pipeline
from truceline.domain import (
    Agreement,
    Claim,
    Clause,
    Evidence,
    Finding,
    Incident,
    Party,
    Place,
    Report,
    Source,
    Test,
    TimeSpan,
    Window,
    Zone,
)
from truceline.storage import _people as people
from truceline.storage import init_workspace
from truceline.storage._store import QuarantineRow

REPO = Path(__file__).resolve().parents[3]
SOURCES = {
    "ua-gs": Source(id="ua-gs", name="General Staff of Ukraine", kind="party_official",
                    party="UA", grade="C"),
    "ru-mod": Source(id="ru-mod", name="Ministry of Defence of Russia", kind="party_official",
                     party="RU", grade="C"),
    "field-7": Source(id="field-7", name="Monitor team Zaporizhzhia-7", kind="monitor",
                      grade="B"),
}
ROLES = {"admin": ("ada", None), "analyst": ("ana", None), "monitor": ("mo", None),
         "liaison": ("lia-ru", "RU")}


def _at(day: int, hour: int = 12) -> datetime:
    return datetime(2025, 4, day, hour, tzinfo=UTC)


def _claim(report: Report, *, ev: str, tgt: str, actor: str, by: str | None, stance: str,
           day: int, place: Place, quote: str) -> Claim:
    return Claim(report_id=report.id, source_id=report.source_id, event_type=ev,
                 target_type=tgt, actor=actor, alleged_by=by, stance=stance,  # type: ignore[arg-type]
                 when=TimeSpan.instant(_at(day)), place=place, evidence=quote)


def _report(source: str, text: str, day: int, lang: str) -> Report:
    return Report(content=text.encode(), source_id=source, media_type="text/plain",
                  origin=f"fixture:{source}:{day}", received_at=_at(day, 18),
                  published_at=_at(day, 17), language=lang)


def _finding(fid: str, inc: Incident, agreement: str, clause: str, verdict: str, status: str,
             accused: str) -> Finding:
    ev = tuple(Evidence(claim_id=c.id, report_id=c.report_id, source_id=c.source_id,
                        source_name=SOURCES[c.source_id].name,
                        source_kind=SOURCES[c.source_id].kind,
                        source_party=SOURCES[c.source_id].party, stance=c.stance,
                        alleged_by=c.alleged_by, actor=c.actor, quote=c.evidence)
               for c in inc.claims)
    assert inc.when is not None and inc.place is not None
    return Finding(id=fid, incident_id=inc.id, agreement_id=agreement, clause_id=clause,
                   verdict=verdict,  # type: ignore[arg-type]
                   tests=(Test(name="window", outcome="pass", detail="inside the truce"),),
                   reasons=(f"{inc.event_type} reported inside the window of {agreement}",),
                   evidence=ev, credibility=inc.credibility, status=status, accused=accused,
                   event_type=inc.event_type, target_type=inc.target_type, lon=inc.place.lon,
                   lat=inc.place.lat, start=inc.when.start.isoformat(),
                   end=inc.when.end.isoformat(), place_name=inc.place.name)


def build(workspace: Path) -> dict[str, object]:
    """Build the workspace; returns ids and the token of each role."""
    store = init_workspace(workspace)
    with store:
        pipeline.add_agreement(store, REPO / "examples/agreements/easter-truce-2025.yaml")
        zone = Zone(id="south", kind="geojson", name="Southern sector",
                    geometry=shapely.box(34.0, 46.0, 37.0, 48.0),
                    description="a box around Zaporizhzhia and Kherson")
        store.add_agreement(Agreement(
            id="test-energy", title="Energy sector test agreement",
            parties=(Party(code="RU"), Party(code="UA")),
            windows=(Window(id="w", start=_at(1, 0), end=None, tz="UTC"),),
            clauses=(Clause(id="no-energy", title="No strikes on energy",
                            target_types=("energy",), zone="south"),),
            zones=(zone,), sha256="0" * 64), "id: test-energy\n")
        store.upsert_sources(SOURCES.values())
        kherson = Place(name="Kherson", lon=32.6169, lat=46.6354)
        zap = Place(name="Zaporizhzhia", lon=35.1396, lat=47.8388)
        kram = Place(name="Kramatorsk", lon=37.5561, lat=48.7384)
        r1 = _report("ua-gs", "Russian drone hit a substation in Kherson.", 19, "uk")
        r2 = _report("field-7", "Team saw damage at the Kherson substation.", 19, "en")
        r3 = _report("ru-mod", "Ukrainian artillery shelled Kramatorsk outskirts.", 20, "ru")
        r4 = _report("ua-gs", "Missile strike on Zaporizhzhia power line.", 20, "uk")
        c1 = _claim(r1, ev="drone_strike", tgt="energy", actor="RU", by="UA",
                    stance="allegation", day=19, place=kherson,
                    quote="Russian drone hit a substation in Kherson")
        c2 = _claim(r2, ev="drone_strike", tgt="energy", actor="RU", by=None,
                    stance="observation", day=19, place=kherson,
                    quote="Team saw damage at the Kherson substation")
        c3 = _claim(r3, ev="artillery_shelling", tgt="residential", actor="UA", by="RU",
                    stance="allegation", day=20, place=kram,
                    quote="Ukrainian artillery shelled Kramatorsk outskirts")
        c4 = _claim(r4, ev="missile_strike", tgt="energy", actor="RU", by="UA",
                    stance="allegation", day=20, place=zap,
                    quote="Missile strike on Zaporizhzhia power line")
        run = store.start_ingest("fixture", "f" * 64, "fixture")
        store.commit_batch(run.id, last_row=4, records=[(r1, [c1]), (r2, [c2]), (r3, [c3]),
                                                        (r4, [c4])],
                           quarantined=[QuarantineRow(file="fixture", row=5, field="date",
                                                      reason="no date", raw="x")],
                           file_sha256="f" * 64, read=5)
        store.finish_ingest(run.id)
        i1 = Incident(id="i-kherson", claims=(c1, c2), sources=(SOURCES["ua-gs"],
                      SOURCES["field-7"]), event_type="drone_strike", target_type="energy",
                      when=c1.when, place=kherson, actor="RU", credibility=2)
        i2 = Incident(id="i-kram", claims=(c3,), sources=(SOURCES["ru-mod"],),
                      event_type="artillery_shelling", target_type="residential",
                      when=c3.when, place=kram, actor="UA", credibility=5)
        i3 = Incident(id="i-zap", claims=(c4,), sources=(SOURCES["ua-gs"],),
                      event_type="missile_strike", target_type="energy", when=c4.when,
                      place=zap, actor="RU", credibility=5)
        store.replace_incidents([i1, i2, i3])
        store.replace_findings([
            _finding("f-pub", i1, "easter-truce-2025", "all-hostilities", "corroborated",
                     "published", "RU"),
            _finding("f-draft-ua", i2, "easter-truce-2025", "all-hostilities", "alleged",
                     "draft", "UA"),
            _finding("f-draft-ru", i3, "test-energy", "no-energy", "alleged", "draft", "RU"),
        ])
        people.set_confidential(store, "field-7", True)
        tokens: dict[str, str] = {}
        for role, (name, party) in ROLES.items():
            people.add_user(store, name, role=role, party=party)
            tokens[role] = people.issue_token(store, name)
        people.add_user(store, "lia-ua", role="liaison", party="UA")
        tokens["liaison_ua"] = people.issue_token(store, "lia-ua")
    return {"tokens": tokens, "confidential_report": r2.id, "report": r1.id}
