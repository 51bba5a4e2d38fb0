from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from truceline.errors import IntakeError
from truceline.textintake import detect_language, read_text, segment_text

HTML = b"""<!doctype html><html><head><title>Strike on Kherson power plant</title>
<meta property="og:site_name" content="Example News"></head><body>
<nav><a href="/">Home</a> | <a href="/news">News</a> | Subscribe to our newsletter</nav>
<article><h1>Strike on Kherson power plant</h1>
<p>On 4 April 2025 Russian forces struck the Kherson thermal power plant with an FPV drone,
President Volodymyr Zelensky said in his evening address to the nation.</p>
<p>The plant supplies heating to a large part of the city and was damaged in the attack,
regional officials added, while repair crews worked through the night to restore power.</p>
</article><footer>Copyright 2025 Example News. All rights reserved. Cookie policy.</footer>
</body></html>"""


def _file(shared: Path, prefix: str) -> Path:
    return next((shared / "news_dev").glob(f"{prefix}_*.txt"))


def test_header_format(shared_data: Path) -> None:
    doc = read_text(_file(shared_data, "01"))
    assert doc.published == date(2025, 3, 19)
    assert doc.language == "en"
    assert doc.outlet == "The Moscow Times"
    assert doc.url and doc.url.startswith("https://www.themoscowtimes.com/")
    assert not doc.body.startswith("SOURCE_URL")
    assert doc.report.sha256 == doc.report.id and len(doc.report.id) == 64


def test_unclosed_header_is_a_located_error() -> None:
    with pytest.raises(IntakeError) as err:
        read_text(b"SOURCE_URL: x\nTITLE: y\nno separator here\n", name="bad.txt")
    assert "bad.txt:3" in str(err.value) and "---" in str(err.value)


def test_html_boilerplate_removed() -> None:
    doc = read_text(HTML, name="page.html")
    assert "Kherson thermal power plant" in doc.body
    assert "Subscribe" not in doc.body and "Cookie" not in doc.body
    assert doc.report.media_type == "text/html"


def test_language_per_segment_and_han_runs() -> None:
    assert detect_language("Вооруженные силы Украины нанесли удар по станции") == "ru"
    assert detect_language("Підрозділи Сил безпілотних систем завдали ураження") == "uk"
    segs = segment_text("Russian troops use small groups to渗透 the positions near the town.\n"
                        "当地时间8月18日,乌克兰哈尔科夫一处居民楼遭俄罗斯导弹袭击。")
    langs = [(s.language, s.text.strip()) for s in segs]
    assert ("zh", "渗透") in langs
    assert langs[0][0] == "en"
    assert langs[-1][0] == "zh"


def test_mt_leftovers_file_00(shared_data: Path) -> None:
    doc = read_text(_file(shared_data, "00"))
    joined = " ".join(doc.mt_fragments)
    for frag in ("渗透", "谈判对手", "活跃度", "Elmen多夫"):
        assert frag in joined
    assert "mt_leftovers" in doc.quality_flags
    assert any(b.startswith("Image from") for b in doc.boilerplate)
    assert "Leave a Reply" not in doc.body
