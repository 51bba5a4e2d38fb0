"""The reports table: texts as Parquet rows, the input of :func:`~truceline.scale.extract_job`.

One row per text: ``name`` (the file name, as the single-machine ``truceline extract``
names a report), ``content`` (the verbatim bytes: a report's id is their SHA-256),
``media_type`` (``None``: guessed from the name and content) and ``source_id``
(``None``: ``unknown``). Plain pyarrow: nothing here needs Spark.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from truceline.errors import IntakeError, Problem

REPORTS_SCHEMA = pa.schema([("name", pa.string()), ("content", pa.binary()),
                            ("media_type", pa.string()), ("source_id", pa.string())])
"""Columns of a reports table (``name`` and ``content`` are required; ``content`` may also
be a string column of text)."""

TEXT_PATTERNS = ("*.txt", "*.html", "*.htm")
"""Files :func:`text_files` takes from a folder unless told otherwise."""

_CHUNK = 512  # texts per Parquet row group: bounds memory on large folders


def text_files(paths: Iterable[str | Path],
               patterns: Sequence[str] = TEXT_PATTERNS) -> list[Path]:
    """Files given, and the files in folders given that match ``patterns``, sorted by name.

    Raises
    ------
    IntakeError
        When a path does not exist, or a folder holds no matching file.
    """
    files: list[Path] = []
    problems: list[Problem] = []
    for p in (Path(x) for x in paths):
        if p.is_dir():
            found = sorted({f for pat in patterns for f in p.glob(pat) if f.is_file()})
            if not found:
                problems.append(Problem(file=str(p), message=f"no file matches "
                                        f"{', '.join(patterns)}",
                                        fix="give the folder of texts, or other --glob "
                                            "patterns"))
            files += found
        elif p.is_file():
            files.append(p)
        else:
            problems.append(Problem(file=str(p), message="no such file or folder",
                                    fix="check the path"))
    if problems:
        raise IntakeError(f"{len(problems)} path(s) give no texts.", problems=problems[:5])
    return files


def _batches(files: Sequence[Path], source_id: str | None) -> Iterator[pa.RecordBatch]:
    for i in range(0, len(files), _CHUNK):
        chunk = files[i:i + _CHUNK]
        content: list[bytes] = []
        for f in chunk:
            try:
                content.append(f.read_bytes())
            except OSError as exc:
                raise IntakeError(f"Cannot read {f}: {exc.strerror}.", problems=[Problem(
                    file=str(f), message=str(exc.strerror), fix="check the path")]) from exc
        yield pa.record_batch([pa.array([f.name for f in chunk], pa.string()),
                               pa.array(content, pa.binary()),
                               pa.nulls(len(chunk), pa.string()),
                               pa.array([source_id] * len(chunk), pa.string())],
                              schema=REPORTS_SCHEMA)


def reports_table(paths: Iterable[str | Path], *, source_id: str | None = None,
                  patterns: Sequence[str] = TEXT_PATTERNS) -> pa.Table:
    """Texts as a reports table (one row per file, files of folders included).

    Parameters
    ----------
    paths
        Text files and folders of texts.
    source_id
        The source of every text (``None``: the job gives ``unknown``, as
        ``truceline extract`` does).
    patterns
        Glob patterns of the files taken from folders.
    """
    files = text_files(paths, patterns)
    return pa.Table.from_batches(list(_batches(files, source_id)), schema=REPORTS_SCHEMA)


def write_reports(paths: Iterable[str | Path], out: str | Path, *,
                  source_id: str | None = None,
                  patterns: Sequence[str] = TEXT_PATTERNS) -> Path:
    """Write the reports table of ``paths`` to the Parquet file ``out`` (a row group per
    512 texts, so a large folder is never held in memory whole)."""
    files = text_files(paths, patterns)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with pq.ParquetWriter(out, REPORTS_SCHEMA) as writer:
        for batch in _batches(files, source_id):
            writer.write_batch(batch)
    return out
