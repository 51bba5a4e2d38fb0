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

_HAN = re.compile(r"[\u4e00-\u9fff]")


def rx(pattern: str) -> re.Pattern[str]:
    """Compile a lexicon pattern to match at a word start, case-insensitively."""
    if _HAN.search(pattern):
        return re.compile(pattern, re.IGNORECASE)
    return re.compile(rf"(?<![\w’'ʼ-])(?:{pattern})", re.IGNORECASE)


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
    return PartyLexicon(
        codes=tuple(parties), kinds={c: v.get("kind", "belligerent") for c, v in parties.items()},
        names={c: v.get("name", c) for c, v in parties.items()}, aliases=aliases,
        speaker=speaker, enemy=rx("|".join(enemy)))


@dataclass(frozen=True)
class Lexicon:
    """Everything else: events, targets, weapons, dates and cue words."""

    events: tuple[tuple[str, re.Pattern[str]], ...]
    non_event: re.Pattern[str]
    targets: tuple[tuple[str, re.Pattern[str]], ...]
    weapons: tuple[tuple[str, str, re.Pattern[str]], ...]
    lang: dict[str, Any]
    cues: dict[str, re.Pattern[str]]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The compiled event/target/weapon/language lexicons."""
    ev = _load("events.yaml")
    lang = _load("language.yaml")
    events = tuple((t, rx("|".join(ps))) for t, ps in ev["events"].items())
    targets = tuple((t, rx("|".join(ps))) for t, ps in ev["targets"].items())
    weapons = tuple((label, spec["class"], rx("|".join(spec["patterns"])))
                    for label, spec in ev["weapons"].items())
    cues = {k: rx(lang[k]) for k in ("org_anaphora", "denial", "self_markers",
                                      "monitor_markers", "deictic", "aggregate_nouns")}
    cues["verbs"] = rx("|".join(lang["attribution"]["verbs"]))
    cues["before"] = rx("|".join(lang["attribution"]["before"]))
    return Lexicon(events=events, non_event=rx("|".join(ev["non_event_context"])),
                   targets=targets, weapons=weapons, lang=lang, cues=cues)
