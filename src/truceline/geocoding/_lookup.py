"""Finding the entries one clean name denotes: exact key, inflection, then fuzzy fallback."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from truceline.geocoding._morph import base_forms, geo_base_forms, rule_forms, sk_bases
from truceline.geocoding._normalise import skeleton, words

if TYPE_CHECKING:
    from truceline.geocoding._gazetteer import Entry, Gazetteer

__all__ = ["FUZZY_THRESHOLD", "Found", "find"]

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


def _keys_list(gaz: Gazetteer, key: str) -> list[str]:
    """Keys sharing the first letter and of similar length (the fuzzy search space)."""
    cache = getattr(gaz, "_fuzzy_keys", None)
    if cache is None or cache[0] != len(gaz.entries):
        buckets: dict[tuple[str, int], list[str]] = {}
        for k in gaz.keys():
            buckets.setdefault((k[0], len(k) // 3), []).append(k)
        cache = (len(gaz.entries), buckets)
        gaz._fuzzy_keys = cache  # type: ignore[attr-defined]
    band = len(key) // 3
    return [k for b in (band - 1, band, band + 1) for k in cache[1].get((key[0], b), ())]


_SURFACE: dict[int, tuple[Entry, frozenset[str]]] = {}


def _surface(e: Entry) -> frozenset[str]:
    """An entry's names as written, lower-cased (cached per entry object)."""
    hit = _SURFACE.get(id(e))
    if hit is not None and hit[0] is e:
        return hit[1]
    names = frozenset(n.lower() for n in (e.name, *e.names))
    if len(_SURFACE) > 500_000:
        _SURFACE.clear()
    _SURFACE[id(e)] = (e, names)
    return names


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
    cur, old = gaz.lookup_key(key)
    if cur or old:
        keys = {key}
        toks = words(name)
        # An inflected form can share a key with another place's name (Russian
        # "Луганске" and Ukrainian "Луганське"). The dictionaries are asked only when no
        # hit records the name exactly as written and a suffix rule points at a known
        # name (a cheap first pass).
        if (len(toks) == 1 and not any(name.lower() in _surface(e) for e in cur)
                and any(gaz.has_surface(f) for f in rule_forms(toks[0]))):
            for form in geo_base_forms(toks[0]):
                more, more_old = gaz.lookup_key(skeleton(form))
                if more or more_old:
                    keys.add(skeleton(form))
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
    options = [(w, *base_forms(w)[:10]) for w in toks]
    found = _best_form(gaz, toks, options)
    if found:
        return found
    if fuzzy and len(key) >= 5:
        hit = process.extractOne(key, _keys_list(gaz, key), scorer=fuzz.ratio,
                                 score_cutoff=threshold)
        if hit is not None:
            cur, old = gaz.lookup_key(hit[0])
            return Found(cur, old, hit[0], f"fuzzy match {hit[1]:.0f}%", frozenset({hit[0]}))
    return Found()


def _best_form(gaz: Gazetteer, toks: list[str], options: list[tuple[str, ...]]) -> Found:
    """The best-scoring combination of base-form options the gazetteer knows."""
    if any(len(o) > 1 for o in options):
        best: tuple[tuple[int, int, int, int], Found] | None = None
        combos = itertools.islice(itertools.product(*options), 1, _MAX_COMBOS)
        for order, combo in enumerate(combos):
            form = " ".join(combo)
            fkey = skeleton(form)
            cur, old = gaz.lookup_key(fkey)
            if not (cur or old):
                continue
            # Prefer the town an -ськ- adjective points to, then a form that is some
            # place's main name, then the most populous match.
            sk = int(any(w.lower() in sk_bases(t) for w, t in zip(combo, toks, strict=True)))
            score = (sk, int(any(fkey in e.main_keys() for e in cur)),
                     max(e.population for e in (cur or old)), -order)
            if best is None or score > best[0]:
                best = (score, Found(cur, old, form, "inflection", frozenset({fkey})))
        if best is not None:
            return best[1]
    return Found()
