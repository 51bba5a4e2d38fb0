"""Who says it and who is said to have done it: speaker, agent and stance cues."""

from __future__ import annotations

import re
from dataclasses import dataclass

from truceline.extraction._lexicon import PartyLexicon, lexicon

_TARGET_PREP = re.compile(
    r"(?:\bon|\bagainst|\bat|\bin|\binto|\bпо|\bна|\bпроти|\bпротив|\bв|\bу|\bпозиц\w*|"
    r"\bподконтрольн\w*|\bпідконтрольн\w*|\bterritory of|\bтериторі\w*|\bтерритори\w*)"
    r"\s+(?:(?-i:[a-zа-яіїєґё])\w*\s+)?$", re.IGNORECASE)

# A party named right after a region noun is where the place lies, not who acted.
_LOCATIVE_OF = re.compile(r"(?:област\w*|oblast|region|краю|края|район\w*|district)"
                          r"(?:\s+of)?\s+$", re.IGNORECASE)

# An anaphora that is itself an attribution ("according to him", "по его словам").
_SELF_ATTRIBUTING = re.compile(r"(?:по|за|according)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Mention:
    """A party named in a sentence, and where."""

    code: str
    start: int
    end: int
    speaker_only: bool = False


def mentions(text: str, parties: PartyLexicon) -> list[Mention]:
    """Party mentions in ``text``; overlapping matches keep the longest."""
    if parties.combined is not None and parties.group_codes is not None:
        groups = parties.group_codes
        raw = [Mention(groups[m.lastgroup][0], m.start(), m.end(), groups[m.lastgroup][1])
               for m in parties.combined.finditer(text) if m.lastgroup]
    else:
        raw = [Mention(c, m.start(), m.end()) for c, p in parties.aliases
               for m in p.finditer(text)]
        raw += [Mention(c, m.start(), m.end(), True) for c, p in parties.speaker
                for m in p.finditer(text)]
    raw.sort(key=lambda m: (m.start, -(m.end - m.start)))
    out: list[Mention] = []
    for m in raw:
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out


def speaker(text: str, found: list[Mention], last: str | None) -> tuple[str | None, int]:
    """The party a sentence attributes its statement to, and the end of that phrase.

    A party counts as speaker when an attribution cue comes right before it ("according
    to", "як повідомили в", "по данным", at most three words between) or a speech verb
    right before or after it ("the ministry said", "повідомив Президент"). A party
    further away from the cue is part of the statement, not its source ("according to
    the ministry, three Ukrainian drones attacked": Ukraine is not the speaker). An
    organisation noun ("the ministry") in such a place refers back to ``last``, the last
    named speaker. A party that is the subject of a clause followed by a participle of
    speech (", saying that …", ", заявивши, що …") is the speaker of what follows it.
    """
    cues = lexicon().cues
    for m in found:
        before = text[max(0, m.start - 60):m.start]
        after = text[m.end:m.end + 60]
        if (cues["before_end"].search(before) or cues["verb_end"].search(before)
                or cues["verb_start"].search(after)):
            return m.code, m.end
    participle = cues["participial"].search(text)
    if participle is not None:  # "Ukraine has stopped evacuations, saying that Russia …"
        for m in found:
            if m.end > participle.start():
                break
            if not _TARGET_PREP.search(text[max(0, m.start - 30):m.start]):
                return m.code, participle.end()
    for m in cues["org_anaphora"].finditer(text):
        after = text[m.end():m.end() + 60]
        before = text[max(0, m.start() - 60):m.start()]
        if last and (cues["verb_start"].search(after) or cues["before_end"].search(before)
                     or _SELF_ATTRIBUTING.match(m.group())):
            return last, m.end()
    return None, -1


def agent(text: str, found: list[Mention], spoken_by: str | None, parties: PartyLexicon,
          skip_end: int) -> str | None:
    """The party said to have done it: a party mention in agent position, or "the enemy"."""
    cues = lexicon().cues
    if cues["self_markers"].search(text) and spoken_by:
        return spoken_by
    for m in found:
        if (not m.speaker_only and parties.kinds.get(m.code) != "monitor"
                and re.search(r"\b(?:by|від|со стороны|з боку)\s+$", text[max(0, m.start - 14):
                                                                       m.start], re.IGNORECASE)):
            return m.code
    enemy = parties.enemy.search(text) if spoken_by else None
    for m in found:
        if m.speaker_only or parties.kinds.get(m.code) == "monitor":
            continue
        if enemy is not None and enemy.start() < m.start:
            break  # "the enemy tried to attack …; Russian air defence shot down …"
        if m.code == spoken_by and m.end <= skip_end:
            continue
        if _TARGET_PREP.search(text[max(0, m.start - 30):m.start]):
            continue
        if _LOCATIVE_OF.search(text[max(0, m.start - 30):m.start]):
            continue  # "in the Kursk region of Russia", "в Курській області Росії"
        if re.match(r"\s*(?:positions?|позиці\w*|позици\w*|forces near)", text[m.end:m.end + 20],
                    re.IGNORECASE):
            continue
        return m.code
    if spoken_by and parties.enemy.search(text):
        others = [c for c in parties.codes
                  if c != spoken_by and parties.kinds.get(c) == "belligerent"]
        if len(others) == 1:
            return others[0]
    return None
