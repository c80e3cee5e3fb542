"""Wordings added for the round-32 evaluation sets: romanised Hindi, Urdu and Bengali wordings of
the red flags (with "koi ... nahi" and "agar"), romanised Japanese ones ("atama itai",
"shibire", "moshi"), a check-in answer "walking: NO - legs collapsed", "cant fell my privates",
tingling told as a diary up past the ankle, "I have had worse", and whose fever it is; then the
disagreements of the final set sealed_z14 (folded as t33_z14): French numbness "entre les
jambes", a Russian numb leg on its fourth day, Portuguese blood on the dressing on warfarin,
Italian "e se mi viene", "which things mean I go to the ER? like ...", "he's not the one who had
the procedure"; and those of sealed_z15 (folded as t33_z15): Arabic fainting and drainage, Chinese
legs that "站不稳", Tagalog and Portuguese dressings soaked again after changing, a French stiff
neck "tout raide", Haitian Creole "fè yon kriz", Portuguese numbness "subindo"."""

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
    "ma mère ne sent plus rien entre les jambes depuis hier soir",
    "أغمي على أبي في المطبخ",
    "我妈妈现在站不稳了，腿越来越没力气",
    "yung gasa puno ng dugo, pinalitan namin pero basa ulit agad",
    "troquei o curativo e encharcou de novo, apertei e não para",
    "mal de tête atroce, le cou tout raide, fièvre 39",
    "papa fè yon kriz, tout kò l t ap tranble",
]

URGENT = [
    "ulti baar baar ho rahi hai, dawai bhi nikal jaati hai",
    "bukhar hai 101 since morning",
    "left pair mein kamzori hai since yesterday, chal pa raha hoon",
    "shibire in my right foot for five days now, not better",
    "mal de tête horrible quand je me lève, ça passe couché",
    "Mon: tingly toes. Wed: whole foot. Today: up past the knee",
    "the wound smels bad, like something rotten",
    "онемение в левой ноге уже пятый день",
    "tomo varfarina e a gaze ficou cheia de sangue",
    "يخرج صديد من الجرح",
    "la rougeur autour de la plaie s'étend depuis hier",
    "o formigamento começou no pé e está subindo pra perna",
]

ROUTINE = [
    "koi bukhar nahi, taanke saaf hain",
    "agar bukhar aa jaye to kya karna hai?",
    "moshi I get a fever, do I call you or go to the ER?",
    "back is sore but I have had worse, better every day",
    "my husband has the flu and a fever of 102, could i catch it? im fine",
    "se mari mwen ki gen lafyèv, not me. im the one who had the surgery",
    "bhai ki shaadi hai next week, can I travel by car 4 hours",
    "e se mi viene la febbre stanotte, chi chiamo?",
    "what symptoms mean I go to the ER? like trouble peeing?",
    "my wife has a fever of 101 but shes not the one who had the procedure, i did and im fine",
    "pa gen lafyèv, pa gen pi, tout bagay anfòm",
    "vomitei no primeiro dia por causa da anestesia, agora estou bem",
    "si no puedo orinar, tengo que ir a urgencias?",
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
