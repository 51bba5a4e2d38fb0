"""Credibility grade 1–6 per incident, by the rules of docs/methodology/credibility.md.

The grade is computed on *independent* groups of supporting claims (claims tracing back
to one upstream statement count once; fusion writes the groups as ``upstream {…}`` notes).
Rules, first match wins:

0. no supporting claim → 6 (cannot be judged);
1. a monitor (grade A–C) observed it, or the accused side reported it itself (grade A–D)
   → 1 (confirmed);
2. the best supporting grade is F → 6; E → 5 (improbable: only unreliable sources);
3. two or more independent groups, from two or more sides, one of them a reliable neutral
   source (monitor, NGO, independent or international media, dataset; grade A–C) → 2;
4. two or more independent groups from two or more sides, or one reliable neutral
   source → 3 (possibly true);
5. otherwise (one side's word, grade A–D) → 4 (doubtful).

Then: an allegation met by a denial is ``disputed``; without a reliable neutral source a
disputed 3 becomes 4. Supporting claims naming different accused parties are a conflict:
the grade is no better than 3. Each step adds a reason.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from truceline.domain import Claim, Incident, Source

_SUPPORT = ("allegation", "self_report", "observation")
_NEUTRAL_KINDS = {"monitor", "ngo", "independent_media", "international_media", "dataset"}
LABELS = {1: "confirmed", 2: "probably true", 3: "possibly true", 4: "doubtful",
          5: "improbable", 6: "cannot be judged"}
"""Names of the six grades (Admiralty information-credibility scale)."""


@dataclass(frozen=True, kw_only=True)
class Group:
    """One independent group of supporting claims."""

    key: str
    claim_ids: tuple[str, ...]
    side: str
    kind: str
    grade: str
    stances: tuple[str, ...]
    names: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class Grade:
    """An incident's credibility with its reasons."""

    value: int
    disputed: bool
    reasons: tuple[str, ...]
    groups: tuple[Group, ...]

    @property
    def label(self) -> str:
        """The grade's name ("confirmed" … "cannot be judged")."""
        return LABELS[self.value]


def upstream_of(incident: Incident) -> dict[str, str]:
    """``{claim id: upstream key}`` from the incident's ``upstream {…}`` notes; claims not
    named there are their source's own statement (``source:ID``)."""
    out = {c.id: f"source:{c.source_id}" for c in incident.claims}
    for n in incident.notes:
        if n.startswith("upstream {"):
            data = json.loads(n[len("upstream "):])
            for cid in data["claims"]:
                if cid in out:
                    out[cid] = data["key"]
    return out


def _source(incident: Incident, sources: Mapping[str, Source], sid: str) -> Source:
    return sources.get(sid) or incident.source(sid) or Source(id=sid, name=sid)


def groups_of(incident: Incident, sources: Mapping[str, Source] | None = None
              ) -> tuple[Group, ...]:
    """The independent groups of the incident's supporting claims, sorted by key."""
    sources = sources or {}
    ups = upstream_of(incident)
    members: dict[str, list[Claim]] = {}
    for c in incident.claims:
        if c.stance in _SUPPORT:
            members.setdefault(ups[c.id], []).append(c)
    out = []
    for key, claims in sorted(members.items()):
        srcs = [_source(incident, sources, c.source_id) for c in claims]
        grade = min(s.grade for s in srcs)
        if key.startswith("source:"):
            src = srcs[0]
            side = src.party or ("neutral" if src.kind in _NEUTRAL_KINDS else "unknown")
            kind = src.kind
        elif key.startswith("wire:"):
            side, kind = "neutral", "international_media"
        else:
            party = key.split(":", 1)[0]
            side = party if party != "?" else "unknown"
            kind = "party_official"
            own = [s.grade for s in srcs if s.kind == "party_official" and s.party == party]
            grade = min(own) if own else max(grade, "C")  # a relay adds no reliability
        out.append(Group(key=key, claim_ids=tuple(c.id for c in claims), side=side, kind=kind,
                         grade=grade, stances=tuple(sorted({c.stance for c in claims})),
                         names=tuple(sorted({s.name for s in srcs}))))
    return tuple(out)


def _describe(g: Group) -> str:
    return (f"{g.key} [{', '.join(g.names)}] side {g.side}, {g.kind}, grade {g.grade}, "
            f"{len(g.claim_ids)} claim(s)")


def credibility(incident: Incident, sources: Mapping[str, Source] | None = None) -> Grade:
    """The credibility grade of one incident, with every reason (rules in the module doc)."""
    sources = sources or {}
    groups = groups_of(incident, sources)
    reasons = [f"{len(groups)} independent group(s) of supporting claims."]
    reasons += [f"- {_describe(g)}" for g in groups]
    sides = {g.side for g in groups if g.side != "unknown"}
    neutral_good = any(g.side == "neutral" and g.kind in _NEUTRAL_KINDS and g.grade <= "C"
                       for g in groups)
    best = min((g.grade for g in groups), default="F")
    actor = incident.actor
    if not groups:
        value, why = 6, "No claim supports the incident (only denials)."
    elif any(g.kind == "monitor" and "observation" in g.stances and g.grade <= "C"
             for g in groups):
        value, why = 1, "A reliable monitor observed it."
    elif actor and any(g.side == actor and "self_report" in g.stances and g.grade <= "D"
                       for g in groups):
        value, why = 1, f"The accused side ({actor}) reported the act itself."
    elif best == "F":
        value, why = 6, "Only sources that cannot be judged (grade F) support it."
    elif best == "E":
        value, why = 5, "Only unreliable sources (grade E) support it."
    elif len(groups) >= 2 and len(sides) >= 2 and neutral_good:
        value, why = 2, ("Independent sources from more than one side agree, one of them a "
                         "reliable neutral source.")
    elif len(groups) >= 2 and len(sides) >= 2:
        value, why = 3, "Independent sources from more than one side agree."
    elif neutral_good:
        value, why = 3, "A reliable neutral source reports it."
    else:
        side = next(iter(sides), "an unknown side")
        value, why = 4, f"Only one side's word ({side})."
    reasons.append(f"Grade {value} ({LABELS[value]}): {why}")
    allegations = [c for c in incident.claims if c.stance == "allegation"]
    denials = [c for c in incident.claims if c.stance == "denial"]
    disputed = bool(allegations and denials)
    if disputed:
        who = sorted({c.alleged_by or _source(incident, sources, c.source_id).party
                      or c.source_id for c in denials})
        reasons.append(f"Disputed: denied by {', '.join(who)}.")
        if value == 3 and not neutral_good:
            value = 4
            reasons.append("Disputed and no reliable neutral source: lowered to 4 (doubtful).")
    actors = sorted({c.actor for c in incident.claims if c.stance in _SUPPORT and c.actor})
    if len(actors) >= 2 and value < 3:
        value = 3
        reasons.append(f"Conflict: sources name different actors ({', '.join(actors)}); "
                       "no better than 3.")
    unknown = sorted({c.source_id for c in incident.claims
                      if _source(incident, sources, c.source_id).kind == "unknown"})
    if unknown:
        reasons.append(f"Unregistered source(s), graded F until reviewed: {', '.join(unknown)}.")
    return Grade(value=value, disputed=disputed, reasons=tuple(reasons), groups=groups)


def grade(incidents: Iterable[Incident], sources: Mapping[str, Source] | None = None
          ) -> tuple[Incident, ...]:
    """Grade every incident: set ``credibility`` and ``disputed`` and add a ``grade {…}``
    note with the reasons (an earlier grade note is replaced, so grading is idempotent)."""
    out = []
    for inc in incidents:
        g = credibility(inc, sources)
        note = "grade " + json.dumps({"credibility": g.value, "label": g.label,
                                      "disputed": g.disputed, "reasons": list(g.reasons)},
                                     ensure_ascii=False, sort_keys=True)
        notes = (*(n for n in inc.notes if not n.startswith("grade {")), note)
        out.append(replace(inc, credibility=g.value, disputed=g.disputed, notes=notes))
    return tuple(out)


def grade_reasons(incident: Incident) -> tuple[str, ...]:
    """The reasons stored by :func:`grade` in the incident's notes (empty if ungraded)."""
    for n in incident.notes:
        if n.startswith("grade {"):
            return tuple(json.loads(n[len("grade "):])["reasons"])
    return ()
