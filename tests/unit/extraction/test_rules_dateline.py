"""Rules of the third error analysis: the dateline bound for undated news, a participle of
speech naming the speaker, two sides' accounts kept apart, and obstructed evacuations.
Each on a small made-up text, none from news_dev."""

from __future__ import annotations

import json
from datetime import date

from click.testing import CliRunner

from truceline.cli import cli
from truceline.extraction import claim_days, extract, records
from truceline.textintake import read_text


def _claims(body: str, header: str = "PUBLISHED: 2025-06-10\n", **kw):  # type: ignore[no-untyped-def]
    doc = read_text((header + "---\n" + body + "\n").encode(), name="t.txt")
    return extract([doc], **kw).claims


_UNDATED = ("Russian forces have dropped an aerial bomb on the village of Boromlia in Sumy "
            "Oblast, the regional military administration has said.")


def test_undated_news_is_bounded_by_its_dateline() -> None:
    (c,) = _claims(_UNDATED)
    assert claim_days(c) == (date(2025, 6, 9), date(2025, 6, 10))
    assert c.when is not None and "dated_by_dateline" in c.when.flags
    assert "dateline" in c.when.as_written
    (row,) = [r for r in records(extract([read_text(
        b"PUBLISHED: 2025-06-10\n---\n" + _UNDATED.encode(), name="t.txt")]))
        if r["kind"] == "incident"]
    assert (row["date"], row["date_end"]) == ("2025-06-09", "2025-06-10")


def test_a_stated_date_is_not_replaced_by_the_dateline() -> None:
    (c,) = _claims("On 3 June " + _UNDATED[0].lower() + _UNDATED[1:])
    assert claim_days(c) == (date(2025, 6, 3), None)
    assert c.when is not None and "dated_by_dateline" not in c.when.flags


def test_no_dateline_without_a_stated_publication_day() -> None:
    (c,) = _claims(_UNDATED, header="PUBLISHED: unknown\n")
    assert c.when is None


def test_null_policy_keeps_undated_events_undated() -> None:
    (c,) = _claims(_UNDATED, undated="null")
    assert c.when is None
    (p,) = _claims(_UNDATED, undated="published")
    assert claim_days(p) == (date(2025, 6, 10), None)


def test_cli_extract_takes_the_policy(tmp_path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "t.txt"
    f.write_text("PUBLISHED: 2025-06-10\n---\n" + _UNDATED + "\n", encoding="utf-8")
    for policy, first in (("dateline", "2025-06-09"), ("null", None)):
        out = CliRunner().invoke(cli, ["extract", str(f), "--undated", policy])
        assert out.exit_code == 0, out.output
        rows = [json.loads(line) for line in out.output.splitlines()]
        assert [r["date"] for r in rows if r["kind"] == "incident"] == [first]


def test_a_participle_of_speech_names_the_speaker() -> None:
    (c,) = _claims("On 9 June Ukraine stopped the evacuation from the city of Boromlia, "
                   "saying that Russia had violated the ceasefire.")
    assert (c.alleged_by, c.actor, c.stance) == ("UA", "RU", "allegation")


def test_two_sides_accounts_of_one_place_stay_two_claims() -> None:
    claims = _claims(
        "On 9 June Ukraine stopped the evacuation from the city of Boromlia, saying that "
        "Russia had violated the ceasefire. On 9 June Russia's defence ministry said "
        "Ukrainian nationalists were preventing civilians from leaving the town of "
        "Boromlia.")
    sides = sorted((c.alleged_by, c.actor) for c in claims)
    assert sides == [("RU", "UA"), ("UA", "RU")]


def test_obstructing_an_evacuation_is_a_violation() -> None:
    (c,) = _claims("On 9 June the Russian defence ministry said Ukrainian forces were "
                   "obstructing the evacuation of the town of Boromlia.")
    assert c.event_type == "violation_unspecified" and c.place is not None
    (r,) = _claims("9 июня Минобороны России заявило, что ВСУ сорвали эвакуацию из "
                   "поселка Боромля.")
    assert r.event_type == "violation_unspecified"


def test_a_settlement_noun_governs_a_list_of_names() -> None:
    from truceline.extraction._places import find_places

    hits = find_places("Russia said two corridors were set up near the cities of Mariupol and "
                       "Volnovakha and near Ukraine's border.", "en")
    assert [h.name for h in hits] == ["Mariupol", "Volnovakha"]
    hits = find_places("Russian forces shelled the villages of Boromlia, Velyka Pysarivka and "
                       "Krasnopillia.", "en")
    assert [h.name for h in hits] == ["Boromlia", "Velyka Pysarivka", "Krasnopillia"]


def test_two_coordinated_events_keep_their_own_places() -> None:
    claims = _claims("9 июня ВСУ предприняли две попытки прорыва через границу в Курской "
                     "области, а также атаку в районе населенного пункта Дзержинск.")
    assert [c.place.name for c in claims if c.place] == ["Курская область", "Дзержинск"]
    (framed,) = _claims("On 9 June, in the Kharkiv region, Russian forces attacked the village "
                        "of Boromlia.")  # a region framing one event is not a second event
    assert framed.place is not None and framed.place.name == "Boromlia"
