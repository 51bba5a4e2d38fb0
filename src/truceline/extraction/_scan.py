"""A large alternation searched only where one of its alternatives can start.

The lexicons compile into alternations of hundreds of word stems, searched in every
sentence. ``re`` tries each alternative at each word start; a :class:`Scanner` finds the
positions whose first two characters some alternative can start with (from the ``re``
parser's view of each alternative) and runs there only the alternatives that can start
with that character, in their order: the same matches, a fraction of the work.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

__all__ = ["WORD_START", "Scanner", "flat_alternatives"]

WORD_START = r"(?<![\w’'ʼ-])"
"""The word-start guard of lexicon patterns (not after a letter, digit, apostrophe or
hyphen)."""

try:  # the parser of the standard ``re`` module: where an alternative can start
    from re import _constants as _C
    from re import _parser as _P
except ImportError:  # pragma: no cover - another Python: every Scanner scans plainly
    _C = _P = None  # type: ignore[assignment]

# Class escapes an alternative may start with, kept as such (one "character" of the
# alphabet that matches a whole class).
_CATEGORIES = {} if _C is None else {_C.CATEGORY_DIGIT: r"\d", _C.CATEGORY_SPACE: r"\s"}


def _structure(pattern: str) -> tuple[list[tuple[int, str, int]], bool]:
    """The characters of ``pattern`` outside classes and escapes, each with the group depth
    after it, and whether a class is left open at the end."""
    out: list[tuple[int, str, int]] = []
    depth, i, in_class = 0, 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            i += 1
            i += pattern[i:i + 1] == "^"
            i += pattern[i:i + 1] == "]"  # a "]" right after "[" or "[^" is literal
            continue
        else:
            if c in "()":
                depth += 1 if c == "(" else -1
            out.append((i, c, depth))
        i += 1
    return out, in_class


def _top_alternatives(pattern: str) -> list[str]:
    """``pattern`` split at its top-level ``|`` (not inside a group or a class)."""
    parts, start = [], 0
    for i, c, depth in _structure(pattern)[0]:
        if c == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
    return [*parts, pattern[start:]]


def flat_alternatives(pattern: str) -> list[str]:
    """Top-level alternatives, an alternative that is one whole ``(?:...)`` opened up
    (``(?:a|b)|c`` is ``a|b|c``: the same matches in the same order)."""
    out = []
    for alt in _top_alternatives(pattern):
        inner = alt[3:-1]
        if (alt.startswith("(?:") and alt.endswith(")") and not alt.endswith("\\)")
                and _balanced(inner) and len(_top_alternatives(inner)) > 1):
            out += flat_alternatives(inner)
        else:
            out.append(alt)
    return out


def _balanced(text: str) -> bool:
    """Whether the groups of ``text`` open and close within it (outside classes)."""
    chars, open_class = _structure(text)
    if open_class or any(depth < 0 for _, _, depth in chars):
        return False
    return not chars or chars[-1][2] == 0


def _escape(char: str) -> str:
    """A first character as a class member: itself, or a class escape such as ``\\d``."""
    return char if len(char) > 1 else re.escape(char)


def _first_chars(items: Any) -> tuple[frozenset[str] | None, bool]:
    """The characters a parsed pattern can start with (``None``: any) and whether it can
    match the empty string. Assertions are skipped: they consume nothing."""
    acc: set[str] = set()
    for op, av in items:
        if op is _C.LITERAL:
            return frozenset(acc | {chr(av)}), False
        if op is _C.IN:
            chars: set[str] = set()
            for kind, val in av:
                if kind is _C.LITERAL:
                    chars.add(chr(val))
                elif kind is _C.RANGE and val[1] - val[0] <= 256:
                    chars.update(map(chr, range(val[0], val[1] + 1)))
                elif kind is _C.CATEGORY and val in _CATEGORIES:
                    chars.add(_CATEGORIES[val])  # r"\d", kept as a class
                else:
                    return None, False
            return frozenset(acc | chars), False
        if op in (_C.AT, _C.ASSERT, _C.ASSERT_NOT):
            continue
        if op is _C.BRANCH:
            subs = [_first_chars(b) for b in av[1]]
        elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT, _C.POSSESSIVE_REPEAT):
            f, n = _first_chars(av[2])
            subs = [(f, n or av[0] == 0)]
        elif op is _C.SUBPATTERN:
            subs = [_first_chars(av[3])]
        elif op is _C.ATOMIC_GROUP:
            subs = [_first_chars(av)]
        else:
            return None, False
        for f, _ in subs:
            if f is None:
                return None, False
            acc |= f
        if not any(n for _, n in subs):
            return frozenset(acc), False
    return frozenset(acc), True


def _second_chars(items: Any) -> frozenset[str] | None:
    """The characters that can follow a pattern's first one when it starts with one
    plain character (or class); ``None`` when anything (or nothing) can."""
    rest = list(items)
    while rest and rest[0][0] in (_C.AT, _C.ASSERT, _C.ASSERT_NOT):
        rest.pop(0)
    if not rest or rest[0][0] not in (_C.LITERAL, _C.IN):
        return None
    second, empty = _first_chars(rest[1:])
    return None if second is None or empty else second


class Scanner:
    """A large alternation tried only at the positions where one of its alternatives can
    start, and there only with those alternatives (same matches as the plain pattern).

    ``parts`` are ``(prefix, [(group name or None, pattern), ...], suffix)``; a part's
    pattern is its alternation ``(?P<name>pattern)|...`` (``(?:alternation)suffix`` with
    a suffix, ``(alternation)suffix`` with ``capture``), inside ``prefix(?:...)`` when
    there is a prefix (zero-width: ``WORD_START``, a look-ahead); the parts are joined
    with ``|``.
    Each top-level alternative's possible first
    characters come from the ``re`` parser; a position whose character no alternative
    can start with is skipped, and at another only the alternatives that can start with
    it run, in their order (so the alternative that wins at a position is the same).
    ``finditer``/``search`` scan that way (their match objects come from a pattern with
    only the alternatives tried there: ``lastgroup``, spans and the groups that took part
    are the plain pattern's, the named groups of other alternatives are absent rather
    than ``None``); everything else is the plain pattern's.
    """

    def __init__(self, parts: list[tuple[str, list[tuple[str | None, str]], str]],
                 flags: int = re.IGNORECASE, *, capture: bool = False) -> None:
        self.regex = re.compile("|".join(_part(*part, capture) for part in parts), flags)
        self._parts = parts
        self._capture = capture
        self._flags = flags
        self._buckets: dict[str, re.Pattern[str] | None] = {}
        self._by_key: dict[frozenset[str], re.Pattern[str] | None] = {}
        self._plan: list[tuple[int, int, str, frozenset[str], frozenset[str] | None]] = []
        self._folds: dict[str, frozenset[str]] = {}
        self._pairs: dict[str, bool] = {}
        self._seconds: dict[frozenset[str], tuple[bool, frozenset[str]]] = {}
        self._cand: re.Pattern[str] | None = None
        try:
            self._prepare()
        except (re.error, AttributeError, TypeError, ValueError):
            self._cand = None  # not analysable: scan plainly

    def _prepare(self) -> None:
        if _P is None or any(not groups for _, groups, _ in self._parts):
            return
        starts: list[set[str]] = [set() for _ in self._parts]
        letters: set[str] = set()  # possible second characters
        for k, (_, groups, suffix) in enumerate(self._parts):
            for j, (_, pattern) in enumerate(groups):
                for alt in flat_alternatives(pattern):
                    if re.search(r"\\\d|\(\?P=", alt):
                        return  # a back-reference would change meaning apart
                    if re.compile(alt, self._flags).groups and (self._capture or suffix):
                        return  # the groups after it would be numbered apart
                    items = _P.parse(alt, self._flags).data
                    first, empty = _first_chars(items)
                    if first is None or empty or not first:
                        return
                    second = _second_chars(items)
                    self._plan.append((k, j, alt, first, second))
                    starts[k].update(first)
                    letters.update(second or ())
        cand = [f"{prefix}[{''.join(map(_escape, sorted(first)))}]"
                for (prefix, _, _), first in zip(self._parts, starts, strict=True)]
        self._alphabet = [(f, re.compile(_escape(f), self._flags))
                          for f in sorted(set().union(*starts) | letters)]
        self._cand = re.compile("|".join(cand), self._flags)
        for first in sorted(set().union(*starts)):  # compile the buckets now, not mid-run
            for ch in {first, first.lower(), first.upper()} if len(first) == 1 else ():
                if len(ch) == 1:
                    self._bucket(ch)

    def _fold(self, ch: str) -> frozenset[str]:
        """The characters of the alphabet that ``ch`` matches (case-insensitively)."""
        if ch not in self._folds:
            self._folds[ch] = frozenset(f for f, pat in self._alphabet if pat.fullmatch(ch))
        return self._folds[ch]

    def _pair(self, two: str) -> bool:
        """Whether some alternative can start with the one or two characters ``two``."""
        one, nxt = self._fold(two[0]), (self._fold(two[1]) if len(two) > 1 else None)
        if one not in self._seconds:
            seconds = [second for _, _, _, first, second in self._plan if first & one]
            self._seconds[one] = (None in seconds, frozenset().union(*filter(None, seconds)))
        free, allowed = self._seconds[one]
        ok = free or (nxt is not None and not allowed.isdisjoint(nxt))
        self._pairs[two] = ok
        return ok

    def _bucket(self, ch: str) -> re.Pattern[str] | None:
        key = self._fold(ch)
        if key not in self._by_key:
            chosen: dict[tuple[int, int], list[str]] = {}
            for k, j, alt, first, _ in self._plan:
                if first & key:
                    chosen.setdefault((k, j), []).append(alt)
            parts = []
            for k, (prefix, groups, suffix) in enumerate(self._parts):
                sub = [(name, "|".join(chosen[k, j])) for j, (name, _) in enumerate(groups)
                       if (k, j) in chosen]
                if sub:
                    parts.append(_part(prefix, sub, suffix, self._capture))
            self._by_key[key] = re.compile("|".join(parts), self._flags) if parts else None
        self._buckets[ch] = self._by_key[key]
        return self._by_key[key]

    def _scan(self, text: str) -> Iterator[re.Match[str]]:
        assert self._cand is not None
        after = 0
        buckets, pairs = self._buckets, self._pairs
        for c in self._cand.finditer(text):
            p = c.start()
            if p < after:
                continue
            two = text[p:p + 2]
            if not (pairs[two] if two in pairs else self._pair(two)):
                continue
            ch = two[0]
            pat = buckets[ch] if ch in buckets else self._bucket(ch)
            if pat is None:
                continue
            m = pat.match(text, p)
            if m is not None:
                after = m.end()
                yield m

    def finditer(self, text: str, *args: int) -> Iterator[re.Match[str]]:
        """As :meth:`re.Pattern.finditer` (``pos``/``endpos`` scan plainly)."""
        if self._cand is None or args:
            return self.regex.finditer(text, *args)
        return self._scan(text)

    def search(self, text: str, *args: int) -> re.Match[str] | None:
        """As :meth:`re.Pattern.search` (``pos``/``endpos`` scan plainly)."""
        if self._cand is None or args:
            return self.regex.search(text, *args)
        return next(self._scan(text), None)

    def __getattr__(self, name: str) -> Any:
        regex = self.__dict__.get("regex")
        if regex is None or name.startswith("__"):  # while unpickling: no delegation yet
            raise AttributeError(name)
        return getattr(regex, name)  # match, sub, groupindex, ...

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as its parts (Spark ships the lexicon to workers); rebuilt on load."""
        return (_rebuild, (self._parts, self._flags, self._capture))


def _rebuild(parts: list[tuple[str, list[tuple[str | None, str]], str]], flags: int,
             capture: bool) -> Scanner:
    return Scanner(parts, flags, capture=capture)


def _part(prefix: str, groups: list[tuple[str | None, str]], suffix: str = "",
          capture: bool = False) -> str:
    alts = "|".join(f"(?P<{n}>{p})" if n else p for n, p in groups)
    if capture or suffix:
        alts = f"({alts}){suffix}" if capture else f"(?:{alts}){suffix}"
    return f"{prefix}(?:{alts})" if prefix else alts
