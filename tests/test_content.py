"""Content shipped with the product: vocabulary labels, guidance and template canvases."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from canvas.coaching import guidance
from canvas.fileformat import templates
from canvas.fileformat.models import (
    GAIN_KINDS,
    JOB_KINDS,
    PAIN_KINDS,
    RELATIONS,
    SCORE_FIELD,
    SECTIONS,
    STATUSES,
    VALUE_MAP_SECTIONS,
    Canvas,
)
from canvas.fileformat.validation import parse_canvas
from canvas.i18n import LANGUAGES, LOCALES_DIR, Translator
from canvas.ranking.fit import fit_report
from canvas.ranking.rules import score_of

SLUGS = [template.slug for template in templates.list_templates("en")]
OTHER_LANGUAGES = [lang for lang in LANGUAGES if lang != "en"]
ALL_SECTIONS = SECTIONS + VALUE_MAP_SECTIONS


# --- model.json: the vocabulary other parts of the app code against --------------------

def _expected_model_keys() -> set[str]:
    keys = set()
    for name in ALL_SECTIONS:
        keys |= {f"section.{name}", f"section.{name}.help", f"section.{name}.item"}
    keys |= {"section.value_map", "section.customer_profile"}
    for score in ("importance", "severity", "relevance", "frequency"):
        keys.add(f"score.{score}")
    keys |= {f"score.level.{n}" for n in range(1, 6)}
    keys |= {f"frequency.level.{n}" for n in range(1, 6)}
    for prefix, kinds in (("job", JOB_KINDS), ("pain", PAIN_KINDS), ("gain", GAIN_KINDS)):
        for kind in kinds:
            keys.add(f"kind.{prefix}.{kind}")
    for status in STATUSES:
        keys |= {f"status.{status}", f"status.{status}.help"}
    for relation in RELATIONS:
        keys |= {f"relation.{relation}", f"relation.{relation}.help"}
    keys |= {f"persona.{field}" for field in ("title", "name", "age", "location", "occupation",
                                              "income", "household", "values", "notes")}
    keys |= {"persona.values.help", "segment.name", "segment.name.help", "segment.relation"}
    return keys


def _load(language: str, area: str) -> dict[str, str]:
    return json.loads((LOCALES_DIR / language / f"{area}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_model_catalog_has_exactly_the_agreed_keys(language):
    data = _load(language, "model")
    assert set(data) == _expected_model_keys()
    assert all(text.strip() and "{" not in text for text in data.values())


@pytest.mark.parametrize("language", LANGUAGES)
def test_guide_catalog_matches_english(language):
    assert set(_load(language, "guide")) == set(_load("en", "guide"))


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_vocabulary_is_translated(language):
    english, other = _load("en", "model"), _load(language, "model")
    for key, text in other.items():
        if not key.startswith(("score.level.", "frequency.level.")):
            assert text != english[key], key


def test_score_levels_keep_their_numbers():
    for language in LANGUAGES:
        data = _load(language, "model")
        for n in range(1, 6):
            assert data[f"score.level.{n}"].startswith(f"{n} ")
            assert data[f"frequency.level.{n}"].startswith(f"{n} ")


# --- guidance ---------------------------------------------------------------------------

@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("section", ALL_SECTIONS)
def test_guidance_for_every_section_and_language(section, language):
    t = Translator(language)
    questions = guidance.trigger_questions(section, t)
    assert len(questions) >= 6
    assert len(set(questions)) == len(questions)
    assert all(q.strip() and not q.startswith("guide.") for q in questions)
    intro = guidance.intro(section, t)
    assert intro.strip() and not intro.startswith("guide.")
    examples = guidance.examples(section, t)
    if section in SECTIONS:
        kinds = {"jobs": JOB_KINDS, "pains": PAIN_KINDS, "gains": GAIN_KINDS}[section]
        assert [kind for kind, _ in examples] == list(kinds)
    else:
        assert [kind for kind, _ in examples] == [""]
    assert all(text.strip() and not text.startswith("guide.") for _, text in examples)


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_guidance_is_translated(language):
    en, other = Translator("en"), Translator(language)
    for section in ALL_SECTIONS:
        assert guidance.intro(section, other) != guidance.intro(section, en)
        pairs = zip(guidance.trigger_questions(section, other),
                    guidance.trigger_questions(section, en), strict=True)
        assert all(a != b for a, b in pairs)
        pairs = zip(guidance.examples(section, other), guidance.examples(section, en),
                    strict=True)
        assert all(a[1] != b[1] for a, b in pairs)


def test_guidance_rejects_unknown_section():
    with pytest.raises(KeyError):
        guidance.trigger_questions("wishes", Translator("en"))
    with pytest.raises(KeyError):
        guidance.examples("value_map", Translator("en"))


def test_kind_labels_come_from_the_vocabulary():
    t = Translator("nl")
    assert guidance.kind_label("pains", "obstacle", t) == t("kind.pain.obstacle")
    assert guidance.kind_label("products", "", t) == ""
    with pytest.raises(KeyError):
        guidance.kind_label("jobs", "risk", t)


def test_guidance_does_not_import_streamlit():
    code = ("import sys, canvas.coaching.guidance, canvas.fileformat.templates; "
            "sys.exit('streamlit' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).parent.parent)
    assert result.returncode == 0


# --- templates --------------------------------------------------------------------------

def _file(slug: str, language: str) -> Path:
    return templates.TEMPLATES_DIR / language / f"{slug}.json"


def _parsed(slug: str, language: str) -> Canvas:
    path = _file(slug, language)
    return parse_canvas(path.read_bytes(), source=str(path))


def _structure(canvas: Canvas):
    """Everything that must be identical across languages: ids, kinds, scores, links."""
    profile = {
        name: [(i.id, i.kind, score_of(i), getattr(i, "frequency", None), i.status)
               for i in canvas.section(name)]
        for name in SECTIONS
    }
    vm = canvas.value_map
    return (profile, canvas.segment.relation,
            canvas.segment.persona.name, canvas.segment.persona.age,
            [p.id for p in vm.products],
            [(r.id, tuple(r.relieves)) for r in vm.pain_relievers],
            [(c.id, tuple(c.creates)) for c in vm.gain_creators])


def _texts(canvas: Canvas) -> list[str]:
    texts = [canvas.title, canvas.segment.name]
    for name in ALL_SECTIONS:
        texts += [item.text for item in canvas.section(name)]
    return texts


def test_there_are_at_least_four_templates():
    assert len(SLUGS) >= 4
    assert len(set(SLUGS)) == len(SLUGS)
    assert {"smart-home-shop", "gym-membership", "bakery-new-range",
            "gift-shop-online"} <= set(SLUGS)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("slug", SLUGS)
def test_template_file_is_a_valid_canvas(slug, language):
    canvas = _parsed(slug, language)
    assert canvas.language == language
    # Stored in the product's own canonical form, so a save would not change the file.
    assert _file(slug, language).read_text(encoding="utf-8") == canvas.to_json()
    persona = canvas.segment.persona
    assert persona is not None
    assert persona.name and persona.age and persona.location and persona.occupation
    assert persona.values


@pytest.mark.parametrize("slug", SLUGS)
def test_template_teaches_the_method(slug):
    canvas = _parsed(slug, "en")
    for name in SECTIONS:
        items = canvas.section(name)
        assert 4 <= len(items) <= 7, name
        assert len({getattr(i, SCORE_FIELD[name]) for i in items}) > 1, name
    assert {j.kind for j in canvas.jobs} & {"social", "emotional"}
    assert {p.kind for p in canvas.pains} == set(PAIN_KINDS)
    assert len({g.kind for g in canvas.gains}) > 1
    assert all(i.frequency is not None for i in canvas.jobs + canvas.pains)
    statuses = {i.status for name in SECTIONS for i in canvas.section(name)}
    assert "validated" in statuses
    vm = canvas.value_map
    assert vm.products and vm.pain_relievers and vm.gain_creators
    assert all(r.relieves for r in vm.pain_relievers)
    assert all(c.creates for c in vm.gain_creators)
    # On purpose, one or two of the top pains/gains are left unaddressed.
    report = fit_report(canvas)
    top_gaps = [rank for rank, _ in report.unaddressed_pains + report.unaddressed_gains
                if rank <= 2]
    assert 1 <= len(top_gaps) <= 3
    assert report.score is not None and report.score < 100


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
@pytest.mark.parametrize("slug", SLUGS)
def test_template_translation_keeps_the_structure(slug, language):
    english, other = _parsed(slug, "en"), _parsed(slug, language)
    assert _structure(other) == _structure(english)
    assert other.id == english.id
    for theirs, ours in zip(_texts(other), _texts(english), strict=True):
        assert theirs != ours


@pytest.mark.parametrize("language", LANGUAGES)
def test_list_templates(language):
    infos = templates.list_templates(language)
    assert [info.slug for info in infos] == SLUGS
    for info in infos:
        assert info.title == _parsed(info.slug, language).title
        assert info.description.strip()
    if language != "en":
        english = templates.list_templates("en")
        assert all(a.description != b.description for a, b in zip(infos, english, strict=True))


def test_load_template_gives_a_fresh_canvas_each_time():
    first = templates.load_template("gym-membership", "fr")
    second = templates.load_template("gym-membership", "fr")
    stored = _parsed("gym-membership", "fr")
    assert first.id != second.id and stored.id not in (first.id, second.id)
    assert first.revision == 0 and first.language == "fr"
    assert first.created_at == first.updated_at and first.created_at > stored.created_at
    # Apart from those fields the copy is the template itself, and copies are independent.
    assert first.jobs == stored.jobs and first.value_map == stored.value_map
    first.jobs.clear()
    assert second.jobs == stored.jobs
    # Still a valid canvas once written out and read back.
    assert parse_canvas(second.to_json()).id == second.id


def test_unknown_slug_raises_key_error():
    with pytest.raises(KeyError):
        templates.load_template("no-such-template", "en")
    with pytest.raises(KeyError):
        templates.load_template("../en/gym-membership", "en")


def test_missing_language_falls_back_to_english(tmp_path, monkeypatch):
    for slug in SLUGS:
        (tmp_path / "en").mkdir(exist_ok=True)
        (tmp_path / "en" / f"{slug}.json").write_bytes(_file(slug, "en").read_bytes())
    monkeypatch.setattr(templates, "TEMPLATES_DIR", tmp_path)
    canvas = templates.load_template("bakery-new-range", "uk")
    assert canvas.language == "en"
    assert canvas.title == _parsed("bakery-new-range", "en").title
    assert templates.load_template("bakery-new-range", "xx").language == "en"
