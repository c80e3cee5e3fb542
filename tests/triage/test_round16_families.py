"""Mechanisms added for the round-16 evaluation sets (caregivers and home-health aides, a
clinic's check-in replies, and French, Portuguese and Haitian Creole speakers)."""

from __future__ import annotations

import pytest

from bot.triage.numbers import find_numbers
from tests.triage.rules_only import assess, cases, check_level

EMERGENCY = [
    # French
    "je n'arrive plus à retenir mes urines, ça coule tout seul",
    "j'ai les fesses complètement engourdies depuis ce matin",
    "mes jambes ont lâché, je ne peux plus marcher",
    "j'ai du mal à respirer depuis une heure",
    "douleur dans la poitrine depuis 20 minutes",
    "mon père a perdu connaissance dans la cuisine",
    "il a fait une crise, il tremblait partout",
    "j'ai envie d'en finir",
    # Portuguese
    "meu pai fez cocô na calça e não sentiu nada",
    "minhas pernas falharam, não consigo ficar em pé",
    "falta de ar e dor no peito",
    # Haitian Creole
    "li pèdi konesans pou yon ti moman",
    "m pa ka respire byen",
    # Spanish and Spanglish
    "no puedo hacer pichí desde anoche",
    "está bleeding mucho y no para",
    "mi papá tosió sangre",
    # caregivers and aides
    "my father in law leaked urine on the couch and didn't realize",
    "pt dressing saturated x3 in 1 hr, pressure applied 15 min, continues to bleed",
    "grandpa wrote a goodbye note",
    "next thing I know I'm on the floor, must have fainted",
]

URGENT = [
    "la plaie est rouge et chaude",
    "le pansement était trempé de sang, j'ai appuyé et ça s'est arrêté",
    "mes orteils sont engourdis depuis 6 jours, pas d'amélioration",
    "je vomis sans arrêt, je ne garde pas mes médicaments",
    "la douleur est à 8 sur 10",
    "o sangue passou do curativo mas parou",
    "Kò m cho anpil, m gen frison",
    "blese a gen pi ladan l",
    "mi esposo toma anticoagulante y la venda tiene bastante sangre",
    "pt c/o HA worse upright, relieved supine",
    "he's at 102 even after tylenol",
    "the tingling is going more up, first only the foot, now all the leg",
    "pt on plavix, dressing w/ moderate sanguineous drainage",
]

ROUTINE = [
    "pt afebrile, incision C/D/I, no s/s infection, voiding w/o difficulty",
    "I'm mom's caregiver and I came down with a fever of 101 myself, should I stay away from her?",
    "my little brother has the stomach flu and is throwing up, should he stay away from grandpa?",
    "the handout says call 911 for chest pain, does that mean any chest pain?",
    "I had a fever of 101 last month with covid, fully recovered before the procedure",
    "the bill gave my husband a heart attack haha",
    "he joked he'd rather die than wear the compression socks again",
    "my aunt says dad will be paralyzed from this, is that a real risk?",
    "ma voisine a eu une infection après son opération, est-ce fréquent ?",
    "casi me desmayo cuando vi la cuenta jaja",
    "my friend could not pee after the same procedure, this can happen to me?",
    "last week I have the tingling in the foot for 2 days but now is finish",
    "pain is for out of ten today and better than yesterday",
    "My mother-in-law cannot walk well, she wants the same procedure, how do we book?",
]


@pytest.mark.parametrize(("text", "expected"), cases(EMERGENCY, URGENT, ROUTINE))
def test_round16_levels(text: str, expected: str) -> None:
    check_level(text, expected)


def test_dictated_for_out_of_ten_is_a_four_and_a_lone_ten_is_no_score() -> None:
    assert [(n.value, n.scale) for n in find_numbers("pain is for out of ten")] == [(4.0, "/10")]
    assert find_numbers("pain is out of ten") == []


def test_an_aside_in_brackets_does_not_use_up_the_scope_of_someone_else() -> None:
    text = "My husband (not the patient, I had the procedure) has a bad cough and fever"
    assert assess(text).level == "routine"
