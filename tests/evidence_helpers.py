"""Small canvases with evidence, built in one call, for the evidence tests."""

from __future__ import annotations

from datetime import UTC, date, datetime

from canvas.models import Canvas, LearningCard, Persona, TestCard, blank_canvas

STAMP = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


def build(jobs=(), pains=(), gains=(), relievers=(), creators=(), language="en",
          title="Night-shift nurses") -> Canvas:
    """``jobs`` etc. are ``(id, text, score, status)``; ``relievers``/``creators`` are
    ``(id, text, links)``; extra item fields come as a dict fifth element."""
    def profile(entries, score_field, kind):
        out = []
        for entry in entries:
            item_id, text, score, status, *extra = entry
            out.append({"id": item_id, "text": text, "kind": kind, score_field: score,
                        "status": status, **(extra[0] if extra else {})})
        return out

    def value(entries, link_field):
        out = []
        for entry in entries:
            item_id, text, links, *extra = entry
            out.append({"id": item_id, "text": text, link_field: list(links),
                        **(extra[0] if extra else {})})
        return out

    base = blank_canvas(title, language)
    data = base.model_dump()
    data.update(jobs=profile(jobs, "importance", "functional"),
                pains=profile(pains, "severity", "obstacle"),
                gains=profile(gains, "relevance", "desired"))
    data["value_map"] = {"products": [], "pain_relievers": value(relievers, "relieves"),
                         "gain_creators": value(creators, "creates")}
    return Canvas.model_validate(data)


def planned_test(card_id="e1", **fields) -> TestCard:
    values = {"belief": "Nurses eat at home after a night shift",
              "method": "interview", "action": "Talk to eight nurses leaving the ward",
              "measure": "How many cooked at home last week",
              "criterion": "Five of eight say they skipped a warm meal",
              "cost": "€0", "duration": "1 week", "due": date(2026, 12, 4),
              "state": "planned", "created_at": STAMP}
    values.update(fields)
    return TestCard(id=card_id, **values)


def learning_card(card_id="e2", **fields) -> LearningCard:
    values = {"observed": "Six of eight ate cereal or nothing",
              "learned": "A warm meal is missing after nights",
              "next_step": "Try a pre-sale of ten boxes", "strength": "say",
              "recorded_at": STAMP}
    values.update(fields)
    return LearningCard(id=card_id, **values)


def full_persona() -> Persona:
    return Persona(
        name="Olena", age=34, gender="woman", location="Lviv", occupation="Nurse",
        education="Nursing college", income="Average", household="Two children",
        life_stage="Young family", motivations="Time with her children",
        dreams="Open her own care practice", lifestyle="Night shifts, early school runs",
        personality="Practical, careful with money", values=["family", "health"],
        favourite_brands=["Nova Poshta", "Silpo"], where_they_look="Colleagues' group chat",
        search_words=["quick dinner", "meal box"], channels="Instagram, hospital notice board",
        how_they_buy="By phone, paid on delivery", where_they_buy="Supermarket on the way home",
        how_often_they_buy="Twice a week",
        sources=["current_customers", "own_records"], last_reviewed=date(2026, 11, 2),
        notes="Interviewed in October")


TEXTS = {
    "en": {"jobs": ["Get a warm meal after a night shift", "Keep costs down for the family",
                    "Feel rested before the next shift"],
           "pains": ["Everything is closed at 7am", "Cooking after twelve hours on my feet",
                     "Takeaway is cold by the time I get home"],
           "gains": ["Food ready when I get home", "Healthy food without thinking about it"],
           "relievers": ["Delivery from 6am", "Meals cooked the day before"],
           "creators": ["Box waits in a heated locker"]},
    "uk": {"jobs": ["Поїсти гарячого після нічної зміни", "Зберегти сімейний бюджет",
                    "Відпочити перед наступною зміною"],
           "pains": ["О сьомій ранку все зачинено", "Готувати після дванадцяти годин на ногах",
                     "Їжа навиніс холоне, поки я доїду додому"],
           "gains": ["Їжа чекає вдома", "Здорова їжа без зайвих думок"],
           "relievers": ["Доставка з шостої ранку", "Страви, приготовані напередодні"],
           "creators": ["Коробка чекає в теплій шафці"]},
}


def rich_canvas(language: str = "en") -> Canvas:
    """A canvas with a full persona, tests, learnings and statuses of every kind."""
    words = TEXTS[language]
    jobs = [("j1", words["jobs"][0], 5, "assumption",
             {"tests": [planned_test("e1", state="running").model_dump()]}),
            ("j2", words["jobs"][1], 3, "validated",
             {"learnings": [learning_card("e1", strength="pay", verdict="validated")
                            .model_dump()]}),
            ("j3", words["jobs"][2], 2, "assumption")]
    pains = [("p1", words["pains"][0], 5, "invalidated",
              {"tests": [planned_test("e1", state="done").model_dump(),
                         planned_test("e2", method="other", method_other="Night walk",
                                      due=None).model_dump()],
               "learnings": [learning_card("e3", test_id="e1", strength="do",
                                           verdict="invalidated").model_dump()]}),
             ("p2", words["pains"][1], 4, "assumption",
              {"learnings": [learning_card("e1").model_dump()]}),
             ("p3", words["pains"][2], 3, "assumption")]
    gains = [("g1", words["gains"][0], 5, "assumption"),
             ("g2", words["gains"][1], 2, "assumption")]
    relievers = [("r1", words["relievers"][0], ["p1", "p2"]),
                 ("r2", words["relievers"][1], ["p3"],
                  {"tests": [planned_test("e1").model_dump()]})]
    creators = [("c1", words["creators"][0], ["g1"])]
    canvas = build(jobs, pains, gains, relievers, creators, language=language,
                   title="Нічні медсестри" if language == "uk" else "Night-shift nurses")
    segment = canvas.segment.model_copy(update={"persona": full_persona()})
    return canvas.model_copy(update={"segment": segment})
