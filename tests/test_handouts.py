"""Workshop handouts: named after the learner, in the canvas's language, never stale."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime, timedelta

import pytest
from pypdf import PdfReader

from canvas.export import handouts as handouts_module
from canvas.export.handouts import (
    Handout,
    handout_names,
    handouts_key,
    safe_part,
    zip_handouts,
)
from canvas.fileformat.models import blank_canvas
from canvas.formatting import format_ago
from canvas.i18n import translate


def _canvas(title: str, language: str = "en", revision: int = 1):
    return blank_canvas(title, language).model_copy(update={"revision": revision})


def test_safe_file_name_parts():
    assert safe_part('Олена / "Ковал*енко"', "x") == "Олена Ковал енко"
    assert safe_part("../../etc/passwd", "x") == "etc passwd"
    assert safe_part("CON", "fallback") == "fallback"
    assert safe_part(" . ", "fallback") == "fallback"
    assert len(safe_part("a" * 200, "x")) == 60


def test_names_are_learner_dash_title_and_unique():
    bakery = _canvas("Bakery")
    items = [Handout("olena", "Олена Коваленко", bakery),
             Handout("olena", "Олена Коваленко", _canvas("Bakery")),
             Handout("ben", "Ben Jones", _canvas("Bakery")),
             Handout("x", "", _canvas("<script>"))]
    assert handout_names(items) == ["Олена Коваленко - Bakery.pdf",
                                    "Олена Коваленко - Bakery (2).pdf",
                                    "Ben Jones - Bakery.pdf", "x - script.pdf"]


def test_key_changes_with_shares_and_revisions_only():
    a, b = _canvas("A"), _canvas("B")
    base = [Handout("ann", "Ann", a), Handout("ben", "Ben", b)]
    assert handouts_key(base) == handouts_key(list(reversed(base)))
    assert handouts_key(base) != handouts_key(base[:1])  # a share removed
    saved = a.model_copy(update={"revision": 2})
    assert handouts_key(base) != handouts_key([Handout("ann", "Ann", saved), base[1]])


def test_updated_ago_in_each_language():
    now = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
    when = now - timedelta(minutes=2)
    assert format_ago(when, "en", now) == "2 minutes ago"
    assert format_ago(when, "fr", now) == "il y a 2 minutes"
    assert format_ago(when, "nl", now) == "2 minuten geleden"
    assert format_ago(when, "uk", now) == "2 хвилини тому"
    assert format_ago(now + timedelta(seconds=3), "en", now) == "1 second ago"


def _pdf_text(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
                    .split())


@pytest.mark.timeout(300)
def test_zip_holds_each_report_in_its_canvas_language_and_reuses_unchanged_ones(monkeypatch):
    from canvas.export import engine
    from canvas.export import report as report_module

    if not engine.chromium_available():
        pytest.skip("the PDF report needs Chromium")
    handouts_module.clear_cache()
    started = []
    real_start = report_module.start_report

    def counting(canvas, t, deadline=None, learner=""):
        started.append((canvas.title, t.language, learner))
        return real_start(canvas, t, deadline, learner=learner)

    monkeypatch.setattr(report_module, "start_report", counting)
    uk = _canvas("Пекарня", "uk")
    en = _canvas("Bakery", "en")
    items = [Handout("olena", "Олена Коваленко", uk), Handout("ben", "Ben Jones", en)]
    data = zip_handouts(items)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.namelist() == ["Ben Jones - Bakery.pdf", "Олена Коваленко - Пекарня.pdf"]
        uk_text = _pdf_text(zf.read("Олена Коваленко - Пекарня.pdf"))
        en_report = zf.read("Ben Jones - Bakery.pdf")
        en_text = _pdf_text(en_report)
    assert translate("section.customer_profile", "uk") in uk_text
    assert translate("section.customer_profile", "en") not in uk_text
    assert "Олена Коваленко" in uk_text and translate("room.report.learner", "uk") in uk_text
    assert "Ben Jones" in en_text and "Learner" in en_text
    assert sorted(started) == [("Bakery", "en", "Ben Jones"),
                               ("Пекарня", "uk", "Олена Коваленко")]

    # Nothing changed: nothing is written again. One canvas saved: only it is.
    started.clear()
    again = zip_handouts(items)
    assert started == []
    with zipfile.ZipFile(io.BytesIO(again)) as zf:
        assert zf.read("Ben Jones - Bakery.pdf") == en_report  # the same report, reused
    saved = en.model_copy(update={"revision": 2})
    zip_handouts([items[0], Handout("ben", "Ben Jones", saved)])
    assert started == [("Bakery", "en", "Ben Jones")]


def test_changed_since_names_saved_then_shared_then_unshared_canvases():
    from canvas.export.handouts import changed_since, revisions_of

    prepared = {("lena", "c1"): 3, ("omar", "c2"): 1, ("ada", "c9"): 2}
    assert changed_since(prepared, dict(prepared)) == []
    now = {("lena", "c1"): 4, ("omar", "c2"): 1, ("zoe", "c5"): 1}
    assert changed_since(prepared, now) == [("lena", "c1"), ("zoe", "c5"), ("ada", "c9")]
    canvas = blank_canvas("Bakery").model_copy(update={"id": "c1", "revision": 7})
    assert revisions_of([Handout("lena", "Lena", canvas)]) == {("lena", "c1"): 7}
