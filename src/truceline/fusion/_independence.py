"""Independence: which claims of an incident trace back to one upstream statement.

Each claim gets an *upstream key*; claims with one key count as one source:

1. The evidence names who said it ("according to the Defence Ministry", "the ministry
   said", "за даними Генштабу", "по данным Минобороны") → ``PARTY:org`` (``RU:mod``); the
   party is the one the phrase names, else the claim's ``alleged_by``, else the source's.
2. Else, ``alleged_by`` differs from the source's own party (an outlet reporting a party's
   words) → ``PARTY:statement``.
3. Else a party-official source speaks for itself: ``PARTY:org`` from its registered name
   (so the ministry's own post and outlets quoting it share a key).
4. Else the source's own reporting: ``source:ID``.

Claims of different sources whose evidence texts are near-identical (a republished wire
story) are joined into one group as well. The result travels in ``Incident.notes`` as
lines ``upstream {json}`` (see :func:`upstream_notes`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence

from rapidfuzz import fuzz

from truceline.domain import Claim, Source

_WHO = r"(?P<who>[^,.;:“”\"«»]{2,60}?)"
_ATTRIBUTION = [re.compile(p, re.IGNORECASE) for p in (
    rf"\baccording to (?:the |a |an )?{_WHO}(?=[,.;:]|\s+(?:on|in|at|which|who)\b|$)",
    r"\b(?P<who>the (?:[\w’'-]+ ){0,4}?(?:ministry|military|staff|force|forces|command|"
    r"governor|administration|authorities|office|prosecutor|president|kremlin|army))"
    r"(?: also)? (?:said|says|reported|claimed|stated|added|announced|accused)",
    r"\b(?:said|reported|claimed|stated|announced) (?P<who>the (?:[\w’'-]+ ){0,4}?"
    r"(?:ministry|military|staff|force|forces|command|governor|administration|office))",
    rf"\b(?:за даними|за словами|як повідомил[аи]?|повідомил[аи]? в|заявил[аи]? в|"
    rf"повідомляє|по данным|по словам|как сообщил[аи]?|сообщил[аи]? в|заявил[аи]? в|"
    rf"сообщает) {_WHO}(?=[,.;:]|$)",
    r"(?P<who>(?:Міноборони|Минобороны|Генштаб\w*|Повітрян\w+ сил\w*|ОВА|"
    r"Міністерство оборони|Министерство обороны)\b[^,.]{0,30}?) (?:повідоми\w*|заяви\w*|"
    r"сообщи\w*|утвержда\w*)",
)]
_ORGS = [(key, re.compile(p, re.IGNORECASE)) for key, p in (
    ("mod", r"defen[cs]e ministry|ministry of defen[cs]e|\bministry\b|\bmilitary\b|"
            r"міноборони|міністерств\w* оборони|минобороны|министерств\w* обороны|\bmod\b"),
    ("genstaff", r"general staff|генштаб|генеральн\w+ штаб"),
    ("airforce", r"air force|повітрян\w+ сил|вкс|воздушно"),
    ("regional", r"governor|regional (?:military )?administration|authorities|"
                 r"губернатор|\bова\b|адміністрац|администрац|\bвлад"),
    ("president", r"president|kremlin|zelensky|peskov|президент|кремл|офіс"),
    ("prosecutor", r"prosecutor|прокуратур"),
    ("railways", r"railways|укрзалізниц"),
    ("wire:reuters", r"reuters"), ("wire:afp", r"\bafp\b"), ("wire:ap", r"associated press"),
    ("wire:tass", r"\btass\b|тасс"), ("wire:ria", r"\bria\b|риа"),
    ("wire:interfax", r"interfax|інтерфакс|интерфакс"), ("wire:ukrinform", r"ukrinform|укрінформ"),
)]
_PARTY_WORDS = {
    "RU": re.compile(r"\brussia|росі|россий|росс|\bрф\b|кремл|kremlin", re.IGNORECASE),
    "UA": re.compile(r"\bukrain|україн|украин|\bзсу\b|\bkyiv\b", re.IGNORECASE),
}
_RELAYING_KINDS = {"party_affiliated_media", "independent_media", "international_media",
                   "social", "unknown", "dataset"}
NEAR_DUPLICATE = 92.0
"""rapidfuzz ratio at which two evidence texts count as one republished text."""


def _org(text: str) -> str | None:
    for key, pat in _ORGS:
        if pat.search(text):
            return key
    return None


def _party_named(text: str) -> str | None:
    hits = [p for p, pat in _PARTY_WORDS.items() if pat.search(text)]
    return hits[0] if len(hits) == 1 else None


def attribution(text: str) -> str | None:
    """Who the evidence says made the statement, as written, or ``None``.

    Examples
    --------
    >>> attribution("According to the Defence Ministry, three drones attacked a depot.")
    'Defence Ministry'
    >>> attribution("“They attacked a facility,” the ministry said in a statement.")
    'the ministry'
    """
    for pat in _ATTRIBUTION:
        m = pat.search(text)
        if m:
            return m.group("who").strip()
    return None


def upstream_key(claim: Claim, source: Source | None) -> tuple[str, str]:
    """The upstream statement a claim traces back to, and why (rules in the module doc)."""
    src = source or Source(id=claim.source_id, name=claim.source_id)
    who = attribution(claim.evidence)
    if who:
        org = _org(who) or re.sub(r"\W+", "-", who.casefold()).strip("-")[:40]
        if org.startswith("wire:"):
            return org, f"quotes {who!r}"
        party = _party_named(who) or claim.alleged_by or src.party or "?"
        return f"{party}:{org}", f"quotes {who!r}"
    if claim.alleged_by and claim.alleged_by != src.party and src.kind in _RELAYING_KINDS:
        return (f"{claim.alleged_by}:statement",
                f"reports {claim.alleged_by}'s claim (source party {src.party or 'none'})")
    if src.kind == "party_official" and src.party:
        org = _org(src.name)
        if org:
            return f"{src.party}:{org}", f"{src.name} speaks for {src.party}:{org}"
    return f"source:{src.id}", "own reporting"


_KeyCache = dict[tuple[str, str | None, str], tuple[str, str]]


def _cached_key(c: Claim, sources: Mapping[str, Source], cache: _KeyCache | None
                ) -> tuple[str, str]:
    """:func:`upstream_key`, remembered per (evidence, alleged_by, source) in ``cache``."""
    if cache is None:
        return upstream_key(c, sources.get(c.source_id))
    k = (c.evidence, c.alleged_by, c.source_id)
    got = cache.get(k)
    if got is None:
        got = cache[k] = upstream_key(c, sources.get(c.source_id))
    return got


def independence_groups(claims: Sequence[Claim], sources: Mapping[str, Source],
                        cache: _KeyCache | None = None
                        ) -> dict[str, tuple[list[str], dict[str, str]]]:
    """``{upstream key: (claim ids, {claim id: why})}`` for the claims of one incident.

    ``cache`` (a dict shared over one run with one registry) remembers upstream keys.
    """
    keyed = sorted(claims, key=lambda c: c.id)
    keys: dict[str, str] = {}
    why: dict[str, str] = {}
    for c in keyed:
        keys[c.id], why[c.id] = _cached_key(c, sources, cache)
    # Republished texts: near-identical evidence from different sources joins groups
    # (only texts of 40+ characters take part, so only those are paired).
    texts = [c for c in keyed if len(c.evidence) >= 40]
    for i, a in enumerate(texts):
        for b in texts[i + 1:]:
            if (a.source_id != b.source_id and keys[a.id] != keys[b.id]
                    and fuzz.ratio(a.evidence, b.evidence) >= NEAR_DUPLICATE):
                old, new = sorted((keys[a.id], keys[b.id]))[::-1]
                for cid, k in keys.items():
                    if k == old:
                        keys[cid] = new
                        why[cid] += f"; republished text (same as {new})"
    out: dict[str, tuple[list[str], dict[str, str]]] = {}
    for c in keyed:
        ids, reasons = out.setdefault(keys[c.id], ([], {}))
        ids.append(c.id)
        reasons[c.id] = why[c.id]
    return out


_STR = json.encoder.encode_basestring  # a JSON string, non-ASCII kept (as ensure_ascii=False)


def _note_json(key: str, ids: list[str], why: dict[str, str]) -> str:
    """``json.dumps({"key": key, "claims": ids, "why": why}, ensure_ascii=False,
    sort_keys=True)``, written directly (the same text, without the generic encoder)."""
    return ('{"claims": [' + ", ".join(map(_STR, ids)) + '], "key": ' + _STR(key)
            + ', "why": {' + ", ".join(_STR(c) + ": " + _STR(why[c]) for c in sorted(why))
            + "}}")


def upstream_notes(claims: Sequence[Claim], sources: Mapping[str, Source],
                   cache: _KeyCache | None = None) -> tuple[str, ...]:
    """Notes ``upstream {"key": …, "claims": […], "why": {…}}``, one per group, sorted."""
    groups = independence_groups(claims, sources, cache)
    return tuple("upstream " + _note_json(k, ids, why)
                 for k, (ids, why) in sorted(groups.items()))


def read_upstream(notes: Sequence[str]) -> dict[str, str]:
    """``{claim id: upstream key}`` from incident notes written by :func:`upstream_notes`."""
    out: dict[str, str] = {}
    for n in notes:
        if n.startswith("upstream {"):
            data = json.loads(n[len("upstream "):])
            for cid in data["claims"]:
                out[cid] = data["key"]
    return out
