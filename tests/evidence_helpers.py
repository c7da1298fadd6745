"""Small canvases with evidence, built in one call, for the evidence tests."""

from __future__ import annotations

from datetime import UTC, date, datetime

from canvas.fileformat.models import Canvas, LearningCard, Persona, TestCard, blank_canvas

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


BUSY = {
    "en": {"jobs": ["Get a warm meal after a night shift", "Keep costs down for the family",
                    "Feel rested before the next shift", "See the children before school",
                    "Stay healthy on irregular hours", "Plan meals for the week"],
           "pains": ["Everything is closed at 7am", "Cooking after twelve hours on my feet",
                     "Takeaway is cold by the time I get home", "Delivery apps charge too much",
                     "No time to shop during opening hours", "Vending machine food only"],
           "gains": ["Food ready when I get home", "Healthy food without thinking about it",
                     "Spend the morning with the kids", "Pay less than for takeaway",
                     "Choose meals from my phone", "Colleagues share the order"],
           "test": ("Nurses leaving a night shift want a warm meal within an hour",
                    "Talk to eight nurses at the staff door", "Five of eight say so",
                    "Olena"),
           "learning": ("Six of eight ate cereal or nothing",
                        "A warm meal is missing after nights")},
    "fr": {"jobs": ["Manger chaud après une garde de nuit", "Tenir le budget familial",
                    "Être reposée avant la garde suivante", "Voir les enfants avant l’école",
                    "Rester en bonne santé avec des horaires décalés",
                    "Prévoir les repas de la semaine"],
           "pains": ["Tout est fermé à 7 h", "Cuisiner après douze heures debout",
                     "Le plat à emporter est froid à l’arrivée",
                     "Les applis de livraison coûtent trop cher",
                     "Pas le temps de faire les courses aux heures d’ouverture",
                     "Seulement le distributeur automatique"],
           "gains": ["Un repas prêt en rentrant", "Manger sain sans y penser",
                     "Passer la matinée avec les enfants", "Payer moins qu’un plat à emporter",
                     "Choisir ses repas sur son téléphone", "Les collègues commandent ensemble"],
           "test": ("Les infirmières qui sortent de garde veulent un repas chaud dans l’heure",
                    "Parler à huit infirmières à l’entrée du personnel", "Cinq sur huit le disent",
                    "Olena"),
           "learning": ("Six sur huit ont mangé des céréales ou rien",
                        "Il manque un repas chaud après les nuits")},
    "uk": {"jobs": ["Поїсти гарячого після нічної зміни", "Зберегти сімейний бюджет",
                    "Відпочити перед наступною зміною", "Побачити дітей перед школою",
                    "Не захворіти через нерегулярний графік", "Спланувати харчування на тиждень"],
           "pains": ["О сьомій ранку все зачинено", "Готувати після дванадцяти годин на ногах",
                     "Їжа навиніс холоне, поки я доїду додому",
                     "Сервіси доставки беруть забагато",
                     "Немає часу на покупки в години роботи магазинів",
                     "Лише їжа з автомата"],
           "gains": ["Їжа чекає вдома", "Здорова їжа без зайвих думок",
                     "Провести ранок із дітьми", "Платити менше, ніж за їжу навиніс",
                     "Обирати страви в телефоні", "Колеги замовляють разом"],
           "test": ("Медсестри після нічної зміни хочуть гарячу їжу протягом години",
                    "Поговорити з вісьмома медсестрами біля службового входу",
                    "П’ять із восьми це підтвердять", "Олена"),
           "learning": ("Шість із восьми з’їли пластівці або нічого",
                        "Після нічних змін бракує гарячої їжі")},
}


def busy_canvas(language: str = "en", per_lane: int = 12) -> Canvas:
    """A busy canvas: ``per_lane`` jobs, pains and gains; the ninth pain (p9) carries a
    test (owner, due date, no method chosen) and a learning reporting on it."""
    words = BUSY[language]
    extra = {"en": " (weekends)", "fr": " (le week-end)", "uk": " (у вихідні)"}[language]

    def texts(section):
        base = words[section]
        return [base[i % len(base)] + (extra if i >= len(base) else "")
                for i in range(per_lane)]

    belief, action, criterion, owner = words["test"]
    observed, learned = words["learning"]
    # Fields of issue 20 only where the model has them, so the same canvas seeds the code
    # from before (to see a test fail there) and after.
    newer = "owner" in TestCard.model_fields
    test = TestCard(id="e1", belief=belief, action=action, criterion=criterion,
                    due=date(2026, 12, 4), state="running", created_at=STAMP,
                    **({"owner": owner, "method": None} if newer else {}))
    learning = LearningCard(id="e2", test_id="e1", observed=observed, learned=learned,
                            strength="do", recorded_at=STAMP,
                            **({"criterion_met": "yes", "people": 8} if newer else {}))
    pains = []
    for i, text in enumerate(texts("pains")):
        evidence = ({"tests": [test.model_dump()], "learnings": [learning.model_dump()]}
                    if i == 8 else {})
        pains.append((f"p{i + 1}", text, 5 - i * 4 // per_lane, "assumption", evidence))
    return build(jobs=[(f"j{i + 1}", x, 5 - i * 4 // per_lane, "assumption")
                       for i, x in enumerate(texts("jobs"))],
                 pains=pains,
                 gains=[(f"g{i + 1}", x, 5 - i * 4 // per_lane, "assumption")
                        for i, x in enumerate(texts("gains"))],
                 language=language,
                 title={"en": "Night-shift nurses", "fr": "Infirmières de nuit",
                        "uk": "Нічні медсестри"}[language])
