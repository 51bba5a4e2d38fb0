"""Rules of the second error analysis (clauses, modality, trends, voices, background dates,
summary folding, best matching): each on a small made-up text, none from news_dev."""

from __future__ import annotations

from datetime import date

from truceline.extraction import claim_days, extract
from truceline.extraction._evaluate import _assign
from truceline.extraction._extract import _event_clause_places
from truceline.extraction._places import find_places
from truceline.textintake import read_text

_HEAD = "PUBLISHED: 2025-06-10\n"


def _claims(body: str, header: str = _HEAD):  # type: ignore[no-untyped-def]
    res = extract([read_text((header + "---\n" + body + "\n").encode(), name="t.txt")])
    return res.claims, res.aggregates


def test_manoeuvre_beats_its_means() -> None:
    claims, _ = _claims("On 9 June, Ukrainian officials said Russian forces are using drones and "
                        "small groups to infiltrate positions near the town of Boromlia.")
    assert [c.event_type for c in claims] == ["ground_assault"]
    assert claims[0].target_type == "military"  # an assault is about forces


def test_preparing_an_offensive_is_troop_movement() -> None:
    claims, _ = _claims("On 9 June the Ukrainian military warned that Russia was preparing a new "
                        "offensive in Sumy Oblast.")
    assert [c.event_type for c in claims] == ["troop_movement"]


def test_predictions_are_not_incidents() -> None:
    claims, _ = _claims("On 9 June an analyst said the Russian offensive in the village of "
                        "Boromlia will continue.")
    assert claims == ()


def test_change_in_a_count_is_an_aggregate() -> None:
    claims, aggs = _claims("З вечора 8 по вечір 9 червня Місія зафіксувала збільшення кількості "
                           "порушень режиму припинення вогню в Донецькій області.")
    assert claims == ()
    assert len(aggs) == 1 and aggs[0].count is None


def test_places_of_a_clause_without_event_are_dropped() -> None:
    claims, _ = _claims("On 9 June the Mission continued monitoring in the areas of Kozacha, "
                        "Boromlia and Vilne and recorded ceasefire violations near Vilne.")
    assert [c.place.name for c in claims if c.place] == ["Vilne"]


def test_list_of_directions_stays_one_clause() -> None:
    text = "Три бойові зіткнення на Покровському напрямку та на Лиманському напрямку."
    places = find_places(text, "uk")
    assert len(places) == 2
    # "та на ..." continues the list: no clause cut, so both directions keep the event
    assert _event_clause_places(text, places) == places


def test_background_long_before_the_report_is_not_news() -> None:
    claims, _ = _claims("On 2 February Russian drones struck the village of Kozacha. On 9 June "
                        "Russian drones struck the village of Vilne.")
    assert [c.place.name for c in claims if c.place] == ["Vilne"]


def test_region_across_a_conjunction_does_not_qualify() -> None:
    places = find_places("Alerts continued in Kyiv, and drones hit targets in the Kherson "
                         "region.", "en")
    kyiv = next(p for p in places if p.name == "Kyiv")
    assert kyiv.admin1 is None
    assert any(p.name == "Kherson" and p.precision == 3 for p in places)


def test_hyphenated_region_keeps_both_parts() -> None:
    places = find_places("В Івано-Франківській області зникло світло.", "uk")
    assert [p.name for p in places] == ["Івано-Франківська область"]


def test_undated_headline_takes_the_date_of_the_same_statement() -> None:
    body = ("ВСУ атаковали нефтебазу «Заря»\n\nВСУ атаковали нефтебазу «Заря». Как сообщили "
            "9 июня в Минобороны, объект поврежден.")
    claims, _ = _claims(body)
    assert len(claims) == 1
    assert claim_days(claims[0])[0] == date(2025, 6, 9)


def test_placeless_summary_folds_into_the_strike_it_restates() -> None:
    body = ("9 июня ВСУ нанесли удар по нефтеперекачивающей станции «Заря», сообщили "
            "в Минобороны.\n"
            "«В течение прошедших суток киевский режим продолжил атаки на энергетическую "
            "инфраструктуру с применением HIMARS», — говорится в сообщении.")
    claims, _ = _claims(body)
    assert len(claims) == 1
    assert claims[0].event_type == "mlrs_strike" and claims[0].weapon == "HIMARS"


def test_continuation_and_pronoun_keep_the_speaker() -> None:
    body = ("9 июня в Минобороны России сообщили об ударе по поселку Заря.\n"
            "Кроме того, в результате артобстрела поврежден объект в поселке Вилино.\n"
            "По его словам, последний удар ВКС России наносился 8 июня по соседней Каменке.")
    claims, _ = _claims(body)
    by = {c.place.name: c for c in claims if c.place}
    assert by["Вилино"].alleged_by == "RU" and by["Вилино"].actor == "UA"
    assert by["Каменка"].alleged_by == "RU" and by["Каменка"].stance == "self_report"


def test_enemy_is_said_in_the_last_belligerents_voice() -> None:
    body = ("9 июня в Минобороны России сообщили о работе ПВО.\n"
            "Противник пытался атаковать нефтебазу в поселке Заря — российские средства ПВО "
            "сбили 19 БПЛА.")
    claims, _ = _claims(body)
    assert claims[0].alleged_by == "RU" and claims[0].actor == "UA"


def test_sources_with_different_speakers_stay_apart() -> None:
    body = ("9 июня Минобороны России сообщило о массированном ударе по энергообъектам "
            "Украины.\nГлава украинского Минэнерго заявил, что атаке подверглись объекты "
            "генерации.")
    claims, _ = _claims(body)
    assert sorted(c.alleged_by or "" for c in claims) == ["RU", "UA"]


def test_best_matching_prefers_the_same_type_and_a_place() -> None:
    gold = [{"date": "2025-06-09", "place": None, "oblast": "Sumy Oblast",
             "event_type": "troop reinforcement"}]
    preds = [{"date": "2025-06-09", "place": None, "event_type": "armed_clash"},
             {"date": "2025-06-09", "place": {"name": "Sumy", "as_written": "Sumy Oblast"},
              "event_type": "troop_movement"}]
    assert _assign(preds, gold, use_coords=False) == {0: 1}


def test_matching_is_maximal() -> None:
    gold = [{"date": "2025-06-09", "place": None, "event_type": "drone strike"},
            {"date": "2025-06-09", "place": None, "event_type": "artillery shelling"}]
    preds = [{"date": "2025-06-09", "place": None, "event_type": "attack_unspecified"},
             {"date": "2025-06-09", "place": None, "event_type": "drone_strike"}]
    assert len(_assign(preds, gold, use_coords=False)) == 2
    # gold 0 fits both predictions equally and takes the first; gold 1 fits only that
    # first one: greedy leaves gold 1 unmatched, the augmenting path moves gold 0 over
    gold = [{"date": "2025-06-09", "place": None, "event_type": "incident"},
            {"date": "2025-06-09", "place": None, "event_type": "drone strike"}]
    preds = [{"date": "2025-06-09", "place": None, "event_type": "drone_strike"},
             {"date": "2025-06-09", "place": None, "event_type": "artillery_shelling"}]
    assert _assign(preds, gold, use_coords=False) == {0: 1, 1: 0}
