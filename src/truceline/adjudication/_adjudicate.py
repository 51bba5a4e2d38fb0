"""Rulings: every incident × every agreement × every clause → a finding with its tests."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from truceline._typing import OnMissingTimezone, Verdict
from truceline._version import __version__
from truceline.adjudication._evidence import evidence_of, grade_evidence
from truceline.adjudication._tests import act_test, party_test, zone_membership, zone_test
from truceline.adjudication._window import window_test
from truceline.domain import Agreement, Finding, Incident, Test, stable_id

_NOT_APPLICABLE_WORDS = {
    "window": "it happened outside the window in force",
    "zone": "it happened outside the clause's zone",
    "act": "the act is not one the clause prohibits",
    "party": "the accused party is not bound by the clause",
}


def _policies(on_missing_timezone: OnMissingTimezone) -> tuple[tuple[str, str], ...]:
    return (
        ("boundary_rule", "windows are [start, end): start inclusive, end exclusive"),
        ("disputed_window", "a test is settled only when every party's reading agrees"),
        ("imprecise_place", "precision 2 = 10 km, 3 = 100 km; undecided when the zone edge "
                            "is nearer"),
        ("independence", "claims tracing back to one upstream statement count once "
                         "(docs/methodology/fusion.md)"),
        ("on_missing_timezone", on_missing_timezone),
    )


def _verdict(tests: list[Test], incident: Incident) -> tuple[Verdict, list[str]]:
    failed = [t.name for t in tests if t.outcome == "fail"]
    if failed:
        return "not_applicable", [f"Not applicable: {_NOT_APPLICABLE_WORDS[n]}." for n in failed]
    open_tests = [t.name for t in tests if t.outcome == "undecided"]
    if open_tests:
        return "possible", [f"Possible violation: the {', '.join(open_tests)} test"
                            f"{'s' if len(open_tests) > 1 else ''} cannot be settled on the "
                            "evidence (see the tests)."]
    verdict, why = grade_evidence(incident)
    head = {"confirmed": "Confirmed violation", "corroborated": "Corroborated violation",
            "alleged": "Alleged violation"}[verdict]
    return verdict, [f"{head}: window, zone, act and party tests all pass.", *why]


def adjudicate(incidents: Sequence[Incident], agreements: Sequence[Agreement], *,
               origins: Mapping[str, str] | None = None,
               on_missing_timezone: OnMissingTimezone = "flag",
               progress: Callable[[int], None] | None = None) -> tuple[Finding, ...]:
    """Rule every incident against every clause of every agreement.

    Returns one :class:`~truceline.domain.Finding` per incident × clause, including
    ``not_applicable`` ones, each with its window, zone, act, party tests and reasons.
    ``origins`` maps report ids to ``file:row`` so the evidence can be traced.
    """
    policies = _policies(on_missing_timezone)
    findings: list[Finding] = []
    for agreement in agreements:
        used = {c.zone for c in agreement.clauses} | {c.target_zone for c in agreement.clauses}
        membership = {z.id: zone_membership(z, incidents) for z in agreement.zones
                      if z.id in used}
        fired_from = {z.id: zone_membership(z, incidents, attr="origin") for z in agreement.zones
                   if any(c.zone == z.id and c.zone_rule != "in" for c in agreement.clauses)}
        for i, incident in enumerate(incidents):
            evidence = evidence_of(incident, origins)
            for clause in agreement.clauses:
                zone = agreement.zone(clause.zone) if clause.zone else None
                member = int(membership[zone.id][i]) if zone else None
                origin = int(fired_from[zone.id][i]) if zone and zone.id in fired_from else None
                near = None
                if clause.target_zone and membership[clause.target_zone][i] == 1:
                    near = agreement.zone(clause.target_zone)
                tests = [
                    window_test(incident.when, clause, agreement),
                    zone_test(clause, incident, member, zone, origin),
                    act_test(clause, incident, near_target=near),
                    party_test(clause, incident),
                ]
                verdict, reasons = _verdict(tests, incident)
                p = incident.place
                findings.append(Finding(
                    id=stable_id("f", incident.id, agreement.id, clause.id),
                    incident_id=incident.id, agreement_id=agreement.id, clause_id=clause.id,
                    verdict=verdict, tests=tuple(tests), reasons=tuple(reasons),
                    evidence=evidence, credibility=incident.credibility, policies=policies,
                    agreement_sha256=agreement.sha256, truceline_version=__version__,
                    accused=incident.actor, event_type=incident.event_type,
                    target_type=incident.target_type,
                    lon=p.lon if p else None, lat=p.lat if p else None,
                    start=incident.when.start.isoformat() if incident.when else None,
                    end=incident.when.end.isoformat() if incident.when else None,
                    place_name=p.name if p else None,
                    area=(p.admin1 or p.country) if p else None,
                ))
            if progress:
                progress(1)
    return tuple(findings)
