"""Bulk rulings: verdict codes for millions of incidents, without building Finding objects.

The same window, zone, act and party tests as :func:`~truceline.adjudication.adjudicate`,
computed on columns (NumPy arrays) instead of objects: one vectorised pass per clause, zone
membership once per distinct zone geometry. The result is a matrix of verdict codes
(incident × clause) that agrees exactly with the verdicts ``adjudicate`` gives; the tests
compare them. Use it to re-rule archives and for Spark; use ``adjudicate`` when findings
with reasons are wanted.

Test outcomes are coded ``FAIL = 0 < UNDECIDED = 1 < PASS = 2``, so a clause's outcome is
the minimum of its tests: any failure makes ``not_applicable``, any open test ``possible``,
and all passing gives the incident's evidence grade.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
import shapely

from truceline.adjudication._evidence import grade_evidence
from truceline.adjudication._grid import PointSet
from truceline.adjudication._tests import PRECISION_RADIUS_KM
from truceline.domain import Agreement, Clause, Incident, Window
from truceline.domain.vocab import UNSPECIFIC_EVENT_TYPES

FAIL, UNDECIDED, PASS = 0, 1, 2
VERDICTS: tuple[str, ...] = ("not_applicable", "possible", "alleged", "corroborated",
                             "confirmed")
"""Verdict names by code: ``VERDICTS[code]``."""
GRADES = {"alleged": 2, "corroborated": 3, "confirmed": 4}

_MEMBER_CODE = np.array([UNDECIDED, FAIL, PASS], np.int8)  # by zone membership + 1
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_NONE = -1  # code of a missing string value


def to_micros(at: datetime) -> int:
    """Microseconds since 1970-01-01 UTC (exact, unlike float seconds)."""
    delta = at - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


@dataclass(frozen=True)
class IncidentTable:
    """Incidents as columns. Strings are coded against ``vocab`` (-1 = missing).

    ``start``/``end`` are microseconds since the epoch (UTC), ``has_when`` says whether the
    incident has a time; ``lon``/``lat`` are NaN without a point; ``grade`` is the
    evidence verdict code (2 alleged, 3 corroborated, 4 confirmed).
    """

    ids: np.ndarray
    start: np.ndarray
    end: np.ndarray
    has_when: np.ndarray
    lon: np.ndarray
    lat: np.ndarray
    precision: np.ndarray
    event_type: np.ndarray
    target_type: np.ndarray
    weapon_class: np.ndarray
    actor: np.ndarray
    grade: np.ndarray
    vocab: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def from_columns(cls, *, ids: Sequence[str], start: np.ndarray, end: np.ndarray,
                     lon: np.ndarray, lat: np.ndarray, precision: np.ndarray,
                     event_type: Sequence[str | None], target_type: Sequence[str | None],
                     weapon_class: Sequence[str | None], actor: Sequence[str | None],
                     grade: np.ndarray, has_when: np.ndarray | None = None) -> IncidentTable:
        """Build from plain columns (strings may be ``None``)."""
        words: dict[str, int] = {}
        coded = [_encode(col, words) for col in (event_type, target_type, weapon_class, actor)]
        start = np.asarray(start, dtype=np.int64)
        return cls(
            ids=np.asarray(ids, dtype=object), start=start, end=np.asarray(end, dtype=np.int64),
            has_when=np.ones(len(start), bool) if has_when is None else np.asarray(has_when,
                                                                                   bool),
            lon=np.asarray(lon, dtype=float), lat=np.asarray(lat, dtype=float),
            precision=np.asarray(precision, dtype=np.int64), event_type=coded[0],
            target_type=coded[1], weapon_class=coded[2], actor=coded[3],
            grade=np.asarray(grade, dtype=np.int8), vocab=tuple(words))

    @classmethod
    def from_incidents(cls, incidents: Sequence[Incident]) -> IncidentTable:
        """Columns of domain incidents (the evidence grade computed per incident)."""
        n = len(incidents)
        start = np.zeros(n, np.int64)
        end = np.zeros(n, np.int64)
        has_when = np.zeros(n, bool)
        lon = np.full(n, np.nan)
        lat = np.full(n, np.nan)
        precision = np.ones(n, np.int64)
        for i, inc in enumerate(incidents):
            if inc.when is not None:
                start[i], end[i], has_when[i] = to_micros(inc.when.start), to_micros(
                    inc.when.end), True
            p = inc.place
            if p is not None and p.has_point:
                lon[i], lat[i], precision[i] = p.lon, p.lat, p.precision
        return cls.from_columns(
            ids=[i.id for i in incidents], start=start, end=end, has_when=has_when, lon=lon,
            lat=lat, precision=precision, event_type=[i.event_type for i in incidents],
            target_type=[i.target_type for i in incidents],
            weapon_class=[i.weapon_class for i in incidents],
            actor=[i.actor for i in incidents],
            grade=np.array([GRADES[grade_evidence(i)[0]] for i in incidents], np.int8))


def _encode(values: Sequence[str | None], words: dict[str, int]) -> np.ndarray:
    uniq, inverse = np.unique(np.array([v if v is not None else "\0" for v in values],
                                       dtype=object), return_inverse=True)
    codes = np.array([_NONE if u == "\0" else words.setdefault(u, len(words)) for u in uniq],
                     dtype=np.int32)
    return codes[inverse] if len(values) else np.zeros(0, np.int32)


@dataclass(frozen=True)
class VerdictTable:
    """Verdict codes, one row per incident, one column per ``(agreement_id, clause_id)``."""

    ids: np.ndarray
    clauses: tuple[tuple[str, str], ...]
    codes: np.ndarray

    @property
    def checks(self) -> int:
        """Incident × clause checks made."""
        return int(self.codes.size)

    def verdict(self, row: int, column: int) -> str:
        """The verdict name of one cell."""
        return VERDICTS[int(self.codes[row, column])]

    def counts(self) -> dict[str, int]:
        """How many of each verdict."""
        got = np.bincount(self.codes.ravel(), minlength=len(VERDICTS))
        return {name: int(got[c]) for c, name in enumerate(VERDICTS)}


# -- the tests, vectorised ---------------------------------------------------------------------
def _relate(t: IncidentTable, start: datetime | None, end: datetime | None) -> np.ndarray:
    after_start = np.ones(len(t), bool) if start is None else t.start >= to_micros(start)
    before_end = np.ones(len(t), bool) if end is None else t.end <= to_micros(end)
    out = np.full(len(t), UNDECIDED, np.int8)
    fail = np.zeros(len(t), bool)
    if start is not None:
        fail |= t.end <= to_micros(start)
    if end is not None:
        fail |= t.start >= to_micros(end)
    out[fail] = FAIL
    out[after_start & before_end] = PASS
    return out


def _one_window(t: IncidentTable, w: Window) -> np.ndarray:
    if not w.disputed:
        return _relate(t, w.start, w.end)
    parties = sorted({r.party for r in (*w.start_readings, *w.end_readings)})
    per_party = [_relate(t, next((r.at for r in w.start_readings if r.party == p), w.start),
                         next((r.at for r in w.end_readings if r.party == p), w.end))
                 for p in parties]
    first = per_party[0]
    agree = np.logical_and.reduce([o == first for o in per_party])
    return np.where(agree, first, UNDECIDED).astype(np.int8)


def window_codes(t: IncidentTable, clause: Clause, agreement: Agreement) -> np.ndarray:
    """The window test for every incident."""
    windows = [agreement.window(w) for w in clause.windows] if clause.windows else list(
        agreement.windows)
    results = [_one_window(t, w) for w in windows]
    if results:
        any_pass = np.logical_or.reduce([r == PASS for r in results])
        all_fail = np.logical_and.reduce([r == FAIL for r in results])
    else:
        any_pass = all_fail = np.zeros(len(t), bool)
    out = np.where(any_pass, PASS, np.where(all_fail, FAIL, UNDECIDED)).astype(np.int8)
    out[~t.has_when] = UNDECIDED
    return out


def _radius(precision: np.ndarray) -> np.ndarray:
    radius = np.full(len(precision), 100.0)
    for p in np.unique(precision):
        radius[precision == p] = PRECISION_RADIUS_KM.get(int(p), 100.0)
    return radius


def _sub(codes: np.ndarray, allowed: tuple[str, ...], unknown: set[str],
         vocab: tuple[str, ...]) -> np.ndarray:
    if not allowed:
        return np.full(len(codes), PASS, np.int8)
    table = np.array([PASS if w in allowed else UNDECIDED if w in unknown else FAIL
                      for w in vocab] + [UNDECIDED], dtype=np.int8)  # last: missing (-1)
    return table[codes]


def act_codes(t: IncidentTable, clause: Clause) -> np.ndarray:
    """The act test (event type, target type, weapon class) for every incident."""
    return np.minimum.reduce([
        _sub(t.event_type, clause.event_types, set(UNSPECIFIC_EVENT_TYPES), t.vocab),
        _sub(t.target_type, clause.target_types, {"unspecified"}, t.vocab),
        _sub(t.weapon_class, clause.weapon_classes, {"unknown"}, t.vocab),
    ])


def party_codes(t: IncidentTable, clause: Clause) -> np.ndarray:
    """The party test for every incident."""
    if not clause.parties:
        return np.full(len(t), PASS, np.int8)
    table = np.array([PASS if w in clause.parties else FAIL for w in t.vocab] + [UNDECIDED],
                     dtype=np.int8)
    return table[t.actor]


def adjudicate_table(table: IncidentTable, agreements: Sequence[Agreement]) -> VerdictTable:
    """Verdict codes for every incident × clause of every agreement.

    Examples
    --------
    >>> import numpy as np
    >>> from truceline.domain import Agreement, Clause, Window
    >>> a = Agreement(id="a", title="A", parties=(), clauses=(Clause(id="c"),),
    ...               windows=(Window(id="w", start=None, end=None, tz="UTC"),))
    >>> t = IncidentTable.from_columns(
    ...     ids=["i1"], start=[0], end=[60_000_000], lon=[30.0], lat=[50.0], precision=[1],
    ...     event_type=["drone_strike"], target_type=["energy"], weapon_class=[None],
    ...     actor=["RU"], grade=[2])
    >>> adjudicate_table(t, [a]).verdict(0, 0)
    'alleged'
    """
    columns: list[tuple[str, str]] = []
    out: list[np.ndarray] = []
    # Tests that depend on the same inputs are computed once: windows per agreement and
    # clause windows, acts and parties per clause lists, zones per geometry (WKB).
    windows: dict[tuple[int, tuple[str, ...]], np.ndarray] = {}
    acts: dict[tuple[tuple[str, ...], ...], np.ndarray] = {}
    parties: dict[tuple[str, ...], np.ndarray] = {}
    zones: dict[bytes, np.ndarray] = {}
    points: PointSet | None = None
    for n, agreement in enumerate(agreements):
        for clause in agreement.clauses:
            wkey = (n, clause.windows)
            if wkey not in windows:
                windows[wkey] = window_codes(table, clause, agreement)
            akey = (clause.event_types, clause.target_types, clause.weapon_classes)
            if akey not in acts:
                acts[akey] = act_codes(table, clause)
            if clause.parties not in parties:
                parties[clause.parties] = party_codes(table, clause)
            outcome = np.minimum(windows[wkey], acts[akey])
            np.minimum(outcome, parties[clause.parties], out=outcome)
            if clause.zone is not None:
                geom = agreement.zone(clause.zone).geometry
                key = shapely.to_wkb(geom)
                if key not in zones:
                    if points is None:
                        points = PointSet(table.lon, table.lat, _radius(table.precision))
                    # 1 in, 0 out, -1 cannot tell, as zone_membership computes it, from
                    # each zone's cached grid (truceline.adjudication._grid): O(1) per point
                    # away from the edge, GEOS only near it; the PointSet is shared by zones
                    member = points.membership(geom)
                    zones[key] = _MEMBER_CODE[member + 1]
                np.minimum(outcome, zones[key], out=outcome)
            out.append(np.where(outcome == PASS, table.grade, outcome).astype(np.int8))
            columns.append((agreement.id, clause.id))
    codes = np.stack(out, axis=1) if out else np.zeros((len(table), 0), np.int8)
    return VerdictTable(ids=table.ids, clauses=tuple(columns), codes=codes)
