"""``explain``: a finding in words. It prints only what the finding already carries."""

from __future__ import annotations

from truceline.domain import Finding

_MARK = {"pass": "PASS", "fail": "FAIL", "undecided": "OPEN"}


def explain_lines(f: Finding) -> list[str]:
    """Every test, reason, piece of evidence and policy of a finding, as lines of text.

    Examples
    --------
    >>> from truceline.domain import Finding, Test
    >>> f = Finding(id="f-1", incident_id="i-1", agreement_id="a", clause_id="c",
    ...             verdict="possible", tests=(Test(name="window", outcome="undecided",
    ...             detail="d"),), reasons=("r",), evidence=())
    >>> explain_lines(f)[0]
    'Finding f-1: POSSIBLE'
    """
    out = [f"Finding {f.id}: {f.verdict.upper()}",
           f"  agreement {f.agreement_id}, clause {f.clause_id}; incident {f.incident_id}; "
           f"review status {f.status}",
           f"  accused: {f.accused or 'not stated'}; act: {f.event_type} on {f.target_type}; "
           f"where: {f.place_name or 'unknown'}"
           + (f" (lon {f.lon:.4f}, lat {f.lat:.4f})" if f.lon is not None else ""),
           "", "Reasons:"]
    out += [f"  - {r}" for r in f.reasons]
    out += ["", "Tests:"]
    for t in f.tests:
        out.append(f"  [{_MARK[t.outcome]}] {t.name}: {t.detail}")
    out += ["", f"Evidence ({len(f.evidence)} claim{'s' if len(f.evidence) != 1 else ''}):"]
    for e in f.evidence:
        side = f", party {e.source_party}" if e.source_party else ""
        out.append(f"  - {e.source_name} ({e.source_kind}{side}): {e.stance}"
                   f"{' by ' + e.alleged_by if e.alleged_by else ''}"
                   f"{', accusing ' + e.actor if e.actor else ''}")
        if e.quote:
            out.append(f"      \u201c{e.quote}\u201d")
        out.append(f"      claim {e.claim_id}, report sha256 {e.report_id}"
                   + (f", from {e.origin}" if e.origin else ""))
    out += ["", "Policies:"]
    out += [f"  {k}: {v}" for k, v in f.policies]
    out += ["", f"Ruled by Truceline {f.truceline_version} on agreement file sha256 "
            f"{f.agreement_sha256 or 'unknown'}."]
    return out
