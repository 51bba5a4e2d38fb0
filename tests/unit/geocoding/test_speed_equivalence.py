"""The round-4 speed-ups give the same answers as the straightforward code they replace:
keys joined from word keys, pruned inflection combinations, copied places, the fuzzy pass
on its own, and the tables a loaded gazetteer prepares."""

from __future__ import annotations

import gc
import itertools
import random

import pytest

from truceline.domain import Place
from truceline.geocoding import Gazetteer, GazetteerGeocoder
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


# -- round 6: one-table skeleton, fuzzy search by length, no reference cycles -------

def _reference_skeleton(text: str) -> str:
    """The round-5 skeleton: drop, lower-case, transliterate, template back-reference."""
    import re
    import unicodedata

    from truceline.geocoding import _normalise as n

    table = str.maketrans({**n._CYR, "ł": "l", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe",
                           "đ": "d", "ı": "i"})
    s = text.translate(n._DROP).lower().translate(table)
    if n._NEEDS_NFD.search(s):
        s = unicodedata.normalize("NFD", s)
        s = n._CARON.sub(lambda m: n._CARON_MAP[m.group(1)], s)
        s = "".join(ch for ch in s if not unicodedata.combining(ch)).translate(n._BACK)
    s = re.sub(r"kh|gh|g", "h", s)
    s = n._PASS2.sub(lambda m: n._PASS2_MAP[m.group(0)], s)
    s = n._NON_KEY.sub("", s)
    return re.sub(r"(.)\1+", r"\1", s)


def test_skeleton_equals_the_reference_on_every_gazetteer_name(
        full_gazetteer: Gazetteer) -> None:
    names = {n for e in full_gazetteer.entries for n in (e.name, *e.names, *e.old_names)}
    assert len(names) > 100_000
    rng = random.Random(6)
    alphabet = "".join(WORDS) + "ЬЪьъ'’ʼ`´ĂăÇçĞğŞşŢţÖöÜüÉéÑñ -İı"
    names |= {"".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12)))
              for _ in range(20_000)}
    wrong = [n for n in names if skeleton.__wrapped__(n) != _reference_skeleton(n)]
    assert wrong == []


@pytest.mark.parametrize("threshold", [90.0, 80.0, 97.5])
def test_fuzzy_match_is_the_best_match_over_all_keys_of_the_bands(
        full_gazetteer: Gazetteer, threshold: float) -> None:
    from rapidfuzz import fuzz, process

    rng = random.Random(int(threshold))
    keys = list(full_gazetteer.keys())
    probes = []
    for k in rng.sample(keys, 300):  # keys with one letter dropped, doubled or changed
        i = rng.randrange(len(k))
        probes += [k[:i] + k[i + 1:], k[:i] + k[i] + k[i:], k[:i] + "e" + k[i + 1:], k + "ivka"]
    probes = [p for p in probes if len(p) >= 5]
    for p in probes:
        want = process.extractOne(p, full_gazetteer.fuzzy_keys(p), scorer=fuzz.ratio,
                                  score_cutoff=threshold)
        got = full_gazetteer.fuzzy_match(p, threshold)
        assert got == (None if want is None else (want[0], want[1])), p


def test_resolving_makes_no_reference_cycles(full_gazetteer: Gazetteer) -> None:
    names = ["Кривому Розі", "Новій Одесі", "Білгороді-Дністровському", "Покровському напрямку",
             "Великій Новосілці", "near Mariupol and Volnovakha", "Kupianskk", "Харкові"]
    GazetteerGeocoder(full_gazetteer).resolve_many(names)  # the dictionaries load once
    coder = GazetteerGeocoder(full_gazetteer)
    gc.collect()
    gc.disable()
    try:
        for name in names:
            coder.resolve(name)
            coder.resolve_all(name)
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_resolve_many_equals_resolve(
        full_gazetteer: Gazetteer) -> None:
    names = ["Купʼянськом", "Андріївка", "Kupyansk", "Харкові", "", "Xyzzyqq", "Купʼянськом"]
    many = GazetteerGeocoder(full_gazetteer).resolve_many(names)
    one = GazetteerGeocoder(full_gazetteer)
    assert many == [one.resolve(n) for n in names]
    assert many[0] is many[-1] and many[0].place is not None
