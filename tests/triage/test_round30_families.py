"""Wordings added for the round-30 evaluation sets: Russian wordings of the red flags (with their
negations, questions, "прошло" and whose symptom it is), Portuguese and French wordings the sets
showed missing, self-corrections ("the bandage is soaked - wait no sorry its shower water"),
"Fever N /" check-in answers, and blood that came all the way through the dressing."""

from __future__ import annotations

import pytest

from tests.triage.rules_only import assess, cases, check_level

EMERGENCY = [
    # Russian
    "со вчерашнего вечера онемение в промежности и на ягодицах",
    "папа говорит что ничего не чувствует между ног",
    "мама обмочилась ночью и даже не заметила",
    "не могу помочиться с самого утра, живот тугой",
    "ноги подкашиваются, не могу стоять",
    "сильно давит в груди и не хватает воздуха",
    "кровь из шва не останавливается уже час, прижимаю полотенцем",
    "муж потерял сознание в ванной",
    "не хочу жить, устал от этой боли",
    # Portuguese, French
    "minha mãe não sente nada no bumbum e na virilha desde hoje cedo",
    "ele não consegue respirar direito, falta de ar",
    "ma femme ne peut plus tenir debout depuis ce matin",
    "j'ai du mal a respirer même au repos",
    # English
    "nothing has come out all day and my bladder feels full and hard",
]

URGENT = [
    # Russian
    "температура 38,4 с утра",
    "из раны сочится мутная желтая жидкость",
    "шов покраснел и горячий на ощупь",
    "шов разошелся немного внизу",
    "левая нога стала слабее со вчерашнего дня",
    "опухоль у шва твердая и не уменьшается",
    "икра справа болит и опухла",
    "боль в спине становится хуже с каждым днем",
    "голова болит когда встаю, лежа проходит",
    # Portuguese, French
    "a panturrilha direita está inchada e quente",
    "la douleur est de pire en pire depuis trois jours",
    # English
    "blood came right through the gauze overnight, pressed on it and it stopped",
    "bled all the way through my bandage after the shower",
]

ROUTINE = [
    # Russian: negations, questions, over, someone else
    "температуры нет, шов сухой",
    "нет никакой боли, все хорошо",
    "а если будет температура, что делать?",
    "как понять что шов воспалился?",
    "онемение в ноге уже прошло",
    "моя сестра вчера упала в обморок, она не оперировалась. у меня все хорошо",
    "температура 36,7",
    # Portuguese, French
    "a dor está melhor hoje",
    "pas de douleur ce matin, merci",
    # self-corrections and check-in answers
    "bandage is soaked - wait no sorry its sweat from the heat pad",
    "des frissons? non attends, c'était juste la fenêtre ouverte, pas de fièvre",
    "Pain 1 / Fever N / Incision clean",
    "my hubby gets short of breath on stairs, can he still drive me to the follow up",
]


@pytest.mark.parametrize("text,level", cases(EMERGENCY, URGENT, ROUTINE))
def test_round30_family(text, level):
    check_level(text, level)


def test_a_russian_temperature_is_read_as_a_temperature():
    """"температура 38,4" is a reading of 38.4 °C, above the fever threshold."""
    found = assess("температура 38,4").findings
    assert [f.value for f in found if f.value is not None] == [38.4]


def test_a_correction_that_widens_a_sign_keeps_it():
    """Only a correction that takes the sign back clears it: "my leg went numb, wait, both
    legs now" still has numbness."""
    found = assess("my leg went numb, wait, both legs now").findings
    assert any(f.id.startswith("numbness") and not f.negated for f in found)
