"""Scoring extracted incidents against a gold file (the rule of issue 3, item 6).

A predicted incident matches a gold one when (1) their dates are within one day (both
unknown also matches), (2) their places are within 25 km when both have coordinates, or
else name the same place (normalised name stems; a gold incident with no settlement
matches a prediction naming its region, or none), and (3) their event types belong to the
same family of ``EVENT_FAMILIES`` (an unspecific type, ``attack_unspecified`` or
``violation_unspecified``, is compatible with every family). Matching is one-to-one per
report with the most pairs (augmenting paths), each gold incident preferring a prediction
of the same event type, then one that names a place.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from truceline.domain import Claim
from truceline.domain.vocab import EVENT_FAMILIES, UNSPECIFIC_EVENT_TYPES
from truceline.errors import ExtractionError, Problem
from truceline.extraction._extract import extract
from truceline.extraction._output import records

_GOLD_EVENTS = (
    (r"mlrs|rocket artillery|multiple", "mlrs_strike"), (r"missile", "missile_strike"),
    (r"air strike|airstrike|aerial bomb", "air_strike"), (r"drone|uav", "drone_strike"),
    (r"artillery|shelling", "artillery_shelling"), (r"weapons in violation",
                                                    "weapons_in_violation"),
    (r"troop|reinforce|regroup", "troop_movement"), (r"assault|clash", "ground_assault"),
    (r"mine", "mine_explosion"), (r"ceasefire violation", "violation_unspecified"),
    (r"attack|strike|explosion|obstruction", "attack_unspecified"))
_GOLD_TARGETS = (("energy", "energy"), ("medical", "medical"), ("residential", "residential"),
                 ("military", "military"), ("government", "government"),
                 ("civil", "civilian_other"), ("tv", "civilian_other"))


def gold_event_type(text: str) -> str:
    """Our event type for a gold free-text event type ("rocket artillery (MLRS) strike")."""
    low = text.lower()
    return next((t for p, t in _GOLD_EVENTS if re.search(p, low)), "violation_unspecified")


def gold_target_type(text: str | None) -> str:
    """Our target type for a gold free-text target type."""
    low = (text or "").lower()
    return next((t for p, t in _GOLD_TARGETS if p in low), "unspecified")


def gold_party(text: str | None) -> str | None:
    """A party code for gold's free-text party ("Russia (Ministry of Defence)" → RU)."""
    low = (text or "").lower().strip()
    for prefix, code in (("russia", "RU"), ("ukraine", "UA"), ("osce", "OSCE")):
        if low.startswith(prefix):
            return code
    return None


def gold_stance(inc: dict[str, Any]) -> str:
    """The stance gold implies (gold has no stance field)."""
    if "self-reported" in str(inc.get("accused_party") or ""):
        return "self_report"
    if gold_party(inc.get("alleging_party")) == "OSCE":
        return "observation"
    if "denied" in str(inc.get("event_type") or ""):
        return "denial"
    return "allegation"


def _norm(text: str) -> list[str]:
    text = re.sub(r"[’'ʼ`]", "", text.lower()).replace("ё", "е")
    return [w for w in re.findall(r"\w+", text) if len(w) >= 4]


def _names_match(pred: list[str], gold: list[str]) -> bool:
    return any(p[:5] == g[:5] for p in pred for g in gold)


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _days(rec: dict[str, Any]) -> tuple[date | None, date | None]:
    first = rec.get("date_start") or rec.get("date")
    last = rec.get("date_end") or first
    f = date.fromisoformat(str(first)[:10]) if first else None
    g = date.fromisoformat(str(last)[:10]) if last else None
    return f, g


def _dates_ok(p: dict[str, Any], g: dict[str, Any]) -> bool:
    pf, pl = _days(p)
    gf, gl = _days(g)
    if pf is None and gf is None and gl is None:
        return True
    if pf is None:
        return False
    if gf is None:  # open start: anything up to the end (+1 day)
        return gl is None or pf <= gl + timedelta(days=1)
    pl, gl = pl or pf, gl or gf
    return pf <= gl + timedelta(days=1) and gf <= pl + timedelta(days=1)


def _places_ok(p: dict[str, Any], g: dict[str, Any], use_coords: bool) -> bool:
    pp = p.get("place")
    if use_coords and pp and pp.get("lat") is not None and g.get("lat") is not None:
        return _km((pp["lon"], pp["lat"]), (g["lon"], g["lat"])) <= 25.0
    gold_words = _norm(f"{g.get('place') or ''} {g.get('place_as_written') or ''}")
    if g.get("place") is None:
        gold_words += _norm(str(g.get("oblast") or ""))
        if pp is None:
            return True
    if pp is None:
        return False
    return _names_match(_norm(f"{pp.get('name', '')} {pp.get('as_written', '')}"), gold_words)


def _family_ok(pred_type: str, gold_type: str) -> bool:
    if pred_type in UNSPECIFIC_EVENT_TYPES or gold_type in UNSPECIFIC_EVENT_TYPES:
        return True
    return EVENT_FAMILIES[pred_type] == EVENT_FAMILIES[gold_type]


def _preference(p: dict[str, Any], gtype: str) -> int:
    """How well a compatible prediction fits a gold incident (higher is better): the same
    event type, then a named place over none."""
    return 2 * (p["event_type"] == gtype) + (p.get("place") is not None)


def _assign(mine: list[dict[str, Any]], golds: list[dict[str, Any]],
            use_coords: bool) -> dict[int, int]:
    """A one-to-one matching of gold incidents to predictions with the most pairs.

    Augmenting paths (Kuhn), each gold incident trying its compatible predictions best
    first (``_preference``), in gold order: the pair count is maximal, and among the
    compatible predictions a gold incident gets the best-fitting free one.
    """
    options: list[list[int]] = []
    for g in golds:
        gtype = gold_event_type(str(g.get("event_type", "")))
        ok = [k for k, p in enumerate(mine) if _dates_ok(p, g) and
              _places_ok(p, g, use_coords) and _family_ok(p["event_type"], gtype)]
        options.append(sorted(ok, key=lambda k, t=gtype: -_preference(mine[k], t)))
    owner: dict[int, int] = {}  # prediction → gold

    def augment(gi: int, seen: set[int]) -> bool:
        free = next((k for k in options[gi] if k not in owner), None)
        if free is not None:  # the best free prediction before re-assigning others
            owner[free] = gi
            return True
        for k in options[gi]:
            if k in seen:
                continue
            seen.add(k)
            if augment(owner[k], seen):  # every option is owned here (none was free)
                owner[k] = gi
                return True
        return False

    for gi in range(len(golds)):
        augment(gi, set())
    return {gi: k for k, gi in owner.items()}


@dataclass(frozen=True, kw_only=True)
class EvalResult:
    """Incident precision/recall/F1 and attribute accuracy on matched pairs."""

    predicted: int
    gold: int
    matched: int
    accuracy: dict[str, float]
    place_mode: str
    per_report: dict[str, tuple[int, int, int]] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        """Matched / predicted."""
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        """Matched / gold."""
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def evaluate_extraction(gold: str | Path, texts: str | Path, *,
                        geocoder: Callable[[Sequence[Claim]], Sequence[Claim]] | None = None,
                        undated: str = "dateline") -> EvalResult:
    """Extract from the texts named in a gold JSONL file and score the incidents.

    ``geocoder`` (e.g. ``truceline.geocoding.geocode``) adds coordinates so places match
    within 25 km; without it, places match on normalised names (``place_mode`` says which).
    """
    gold_path, folder = Path(gold), Path(texts)
    try:
        lines = gold_path.read_text(encoding="utf-8").splitlines()
        items = [json.loads(x) for x in lines if x.strip()]
    except (OSError, json.JSONDecodeError) as exc:
        raise ExtractionError(f"Cannot read gold file {gold_path}.", problems=[Problem(
            file=str(gold_path), message=str(exc), fix="pass a JSONL file, one object a line")
        ]) from exc
    paths = [folder / it["file"] for it in items]
    missing = [p for p in paths if not p.is_file()]
    if missing:
        raise ExtractionError(f"{len(missing)} text(s) named in the gold file are missing.",
                              problems=[Problem(file=str(p), message="not found",
                                                fix="pass --texts DIR holding them")
                                        for p in missing[:5]])
    result = extract(paths, undated=undated)  # type: ignore[arg-type]
    if geocoder is not None:
        result = replace(result, claims=tuple(geocoder(result.claims)))
    preds = [r for r in records(result) if r["kind"] == "incident"]
    use_coords = geocoder is not None
    n_pred = len(preds)
    n_gold = matched = 0
    hits: dict[str, list[bool]] = {k: [] for k in
                                   ("alleging_party", "accused_party", "target_type", "stance")}
    per: dict[str, tuple[int, int, int]] = {}
    for it in items:
        mine = [p for p in preds if p["report"] == it["file"]]
        golds = it.get("incidents", [])
        n_gold += len(golds)
        pairs = _assign(mine, golds, use_coords)
        for gi, pi in pairs.items():
            g, p = golds[gi], mine[pi]
            hits["alleging_party"].append(p["alleging_party"] ==
                                          gold_party(g.get("alleging_party")))
            hits["accused_party"].append(p["accused_party"] ==
                                         gold_party(g.get("accused_party")))
            hits["target_type"].append(p["target_type"] ==
                                       gold_target_type(g.get("target_type")))
            hits["stance"].append(p["stance"] == gold_stance(g))
        matched += len(pairs)
        per[it["file"]] = (len(mine), len(golds), len(pairs))
    acc = {k: (sum(v) / len(v) if v else 0.0) for k, v in hits.items()}
    return EvalResult(predicted=n_pred, gold=n_gold, matched=matched, accuracy=acc,
                      place_mode="coordinates (25 km)" if use_coords else
                      "normalised names (geocoding not available)", per_report=per)
