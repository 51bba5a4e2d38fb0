"""The lexicon scanners find exactly what their plain patterns find (spans, winning
alternative) on real sentences, survive pickling (Spark ships them), and fall back to the
plain pattern where they cannot analyse one."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

from truceline.extraction._lexicon import lexicon, load_parties
from truceline.extraction._scan import Scanner


def _sentences(shared: Path) -> list[str]:
    out: list[str] = []
    for f in sorted((shared / "news_dev").glob("*.txt")):
        body = f.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
        out += [s for s in re.split(r"(?<=[.!?])\s+|\n+", body) if s.strip()]
    return out


def _scanners() -> dict[str, object]:
    lex = lexicon()
    return {"events": lex.event_any, "targets": lex.target_any, "numbers": lex.numbers,
            "weapons": lex.weapon_any, "parties": load_parties().combined}


def test_scanners_match_their_plain_patterns(shared_data: Path) -> None:
    sents = _sentences(shared_data)
    assert len(sents) > 300
    checked = 0
    for name, sc in _scanners().items():
        if not isinstance(sc, Scanner):
            continue
        for variant in (str.lower, str.upper, str):
            for s in map(variant, sents):
                got = [(m.span(), m.lastgroup) for m in sc.finditer(s)]
                want = [(m.span(), m.lastgroup) for m in sc.regex.finditer(s)]
                assert got == want, (name, s)
                checked += 1
    assert checked > 1000  # several scanners really ran
    active = [n for n, sc in _scanners().items() if isinstance(sc, Scanner)
              and sc._cand is not None]  # analysed, not fallen back to the plain pattern
    assert {"events", "targets", "parties"} <= set(active)


def test_scanner_pickles_and_falls_back() -> None:
    lex = lexicon()
    sc = lex.event_any
    assert isinstance(sc, Scanner)
    back = pickle.loads(pickle.dumps(sc))
    text = "Russian drones attacked the energy facility; артилерія обстріляла село"
    assert [m.span() for m in back.finditer(text)] == [m.span() for m in sc.finditer(text)]
    assert back._cand is not None  # rebuilt analysed, not fallen back
    parties = pickle.loads(pickle.dumps(load_parties()))
    assert parties.codes == load_parties().codes
    said = "Russian forces said the ЗСУ and the Armed Forces of Ukraine shelled Donetsk"
    original = load_parties().combined
    assert original is not None and parties.combined is not None
    spans = [(m.span(), m.lastgroup) for m in original.finditer(said)]
    assert spans  # the text names parties
    assert [(m.span(), m.lastgroup) for m in parties.combined.finditer(said)] == spans
    assert parties.group_codes == load_parties().group_codes
    plain = Scanner([("", [(None, r"(\w)\1")], "")])  # a back-reference: scanned plainly
    assert plain._cand is None  # really the fallback
    assert [m.group() for m in plain.finditer("aa bb cd")] == ["aa", "bb"]
