"""Coverage-guided fuzzing of the parsers with atheris (libFuzzer), bounded in runs and time.

Run by ``test_atheris.py`` in a subprocess (libFuzzer owns the process: it exits when done)::

    python tests/reliability/atheris_harness.py TARGET -atheris_runs=N -max_total_time=S SEEDS

TARGET is ``agreement`` (YAML agreement text), ``tabular`` (CSV bytes through the demo
mapping) or ``text`` (any bytes as a text report). Every input must end in a result or in
one of our errors (``AgreementError`` / ``IntakeError``); anything else is a crash, which
libFuzzer saves as ``crash-<sha1>`` in the working folder and reports with exit code != 0.
On a clean run the harness prints ``atheris TARGET: N inputs, 0 crashes``.
"""

from __future__ import annotations

import atexit
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["truceline"]):
    from truceline import intake, textintake
    from truceline.agreements import load_agreement
    from truceline.demo import DEMO_DATA
    from truceline.errors import AgreementError, IntakeError

_MAPPING = intake.load_mapping(str(DEMO_DATA / "incidents_2025.mapping.yaml"))
_TMP = Path(tempfile.mkdtemp(prefix="truceline-atheris-"))
_COUNT = [0]


def _agreement(data: bytes) -> None:
    path = _TMP / "fuzz.yaml"
    path.write_bytes(data)
    try:
        load_agreement(path)
    except AgreementError:
        pass


def _tabular(data: bytes) -> None:
    path = _TMP / "fuzz.csv"
    path.write_bytes(data)
    try:
        for item in intake.read(path, mapping=_MAPPING):
            assert isinstance(item, intake.Record | intake.Quarantined)
            if isinstance(item, intake.Quarantined):
                assert item.reason, "a quarantined row without a reason"
    except IntakeError:
        pass


def _text(data: bytes) -> None:
    try:
        doc = textintake.read_text(data, name="fuzz.txt")
    except IntakeError:
        return
    assert doc.report.content == data, "the report is not stored verbatim"


TARGETS = {"agreement": _agreement, "tabular": _tabular, "text": _text}


def main() -> None:
    target = TARGETS[sys.argv[1]]

    def one(data: bytes) -> None:
        _COUNT[0] += 1
        target(data)

    atexit.register(lambda: print(f"atheris {sys.argv[1]}: {_COUNT[0]} inputs, 0 crashes",
                                  flush=True))
    atheris.Setup([sys.argv[0], *sys.argv[2:]], one)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
