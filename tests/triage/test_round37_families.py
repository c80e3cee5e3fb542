# ruff: noqa: E501
"""Wordings added after the final set sealed_z23 (folded as tests/data/t37_z23.jsonl), each with
a neighbour or two so that the family, not the one sentence, is covered.

- A temperature's tenth said without a word for the comma is part of it: French "trente-sept
  neuf" (37.9), Italian "trentotto e cinque", German "achtunddreißig fünf", Russian "тридцать
  восемь пять"; only for a reading in the range of a body temperature, so "treinta y ocho, cinco
  días" stays two numbers.
- German "falls die Wunde ..." (if the wound ...), "was passiert, wenn", "woran erkenne ich" ask.
- Ukrainian clear fluid that "витікає" (leaks) from the incision; Russian and Ukrainian blood on
  the dressing ("на повязке пятно крови", "пов'язка в крові"), so a patient on warfarin with it
  is urgent; "не больше чем пара капель" (no more than a couple of drops) is not more.
- Amharic "እግሬ ... ደከመኝ" (my leg got weak).
- German bleeding that goes on "obwohl ich seit zwanzig Minuten drücke" (despite pressure) is an
  emergency; Italian blood that soaks "fino a passare dall'altra parte" (through) is soaked.
"""

from __future__ import annotations

import pytest

from bot.triage.numbers import find_numbers
from tests.triage.rules_only import cases, check_level

EMERGENCY = [
    "es blutet weiter, obwohl ich seit zwanzig Minuten drücke",
    "blutet immer noch trotz Druck",
]

URGENT = [
    "з розрізу витікає прозора рідина, як вода",
    "зі шва виходить прозора рідина",
    "принимаю варфарин, на повязке большое пятно крови, больше чем пара капель",
    "п'ю варфарин, пов'язка в крові",
    "ግራ እግሬ ከትናንት ጀምሮ ትንሽ ደከመኝ፣ መራመድ ግን እችላለሁ",
    "la medicazione si è bagnata di sangue fino a passare dall'altra parte, poi con la pressione si è fermato",
    "ho trentotto e due di febbre",
    "Fieber achtunddreißig fünf seit heute",
    "j'ai trente-huit cinq depuis ce matin",
    "Die Wunde nässt seit gestern",
]

ROUTINE = [
    "j'ai trente-sept neuf, c'est de la fièvre ?",
    "mi mamá tiene treinta y siete cinco",
    "Was soll ich tun, falls die Wunde anfängt zu nässen?",
    "Was passiert, wenn ich Fieber bekomme?",
    "Woran erkenne ich eine Infektion der Wunde?",
    "з рани не витікає прозора рідина",
    "принимаю варфарин, на повязке не больше чем пара капель",
    "на бинте кровь",
    "нет крови на повязке",
    "እግሬ አልደከመኝም",
]


@pytest.mark.parametrize("text,level", cases(EMERGENCY, URGENT, ROUTINE))
def test_round37_family(text, level):
    check_level(text, level)


@pytest.mark.parametrize(
    "text,values",
    [
        ("trente-sept neuf", [37.9]),
        ("trentotto e cinque", [38.5]),
        ("achtunddreißig fünf", [38.5]),
        ("тридцать восемь пять", [38.5]),
        ("treinta y ocho con cinco", [38.5]),
        ("treinta y ocho, cinco días", [38.0, 5.0]),
        ("dolor ocho nueve", [8.0, 9.0]),
        ("quarante cinq sept", [45.0]),
    ],
)
def test_a_bare_tenth_belongs_to_a_temperature_only(text, values):
    assert [n.value for n in find_numbers(text)] == values
