"""Hostile and broken input: only clean, specific errors; no traceback, hang or memory blow-up.

The corpus (``corpus/``) holds small nasty files written for these tests; the large ones
(a 10 MB line, a 10 MB single-field CSV) are generated at test time. Hypothesis then
throws random bytes and structures at the agreement parser, tabular intake and text intake.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.reliability._guard import bounded

from truceline import intake, pipeline, textintake
from truceline.agreements import load_agreement, parse_agreement_text
from truceline.demo import DEMO_DATA
from truceline.errors import AgreementError, IntakeError, TrucelineError
from truceline.storage import init_workspace

CORPUS = Path(__file__).parent / "corpus"
MAPPING = str(DEMO_DATA / "incidents_2025.mapping.yaml")
HEADER = (CORPUS / "bom_utf8.csv").read_bytes()[3:].split(b"\n")[0] + b"\n"
EXAMPLES = int(os.environ.get("TRUCELINE_FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def _tabular(path: Path) -> list[object]:
    mapping = MAPPING if path.suffix == ".csv" else "generic"
    items = list(intake.read(path, mapping=mapping))
    for item in items:
        assert isinstance(item, intake.Record | intake.Quarantined)
        if isinstance(item, intake.Quarantined):
            assert item.reason  # every refusal says why
    return items


TABULAR = sorted(p.name for p in CORPUS.iterdir() if p.suffix in (".csv", ".jsonl", ".geojson"))
TEXTS = sorted(p.name for p in CORPUS.iterdir() if p.name.startswith("text_"))
YAMLS = sorted(p.name for p in CORPUS.glob("*.yaml"))


@pytest.mark.parametrize("name", TABULAR)
def test_tabular_corpus(name: str, tried) -> None:  # type: ignore[no-untyped-def]
    tried()
    with bounded(20, 128):
        try:
            _tabular(CORPUS / name)
        except IntakeError as exc:
            assert "fix" in str(exc).lower()  # says what to do


def test_tabular_corpus_values() -> None:
    """What the nasty rows become: quarantined with a reason, or read correctly."""
    nan = _tabular(CORPUS / "nan_coords.csv")
    assert sum(isinstance(i, intake.Quarantined) for i in nan) >= 4
    for rec in (i for i in nan if isinstance(i, intake.Record)):
        for c in rec.claims:
            if c.place and c.place.lon is not None:
                assert -180 <= c.place.lon <= 180 and -90 <= c.place.lat <= 90
    cp = [i for i in _tabular(CORPUS / "cp1251.csv") if isinstance(i, intake.Record)]
    assert cp and "Херсон" in cp[0].report.content.decode("utf-8", "replace") + str(cp[0].claims)
    assert len([i for i in _tabular(CORPUS / "utf16le_bom.csv")
                if isinstance(i, intake.Record)]) == 2
    tz = _tabular(CORPUS / "bad_timezones.csv")
    bad = [i for i in tz if isinstance(i, intake.Quarantined)]
    assert len(bad) >= 3 and all("zone" in q.reason.lower() or "tz" in q.reason.lower()
                                 or "time" in q.reason.lower() for q in bad)


def test_ingest_corpus_into_a_store(tmp_path: Path, tried) -> None:  # type: ignore[no-untyped-def]
    """Everything the intake reads lands in the store or in quarantine; nothing is lost."""
    store = init_workspace(tmp_path / "ws")
    with store, bounded(60, 256):
        for name in TABULAR:
            tried()
            try:
                s = pipeline.ingest(store, CORPUS / name,
                                    mapping=MAPPING if name.endswith(".csv") else "generic")
            except IntakeError:
                continue
            assert s.read == s.stored + s.duplicates + s.quarantined
        ok, _, msg = store.verify_audit()
        assert ok, msg


def test_ten_megabyte_line(tmp_path: Path, tried) -> None:  # type: ignore[no-untyped-def]
    big = tmp_path / "long_line.csv"
    with big.open("wb") as f:
        f.write(HEADER)
        f.write(b"x-1,2025-04-19,Europe/Kyiv,Kherson,,UA,32.6,46.6,1,drone_strike,energy,,,RU,"
                b"ua-gs,allegation,UA,\"" + b"A" * (10 * 2**20) + b"\",\n")
        f.write(b"B" * (10 * 2**20) + b"\n")
    tried(2)
    with bounded(30, 400, trace=False):
        items = _tabular(big)
    assert items and all(len(getattr(i, "raw", "")) <= 2**20 for i in items)
    text = tmp_path / "text_long.txt"
    text.write_bytes(b"Shelling near Kharkiv. " + b"x" * (10 * 2**20))
    tried()
    with bounded(60, 600, trace=False):
        try:
            textintake.read_text(text)
        except IntakeError:
            pass


@pytest.mark.parametrize("name", TEXTS)
def test_text_corpus(name: str, tried) -> None:  # type: ignore[no-untyped-def]
    tried()
    with bounded(20, 256):
        try:
            doc = textintake.read_text(CORPUS / name)
        except IntakeError as exc:
            assert str(exc)
            return
    assert doc.report.content == (CORPUS / name).read_bytes()  # stored verbatim


@pytest.mark.parametrize("name", YAMLS)
def test_agreement_corpus(name: str, tried) -> None:  # type: ignore[no-untyped-def]
    tried()
    with bounded(10, 64):
        with pytest.raises(AgreementError) as info:
            load_agreement(CORPUS / name)
    assert info.value.problems, "an agreement error names its problems"
    for p in info.value.problems:
        assert p.file and p.message


@FUZZ
@given(st.text(max_size=400))
def test_fuzz_agreement_text(tried, text: str) -> None:  # type: ignore[no-untyped-def]
    tried()
    try:
        parse_agreement_text(text, file="fuzz.yaml")
    except AgreementError:
        pass


_yamlish = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["id", "title", "windows", "clauses", "zones", "parties", "start",
                         "end", "timezone", "code", "kind", "file", "schema_version",
                         "target_types", "zone", "x"]), inner, max_size=5),
    max_leaves=20)


@FUZZ
@given(_yamlish)
def test_fuzz_agreement_structures(tmp_path_factory, tried, doc) -> None:  # type: ignore[no-untyped-def]
    import yaml

    tried()
    path = tmp_path_factory.mktemp("fz") / "a.yaml"
    path.write_text(yaml.safe_dump({"schema_version": 1, **(doc if isinstance(doc, dict)
                                                            else {"id": doc})}))
    try:
        load_agreement(path)
    except AgreementError:
        pass


_cell = st.one_of(st.text(max_size=12), st.sampled_from(
    ["NaN", "inf", "-0", "1e999", "2100-12-31", "1900-01-01", "Europe/Atlantis", "\x00",
     "\ufeff", "..", "../../etc", "=1+1", '"', "\r\n", "32.6,46.6", "9" * 40]))


@FUZZ
@given(st.lists(st.lists(_cell, min_size=0, max_size=22), min_size=1, max_size=6))
def test_fuzz_tabular_rows(tmp_path_factory, tried, rows) -> None:  # type: ignore[no-untyped-def]
    import csv
    import io

    tried()
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    path = tmp_path_factory.mktemp("fz") / "rows.csv"
    path.write_bytes(HEADER + out.getvalue().encode("utf-8", "surrogatepass"))
    try:
        _tabular(path)
    except IntakeError:
        pass


@FUZZ
@given(st.binary(max_size=600), st.sampled_from([".csv", ".jsonl", ".geojson"]))
def test_fuzz_tabular_bytes(tmp_path_factory, tried, data: bytes, suffix: str) -> None:  # type: ignore[no-untyped-def]
    tried()
    path = tmp_path_factory.mktemp("fz") / f"bytes{suffix}"
    path.write_bytes((HEADER if suffix == ".csv" else b"") + data)
    try:
        _tabular(path)
    except IntakeError:
        pass


@FUZZ
@given(st.binary(max_size=800) | st.text(max_size=300).map(lambda t: t.encode("utf-8",
                                                                                "surrogatepass")))
def test_fuzz_text_intake(tried, data: bytes) -> None:  # type: ignore[no-untyped-def]
    tried()
    try:
        doc = textintake.read_text(data, name="fuzz.txt")
    except IntakeError:
        return
    assert doc.report.content == data


def test_only_our_errors_escape(tmp_path: Path) -> None:
    """A sanity check of the harness: foreign exceptions would fail the tests above."""
    assert issubclass(IntakeError, TrucelineError) and issubclass(AgreementError,
                                                                  TrucelineError)
