"""The round-4 speed-ups give the same answers as the straightforward code they replace:
keys joined from word keys, pruned inflection combinations, copied places, the fuzzy pass
on its own, and the tables a loaded gazetteer prepares."""

from __future__ import annotations

import gc
import itertools
import random

import pytest

from truceline.domain import Place
from truceline.geocoding import Gazetteer
from truceline.geocoding._derived import derived
from truceline.geocoding._gazetteer import Entry
from truceline.geocoding._lookup import _MAX_COMBOS, Found, _best_form, find, find_fuzzy
from truceline.geocoding._morph import base_forms, sk_bases
from truceline.geocoding._normalise import join_keys, skeleton, words

WORDS = ["Kryvyi", "Rih", "Кривий", "Ріг", "Нова", "Одеса", "Novo", "Oleksiivka", "Ss",
         "Купʼянськ", "Куп'янськом", "Zaporizhzhia", "Запоріжжя", "Ёлки", "Łódź", "Brăila",
         "Шевченківська", "сільська", "рада", "і", "Sh", "ch", "Kh", "h", "Ts", "Sz", "Sč",
         "Mürz", "ßtraße", "Œuvre", "İzmir", "ΑΣ", "Білгород-Дністровський", "аа", "a"]


def test_joined_keys_equal_the_key_of_the_phrase() -> None:
    rng = random.Random(4)
    for _ in range(3000):
        ws = [rng.choice(WORDS) for _ in range(rng.randint(1, 4))]
        assert join_keys([skeleton(w) for w in ws]) == skeleton(" ".join(ws)), ws


def _reference_best_form(gaz: Gazetteer, toks: list[str],
                         options: list[tuple[str, ...]]) -> Found:
    """The round-3 search: every combination, the key of the joined phrase."""
    if any(len(o) > 1 for o in options):
        best = None
        combos = itertools.islice(itertools.product(*options), 1, _MAX_COMBOS)
        for order, combo in enumerate(combos):
            form = " ".join(combo)
            fkey = skeleton(form)
            cur, old = gaz.lookup_key(fkey)
            if not (cur or old):
                continue
            sk = int(any(w.lower() in sk_bases(t) for w, t in zip(combo, toks, strict=True)))
            score = (sk, int(any(fkey in e.main_keys() for e in cur)),
                     max(e.population for e in (cur or old)), -order)
            if best is None or score > best[0]:
                best = (score, Found(cur, old, form, "inflection", frozenset({fkey})))
        if best is not None:
            return best[1]
    return Found()


@pytest.mark.parametrize("name", [
    "в Кривом Роге", "Кривому Розі", "Новій Одесі", "Весела Балка (Затишанська селищна рада)і",
    "Покровському напрямку", "Білгороді-Дністровському", "Старій Богородчанці",
    "Великій Новосілці", "Шебекинском районе", "Нової Каховки", "Кам'янському",
])
def test_pruned_inflection_search_equals_the_full_search(full_gazetteer: Gazetteer,
                                                         name: str) -> None:
    toks = words(name)
    options = [(w, *base_forms(w)[:10]) for w in toks]
    got = _best_form(full_gazetteer, toks, options)
    want = _reference_best_form(full_gazetteer, toks, options)
    assert (got.form, got.keys, [e.id for e in got.current], [e.id for e in got.old]) == (
        want.form, want.keys, [e.id for e in want.current], [e.id for e in want.old])


@pytest.mark.parametrize("name", ["Kupianskk", "Zaporizzhia", "Novopavlivkka", "Xyzzyqq",
                                  "Харкоф"])
def test_find_is_the_exact_search_or_the_fuzzy_pass(full_gazetteer: Gazetteer,
                                                   name: str) -> None:
    whole = find(full_gazetteer, name)
    split = find(full_gazetteer, name, fuzzy=False) or find_fuzzy(full_gazetteer, name)
    assert (whole.form, whole.how, [e.id for e in whole.current]) == (
        split.form, split.how, [e.id for e in split.current])


def test_copied_places_equal_constructed_places() -> None:
    e = Entry(id="t:9", name="Zoria", lat=46.9, lon=30.2, country="UA", admin1="Odesa Oblast",
              admin2="Bilhorod-Dnistrovskyi Raion")
    d = derived(e)
    first = d.place(as_written="Зоря", precision=1)
    second = d.place(as_written="Zorya", precision=2, note="n", alternatives=("a",))
    assert second == Place(name="Zoria", lon=30.2, lat=46.9, precision=2, admin1="Odesa Oblast",
                           admin2="Bilhorod-Dnistrovskyi Raion", country="UA",
                           as_written="Zorya", gazetteer_id="t:9", alternatives=("a",),
                           note="n")
    assert first.as_written == "Зоря" and first.precision == 1
    assert second.to_dict() == Place.from_dict(second.to_dict()).to_dict()
    with pytest.raises(ValueError, match="precision"):
        d.place(as_written="Zorya", precision=4)


def test_bad_coordinates_still_raise() -> None:
    e = Entry(id="t:10", name="Nowhere", lat=95.0, lon=30.2, country="UA")
    with pytest.raises(ValueError, match="out of range"):
        derived(e).place(as_written="Nowhere", precision=1)


def test_loaded_gazetteer_is_prepared_and_frozen(full_gazetteer: Gazetteer) -> None:
    keys = full_gazetteer.key_prefixes()
    assert keys == sorted(keys) and full_gazetteer.has_key(keys[0])
    assert "kupiansk" in full_gazetteer.fuzzy_keys("kupiansk")
    assert full_gazetteer.fuzzy_keys("kupiansk") is full_gazetteer.fuzzy_keys("kupiansx")
    assert gc.get_freeze_count() > 0
