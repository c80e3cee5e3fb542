"""Mechanisms and wordings added for the round-26 and round-27 evaluation sets and the sealed_z10
set measured before them: dialect spellings of "hundred" ("a hunner an one"), a check-in answer "no"
closed by the next "Label:", a "meant to settle" that is no resolution, drainage told in
fragments, numbness creeping up the leg told as a diary over lines, euphemisms for peeing and
soiling ("spend a penny", "a number two in me trackies"), Scots and Hinglish wordings, and whose
fever it is when the writer says they are fine themselves; check-in answers numbered with full
stops, Chinese "度", an "if" that came true ("if your legs give way. well they did")."""

from __future__ import annotations

import pytest

from tests.triage.rules_only import assess, cases, check_level

EMERGENCY = [
    # a temperature in Scots words with a stiff neck and a bad head: meningitis signs
    "ma heid is splittin and ah cannae bend ma neck, thermometer says a hunner an two",
    # euphemisms for peeing and soiling
    "not been able to have a pee since dinner and im busting",
    "haven't managed to spend a penny all day, feel full",
    "did a number two in me joggers, never felt it coming",
    "me balls have gone numb since this morning",
    "his legs went from under him on the stairs",
    "I keep having thoughts of doing myself in",
    "thinkin aboot endin it aw",
    "dadi ko subah se peshab nahi ho raha",
    "mummy khadi nahi ho pa rahi, legs mein jaan nahi",
    "nana bathroom mein behosh ho gaye the",
    "cnat feel my legs at all",
    "blacked oot in the kitchen",
    "I need ten minutes to get my breath back after the stairs now",
    # round 27
    "numnes in my grion since lunch",
    "the nurse said dont mess about if your legs give way. well they did, this morning",
    "they'd all be better off if i just ended it",
    "sometimes i think better i just die",
    "i make mess in my pants, i not know it coming",
    "cnt wlk since i woke up",
    "panting like i ran a marathon and i'm just sitting in my chair",
]

URGENT = [
    "painkillers are no touchin it at all",
    "headache is worse upright and better lying flat",
    "Some discharge. Milky. Smells a bit.",
    "Sat: tingly toes\nMon: worse\nToday: halfway up my shin",
    "the numbness was meant to settle but it is worse now than when I came home",
    "clear watery stuf dripin from the cut",
    "my foot is stil numm, 5 days now",
    # round 27
    "took my meds an hour ago and they ain't done nothing",
    "发烧 38.5 度",
    "mủ coming out of the wound",
    "nhức đầu when i sit up, better lying down",
    "on warfarin and the blood ring on the bandage keeps growing",
    "my foot feels wrapped in cling film, a week now",
    "my back has hurt a bit more each day since I got home",
    # clear fluid from the wound is a possible leak (urgent), not a bladder accident
    "clear fluid dribbling from the incision onto the pad, no blood",
]

ROUTINE = [
    "Pain: 2  Fever: no  Wound: dry  Bladder: ok",
    "pain 6/10 today, was worse yesterday, the tablets are holding it",
    "is numbness something i should watch for? mine is fine",
    "my son has a temp of 101 with the flu, should he stay away from me",
    "My wife caught a cold, fever 100.9. I'm fine myself, incision is clean",
    "my feet are killing me in these new boots",
    "my brother had his gallbladder out and got a fever after, does that happen with this",
    "yer man in the next bed said he couldnt pee after, will that happen me",
    # round 27
    "1. pain 2 2. no fever 3. wound dry",
    "both calves sore from walking more, same both legs, no swelling",
    "my temp was 100.5 the first night but it's been 98 ever since",
    "the hospital food made me want to throw up, eating fine at home",
    "sore but walking a bit more each day",
]


@pytest.mark.parametrize("text,level", cases(EMERGENCY, URGENT, ROUTINE))
def test_round26_and_27_family(text, level):
    check_level(text, level)


def test_a_scots_hundred_is_a_temperature():
    """"a hunner an one" is 101 degrees, the same as "a hundred and one"."""
    found = assess("thermometer says a hunner an one").findings
    assert any(f.id == "fever" and f.value == 101.0 for f in found)


def test_no_before_the_next_label_answers_the_topic_before_it():
    """"Fever: no  Wound: red": the no is the fever's answer, the red wound still counts."""
    found = assess("Fever: no  Wound: red and hot").findings
    assert not any(f.id == "fever" and f.counts for f in found)
    assert any(f.id.startswith("wound_") and f.counts for f in found)


def test_answers_numbered_with_full_stops_are_no_pain_scores():
    """"1. pain 3 2. no fever 3. wound dry 4. pee ok": the list numbers are no readings."""
    found = assess("1. pain 3 2. no fever 3. wound dry 4. pee ok").findings
    scores = [f.value for f in found if f.id in ("pain_score", "severe_pain", "pain_worsening")]
    assert scores == [3.0]
