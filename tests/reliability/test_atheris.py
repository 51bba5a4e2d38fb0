"""Coverage-guided fuzzing (atheris / libFuzzer) of the agreement parser, tabular intake and
text intake: a bounded run per target, seeded with the hostile corpus, in a subprocess.

Hypothesis (test_hostile_input.py) explores structure deterministically; atheris mutates
bytes guided by the code's coverage. A crash (any exception but our own errors) fails the
test and leaves the input as ``crash-*`` in the run folder, named in the failure. More runs:
``TRUCELINE_ATHERIS_RUNS=20000 pytest tests/reliability/test_atheris.py``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

atheris = pytest.importorskip("atheris")

HARNESS = Path(__file__).parent / "atheris_harness.py"
CORPUS = Path(__file__).parent / "corpus"
RUNS = int(os.environ.get("TRUCELINE_ATHERIS_RUNS", "400"))
SEEDS = {
    "agreement": ("*.yaml",),
    "tabular": ("*.csv", "*.jsonl", "*.geojson"),
    "text": ("text_*",),
}


@pytest.mark.parametrize("target", sorted(SEEDS))
def test_atheris_finds_no_crash(target: str, tmp_path: Path, tried) -> None:  # type: ignore[no-untyped-def]
    seeds = tmp_path / "seeds"
    found = tmp_path / "found"  # libFuzzer writes new inputs to the first folder, never ours
    seeds.mkdir()
    found.mkdir()
    for pattern in SEEDS[target]:
        for f in CORPUS.glob(pattern):
            shutil.copy(f, seeds / f.name)
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    proc = subprocess.run(
        [sys.executable, str(HARNESS), target, f"-atheris_runs={RUNS}",
         "-max_total_time=120", "-rss_limit_mb=2048", "-timeout=20", "-max_len=65536",
         str(found), str(seeds)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, check=False)
    crashes = sorted(p.name for p in tmp_path.glob("crash-*")) + sorted(
        p.name for p in tmp_path.glob("timeout-*")) + sorted(p.name for p in tmp_path.glob("oom-*"))
    assert proc.returncode == 0 and not crashes, (
        f"atheris {target}: exit {proc.returncode}, saved {crashes}\n{proc.stderr[-3000:]}")
    m = re.search(rf"atheris {target}: (\d+) inputs, 0 crashes", proc.stdout)
    assert m is not None, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert int(m.group(1)) >= min(RUNS, 50)  # it really ran
    tried(int(m.group(1)))
