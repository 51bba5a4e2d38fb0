"""Lexicons: the YAML data files compiled into regular expressions, loaded once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from truceline.errors import ExtractionError, Problem
from truceline.extraction._scan import WORD_START, Scanner

_HAN = re.compile(r"[\u4e00-\u9fff]")


_START = WORD_START


def rx(pattern: str) -> re.Pattern[str]:
    """Compile a lexicon pattern to match at a word start, case-insensitively.

    Han-script patterns (Chinese has no word spaces) match anywhere.
    """
    if _HAN.search(pattern):
        return re.compile(pattern, re.IGNORECASE)
    return re.compile(rf"{_START}(?:{pattern})", re.IGNORECASE)


def scan(pattern: str, suffix: str = "") -> Scanner:
    """``rx(f"(?:{pattern}){suffix}")`` (``rx(pattern)`` without a suffix) as a
    :class:`Scanner`, for large alternations searched in every sentence."""
    prefix = "" if _HAN.search(pattern + suffix) else WORD_START
    return Scanner([(prefix, [(None, pattern)], suffix)])


def _entry(patterns: list[str]) -> tuple[str, str]:
    """A table entry's patterns split into (word-start part, Han-script part)."""
    word = "|".join(p for p in patterns if not _HAN.search(p))
    han = "|".join(p for p in patterns if _HAN.search(p))
    return word, han


def _entry_rx(patterns: list[str]) -> re.Pattern[str]:
    word, han = _entry(patterns)
    parts = ([rf"{_START}(?:{word})"] if word else []) + ([han] if han else [])
    return re.compile("|".join(parts), re.IGNORECASE)


def _load(name: str) -> dict[str, Any]:
    text = resources.files("truceline.extraction").joinpath(f"data/{name}").read_text(
        encoding="utf-8")
    return yaml.safe_load(text)


@dataclass(frozen=True)
class PartyLexicon:
    """Party codes with their alias patterns; ``speaker`` patterns count only as speakers."""

    codes: tuple[str, ...]
    kinds: dict[str, str]
    names: dict[str, str]
    aliases: tuple[tuple[str, re.Pattern[str]], ...]
    speaker: tuple[tuple[str, re.Pattern[str]], ...]
    enemy: re.Pattern[str]
    combined: re.Pattern[str] | None = None
    group_codes: dict[str, tuple[str, bool]] | None = None

    def monitors(self) -> frozenset[str]:
        """Codes of monitor parties."""
        return frozenset(c for c, k in self.kinds.items() if k == "monitor")


def load_parties(extra: str | Path | None = None) -> PartyLexicon:
    """The party lexicon shipped with Truceline, extended by a user YAML file.

    The user file has the same shape as ``extraction/data/parties.yaml``; its aliases are
    added to a party's own, and new codes are added as new parties.

    Raises
    ------
    ExtractionError
        When the user file cannot be read or does not follow the format.
    """
    return _load_parties(str(extra) if extra else None)


@lru_cache(maxsize=8)
def _load_parties(extra: str | None) -> PartyLexicon:
    data = _load("parties.yaml")
    parties: dict[str, dict[str, Any]] = {k: dict(v) for k, v in data["parties"].items()}
    enemy = list(data.get("enemy", []))
    if extra:
        try:
            user = yaml.safe_load(Path(extra).read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise ExtractionError(f"Cannot read party lexicon {extra}.", problems=[Problem(
                file=extra, message=str(exc), fix="pass a readable YAML file")]) from exc
        if not isinstance(user.get("parties"), dict):
            raise ExtractionError(f"Party lexicon {extra} has no 'parties' mapping.",
                                  problems=[Problem(file=extra, path="parties",
                                                    message="missing or not a mapping",
                                                    fix="write 'parties: {CODE: {aliases: "
                                                        "[...]}}'")])
        for code, spec in user["parties"].items():
            base = parties.setdefault(str(code), {"name": str(code), "kind": "belligerent",
                                                  "aliases": [], "speaker_only": []})
            for key in ("aliases", "speaker_only"):
                base[key] = [*base.get(key, []), *(spec or {}).get(key, [])]
            for key in ("name", "kind"):
                if (spec or {}).get(key):
                    base[key] = spec[key]
        enemy += list(user.get("enemy", []))
    try:
        aliases = tuple((c, rx(p)) for c, v in parties.items() for p in v.get("aliases", []))
        speaker = tuple((c, rx(p)) for c, v in parties.items()
                        for p in v.get("speaker_only", []))
    except re.error as exc:
        raise ExtractionError(f"Bad alias pattern in party lexicon: {exc}.", problems=[Problem(
            file=extra or "parties.yaml", message=str(exc),
            fix="fix the regular expression")]) from exc
    combined, groups = _combine(parties)
    return PartyLexicon(
        codes=tuple(parties), kinds={c: v.get("kind", "belligerent") for c, v in parties.items()},
        names={c: v.get("name", c) for c, v in parties.items()}, aliases=aliases,
        speaker=speaker, enemy=rx("|".join(enemy)), combined=combined, group_codes=groups)


def _combine(parties: dict[str, dict[str, Any]]) -> tuple[Scanner,
                                                          dict[str, tuple[str, bool]]]:
    """All aliases as one pattern (one scan per sentence), longest pattern first.

    Each alias is its own named group ``gN``; ``groups`` maps the group to
    ``(code, speaker_only)``.
    """
    items = [(p, c, False) for c, v in parties.items() for p in v.get("aliases", [])]
    items += [(p, c, True) for c, v in parties.items() for p in v.get("speaker_only", [])]
    items.sort(key=lambda it: -len(it[0]))
    groups = {f"g{i}": (c, only) for i, (_, c, only) in enumerate(items)}
    han = any(_HAN.search(p) for p, _, _ in items)
    return Scanner([("" if han else WORD_START,
                     [(f"g{i}", p) for i, (p, _, _) in enumerate(items)], "")]), groups


@dataclass(frozen=True)
class Lexicon:
    """Everything else: events, targets, weapons, dates and cue words."""

    events: tuple[tuple[str, re.Pattern[str]], ...]
    non_event: re.Pattern[str]
    targets: tuple[tuple[str, re.Pattern[str]], ...]
    weapons: tuple[tuple[str, str, re.Pattern[str]], ...]
    lang: dict[str, Any]
    cues: dict[str, re.Pattern[str]]
    event_any: re.Pattern[str] | None = None
    target_any: re.Pattern[str] | None = None
    numbers: re.Pattern[str] | None = None
    lead_events: tuple[tuple[str, re.Pattern[str]], ...] = ()
    military_types: frozenset[str] = frozenset()
    modal: re.Pattern[str] | None = None
    trend: re.Pattern[str] | None = None
    weapon_any: re.Pattern[str] = re.compile(r"(?!)")


def _any(raw: list[list[str]]) -> Scanner:
    """One pattern for a whole ordered table; group ``tN``/``hN`` is the N-th entry.

    The word-start guard is tested once per position, before any alternative.
    """
    parts = [_entry(ps) for ps in raw]
    word = [(f"t{i}", w) for i, (w, _) in enumerate(parts) if w]
    han = [(f"h{i}", h) for i, (_, h) in enumerate(parts) if h]
    return Scanner([(WORD_START, word, "")] + ([("", han, "")] if han else []))


def first_of(table: tuple[tuple[str, re.Pattern[str]], ...], combined: re.Pattern[str] | None,
             text: str) -> str | None:
    """The first entry of ``table`` (in table order) whose pattern occurs in ``text``.

    One scan with the combined pattern: at each position the earliest entry wins, so an
    entry is missed only when a later entry's match swallows its start (lexicon entries
    are word-start stems, so this does not happen in practice).
    """
    if combined is None:
        return next((name for name, pat in table if pat.search(text)), None)
    seen = [int(m.lastgroup[1:]) for m in combined.finditer(text) if m.lastgroup]
    return table[min(seen)][0] if seen else None

@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The compiled event/target/weapon/language lexicons."""
    ev = _load("events.yaml")
    lang = _load("language.yaml")
    events = tuple((t, _entry_rx(ps)) for t, ps in ev["events"].items())
    targets = tuple((t, _entry_rx(ps)) for t, ps in ev["targets"].items())
    weapons = tuple((label, spec["class"], rx("|".join(spec["patterns"])))
                    for label, spec in ev["weapons"].items())
    cues = {k: rx(lang[k]) for k in ("org_anaphora", "denial", "self_markers",
                                      "monitor_markers", "deictic", "aggregate_nouns")}
    cues["continuation"] = re.compile(rf"^\W*(?:{lang['continuation']})(?![\w’'ʼ-])",
                                      re.IGNORECASE)
    cues["participial"] = re.compile(rf",\s*(?:{lang['attribution']['participial']})"
                                     r"(?![\w’'ʼ-])", re.IGNORECASE)
    cues["verbs"] = rx("|".join(lang["attribution"]["verbs"]))
    cues["before"] = rx("|".join(lang["attribution"]["before"]))
    # Anchored forms: the cue right before a party (at most three words between), or a
    # speech verb right after it ("the Russian ministry claimed").
    verbs, before = "|".join(lang["attribution"]["verbs"]), "|".join(
        lang["attribution"]["before"])
    gap = r"(?:[\w’'().«»\"“”-]+[\s,]+){0,3}"
    cues["before_end"] = re.compile(rf"{_START}(?:{before})\s+{gap}$", re.IGNORECASE)
    # A speech verb before the party ("said the ministry", "повідомив Президент"); verbs
    # that take the accused as object ("accused Ukraine", "обвинили ВСУ") do not count.
    inverted = r"(?!accus|alleg|deni|обвин|звинуват|опроверг|спростов|спростув|назва)"
    cues["verb_end"] = re.compile(rf"{_START}{inverted}(?:{verbs})[,:]?\s+{gap}$",
                                  re.IGNORECASE)
    gap4 = r"(?:[\w’'().«»\"“”-]+[\s,]+){0,4}"
    cues["verb_start"] = re.compile(rf"^[\s,]*(?:[’']s\s+)?{gap4}(?:has\s+|have\s+|had\s+)?"
                                    rf"(?:{verbs})(?![\w’'ʼ-])", re.IGNORECASE)
    words = "|".join(re.escape(w) for table in lang["number_words"].values() for w in table)
    numbers = Scanner([(r"(?<![\w])", [(None, rf"\d{{1,3}}(?:[ ,\u00a0]\d{{3}})+|\d+|{words}")],
                        r"(?![\w])((?:\s+[\w’'-]+){0,3}?)\s+")], capture=True)
    lead = tuple((t, _entry_rx(ps)) for t, ps in (ev.get("lead_events") or {}).items())
    modal = rx("|".join(ev["modal_context"])) if ev.get("modal_context") else None
    trend = rx("|".join(ev["trend_context"])) if ev.get("trend_context") else None
    return Lexicon(events=events, non_event=rx("|".join(ev["non_event_context"])),
                   lead_events=lead, military_types=frozenset(ev.get("military_by_default")
                                                               or ()),
                   modal=modal, trend=trend,
                   weapon_any=scan("|".join(p for spec in ev["weapons"].values()
                                          for p in spec["patterns"])),
                   targets=targets, weapons=weapons, lang=lang, cues=cues,
                   event_any=_any(list(ev["events"].values())),
                   target_any=_any(list(ev["targets"].values())), numbers=numbers)
