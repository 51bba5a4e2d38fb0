"""Storing texts: each text becomes a Report (verbatim) with the incident claims it makes.

::

    text file → textintake.read_text → extraction.extract → (geocoding.geocode) → store

Re-ingesting the same text adds nothing: a report's id is the SHA-256 of its bytes, and
the store keeps one report per id. Aggregate claims ("4,900 violations since the truce
began") are stored beside them (``aggregate_claims``) for the side-by-side headline counts.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from truceline.domain import Claim, Source
from truceline.errors import IntakeError, Problem
from truceline.extraction import extract
from truceline.storage import Store
from truceline.storage._aggregates import add_aggregates
from truceline.textintake import read_text

Progress = Callable[[int, int], None]

__all__ = ["TextIngestSummary", "ingest_texts"]


@dataclass(frozen=True, kw_only=True)
class TextIngestSummary:
    """What one text ingest did.

    ``stored``/``duplicates`` count reports; ``claims`` the incident claims stored with
    the new reports; ``aggregates`` the aggregate claims newly stored;
    ``geocoded`` whether places were resolved to coordinates.
    """

    read: int
    stored: int
    duplicates: int
    claims: int
    aggregates: int
    geocoded: bool
    per_file: tuple[tuple[str, int, bool], ...] = ()

    def lines(self) -> list[str]:
        """The summary in words."""
        out = [f"texts: read {self.read}, stored {self.stored}, duplicate {self.duplicates}; "
               f"claims stored {self.claims}"
               + ("" if self.geocoded else " (places not geocoded: geocoding unavailable)")]
        if self.aggregates:
            out.append(f"  {self.aggregates} aggregate claim(s) (headline counts) stored")
        for name, n, new in self.per_file:
            out.append(f"  {name}: {n} claim(s)" + ("" if new else " (already stored)"))
        return out


def text_geocoder(gazetteer: str | Path | None = None, frontline: str | Path | None = None
                  ) -> Callable[[Sequence[Claim]], Sequence[Claim]] | None:
    """The geocoding stage for extracted claims (``None`` when it is not installed).

    ``gazetteer`` is the user gazetteer folder (``truceline gazetteer import`` writes it;
    ``None``: ``$TRUCELINE_GAZETTEER`` or ``./workspace/gazetteer``): when it holds
    entries they are used with the bundled ones, else the bundled gazetteer alone.
    ``frontline`` is a territory-control snapshot or a folder of dated ones: the snapshot
    in force on each claim's date settles homonyms by the contact line.
    """
    try:
        from truceline.geocoding import Gazetteer, GazetteerGeocoder, geocode
        from truceline.geocoding._gazetteer import USER_FILE, default_dir
    except ImportError:  # the geocoding stage is optional
        return None
    folder = Path(gazetteer) if gazetteer is not None else default_dir()
    coder = (GazetteerGeocoder(Gazetteer.load(folder)) if (folder / USER_FILE).is_file()
             else None)
    line = None
    if frontline is not None:
        from truceline.territory import SnapshotTimeline

        line = SnapshotTimeline(frontline)
    return functools.partial(geocode, geocoder=coder, frontline=line)


def ingest_texts(store: Store, paths: Iterable[str | Path], *,
                 sources: Mapping[str, Source] | Source | str | None = None,
                 progress: Progress | None = None, gazetteer: str | Path | None = None,
                 frontline: str | Path | None = None) -> TextIngestSummary:
    """Read texts (plain, HTML or header format), extract their claims and store both.

    Parameters
    ----------
    store
        An open :class:`~truceline.storage.Store`.
    paths
        Text files.
    sources
        The source of the texts: a :class:`~truceline.domain.Source`, a source id, or a
        mapping from file name (or path) to source. A text with none gets the source
        ``text:<outlet>`` from its header's OUTLET line (kind ``unknown``, grade F), or
        ``text:unknown``.
    progress
        Called as ``progress(done, total)`` after each text.
    gazetteer, frontline
        The user gazetteer folder and territory-control snapshots for geocoding (see
        :func:`text_geocoder`).

    Raises
    ------
    IntakeError
        When a path is not a readable file (all paths are checked before anything is
        stored).
    """
    files = [Path(p) for p in paths]
    missing = [p for p in files if not p.is_file()]
    if missing:
        raise IntakeError(f"{len(missing)} text file(s) not found.", problems=[Problem(
            file=str(p), message="no such file", fix="check the path") for p in missing[:5]])
    geocode = text_geocoder(gazetteer, frontline)
    known = dict(store.sources())
    totals = {"stored": 0, "dup": 0, "claims": 0, "aggs": 0}
    per_file: list[tuple[str, int, bool]] = []
    for i, path in enumerate(files):
        data = path.read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        doc = read_text(data, name=path.name)
        src = _source_for(path, doc.outlet, sources)
        if src.id not in known:
            store.upsert_sources([src])
            known[src.id] = src
        doc = replace(doc, report=replace(doc.report, source_id=src.id))
        result = extract([doc])
        claims: Sequence[Claim] = result.claims
        if geocode is not None:
            claims = geocode(claims)
        claims = [replace(c, source_id=src.id) for c in claims]
        run = store.start_ingest(str(path), sha, "text")
        stored, dup = store.commit_batch(run.id, last_row=1, records=[(doc.report, claims)],
                                         quarantined=[], file_sha256=sha, read=1)
        store.finish_ingest(run.id)
        totals["stored"] += stored
        totals["dup"] += dup
        totals["claims"] += len(claims) if stored else 0
        # Idempotent by id, so a re-run after a crash between the two writes completes it.
        totals["aggs"] += add_aggregates(store, result.aggregates)
        per_file.append((path.name, len(claims), bool(stored)))
        if progress is not None:
            progress(i + 1, len(files))
    return TextIngestSummary(read=len(files), stored=totals["stored"],
                             duplicates=totals["dup"], claims=totals["claims"],
                             aggregates=totals["aggs"],
                             geocoded=geocode is not None, per_file=tuple(per_file))


def _source_for(path: Path, outlet: str | None,
                sources: Mapping[str, Source] | Source | str | None) -> Source:
    if isinstance(sources, Source):
        return sources
    if isinstance(sources, str):
        return Source(id=sources, name=sources)
    if sources:
        for key in (str(path), path.name):
            if key in sources:
                return sources[key]
    name = (outlet or "").strip()
    if not name or name.lower().startswith("unknown"):
        return Source(id="text:unknown", name="Texts of unknown origin")
    slug = "".join(ch if ch.isalnum() else "-" for ch in name.lower()).strip("-")[:60]
    return Source(id=f"text:{slug}", name=name, kind="unknown")
