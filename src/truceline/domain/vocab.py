"""Controlled vocabularies: event types, target types, weapon classes.

Parties are not here: they are codes declared in data (agreements, source registry).
"""

from __future__ import annotations

EVENT_TYPES: tuple[str, ...] = (
    "missile_strike",
    "drone_strike",
    "air_strike",
    "artillery_shelling",
    "mlrs_strike",
    "ground_assault",
    "armed_clash",
    "small_arms_fire",
    "mine_explosion",
    "troop_movement",
    "weapons_in_violation",
    "attack_unspecified",
    "violation_unspecified",
)
"""Event types a claim may carry."""

EVENT_FAMILIES: dict[str, str] = {
    "missile_strike": "strike",
    "drone_strike": "strike",
    "air_strike": "strike",
    "artillery_shelling": "fire",
    "mlrs_strike": "fire",
    "ground_assault": "ground",
    "armed_clash": "ground",
    "small_arms_fire": "fire",
    "mine_explosion": "other",
    "troop_movement": "ground",
    "weapons_in_violation": "posture",
    "attack_unspecified": "attack",
    "violation_unspecified": "violation",
}
"""Coarse family of each event type, used to compare claims and to match broad clauses."""

TARGET_TYPES: tuple[str, ...] = (
    "energy",
    "residential",
    "civilian_other",
    "medical",
    "military",
    "government",
    "unspecified",
)
"""Target types a claim may carry."""

WEAPON_CLASSES: tuple[str, ...] = (
    "small_arms",
    "mortar_under_100mm",
    "mortar_100mm_plus",
    "artillery_under_100mm",
    "artillery_100mm_plus",
    "tank",
    "mlrs",
    "mlrs_heavy",
    "tactical_missile",
    "cruise_missile",
    "ballistic_missile",
    "guided_bomb",
    "drone",
    "fpv_drone",
    "aircraft",
    "unknown",
)
"""Weapon classes; ``mlrs_heavy`` is Tornado-S, Uragan and Smerch; ``tactical_missile`` Tochka-U."""

# Which prohibited event types are implied by an unspecific claim: an incident whose
# type is ``attack_unspecified`` cannot be shown to be (or not to be) a missile strike.
UNSPECIFIC_EVENT_TYPES: frozenset[str] = frozenset({"attack_unspecified", "violation_unspecified"})

STANCES: tuple[str, ...] = ("allegation", "denial", "self_report", "observation")

VERDICTS: tuple[str, ...] = ("not_applicable", "possible", "alleged", "corroborated", "confirmed")


def check_term(kind: str, value: str, allowed: tuple[str, ...]) -> str:
    """Return ``value`` if it is in ``allowed``, else raise ``ValueError`` naming the choices.

    Examples
    --------
    >>> check_term("event type", "drone_strike", EVENT_TYPES)
    'drone_strike'
    """
    if value not in allowed:
        raise ValueError(f"unknown {kind} {value!r}; choose one of: {', '.join(allowed)}")
    return value
