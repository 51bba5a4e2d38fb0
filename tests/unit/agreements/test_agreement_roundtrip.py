"""Property: a format-level document round-trips YAML → model → YAML → model."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from truceline.agreements import dump_agreement_yaml, parse_agreement_text
from truceline.domain.vocab import EVENT_TYPES, TARGET_TYPES, WEAPON_CLASSES

ids = st.from_regex(r"[a-z0-9][a-z0-9_-]{0,10}", fullmatch=True)
codes = st.sampled_from(["UA", "RU", "MD", "GE"])
text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=30)
stamp = st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M"))


def _subset(values):
    return st.lists(st.sampled_from(values), unique=True, max_size=3)


documents = st.fixed_dictionaries({
    "schema_version": st.just(1),
    "id": ids,
    "title": text,
    "parties": st.lists(st.fixed_dictionaries({"code": codes, "name": text}), min_size=1,
                        max_size=3),
    "windows": st.lists(st.fixed_dictionaries({
        "id": ids, "start": stamp, "timezone": st.sampled_from(["Europe/Kyiv", "UTC"]),
    }, optional={"end": stamp, "note": text}), min_size=1, max_size=2),
    "clauses": st.lists(st.fixed_dictionaries({
        "id": ids,
        "prohibits": st.fixed_dictionaries({}, optional={
            "event_types": _subset(EVENT_TYPES), "target_types": _subset(TARGET_TYPES),
            "weapon_classes": _subset(WEAPON_CLASSES)}),
        "parties": st.lists(codes, min_size=1, max_size=2),
    }, optional={"text": text, "windows": st.lists(ids, max_size=2)}), min_size=1,
        max_size=2),
}, optional={"source": text, "zones": st.lists(st.fixed_dictionaries({
    "id": ids, "geojson": st.from_regex(r"[a-z]{1,8}\.geojson", fullmatch=True)},
    optional={"buffer_km": st.floats(0.1, 500)}), max_size=2)})


@settings(max_examples=40, deadline=None)
@given(documents)
def test_roundtrip(doc):
    first = dump_agreement_yaml(doc)
    model = parse_agreement_text(first)
    assert model == doc
    assert dump_agreement_yaml(model) == first
