"""Every number a figure shows is written in the reader's digits (issue 25, point 1).

Persian writes ۰-۹; Arabic (its base locale) and our other languages write 0-9. Plotly
writes its own tick labels and hover values with 0-9 whatever the page's language, so
the builders name every tick and write every rank, score and count themselves. These
tests build each figure (Insights, the projector's steps and the exports share one
builder per figure) in Persian, on canvases whose own texts hold no 0-9, and look for
0-9 in everything a user can read: titles, tick labels, bar and bubble texts,
annotations, legend names and hover boxes. A user's own text keeps its digits.
"""

from __future__ import annotations

import re

import pytest
from evidence_helpers import build as build_canvas

from canvas.figures import FIGURES, alt_text, build, build_comparison
from canvas.figures.assumptions import assumptions_map
from canvas.figures.room_summary import build_room_summary
from canvas.figures.vote import build_vote
from canvas.fileformat.templates import list_templates, load_template
from canvas.i18n import Translator
from canvas.room.summary import Group

FA, EN, AR = Translator("fa"), Translator("en"), Translator("ar")
ASCII_DIGIT = re.compile(r"[0-9]")
#: Markup and Plotly's placeholders are not read: "<br>", "&lt;", "%{x}".
MARKUP = re.compile(r"<[^>]*>|&#?\w+;|%\{[^}]*\}")
#: Properties whose strings a reader sees (not ids, metas or customdata).
SHOWN = {"text", "hovertext", "hovertemplate", "texttemplate", "ticktext", "name"}
#: Plotly's hoverinfo flags that make it write a value itself.
VALUE_FLAGS = {"x", "y", "z", "percent", "value", "all"}


def _strings(node, key=""):
    if isinstance(node, dict):
        for name, value in node.items():
            if name not in ("customdata", "meta", "uid"):
                yield from _strings(value, name)
    elif isinstance(node, list | tuple):
        for value in node:
            yield from _strings(value, key)
    elif isinstance(node, str) and key in SHOWN:
        yield MARKUP.sub("", node)


def shown_texts(fig) -> list[str]:
    """What a reader can read in ``fig``, and a marker for every number Plotly would
    write itself (an axis showing tick labels it was not given, a hover of values)."""
    data = fig.to_plotly_json()
    texts = list(_strings(data))
    for name, axis in data["layout"].items():
        if (name.startswith(("xaxis", "yaxis")) and axis.get("visible", True)
                and axis.get("showticklabels", True) and axis.get("type") != "category"
                and "ticktext" not in axis):
            texts.append(f"{name}: Plotly's own ticks 0 1 2")
    for trace in data["data"]:
        flags = set(str(trace.get("hoverinfo", "text")).split("+"))
        if flags & VALUE_FLAGS and trace.get("hovertemplate") is None:
            texts.append(f"{trace.get('type')}: Plotly's own hover value 0 1 2")
    return texts


def latin_digits(fig) -> list[str]:
    return [text for text in shown_texts(fig) if ASCII_DIGIT.search(text)]


def crowded(language: str):
    """More items than a chart has rows and a map cell has bubbles, scored and linked,
    with evidence: every note, "+N" marker and key a figure can draw."""
    words = {"fa": "مشتری", "en": "Customer", "ar": "زبون"}[language]
    jobs = [(f"j{n}", f"{words} {'ا' * (n % 7 + 1)} کار", n % 5 + 1, "assumption",
             {"frequency": n % 5 + 1}) for n in range(1, 40)]
    pains = [(f"p{n}", f"{words} درد {'ب' * (n % 5 + 1)}", 5, ("validated", "assumption",
              "invalidated")[n % 3], {"frequency": None if n % 4 == 0 else n % 5 + 1})
             for n in range(1, 30)]
    gains = [(f"g{n}", f"{words} سود {'پ' * n}", n % 5 + 1, "assumption")
             for n in range(1, 12)]
    relievers = [(f"r{n}", f"{words} راه {'ت' * n}", [f"p{n}", f"p{n + 1}"]) for n in range(1, 6)]
    creators = [(f"c{n}", f"{words} ساز {'ث' * n}", [f"g{n}"]) for n in range(1, 4)]
    return build_canvas(jobs, pains, gains, relievers, creators, language=language,
                        title=f"{words} بوم")


def every_figure(t: Translator, canvas, others):
    """(name, figure) for each figure as Insights, the projector and the exports build it."""
    for name in FIGURES:
        for presentation in (False, True):
            yield f"{name}/{presentation}", build(name, canvas, t, presentation=presentation)
    yield "diagram/page", build("diagram", canvas, t, presentation=True, window=(1, 6))
    yield "compare", build_comparison([canvas, *others], t)
    yield "compare/projector", build_comparison([canvas, *others], t, presentation=True)
    yield "map", assumptions_map(canvas, t)
    yield "map/projector", assumptions_map(canvas, t, presentation=True)
    entries = [(text, 12 - n) for n, text in enumerate(
        item.text for item in canvas.pains[:14])]
    yield "vote", build_vote(entries, t, section="pains", title="رأی", subtitle="بوم",
                             presentation=True)
    yield "vote/few", build_vote(entries[:3], t, section="gains", title="رأی", subtitle="بوم")
    groups = [Group(item.text, 14 - n, (item.text,)) for n, item in enumerate(canvas.pains)]
    yield "room", build_room_summary(groups, groups[:3], 15, t, presentation=True)


def _templates(language: str):
    return [load_template(info.slug, language) for info in list_templates(language)]


@pytest.mark.parametrize("canvas_kind", ["template", "crowded"])
def test_every_number_in_every_figure_is_written_in_persian_digits(canvas_kind):
    templates = _templates("fa")
    canvas = templates[0] if canvas_kind == "template" else crowded("fa")
    own = [canvas.title, canvas.segment.name, *(item.text for section in (
        "jobs", "pains", "gains", "products", "pain_relievers", "gain_creators")
        for item in canvas.section(section))]
    assert not any(ASCII_DIGIT.search(text) for text in own)
    found = {name: latin_digits(fig)[:3] for name, fig in every_figure(FA, canvas,
                                                                       templates[1:3])}
    assert {name: texts for name, texts in found.items() if texts} == {}


def test_the_same_figures_keep_latin_digits_in_english_and_arabic():
    for t in (EN, AR):
        templates = _templates(t.language)
        for name, fig in every_figure(t, crowded(t.language), templates[:2]):
            texts = shown_texts(fig)
            assert latin_digits(fig), name
            assert not any(re.search("[۰-۹٠-٩]", text) for text in texts), name


def test_the_persian_figures_name_their_ticks_and_write_numbers_in_their_texts():
    canvas = _templates("fa")[0]
    ranking = build("ranking_pains", canvas, FA)
    assert ranking.layout.xaxis.ticktext == ("۱", "۲", "۳", "۴", "۵")
    assert all(label.lstrip("\u2067\u2068")[:1] in "۱۲۳۴۵۶۷۸۹"
               for label in ranking.layout.yaxis.categoryarray)
    assert "شدت: ۵" in "".join(ranking.data[0].hovertext)
    mix = build("mix_kinds", canvas, FA)
    assert mix.layout.xaxis.ticktext[:3] == ("۰", "۱", "۲")
    vote = build_vote([("الف", 3), ("ب", 1)], FA, section="pains", title="", subtitle="")
    assert vote.data[0].hoverinfo == "text" and vote.data[0].hovertext[0].endswith("۳")
    assert alt_text("mix_status", canvas, FA) and not ASCII_DIGIT.search(
        alt_text("mix_status", canvas, FA))


def test_a_users_own_digits_stay_as_typed():
    # "قیمت 20 یورو برای Wi-Fi": the note's "20" is the user's, the rank before it ours.
    note = "قیمت 20 یورو برای Wi\u2011Fi"
    canvas = build_canvas(pains=[("p1", note, 4, "assumption")], language="fa")
    fig = build("ranking_pains", canvas, FA)
    label = fig.layout.yaxis.categoryarray[0]
    assert "۱." in label and "20" in label and "۲۰" not in label
    assert "20" in fig.data[0].hovertext[0] and "شدت: ۴" in fig.data[0].hovertext[0]


def test_numbers_and_count_ticks():
    from canvas.figures.labels import count_ticks, number  # new: kept out of the rest

    assert number(FA, 12) == "۱۲" and number(AR, 12) == "12" and number(EN, 1234) == "1,234"
    assert count_ticks(EN, 3)["tickvals"] == [0, 1, 2, 3]
    assert count_ticks(EN, 17) == {"tickvals": [0, 5, 10, 15], "ticktext": ["0", "5", "10",
                                                                           "15"]}
    assert count_ticks(FA, 90)["ticktext"] == ["۰", "۲۰", "۴۰", "۶۰", "۸۰"]


def test_the_texts_beside_the_figures_write_our_numbers_in_persian_digits():
    # The walk's cards (projector), the map's one-line summary (Insights): our ranks and
    # counts in ۰-۹, the user's note as typed.
    from canvas.ui.insights.assumptions_view import summary
    from canvas.ui.projector.walk_cards import numbered

    canvas = build_canvas(pains=[("p1", "قیمت 20 یورو", 4, "assumption"),
                                 ("p2", "صف", 3, "assumption")], language="fa")
    assert numbered(canvas, "pains", "fa") == ["۱. قیمت 20 یورو", "۲. صف"]
    assert numbered(canvas, "pains", "ar") == ["1. قیمت 20 یورو", "2. صف"]
    assert not ASCII_DIGIT.search(summary(FA, canvas)) and "۲" in summary(FA, canvas)
    assert "2" in summary(EN, canvas)
