"""Wordings added for the round-32 evaluation sets: romanised Hindi, Urdu and Bengali wordings of
the red flags (with "koi ... nahi" and "agar"), romanised Japanese ones ("atama itai",
"shibire", "moshi"), a check-in answer "walking: NO - legs collapsed", "cant fell my privates",
tingling told as a diary up past the ankle, "I have had worse", and whose fever it is."""

from __future__ import annotations

import pytest

from tests.triage.rules_only import assess, cases, check_level

EMERGENCY = [
    # Hindi, Urdu, Bengali (romanised)
    "mummy ka subah se peshab nahi aaya, pet phool raha hai",
    "dadaji ko potty ka pata hi nahi chala, kapde mein ho gaya",
    "unke neeche sab sunn ho gaya hai kal raat se",
    "abba ki saans phool rahi hai, baat bhi nahi kar pa rahe",
    "sir dard bahut tez hai, gardan akad gayi, bukhar 39 hai",
    "papa behosh ho gaye bathroom mein",
    # Japanese (romanised)
    "atama ga itai so bad, neck is stiff and netsu 39",
    # English
    "Check-in reply: pain 3, incision ok, walking: NO - my legs gave out twice this morning",
    "i cant fell my bum or my privates since last night",
]

URGENT = [
    "ulti baar baar ho rahi hai, dawai bhi nikal jaati hai",
    "bukhar hai 101 since morning",
    "left pair mein kamzori hai since yesterday, chal pa raha hoon",
    "shibire in my right foot for five days now, not better",
    "mal de tête horrible quand je me lève, ça passe couché",
    "Mon: tingly toes. Wed: whole foot. Today: up past the knee",
    "the wound smels bad, like something rotten",
]

ROUTINE = [
    "koi bukhar nahi, taanke saaf hain",
    "agar bukhar aa jaye to kya karna hai?",
    "moshi I get a fever, do I call you or go to the ER?",
    "back is sore but I have had worse, better every day",
    "my husband has the flu and a fever of 102, could i catch it? im fine",
    "se mari mwen ki gen lafyèv, not me. im the one who had the surgery",
    "bhai ki shaadi hai next week, can I travel by car 4 hours",
]


@pytest.mark.parametrize("text,level", cases(EMERGENCY, URGENT, ROUTINE))
def test_round32_family(text, level):
    check_level(text, level)


def test_a_hindi_fever_word_makes_the_number_a_temperature():
    """"bukhar hai 101": 101 after the word for fever is 101 °F."""
    found = assess("bukhar hai 101").findings
    assert [f.value for f in found if f.value is not None] == [101.0]


def test_a_no_dash_answers_the_label_before_it():
    """"walking: NO - legs collapsed": the NO answers "walking", the collapse still counts."""
    found = [f for f in assess("walking: NO - legs collapsed twice").findings if f.counts]
    assert any(f.id == "severe_leg_weakness" for f in found)
