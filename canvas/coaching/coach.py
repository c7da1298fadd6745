"""The coach: short nudges a learner can act on, computed from the canvas alone.

Everything here runs locally and deterministically: no network and no AI service, so a
workshop works offline and the same canvas always gets the same advice. Each nudge says
what it noticed and why it matters, because newcomers learn the method from the "why".
Ids are built from the situation (rule, section, item ids), never from the wording or the
list order, so a nudge the learner dismissed stays dismissed across reruns and languages,
and comes back only when the situation changes (for example a new vague item).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process, utils

from canvas.evidence.risk import riskiest
from canvas.fileformat.models import SCORE_FIELD, SECTIONS, Canvas
from canvas.formatting import format_list
from canvas.i18n import Translator
from canvas.ranking.fit import fit_report

#: Fewer items than this and a section cannot be compared or ranked meaningfully.
MIN_ITEMS = 3
TOP_SCORE = 5
#: More items than this at the top score and the top score no longer singles anything out.
MAX_AT_TOP = 3
#: Rank 1..TOP_RANKS is "what matters most": the items the value map should answer first.
TOP_RANKS = 3
#: Similarity (0..100) above which two items of a section read as the same idea. Tuned on
#: pairs such as "Save time on cooking" / "save time when cooking" (100, a duplicate)
#: against "Save time on cooking" / "Save money on cooking" (86, two ideas).
DUPLICATE_THRESHOLD = 90
#: A pasted list of near-identical items would otherwise bury every other nudge; three at a
#: time is enough to act on, and dismissing one shows the next.
MAX_DUPLICATE_NUDGES_PER_SECTION = 3
#: Messages name at most this many items; the nudge's item_ids still lists them all.
MAX_LISTED = 5
#: Texts repeat from one Streamlit rerun to the next, so their analysis is cached by text.
_TEXT_CACHE = 4096
#: A profile needs this many items in total before "nothing validated" is fair to say.
MIN_ITEMS_TO_VALIDATE = 3

LEVEL_ORDER = {"warning": 0, "info": 1, "success": 2}
#: Within a level, what the learner should fix first: an empty or muddled profile makes
#: every later nudge (ranking, fit) less meaningful.
RULE_ORDER = (
    "empty_section", "vague_items", "near_duplicate", "flat_scores", "crowded_top",
    "unaddressed_top", "idle_value", "few_items", "no_social_emotional_job",
    "single_pain_kind", "test_riskiest", "nothing_validated", "well_formed",
)
SECTION_ORDER = {name: index for index, name in enumerate((*SECTIONS, "value_map", None))}


@dataclass(frozen=True)
class Nudge:
    """One piece of advice; the UI shows ``message`` then ``why`` and dismisses by ``id``."""

    id: str              # e.g. "few_items:pains", "near_duplicate:p1:p4"
    kind: str            # the rule that raised it, e.g. "few_items"
    section: str | None  # "jobs" | "pains" | "gains" | "value_map" | None
    level: str           # "warning" | "info" | "success"
    message: str         # what was noticed; plain text, item texts quoted as typed
    why: str             # why it matters
    item_ids: tuple[str, ...] = ()


def coach(canvas: Canvas, t: Translator, dismissed: frozenset[str] = frozenset()) -> list[Nudge]:
    """All nudges for ``canvas`` the learner has not dismissed, most useful first."""
    found: list[Nudge] = []
    for rule in _RULES:
        found.extend(nudge for nudge in rule(canvas, t) if nudge.id not in dismissed)
    found.extend(_near_duplicates(canvas, t, dismissed))
    return sorted(found, key=_priority)


def _priority(nudge: Nudge) -> tuple[int, int, int]:
    return (LEVEL_ORDER[nudge.level], RULE_ORDER.index(nudge.kind),
            SECTION_ORDER[nudge.section])


# Shared phrasing helpers -------------------------------------------------------------------


def _section_name(t: Translator, section: str) -> str:
    return t(f"section.{section}")


def _quote(t: Translator, text: str) -> str:
    """Quotes follow each language's typography; the item text itself is never altered."""
    return t("coach.quote", text=text)


def _quoted_list(t: Translator, texts: list[str]) -> str:
    shown = format_list((_quote(t, text) for text in texts[:MAX_LISTED]),
                        getattr(t, "language", "en"))
    hidden = len(texts) - MAX_LISTED
    return t.plural("coach.list_more", hidden, items=shown) if hidden > 0 else shown


def _ids_key(ids: Iterable[str]) -> str:
    """Sorted, so the id does not change when the learner reorders the items."""
    return ":".join(sorted(ids))


# Rule 1: empty or short sections -----------------------------------------------------------


def _section_size(canvas: Canvas, t: Translator) -> Iterator[Nudge]:
    for section in SECTIONS:
        count = len(canvas.section(section))
        name = _section_name(t, section)
        if count == 0:
            yield Nudge(
                id=f"empty_section:{section}", kind="empty_section", section=section,
                level="warning", message=t("coach.empty_section.message", section=name),
                why=t(f"coach.empty_section.why.{section}"))
        elif count < MIN_ITEMS:
            yield Nudge(
                id=f"few_items:{section}", kind="few_items", section=section, level="info",
                message=t.plural("coach.few_items.message", count, section=name),
                why=t("coach.few_items.why"),
                item_ids=tuple(item.id for item in canvas.section(section)))


# Rules 2 and 3: scores that do not rank ----------------------------------------------------


def _scores(canvas: Canvas, t: Translator) -> Iterator[Nudge]:
    """A section where everything scores the same is not also told it has too many 5s."""
    for section in SECTIONS:
        items = canvas.section(section)
        if _is_flat(section, items):
            yield _flat_nudge(t, section, items)
        else:
            top = [item for item in items if _score(section, item) == TOP_SCORE]
            if len(top) > MAX_AT_TOP:
                yield _crowded_nudge(t, section, top)


def _score(section: str, item) -> int:
    """The section's own field: ``ranking.score_of`` probes every field, which is slow."""
    return getattr(item, SCORE_FIELD[section])


def _is_flat(section: str, items: list) -> bool:
    return len(items) >= 2 and len({_score(section, item) for item in items}) == 1


def _flat_nudge(t: Translator, section: str, items: list) -> Nudge:
    return Nudge(
        id=f"flat_scores:{section}", kind="flat_scores", section=section, level="warning",
        message=t("coach.flat_scores.message", section=_section_name(t, section),
                  score=_score(section, items[0])),
        why=t("coach.flat_scores.why"), item_ids=tuple(item.id for item in items))


def _crowded_nudge(t: Translator, section: str, top: list) -> Nudge:
    return Nudge(
        id=f"crowded_top:{section}", kind="crowded_top", section=section, level="warning",
        message=t.plural("coach.crowded_top.message", len(top),
                         section=_section_name(t, section), score=TOP_SCORE),
        why=t("coach.crowded_top.why", limit=MAX_AT_TOP),
        item_ids=tuple(item.id for item in top))


# Rules 4 and 5: variety of kinds -----------------------------------------------------------


def _kinds(canvas: Canvas, t: Translator) -> Iterator[Nudge]:
    jobs = canvas.jobs
    if jobs and not any(job.kind in ("social", "emotional") for job in jobs):
        yield Nudge(
            id="no_social_emotional_job", kind="no_social_emotional_job", section="jobs",
            level="info", message=t("coach.no_social_emotional_job.message"),
            why=t("coach.no_social_emotional_job.why"))
    kinds = {pain.kind for pain in canvas.pains}
    if len(canvas.pains) >= 2 and len(kinds) == 1:
        kind = kinds.pop()
        yield Nudge(
            id=f"single_pain_kind:{kind}", kind="single_pain_kind", section="pains",
            level="info", message=t(f"coach.single_pain_kind.message.{kind}"),
            why=t("coach.single_pain_kind.why"),
            item_ids=tuple(pain.id for pain in canvas.pains))


# Rule 6: near-duplicates -------------------------------------------------------------------

#: Short function words dropped before comparing, so "on" versus "when" does not make two
#: wordings of one idea look different. Negations ("not", "pas", "niet", "не") are kept on
#: purpose: they change the meaning.
_STOPWORDS_BY_LANGUAGE = {
    "en": """a an the on in at of to for from with when while by and or my our your their his
        her its i we you they it is are be am was so that this these those as into about
        after before during than then too very can could will would do does me us them""",
    "fr": """le la les l un une des du de d au aux et ou en dans sur pour par avec sans à quand
        que qui qu je j nous vous ils elles il elle on mon ma mes notre nos votre vos son sa
        ses leur leurs ce cet cette ces est sont se s y très trop""",
    "nl": """de het een en of in op aan bij met voor van naar om te tijdens na als wanneer ik
        je jij we wij u zij ze hij mijn ons onze jouw uw hun is zijn ben er dat die dit deze
        zo heel erg""",
    "uk": """і й та а але в у на з із зі до від для по при про за коли що як я ми ви вони він
        вона воно мій моя моє мої наш наша наше наші ваш їх його її це цей ця ці той ті щоб
        бо дуже також""",
    "ar": """في على من إلى الى عن مع عند بعد قبل أثناء اثناء خلال حتى و أو او ثم ف ب ل ك هذا هذه
        ذلك تلك هؤلاء الذي التي الذين هو هي هم هن أنا انا نحن أنت انت أنتم انتم كان كانت
        يكون تكون أن ان إن كل قد لقد كما لكن بين فيه فيها له لها لهم منه منها عليه عليها
        عندما لما إذا اذا حين جدا جدًا أيضا ايضا""",
    "fa": """و یا به از در با برای بی که این آن را تا بر هم هر یک من ما تو شما او آنها ایشان است
        هست هستند بود بودند ام ای ایم اید اند می ها های ی تر ترین خود مان تان شان وقتی هنگام
        چون اگر پس اما ولی نیز خیلی بسیار درباره روی زیر پیش بعد قبل میان بین مثل همین همان
        دیگر چه کی کجا چرا چطور""",
}


def _word_set(by_language: dict[str, str], fold=lambda word: word) -> frozenset[str]:
    """One set for all languages: item texts may be in any of them, whatever the UI says."""
    return frozenset(fold(word) for words in by_language.values() for word in words.split())


STOPWORDS = _word_set(_STOPWORDS_BY_LANGUAGE)


@lru_cache(maxsize=_TEXT_CACHE)
def _comparable(text: str) -> str:
    """Casefolded words without punctuation or stopwords, so only the wording that carries
    meaning is compared; an emoji-only text falls back to itself."""
    words = utils.default_process(text.casefold()).split()
    content = [word for word in words if word not in STOPWORDS] or words
    return " ".join(content) or text.casefold().strip()


def _duplicate_pairs(items: list) -> list[tuple[float, int, int]]:
    """``(similarity, i, j)`` for i < j, most similar first.

    ``ratio`` catches small wording and spelling changes, ``token_sort_ratio`` the same
    words in another order; taking the higher of the two catches both without treating
    "Save time" as a duplicate of every longer sentence that contains it.
    """
    if len(items) < 2:
        return []
    keys = [_comparable(item.text) for item in items]
    plain = process.cdist(keys, keys, scorer=fuzz.ratio, score_cutoff=DUPLICATE_THRESHOLD)
    sorted_ = process.cdist(keys, keys, scorer=fuzz.token_sort_ratio,
                            score_cutoff=DUPLICATE_THRESHOLD)
    best = np.maximum(plain, sorted_)
    rows, cols = (best >= DUPLICATE_THRESHOLD).nonzero()
    pairs = [(float(best[i, j]), int(i), int(j)) for i, j in zip(rows, cols, strict=True)
             if i < j]
    return sorted(pairs, key=lambda pair: (-pair[0], pair[1], pair[2]))


def _near_duplicates(canvas: Canvas, t: Translator,
                     dismissed: frozenset[str]) -> Iterator[Nudge]:
    """The most similar pairs per section, capped after dismissal so dismissing a pair
    reveals the next one. Only the pairs shown are worded: a list of similar sentences has
    a pair for nearly every two items, and wording them all cost most of a rerun."""
    for section in SECTIONS:
        items = canvas.section(section)
        shown = 0
        for _, i, j in _duplicate_pairs(items):
            first, second = items[i], items[j]
            nudge_id = f"near_duplicate:{_ids_key((first.id, second.id))}"
            if nudge_id in dismissed:
                continue
            yield Nudge(
                id=nudge_id, kind="near_duplicate", section=section, level="warning",
                message=t("coach.near_duplicate.message", first=_quote(t, first.text),
                          second=_quote(t, second.text)),
                why=t("coach.near_duplicate.why"), item_ids=(first.id, second.id))
            shown += 1
            if shown == MAX_DUPLICATE_NUDGES_PER_SECTION:
                break


# Rule 7: vague items -----------------------------------------------------------------------

#: Words that carry no testable content on their own, per language. An item is vague only
#: when *every* word of four letters or more is in here, so one concrete word ("closed",
#: "childcare", "години") is enough to clear it: the rule errs towards silence.
_FILLERS_BY_LANGUAGE = {
    "en": """better best good great nice easy easier easiest easily simple simpler simply
        quick quicker quickly fast faster cheap cheaper more less much many most lots very
        really quite stuff thing things something everything anything nothing quality value
        experience solution solutions improve improved improving improvement efficient
        efficiency effective convenient convenience happy happier life feel feeling make
        making have having want need needs able getting being just also always with that
        this these those them they their there what which from into about some other well
        like kind sort overall general generally problem problems issue issues fewer""",
    "fr": """mieux meilleur meilleure meilleurs meilleures bien bonne bons bonnes super
        génial géniale sympa agréable facile faciles facilement simple simples simplement
        rapide rapides rapidement vite plus moins beaucoup très trop vraiment assez truc
        trucs chose choses quelque tout tous toute toutes qualité valeur expérience solution
        solutions améliorer amélioré améliorée amélioration efficace pratique content
        contente heureux heureuse faire avoir être rendre sentir besoin vouloir veux pouvoir
        avec pour dans sans cette leur leurs notre votre sont problème problèmes souci
        soucis général globalement""",
    "nl": """beter betere best beste goed goede fijn fijne leuk leuke mooi mooie makkelijk
        makkelijker gemakkelijk gemakkelijker gemak eenvoudig eenvoudiger simpel simpeler
        snel sneller goedkoop goedkoper meer minder veel heel echt spul spullen ding dingen
        iets alles kwaliteit waarde ervaring oplossing oplossingen verbeteren verbetering
        efficiënt handig handiger blij gelukkig leven maken hebben zijn worden voelen willen
        moeten kunnen nodig voor door over naar zonder deze onze mijn jouw probleem
        problemen algemeen gewoon""",
    "uk": """кращий краща краще кращі кращого кращу кращим найкращий найкраще добре добрий
        добра гарний гарна гарне гарні гарно гарних хороший хороше хороша хороші легко
        легкий легка легше простий проста просте прості просто простіше швидко швидкий
        швидше дешево дешевше більше менше багато дуже справді речі речей штуки щось усе
        всі усі якість якісний якісно цінність досвід рішення покращити покращення зручно
        зручний зручніше ефективно ефективний щасливий щасливіше життя мати бути зробити
        робити хочу хотіти треба потрібно можна також тільки який яка яке які свій своє
        свої проблема проблеми загалом приємний приємно нормально""",
    "ar": """أفضل وأفضل الأفضل أحسن وأحسن الأحسن جيدة جيدين ممتاز ممتازة رائع رائعة لطيف لطيفة
        حلوة سهلة أسهل وأسهل بسهولة بسيط بسيطة أبسط ببساطة سريع سريعة أسرع وأسرع بسرعة رخيص
        رخيصة أرخص وأرخص أكثر وأكثر الأكثر أقل وأقل كثير كثيرة كثيرا الكثير قليل قليلة فعلا
        حقا تماما أشياء الأشياء حاجة حاجات الكل جميع كله كلها جودة الجودة قيمة القيمة تجربة
        التجربة الحل حلول الحلول تحسين تحسن التحسين أفضلية فعال فعالة فعالية كفاءة مريح
        مريحة راحة الراحة سعيد سعيدة أسعد سعادة حياة الحياة شعور الشعور يشعر أشعر نشعر يجعل
        تجعل لديه لديها عنده عندها يريد تريد أريد نريد يريدون يحتاج تحتاج أحتاج يحتاجون يمكن
        ممكن ممكنة يستطيع تستطيع دائما فقط هناك بعض أخرى آخر الآخر عامة عموما بشكل عام مشكلة
        مشاكل المشكلة المشاكل مشكلات مسألة أمور الأمور شيء الشيء""",
    "fa": """بهتر بهترین خوب خوبی عالی خوش آسان آسانی ساده سادگی راحت راحتی سریع تند ارزان بیشتر
        کمتر زیاد زیادی خیلی بسیار واقعا واقعاً کاملا کاملاً نسبتا نسبتاً چیز چیزها چیزی همه
        همگی هیچ کیفیت ارزش تجربه راه حل راهکار بهبود کارآمد مؤثر موثر مفید مناسب خوشحال شاد
        زندگی احساس کردن کند کنند کنیم کنم داشتن دارد دارند داشته داشتم خواستن خواهد خواهند
        خواهم نیاز نیازها لازم بتوان بتواند بتوانند توانستن بودن باشد باشند شدن شود شوند فقط
        همیشه مشکل مشکلات مسئله مسائل گرفتاری کلی کلاً معمولا معمولاً عمومی نوع جور بهتری
        بیشتری کمتری برای درباره آنها ایشان هستند بودند وقتی هنگام همین همان دیگر دیگری چطور
        میان اینکه آنچه بدون ولی اما مانند همچنین باشم باشیم باشید کنید بکند بکنم شوم شویم
        بشود بشوم هستم هستیم داریم دارم""",
}
_MIN_WORDS = 3
_LONG_WORD = 4
_HAS_ALNUM = re.compile(r"[^\W_]")
_DIGIT = re.compile(r"\d")
_LETTER_WORD = re.compile(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*")
_APOSTROPHES = re.compile(r"['’ʼ]")


def _fold(text: str) -> str:
    """Casefolded without accents, so "qualite" typed on an English keyboard still counts."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_FILLER_WORDS = _word_set(_FILLERS_BY_LANGUAGE, _fold)


def _without_elision(word: str) -> str:
    """French "l'accès" is the word "accès"; "don't" stays whole."""
    parts = _APOSTROPHES.split(word)
    return parts[-1] if len(parts) == 2 and len(parts[0]) <= 2 else word


@lru_cache(maxsize=_TEXT_CACHE)
def is_vague(text: str) -> bool:
    """Too short to test, or made only of filler words with no number to pin it down."""
    if sum(1 for word in text.split() if _HAS_ALNUM.search(word)) < _MIN_WORDS:
        return True
    if _DIGIT.search(text):
        return False
    words = (_without_elision(word) for word in _LETTER_WORD.findall(_fold(text)))
    long_words = [word for word in words if len(_APOSTROPHES.sub("", word)) >= _LONG_WORD]
    return bool(long_words) and all(word in _FILLER_WORDS for word in long_words)


def clear_text_caches() -> None:
    """For benchmarks and tests that need the cost of texts never seen before."""
    is_vague.cache_clear()
    _comparable.cache_clear()


def _vague_items(canvas: Canvas, t: Translator) -> Iterator[Nudge]:
    for section in SECTIONS:
        vague = [item for item in canvas.section(section) if is_vague(item.text)]
        if vague:
            ids = tuple(item.id for item in vague)
            yield Nudge(
                id=f"vague_items:{section}:{_ids_key(ids)}", kind="vague_items",
                section=section, level="warning",
                message=t.plural("coach.vague_items.message", len(vague),
                                 section=_section_name(t, section),
                                 items=_quoted_list(t, [item.text for item in vague])),
                why=t("coach.vague_items.why"), item_ids=ids)


# Rule 8: validation ------------------------------------------------------------------------


def _profile(canvas: Canvas) -> list:
    return [item for section in SECTIONS for item in canvas.section(section)]


def _validation(canvas: Canvas, t: Translator) -> Iterator[Nudge]:
    profile = _profile(canvas)
    if len(profile) >= MIN_ITEMS_TO_VALIDATE and not any(
            item.status == "validated" for item in profile):
        yield Nudge(
            id="nothing_validated", kind="nothing_validated", section=None, level="info",
            message=t("coach.nothing_validated.message"), why=t("coach.nothing_validated.why"))


# Rule 8b: the next step after ranking is a test --------------------------------------------


#: The riskiest assumption is worth a nudge only when it ranks this high (1..5).
RISKY_SCORE = 4


def _riskiest(canvas: Canvas, t: Translator) -> Iterator[Nudge]:
    """The first item of canvas.evidence.risk's list, when it scores high and has no test yet."""
    if len(_profile(canvas)) < MIN_ITEMS_TO_VALIDATE:
        return
    top = riskiest(canvas, limit=1)
    if not top or top[0].score < RISKY_SCORE:
        return
    risk = top[0]
    item = next(i for i in canvas.section(risk.section) if i.id == risk.item_id)
    if risk.reason not in ("untested", "fit_depends") or item.tests:
        return  # a test is already planned: the learner is on it
    yield Nudge(
        id=f"test_riskiest:{risk.item_id}", kind="test_riskiest",
        section=risk.section if risk.section in SECTIONS else "value_map", level="info",
        message=t("evidence_ui.coach.riskiest.message", item=_quote(t, risk.text)),
        why=t("evidence_ui.coach.riskiest.why"), item_ids=(risk.item_id,))


# Rule 9: fit between the value map and the profile -----------------------------------------


def _fit(canvas: Canvas, t: Translator) -> Iterator[Nudge]:
    value_map = canvas.value_map
    if not (value_map.pain_relievers or value_map.gain_creators):
        return
    report = fit_report(canvas)
    for section, unaddressed in (("pains", report.unaddressed_pains),
                                 ("gains", report.unaddressed_gains)):
        top = [item for rank, item in unaddressed if rank <= TOP_RANKS]
        if top:
            yield _unaddressed_nudge(t, section, top)
    idle = [*report.idle_relievers, *report.idle_creators]
    if idle:
        ids = tuple(item.id for item in idle)
        yield Nudge(
            id=f"idle_value:{_ids_key(ids)}", kind="idle_value", section="value_map",
            level="warning",
            message=t.plural("coach.idle_value.message", len(idle),
                             items=_quoted_list(t, [item.text for item in idle])),
            why=t("coach.idle_value.why"), item_ids=ids)


def _unaddressed_nudge(t: Translator, section: str, top: list) -> Nudge:
    ids = tuple(item.id for item in top)
    return Nudge(
        id=f"unaddressed_top:{section}:{_ids_key(ids)}", kind="unaddressed_top",
        section="value_map", level="warning",
        message=t.plural(f"coach.unaddressed_top.message.{section}", len(top),
                         items=_quoted_list(t, [item.text for item in top])),
        why=t(f"coach.unaddressed_top.why.{section}"), item_ids=ids)


# Rule 10: encouragement --------------------------------------------------------------------


def _well_formed(canvas: Canvas, t: Translator) -> Iterator[Nudge]:
    full = all(len(canvas.section(section)) >= MIN_ITEMS
               and not _is_flat(section, canvas.section(section)) for section in SECTIONS)
    if full and any(item.status == "validated" for item in _profile(canvas)):
        yield Nudge(
            id="well_formed", kind="well_formed", section=None, level="success",
            message=t("coach.well_formed.message"), why=t("coach.well_formed.why"))


_RULES = (_section_size, _scores, _kinds, _vague_items, _validation, _riskiest, _fit,
          _well_formed)
