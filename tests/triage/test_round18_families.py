"""Mechanisms added for the round-18 and round-19 evaluation sets: limited English from Asian,
African, Middle-Eastern and Eastern-European first languages; terse fragments; symptoms told over
time; older writers; check-in lists."""

from __future__ import annotations

import pytest

from bot.triage.numbers import find_numbers
from tests.triage.rules_only import assess, cases, check_level

EMERGENCY = [
    # saddle numbness told in fragments, or moving there over several sentences
    "inner thighs. both numb. since this morning",
    "the tingling moved. first my feet. now its my groin",
    "It began in my right foot. Now it's my inner thighs and rear end. Feels dead.",
    "my mother speak only Dari, I translate. she say the area of the seat is dead",
    # breathing and the chest in learner English
    "my heart is racing and it hurts to breathe",
    "I feel pressure in my heart and the air is not enough",
    # bleeding that does not stop with pressure, or fills a new dressing again
    "held pressure 20 min like the sheet said, took it off and its still gushing",
    "gauze full of blood. changed it. full again in 15 min",
    "lots of blood coming from his cut, pressing a towel on it and the towel is soaked",
    "there is a lot of blood on the bed and it's still coming out",
    "a lot of blood, can't get it to stop",
    # round 19: indirect self-harm, legs that stop obeying, Somali "kaadi", Hindi "sunn"
    "I am tired of this pain, I think better I am not alive",
    "I have the wish to die. I am not joking.",
    "The strength of the legs is decreasing quickly every hour",
    "my mother cannot kaadi since last night",
    "my father say the inside part of thighs both side sunn ho gaye",
    # "the one who had the procedure" is the patient
    "my dad (the one who had the back procedure) strains on the toilet and no urine comes out",
]

URGENT = [
    # a whole-number reading beside a decimal one
    "dad 102 tonight, was 99.4 at lunch",
    "was 98.7 this morning now 101",
    # a score rising in words, a score in the sentence after its pain word, "8 fen"
    "took my oxy an hour ago. still a 6 and climbing",
    "pain. 4 days ago a 2. yesterday 5. today 7",
    "The pain near the cut gets stronger day by day. Today it is 8.",
    "Pain was settling but last night it jumped to an 8",
    "hou tung, 9 fen, panadol no use",
    # a course in fragments after the finding
    "toes numb. started the day of the procedure. that was 6 days ago. still the same",
    "tingling. day 1 better. day 2 better. day 3 worse. today worse again",
    "feet tingly. a week and a half now. not better",
    "the needles in my leg since operation, now 1 week, same same",
    # infection and a leak in fragments
    "day 6. red. warm. was fine on day 3",
    "dressing wet. clear. not blood. keeps coming",
    # "a lot of blood" on a blood thinner that is not running: urgent, not an emergency
    "on warfarin. the dressing has a lot of blood, more than spots, not dripping",
    "mama take Xarelto, the bandage is filled with blood, not just spot",
    # one leg, Hindi pindli, a weakness that was not there before
    "pindli pain in right leg, tight and swollen",
    "I have pain and swelling in one leg below the knee since this morning",
    "I noticed a slight weakness in my left leg that was not present before the procedure",
    # round 19
    "боль 9 из 10, таблетки не помогают",
    "The swelling at the site of the operation is augmenting since 3 days.",
    "swelling was small day 1, now day 5 it's like a tennis ball",
    "the dressing is full red this morning, I pressed and now it is ok",
]

ROUTINE = [
    # a summing-up: "none since", "I have none of that"
    "a little bleeding on day 1. none since",
    "had some chills the first night but no fever and none since",
    "My husband had chills the night of the procedure, since then no chills no fever",
    "The sheet says fever, pus, trouble peeing, legs getting weak. I have none of that thank god.",
    # not about the patient, not a symptom, not real
    "not me, my friend had same surgery and he had infection, I worry. my wound is clean",
    "if my calf hurts is it a clot? my aunt had clot after her surgery",
    "I am faint-hearted person, scared of needle",
    "can I take my pill for seizure like always? I have epilepsy, no seizure for 4 year",
    "the fainting couch is the only comfy seat in the house lol",
    "they said bleeding risk is higher with blood thinners, should I wait on my aspirin",
    "can i take a bath or will it get infected",
    "만약 leg become weak, I go hospital or call you?",
    "my son worry I faint, but I did not faint, I just sit down because tired",
    "My wife read on internet about fever and infection, but I have no fever, 36.8",
    # limits and comparisons are no readings
    "37.9... thats under 38 right?",
    "temp hit 100.5 the night of the procedure but it's been 98-something for 4 days now",
    # walking more each day is recovery, not a worsening
    "sore but walking more each day",
    # round 19
    "Bleeding stopped, no more blood since yesterday, bandage is clean",
    "the swelling was big day 1 and now is almost nothing",
    "my brother was the one who had the fever, not me, sorry for the confusion",
    "I had chills the first night but it go away, no fever since",
]


@pytest.mark.parametrize("text,level", cases(EMERGENCY, URGENT, ROUTINE))
def test_round18_family(text, level):
    check_level(text, level)


def test_fen_is_a_score_out_of_ten():
    assert [(n.value, n.scale) for n in find_numbers("hou tung, 8 fen")] == [(8.0, "/10")]
    assert [n.scale for n in find_numbers("8分")] == ["/10"]


def test_none_of_that_followed_by_a_verb_is_no_summing_up():
    # "None of that has gone away" says the opposite of "I have none of that"
    fever = [f for f in assess("I have fever and chills. None of that has gone away").findings]
    assert any(f.id == "fever" and f.counts for f in fever)


def test_none_since_with_its_own_clause_does_not_reach_back():
    found = assess("none since I stopped the pills, but my leg is numb and weak").findings
    assert any(f.level != "routine" and f.counts for f in found)
