"""One claim per statement: merging repeats, folding regions and summaries into the
claims they qualify, and the calendar days of a claim."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from truceline.domain import Claim, Place
from truceline.domain.vocab import EVENT_FAMILIES, UNSPECIFIC_EVENT_TYPES
from truceline.extraction._places import NEW_CLAUSE, is_sector

__all__ = ["claim_days", "dedupe"]


def claim_days(claim: Claim) -> tuple[date | None, date | None]:
    """The local calendar days (first, last) of a claim's date; last is ``None`` for one day."""
    if claim.when is None:
        return None, None
    first = (claim.when.start + timedelta(hours=14)).date()
    last = (claim.when.end - timedelta(hours=12) - timedelta(days=1)).date()
    return first, (last if last != first else None)


def _key_day(c: Claim, memo: dict[int, tuple[Claim, date | None]]) -> date | None:
    """The claim's first day, worked out once per claim (claims are compared pairwise);
    the memo holds the claim itself, so an id is never reused while it is in there."""
    hit = memo.get(id(c))
    if hit is None or hit[0] is not c:
        hit = memo[id(c)] = (c, claim_days(c)[0])
    return hit[1]


def dedupe(claims: list[Claim], lang: dict[int, str | None], stated: set[int]) -> list[Claim]:
    """One claim per statement: merge repeats, drop region claims a nearby settlement
    claim makes precise, and fold a statement repeated in another language into one.

    ``lang`` is each sentence's language by index; ``stated`` are the sentences that
    give their own date: a claim whose date was only carried over from an earlier
    sentence merges with a claim of the same place and family that states its date, and
    takes that date.
    """
    out: list[Claim] = []
    days: dict[int, tuple[Claim, date | None]] = {}
    for c in claims:
        fam = EVENT_FAMILIES[c.event_type]
        merged = False
        for j, o in enumerate(out):
            op, cp = o.place, c.place
            named_same = bool(op and cp and op.name.lower() == cp.name.lower())
            one_stated = (o.index in stated) != (c.index in stated)
            same_day = _key_day(o, days) == _key_day(c, days) or (named_same and one_stated)
            same_fam = EVENT_FAMILIES[o.event_type] == fam or "attack" in (
                fam, EVENT_FAMILIES[o.event_type])
            if not (same_day and same_fam):
                continue
            if o.alleged_by and c.alleged_by and (o.alleged_by, o.actor) != (c.alleged_by,
                                                                         c.actor):
                continue  # two sides' accounts of a place are two claims, never one
            op, cp = o.place, c.place
            other_lang = lang.get(o.index) != lang.get(c.index) and "zh" in (
                lang.get(o.index), lang.get(c.index))
            same_place = (op and cp and op.name.lower() == cp.name.lower()) or (
                op is None and cp is None and not (
                    o.alleged_by and c.alleged_by and o.alleged_by != c.alleged_by))
            region_fold = (abs(o.index - c.index) <= 2 and op and cp and
                           (op.precision == 3) != (cp.precision == 3) and
                           not is_sector(op.as_written) and not is_sector(cp.as_written)
                           and _inside(op, cp, o.index == c.index, c.evidence))
            if other_lang and (op is None or cp is None) and o.target_type == c.target_type:
                keep = o if lang.get(o.index) != "zh" else c
                out[j] = replace(keep, evidence=f"{o.evidence} | {c.evidence}",
                                 confidence=min(1.0, keep.confidence + 0.05))
                merged = True
            elif same_place or region_fold:
                keep, drop = (o, c) if (op and (cp is None or op.precision <= cp.precision)) or (
                    op is None and cp is None) else (c, o)
                admin1 = keep.place.admin1 if keep.place else None
                if region_fold and drop.place and drop.place.precision == 3 and keep.place:
                    admin1 = admin1 or drop.place.name
                place = replace(keep.place, admin1=admin1) if keep.place else None
                when = keep.when
                if (keep.index not in stated and drop.index in stated) or when is None:
                    when = drop.when or when  # the statement that gives its date
                out[j] = replace(
                    keep, place=place, when=when, actor=keep.actor or drop.actor,
                    alleged_by=keep.alleged_by or drop.alleged_by,
                    weapon=keep.weapon or drop.weapon, weapon_class=keep.weapon_class or
                    drop.weapon_class, target_type=keep.target_type if keep.target_type !=
                    "unspecified" else drop.target_type, index=o.index, id="")
                merged = True
            if merged:
                break
        if not merged and out and c.place is None:
            merged = _fold_summary(out, c)
        if not merged:
            out.append(c)
    return [replace(c, index=k, id="") for k, c in enumerate(out)]


def _fold_summary(out: list[Claim], c: Claim) -> bool:
    """Fold a placeless claim into the placed claim just before it that it sums up.

    "ВСУ нанесли удар по станции «Суджа». … «киевский режим продолжил атаки на
    энергетическую инфраструктуру с применением … HIMARS»": the second sentence (no place,
    same target, the next day at most) restates the first and names its weapon. The placed
    claim keeps its place and takes the more specific event type and weapon.
    """
    o = out[-1]
    if (o.place is None or c.target_type == "unspecified" or o.target_type != c.target_type
            or not 0 < c.index - o.index <= 3):
        return False
    a, b = claim_days(o)[0], claim_days(c)[0]
    if a is not None and b is not None and abs((a - b).days) > 1:
        return False
    etype = c.event_type if o.event_type in UNSPECIFIC_EVENT_TYPES else o.event_type
    out[-1] = replace(o, event_type=etype, weapon=o.weapon or c.weapon,
                      weapon_class=o.weapon_class or c.weapon_class,
                      alleged_by=o.alleged_by or c.alleged_by, actor=o.actor or c.actor,
                      evidence=f"{o.evidence} | {c.evidence}", id="")
    return True


def _inside(a: Place, b: Place, same_sentence: bool, sentence: str = "") -> bool:
    """Whether the finer of two places may lie in the coarser (region) one.

    True when the finer place's stated region names the region, or is unknown and both
    come from one sentence (a region in another sentence is another event: "…drones shot
    down over Kyiv. … FPV drones hit targets in the Kherson region") and no new
    coordinated clause stands between them ("…в Курской области, а также атаку в районе
    Дзержинска": two events).
    """
    fine, coarse = (a, b) if a.precision < b.precision else (b, a)
    if fine.admin1 is None:
        if not same_sentence:
            return False
        i, j = sentence.find(a.as_written), sentence.find(b.as_written)
        lo, hi = sorted((i, j))
        return lo < 0 or not NEW_CLAUSE.search(sentence, lo, hi)
    return fine.admin1.lower()[:5] == coarse.name.lower()[:5]
