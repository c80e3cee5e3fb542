"""Wordings added for the round-33 evaluation sets: temperatures and pain scores written as
Spanish, Portuguese, Italian or French words ("treinta y ocho y medio", "un ocho"), traditional
Chinese read as simplified, Chinese wordings of soaked and unstoppable bleeding, spreading
redness and repeated vomiting, Punjabi and Hindi ones ("pishaab nikal gaya", "kamzor lagda",
a headache "jab bhi main baithti hoon"), a Tagalog bleed that goes on under pressure, Polish
blood soaking through the dressing on Xarelto, "maybe better I not wake up"; and the context
of a resolving cue after "but" and of someone else's clause that goes on about her."""

from __future__ import annotations

import pytest

from bot.triage.numbers import find_numbers
from tests.triage.rules_only import assess, cases, check_level

EMERGENCY = [
    "yung gasa basang-basa, pinipressure ko na for 20 mins pero tuloy-tuloy pa rin ang dugo",
    "mere papa da pishaab nikal gaya bed te, ohna nu pata vi nahi laggeya",
    "纱布全被血浸透了，按了十五分钟还是一直流",
    "手術後紗布一直滲血，壓了半小時還是不停流",
    "honestly tired of everything, better if i never wake up",
]

URGENT = [
    "tengo treinta y ocho y medio desde anoche",
    "me duele mucho la espalda, es un nueve y no se me quita",
    "la douleur est à huit sur dix depuis ce matin",
    "febbre trentotto e mezzo stamattina",
    "jab bhi main uthti hoon sir mein bahut dard hota hai, let ke theek ho jata hai",
    "meri left leg kamzor lagdi kal ton, stairs te mushkil",
    "biorę eliquis i krew przesiąka przez opatrunek",
    "伤口周围红了一圈，比昨天大了，摸起来发烫",
    "吃什么吐什么，吐了七八次了",
    "我在吃华法林，纱布上好多血",
]

ROUTINE = [
    "la temperatura esta en treinta y siete y medio, es normal?",
    "tengo dos hijos y tres nietos que me ayudan en casa",
    "the tingling in my toes was there the first night but that's all gone now, day 4",
    "my grandson is staying over and he's got a cold and a temp of 101, can I be near him?",
    "better if i don't wake up too early for the appointment?",
    "吐了一次，现在好了",
]


@pytest.mark.parametrize("text,level", cases(EMERGENCY, URGENT, ROUTINE))
def test_round33_family(text, level):
    check_level(text, level)


@pytest.mark.parametrize(
    "text,value",
    [
        ("treinta y ocho y medio", 38.5),
        ("trente-huit et demi", 38.5),
        ("trentotto e mezzo", 38.5),
        ("trinta e nove", 39.0),
        ("treinta y siete punto cinco", 37.5),
        ("ciento uno", 101.0),
    ],
)
def test_a_temperature_in_romance_words_is_read(text, value):
    assert [n.value for n in find_numbers(f"fiebre {text} hoy")] == [value]


def test_small_romance_number_words_stay_words():
    """"dos hijos y tres nietos", Italian "sei" (you are): no number to misread."""
    assert find_numbers("tengo dos hijos y tres nietos, sei stanco") == []


def test_a_score_out_of_ten_in_words_is_one_score():
    found = find_numbers("el dolor es ocho de diez")
    assert [(n.value, n.scale) for n in found] == [(8.0, "/10")]


def test_a_number_right_after_a_japanese_word_is_read():
    """"熱も39度": the number follows a kana with no space; it is a 39 °C temperature."""
    fever = [f for f in assess("熱も39度あります").findings if f.value is not None]
    assert [(f.value, f.level) for f in fever] == [(39.0, "urgent")]
