"""Mechanisms added for the round-20 to round-22 evaluation sets: check-in replies (numbered
with ")" or "-", line-per-topic answers), whose symptom it is, limited English, symptoms told over
days, family chats, night and weekend messages, and plain or regional wordings."""

from __future__ import annotations

import pytest

from tests.triage.rules_only import assess, cases, check_level

EMERGENCY = [
    # a "no" that answers yes: the finding itself is spelled as a negative
    "1) 5 2) no 3) no 4) NO - cant pee at all since yesterday evening",
    "pee? no I can't pee, nothing since last night",
    "no fever no numbness. but peeing... I can't. haven't been able to since yesterday",
    # not someone else's words about the finding, only about telling it
    "PT went fine. I didnt mention that I can't really feel my perineum since yesterday",
    "not a joke, I want to die",
    "i cut myself last night on purpose and want to do it again",
    "Dad said he has his gun out and is done with all of this",
    "better I die than live like this, I have plan with the pills",
    "my vagina and the area around it have been numb since I woke up",
    "namamanhid po yung puwet ko pati yung sa pagitan ng hita",
    "meu pe direito ta caindo, i can not raise it up",
    "my dad he cannot đi tiểu since last night, belly very tight",
    "we pressed on it and it keeps going, the dressing is soaked red",
    "incision started gushing, pressing hard, still soaking",
    "head is exploding, neck no move, temp 101.5",
    # round 21
    "Also forgot to say Ive been having trouble catching my breath",
    "his man parts have gone numb since this morning",
    "him cyaan feel nothing between him legs",
    "I keep thinking about doing something silly to myself",
    "Mum had LOC x 30 sec in the kitchen, she's awake now",
    # rules alone missed these example wordings (the backstop caught them)
    "I cannot make urination since last night, only few drops, stomach tight",
    "Dad pee is coming without control since the evening",
    "her stool is coming out without she know",
    "some days I think to jump from the balcony and finish everything",
    "my husband lost the consciousness in the garden",
    "can't talk in sentences, blue round the lips",
    # round 22
    "my wife she no can pee since this morning, belly hard",
    "Dad hasn't been able to get any wee out since breakfast",
    "blood coming from the cut, I pressed with a towel a long time and it refuse to stop",
    "cannae go on. everybody wid be better aff if ah wisnae here",
]

URGENT = [
    # numbered answers: each is a clause of its own
    "1) 3 2) no 3) no 4) ok 5) swollen and firm, more than last week",
    "1) 3 2) no 3) no 4) ok 5) clear watery fluid leaking from it",
    "1) 2 2) no 3) yes worse - pins and needles moved from my foot up into my calf",
    # readings told in order
    "pain 4 -> 6 -> 7 the last three days",
    "Day 1 pain 6, day 2 pain 4, day 3 pain 3, today pain 7",
    "pain went from a 2 to a 6 since yesterday",
    "temp's gone from 37.4 to 37.9 to now 38.3 over today",
    # another person's observation of the patient is the patient's
    "my daughter-in-law is a nurse and she looked and said the drainage looks infected",
    "my son took my temperature with the baby's thermometer, 38.5",
    "is a headache that gets worse when sitting up normal? Mine started this morning",
    "Day 2 mild headache. Day 4 it's much worse when I stand up and eases when I lie down",
    "swelling hasn't gone down, actually it's grown since Friday",
    "i thought swelling was normal but mine is large and tight and kinda firm",
    "wound juice cloudy, like milk, and smell funny",
    "redness on my lower leg, just the one, and it's tender",
    "ból głowy when I get up, lie down is ok",
    # round 21
    "gren stuff on bandage",
    "how long does numbness last?? mine has been the same since the procedure 4 days ago",
    "my son in law looked and said the swollen bit is hard as a rock",
    "one of my legs is red and puffy, the other is normal",
    "been paining me seriously all night, took the tablets but no relief",
    "sitting up the headache is awful, lying down it went away",
    # round 22: check-in answers numbered with dashes, topics answered after them
    "1- 3 2- no 3- R foot still numb same as day 1 (day 6 now) 4- ok",
    "1 - 4, 2 - no, 3 - foot still tingly and worse",
    "pain 3 fever none numbness none bladder ok incision - clear fluid dripping out like water",
]

ROUTINE = [
    # a topic answered no on its own line
    "fever: no\nnumb: no\npee/poo: normal\nincision: dry, no redness",
    "fever? no\ntingling? no\nbladder/bowel? normal\npain? 3, better",
    "Fever - no. Chills - no. Drainage - no. Pain - 4 improving",
    "1) 2/10 2) no fever 3) no numbness 4) bladder+bowel normal 5) incision clean",
    # a fever that broke, readings falling under the threshold
    "temp 38.3 Tuesday, Wednesday 37.6, today Thursday 36.9 and I feel grand",
    "her fever broke, 100.6 at dinner, 98.9 at bedtime and 98.2 this morning, no tylenol",
    "pain 4 today, was 6 yesterday, 8 on day 1",
    "bp 101 over 70 this morning",
    # figures of speech and questions
    "this recliner is killing me lol, can I sleep in my own bed yet",
    "I'm passing out flyers for the bake sale Saturday, is standing 2 hours ok?",
    "I could pass out from boredom. Day 4, pain 2",
    "my wallet is bleeding after that copay",
    "how high does a fever have to be before I should call you",
    "no swelling. how big is too big for swelling?",
    "what mean saddle numbness, the paper say this",
    "the doctor's jokes nearly killed me",
    "i cut myself on the can lid, just a nick on my finger",
    "A lady in my support group said she had a headache that got worse standing up",
    "bleeding little on day 1, it stopped, now dry",
    "ran a fever of 100.8 on day 2, it was gone by day 3 and I've been normal since",
    # round 21
    "this copay is bleeding him dry",
    "tell them to chill, I'm fine, just sore",
    "the swelling is a bit hard but smaller than yesterday",
    "what if, say i have a fever of 101?",
    # round 22
    "pain 5 fever no numb no bladder ok incision a little swollen (day 2)",
    "pain 4 - 5 today, no fever",
    "my son has the flu with a fever, can he come visit me?",
    "mi hijo tiene gripa con fiebre, puede venir a visitarme?",
]


@pytest.mark.parametrize("text,level", cases(EMERGENCY, URGENT, ROUTINE))
def test_round20_family(text, level):
    check_level(text, level)


def test_stiff_neck_n_fever_keeps_n_as_and():
    """"n" answers no only at the end of its line: in "stiff neck n fever" it is "and"."""
    assert assess("stiff neck n fever 102 n the worst head ache ever").level == "emergency"


def test_a_no_before_the_next_finding_is_that_findings():
    """"greenish drainage, no fever": the no negates the fever, not the drainage."""
    assert assess("greenish drainage, no fever").level == "urgent"


def test_each_no_before_a_finding_still_opens_it():
    """"drainage no fever no chills": the nos deny the fever and chills, not the drainage; "fever
    no numbness or tingling" denies both numbness words."""
    assert assess("greenish drainage no fever no chills").level == "urgent"
    tingling = [f for f in assess("fever no numbness or tingling").findings if f.text == "tingling"]
    assert tingling and tingling[0].negated


def test_masked_fever_still_counts_after_a_fall():
    """Falling readings after a fever medicine are masked, not a fever that broke."""
    assert assess("39 last night, took tylenol, 38.2 at 6, now 37.6").level == "urgent"


@pytest.mark.parametrize(
    "text,level",
    [
        ("MUM SAYS SHE CAN'T FEEL WHEN SHE NEEDS THE TOILET AND SHE'S WET THROUGH", "emergency"),
        ("HE COULDN'T STAND UP THIS MORNING, LEGS GAVE WAY", "emergency"),
        ("I DON'T HAVE A FEVER AND THE CUT LOOKS FINE", "routine"),
    ],
)
def test_capitals_keep_their_contractions(text, level):
    """spaCy leaves "CAN'T" whole (its exceptions are lower case): it still reads "can not"."""
    check_level(text, level)
