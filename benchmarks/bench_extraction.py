"""Benchmark: rule-based extraction vs ``dateparser.search_dates`` on ~800-word articles.

Builds 800-word articles at run time by concatenating the news_dev bodies (never stored),
then times ``truceline.extraction.extract`` (intake + extraction) and, as a baseline,
``dateparser.search_dates`` over the same texts, one core. Times are CPU seconds of this
process (``time.process_time``); other load on a 2-core machine still slows a process
down (shared caches, frequency), so the load average is printed. ``REPEAT`` (default 1)
times the extraction that many times in this process and prints the median and the best;
runs after the first reuse the caches the first filled (base forms, scan buckets), so
the figure of record is the first run, repeated as separate processes. Usage::

    .venv/bin/python benchmarks/bench_extraction.py [/path/to/shared/data] [REPEAT]
"""

from __future__ import annotations

import os
import statistics
import sys
import time
import warnings
from pathlib import Path

from truceline.extraction import extract
from truceline.textintake import read_text


def articles(folder: Path, n: int = 40, words: int = 800) -> list[bytes]:
    bodies = [read_text(p).body for p in sorted(folder.glob("*.txt"))]
    stream = " ".join(bodies).split()
    out = []
    for i in range(n):
        start = (i * 97) % max(1, len(stream) - words)
        text = " ".join(stream[start:start + words])
        out.append(f"PUBLISHED: 2025-04-21\nLANGUAGE: en\n---\n{text}\n".encode())
    return out


def main() -> None:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("../shared/data")
    repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    texts = articles(root / "news_dev")
    # sentences that make claims, so places are read and both pymorphy3 analysers load
    warm = ("PUBLISHED: 2025-04-21\n---\nОбстріл у Херсонській області. Обстрел в Курской "
            "области. Shelling in Kharkiv.\n")
    extract([read_text(texts[0], name="warm"), read_text(warm.encode(), name="warm2")])
    load = os.getloadavg()
    rates = []
    for _ in range(repeat):
        t = time.process_time()
        docs = [read_text(b, name=f"a{i}.txt") for i, b in enumerate(texts)]
        extract(docs)
        rates.append(len(texts) / (time.process_time() - t))
    ours = statistics.median(rates)
    import dateparser.search

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        dateparser.search.search_dates(texts[0].decode()[:200])
        t = time.process_time()
        for b in texts:
            dateparser.search.search_dates(b.decode(), languages=["en", "uk", "ru"])
        base = len(texts) / (time.process_time() - t)
    print(f"articles: {len(texts)} x 800 words, one process (one core); "
          f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"truceline extract: {ours:.1f} articles/s (median of {repeat}; best "
          f"{max(rates):.1f})")
    print(f"dateparser.search_dates: {base:.1f} articles/s")
    print(f"ratio (ours / dateparser): {ours / base:.2f}")


if __name__ == "__main__":
    main()
