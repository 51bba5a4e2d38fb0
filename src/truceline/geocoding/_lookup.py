"""Finding the entries one clean name denotes: exact key, inflection, then fuzzy fallback."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from truceline.geocoding._derived import derived
from truceline.geocoding._morph import _CYRILLIC, base_forms, geo_base_forms, rule_forms, sk_bases
from truceline.geocoding._normalise import join_keys, skeleton, words

if TYPE_CHECKING:
    from truceline.geocoding._gazetteer import Entry, Gazetteer

__all__ = ["FUZZY_THRESHOLD", "Found", "find", "find_fuzzy"]

FUZZY_THRESHOLD = 90.0
_MAX_COMBOS = 64


@dataclass
class Found:
    """Entries found for a name: by current name, by former name, and how."""

    current: list[Entry] = field(default_factory=list)
    old: list[Entry] = field(default_factory=list)
    form: str = ""
    how: str = ""
    keys: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.current or self.old)


def find(gaz: Gazetteer, name: str, *, fuzzy: bool = True,
         threshold: float = FUZZY_THRESHOLD) -> Found:
    """Entries a single place name denotes.

    Parameters
    ----------
    gaz
        The gazetteer.
    name
        A clean name (``"Купʼянськом"``, ``"Kryvyi Rih"``), not a phrase.
    fuzzy
        Fall back to rapidfuzz similarity of skeletons (``fuzz.ratio`` ≥ ``threshold``).
    """
    key = skeleton(name)
    if not key:
        return Found()
    found = _find_known(gaz, name, key)
    if found or not fuzzy:
        return found
    return _fuzzy(gaz, key, threshold)


def find_fuzzy(gaz: Gazetteer, name: str, threshold: float = FUZZY_THRESHOLD) -> Found:
    """The fuzzy fallback of :func:`find` alone, for a name ``find(fuzzy=False)`` missed.

    ``find(gaz, n)`` is ``find(gaz, n, fuzzy=False) or find_fuzzy(gaz, n)``: a caller that
    has already tried the exact and inflection paths need not repeat them.
    """
    key = skeleton(name)
    return _fuzzy(gaz, key, threshold) if key else Found()


def _fuzzy(gaz: Gazetteer, key: str, threshold: float) -> Found:
    if len(key) >= 5:
        hit = gaz.fuzzy_match(key, threshold)
        if hit is not None:
            cur, old = gaz.lookup_key(hit[0])
            return Found(cur, old, hit[0], f"fuzzy match {hit[1]:.0f}%", frozenset({hit[0]}))
    return Found()


def _find_known(gaz: Gazetteer, name: str, key: str) -> Found:
    """Exact key, then inflected forms (suffix rules, then the dictionaries)."""
    cur, old = gaz.lookup_key(key)
    if cur or old:
        keys = {key}
        toks = words(name)
        # An inflected form can share a key with another place's name (Russian
        # "Луганске" and Ukrainian "Луганське"). The dictionaries are asked only when no
        # hit records the name exactly as written and a suffix rule points at a known
        # name (a cheap first pass).
        if len(toks) == 1:
            low = name.lower()
            if (_CYRILLIC.search(toks[0])  # a Latin word has no suffix-rule forms
                    and not any(low in derived(e).surface for e in cur)
                    and any(map(gaz.has_surface, rule_forms(toks[0])))):
                for form in geo_base_forms(toks[0]):
                    fkey = skeleton(form)
                    more, more_old = gaz.lookup_key(fkey)
                    if more or more_old:
                        keys.add(fkey)
                    cur = [*cur, *(e for e in more if e not in cur)]
                    old = [*old, *(e for e in more_old if e not in old)]
        return Found(cur, old, name, "exact", frozenset(keys))
    toks = words(name)
    if len(toks) == 1:  # suffix rules first: one known form settles it without dictionaries
        hits = [f for f in rule_forms(toks[0]) if gaz.has_surface(f)]
        if len(hits) == 1:
            found = _best_form(gaz, toks, [(toks[0], hits[0])])
            if found:
                return found
    # One word: every candidate form (the search is one lookup per form); several words:
    # the ten most trusted forms of each, or the combinations would run into thousands.
    width = _MAX_COMBOS if len(toks) == 1 else 10
    options = [(w, *base_forms(w)[:width]) for w in toks]
    return _best_form(gaz, toks, options)


def _best_form(gaz: Gazetteer, toks: list[str], options: list[tuple[str, ...]]) -> Found:
    """The best-scoring combination of base-form options the gazetteer knows.

    Combinations are taken in :func:`itertools.product` order, the first
    ``_MAX_COMBOS - 1`` after the name as written. The key of a combination is joined
    from the keys of its words (:func:`~truceline.geocoding._normalise.join_keys`), and a
    partial combination whose key starts no gazetteer key is dropped with everything
    that would extend it (a joined key always starts with the key of its first words).
    """
    if not any(len(o) > 1 for o in options):
        return Found()
    keyed = [tuple(map(skeleton, o)) for o in options]
    if len(keyed) == 1:  # one word: each option is a combination; no prefixes to prune
        has_key = gaz.has_key
        hits = [(j, (j,), k) for j, k in enumerate(keyed[0][:_MAX_COMBOS]) if j and has_key(k)]
    else:
        hits = _combos(gaz, keyed)
    best: tuple[tuple[int, int, int, int], Found] | None = None
    for number, choice, fkey in hits:
        combo = [o[j] for o, j in zip(options, choice, strict=True)]
        cur, old = gaz.lookup_key(fkey)
        # Prefer the town an -ськ- adjective points to, then a form that is some
        # place's main name, then the most populous match.
        sk = int(any(w.lower() in sk_bases(t) for w, t in zip(combo, toks, strict=True)))
        score = (sk, int(any(fkey in derived(e).main for e in cur)),
                 max(e.population for e in (cur or old)), 1 - number)
        if best is None or score > best[0]:
            best = (score, Found(cur, old, " ".join(combo), "inflection", frozenset({fkey})))
    return best[1] if best is not None else Found()


def _combos(gaz: Gazetteer,
            keyed: list[tuple[str, ...]]) -> list[tuple[int, tuple[int, ...], str]]:
    """(product number, option per word, key) of the combinations the gazetteer knows,
    in product order, numbers 1 to ``_MAX_COMBOS - 1``."""
    weights = [1] * len(keyed)  # the place value of each word in the product order
    for i in range(len(keyed) - 2, -1, -1):
        weights[i] = weights[i + 1] * len(keyed[i + 1])
    prefixes = gaz.key_prefixes()
    has_key = gaz.has_key
    last = len(keyed) - 1
    out: list[tuple[int, tuple[int, ...], str]] = []
    # Depth first with an explicit stack (children pushed in reverse, so popped in
    # product order): a recursive closure would make a reference cycle per call.
    stack: list[tuple[int, int, str, tuple[int, ...]]] = [(0, 0, "", ())]
    while stack:
        i, start, acc, choice = stack.pop()
        children: list[tuple[int, int, str, tuple[int, ...]]] = []
        for j, part in enumerate(keyed[i]):
            number = start + j * weights[i]
            if number >= _MAX_COMBOS:
                break
            key = join_keys([acc, part])
            if i == last:
                if number and has_key(key):
                    out.append((number, (*choice, j), key))
                continue
            if key:
                at = bisect_left(prefixes, key)
                if at == len(prefixes) or not prefixes[at].startswith(key):
                    continue
            children.append((i + 1, number, key, (*choice, j)))
        stack.extend(reversed(children))
    return out
