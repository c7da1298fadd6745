"""A busy canvas for the assumptions map: many items in every section, some tested, some
validated or disproved, in English, French or Ukrainian."""

from __future__ import annotations

from evidence_helpers import build, learning_card

TEXTS = {
    "en": {
        "jobs": ["Get a warm meal after a night shift", "Keep costs down every month",
                 "Sleep soon after getting home", "Look after the children in the morning",
                 "Eat something healthy at work", "Plan the week's shopping",
                 "Feel part of the team", "Avoid eating alone at night",
                 "Save time on the way home", "Keep fit despite irregular hours",
                 "Share meals with the family", "Stay awake until the end of the shift"],
        "pains": ["Everything is closed at 7am", "Vending machines only sell sweets",
                  "Too tired to cook after work", "Delivery apps charge night fees",
                  "Canteen closes at 8pm", "Food goes cold in the locker",
                  "No time for a break on busy nights", "Snacks cause weight gain",
                  "Queues at the only open bakery", "Cooking wakes up the family",
                  "Meals at odd hours upset the stomach", "Prices rise every month"],
        "gains": ["Food ready when I get home", "A hot meal on the ward",
                  "Colleagues to eat with", "Healthy options at night",
                  "Paying less than a takeaway", "Fresh bread in the morning",
                  "Not having to think about food", "Meals that keep me awake",
                  "Menus that change every week", "Recognition from the hospital",
                  "A quiet place to eat", "Enough left over for the children"],
        "pain_relievers": ["Delivery from 6am at the staff entrance",
                           "Night menu without surcharge", "Fridge on the ward restocked daily",
                           "Pre-order in the app during the shift", "Balanced portions",
                           "Meals packed to stay warm", "Pick-up point at the car park",
                           "Monthly subscription price"],
        "gain_creators": ["Family boxes to reheat at home", "Shared table in the break room",
                          "Weekly changing menu", "Breakfast bundle with fresh bread",
                          "Nutritionist-designed recipes", "Loyalty discount for staff",
                          "Quiet corner reserved for night staff", "Kids' portion in every box"],
    },
    "fr": {
        "jobs": ["Manger chaud après une garde de nuit", "Réduire les dépenses du mois",
                 "Dormir vite en rentrant", "S'occuper des enfants le matin",
                 "Manger sainement au travail", "Organiser les courses de la semaine",
                 "Se sentir membre de l'équipe", "Éviter de manger seul la nuit",
                 "Gagner du temps sur le trajet", "Rester en forme malgré les horaires",
                 "Partager les repas en famille", "Tenir éveillé jusqu'à la fin"],
        "pains": ["Tout est fermé à 7 h", "Les distributeurs ne vendent que du sucré",
                  "Trop fatigué pour cuisiner", "Frais de livraison de nuit",
                  "La cantine ferme à 20 h", "Le repas refroidit dans le casier",
                  "Pas de pause les nuits chargées", "Les grignotages font grossir",
                  "File d'attente à la seule boulangerie", "Cuisiner réveille la famille",
                  "Manger à des heures décalées dérange l'estomac",
                  "Les prix montent chaque mois"],
        "gains": ["Un repas prêt en rentrant", "Un plat chaud dans le service",
                  "Des collègues avec qui manger", "Des choix sains la nuit",
                  "Payer moins qu'un plat à emporter", "Du pain frais le matin",
                  "Ne plus penser aux repas", "Des repas qui tiennent éveillé",
                  "Des menus qui changent chaque semaine", "La reconnaissance de l'hôpital",
                  "Un endroit calme pour manger", "Assez de restes pour les enfants"],
        "pain_relievers": ["Livraison dès 6 h à l'entrée du personnel",
                           "Menu de nuit sans supplément", "Frigo du service réapprovisionné",
                           "Précommande dans l'appli pendant la garde", "Portions équilibrées",
                           "Repas emballés pour rester chauds", "Point de retrait au parking",
                           "Abonnement mensuel"],
        "gain_creators": ["Boîtes familiales à réchauffer", "Table partagée en salle de pause",
                          "Menu qui change chaque semaine", "Formule petit-déjeuner",
                          "Recettes conçues par une diététicienne",
                          "Remise de fidélité pour le personnel",
                          "Coin calme réservé à l'équipe de nuit",
                          "Portion enfant dans chaque boîte"],
    },
    "uk": {
        "jobs": ["Поїсти гарячого після нічної зміни", "Зменшити витрати за місяць",
                 "Швидко заснути вдома", "Подбати про дітей зранку",
                 "Здорово харчуватися на роботі", "Спланувати покупки на тиждень",
                 "Відчувати себе частиною команди", "Не їсти наодинці вночі",
                 "Заощадити час дорогою додому", "Бути у формі попри графік",
                 "Їсти разом із родиною", "Не заснути до кінця зміни"],
        "pains": ["О 7-й ранку все зачинено", "В автоматах лише солодощі",
                  "Надто втомлена, щоб готувати", "Нічна доплата за доставку",
                  "Їдальня зачиняється о 20:00", "Їжа холоне в шафці",
                  "Немає перерви в завантажені ночі", "Перекуси додають ваги",
                  "Черги в єдиній відкритій пекарні", "Готування будить родину",
                  "Їжа в незвичний час шкодить шлунку", "Ціни ростуть щомісяця"],
        "gains": ["Їжа готова, коли я вдома", "Гаряча страва у відділенні",
                  "Колеги, з якими можна поїсти", "Здорові страви вночі",
                  "Платити менше, ніж за доставку", "Свіжий хліб уранці",
                  "Не думати про їжу", "Страви, що бадьорять",
                  "Меню, що змінюється щотижня", "Визнання від лікарні",
                  "Тихе місце, щоб поїсти", "Залишки для дітей"],
        "pain_relievers": ["Доставка з 6:00 до службового входу",
                           "Нічне меню без доплати", "Холодильник у відділенні щодня",
                           "Передзамовлення в застосунку під час зміни",
                           "Збалансовані порції", "Упаковка, що тримає тепло",
                           "Пункт видачі на парковці", "Щомісячна підписка"],
        "gain_creators": ["Сімейні набори для розігріву", "Спільний стіл у кімнаті відпочинку",
                          "Меню, що змінюється щотижня", "Сніданковий набір зі свіжим хлібом",
                          "Рецепти від дієтолога", "Знижка для персоналу",
                          "Тихий куток для нічної зміни", "Дитяча порція в кожному наборі"],
    },
}

#: (status, strongest evidence) by place in a section: most untested, a few decided.
PLAN = [("assumption", None), ("invalidated", "pay"), ("validated", "do"),
        ("assumption", "say"), ("assumption", None), ("validated", None),
        ("assumption", "pay"), ("invalidated", None), ("assumption", None),
        ("assumption", None), ("assumption", "say"), ("assumption", None)]
SCORES = [5, 5, 4, 5, 4, 3, 4, 5, 3, 2, 4, 1]


PAIN = "Everything is closed at 7am"


def disproved_canvas():
    """A pain disproved by what people paid (score 5, the strongest evidence): the old map
    put it in "Build on it". A job validated by hand and a pain marked invalidated with no
    learning sat in "Test now"; a reliever whose learning disproved it, in "Build on it"."""
    paid = {"learnings": [learning_card(strength="pay", verdict="invalidated").model_dump()]}
    return build(
        jobs=[("j1", "Get a warm meal after a night shift", 5, "validated"),
              ("j2", "Keep costs down", 4, "assumption")],
        pains=[("p1", PAIN, 5, "invalidated", paid),
               ("p2", "Canteen closes at 8pm", 4, "invalidated")],
        gains=[("g1", "Food ready at home", 2, "validated")],
        relievers=[("r1", "Delivery from 6am", ["p1"],
                    {"learnings": [learning_card(strength="do", verdict="invalidated")
                                   .model_dump()]})])


def _evidence(strength):
    if strength is None:
        return {}
    return {"learnings": [learning_card(strength=strength).model_dump()]}


def busy_canvas(language: str = "en", per_section: int = 12, title: str = "Night nurses"):
    """``per_section`` items in each of jobs, pains, gains, and 8 relievers and 8 creators
    linked to them; statuses and evidence follow ``PLAN``."""
    texts = TEXTS[language]
    profile = {}
    for prefix, section in (("j", "jobs"), ("p", "pains"), ("g", "gains")):
        profile[section] = [
            (f"{prefix}{n}", texts[section][n % 12] + ("" if n < 12 else f" ({n})"),
             SCORES[n % 12], PLAN[n % 12][0], _evidence(PLAN[n % 12][1]))
            for n in range(per_section)]
    relievers = [(f"r{n}", text, [f"p{n}", f"p{(n + 3) % per_section}"],
                  _evidence(("do", None, "say", None)[n % 4]))
                 for n, text in enumerate(texts["pain_relievers"])]
    creators = [(f"c{n}", text, [f"g{n}"], _evidence((None, "pay", None, None)[n % 4]))
                for n, text in enumerate(texts["gain_creators"])]
    return build(jobs=profile["jobs"], pains=profile["pains"], gains=profile["gains"],
                 relievers=relievers, creators=creators, language=language, title=title)
