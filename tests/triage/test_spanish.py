"""Spanish (and a little Tagalog/Portuguese) wordings: patients write in the language they think
in, and a red flag must not be missed because it was not written in English. Also the number
forms they bring ("3 de 10", "del 1 al 10") and the folding of letters like "đ"."""

from __future__ import annotations

import pytest

from bot.triage.normalize import fold_accents
from bot.triage.numbers import find_numbers
from tests.triage.rules_only import assess, cases, check_level

EMERGENCY = [
    "no puedo orinar desde anoche y tengo la panza dura",
    "se me durmieron las nalgas y la parte de adentro de los muslos",
    "me hice pipi encima sin darme cuenta",
    "mi esposo no puede mover las piernas",
    "me falta el aire y me duele el pecho",
    "la herida no para de sangrar, ya van tres gasas empapadas",
]

URGENT = [
    "tengo calentura de 38.5",
    "me sale pus amarillo de la herida",
    "el dolor es 9 de 10 y no se me quita con la pastilla",
    "tengo la pierna adormecida desde hace una semana",
]

ROUTINE = [
    "no tengo fiebre",
    "ya no tengo fiebre",
    "tuve fiebre pero ya no",
    "el dolor es 3 de 10",
    "en una escala del 1 al 10 es un 4",
    "on a scale of 1-10 it's a 4",
    "me duele un poquito donde me cortaron, es normal?",
]


@pytest.mark.parametrize(("text", "expected"), cases(EMERGENCY, URGENT, ROUTINE))
def test_level(text: str, expected: str) -> None:
    check_level(text, expected)


def test_a_negated_fever_does_not_hide_the_chills_after_it() -> None:
    result = assess("ya no tengo fiebre pero tengo escalofrios")
    assert result.level == "urgent"
    by_id = {f.id: f for f in result.findings}
    assert by_id["fever"].negated and not by_id["chills"].negated


@pytest.mark.parametrize(
    ("text", "value"),
    [("dolor 4 sobre 10", 4), ("un 8 de diez", 8), ("3 de 10", 3), ("pain 7 of 10", 7)],
)
def test_out_of_ten_in_spanish_is_one_score(text: str, value: float) -> None:
    scores = [n for n in find_numbers(text) if n.scale == "/10"]
    assert [n.value for n in scores] == [value]


def test_a_scale_names_its_range_but_a_jump_to_ten_is_a_score() -> None:
    assert [n.value for n in find_numbers("on a scale of 1 to 10 it's a 3")] == [3]
    assert [n.value for n in find_numbers("del 1 al 10 tengo un 5")] == [5]
    assert assess("scale of 1 to 10? 8.5").level == "urgent"
    assert assess("pain went from 1 to 10 overnight").level == "urgent"


def test_letters_without_a_decomposition_fold_too() -> None:
    assert fold_accents("Tôi bị đau lưng") == "Toi bi dau lung"
    assert fold_accents("pipí") == "pipi"
