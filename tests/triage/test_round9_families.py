"""Mechanisms added for the round-9 evaluation sets (elderly patients dictating by voice,
caregivers, SMS fragments, clinically literate writers): punctuation spoken as words, words the
tokenizer splits ("theyre", "thats"), a word the stemmer turned into a negation ("noted"), and
red flags told by what the body no longer does."""

from __future__ import annotations

import pytest

from tests.triage.rules_only import assess, cases, check_level

EMERGENCY = [
    "i poo'd in my pants and didnt feel it",
    "I am used to some numbness period what is new is I wet the bed last night",
    "I have not been able to pass any water at all since yesterday",
    "would anyone even notice if i was gone",
    "I went down in a heap in the garden",
    "the strength in my right leg is draining away",
    "it gave way on me twice on the stairs",
    "I have to sit bolt upright to breathe",
    "Grandfather is shaking whole body 2 minutes, eyes going up",
    "tripping over my own foot all day cant pull my toes up",
    "Active bleeding, saturated 4 gauze pads, pressure held 10 minutes without effect",
    # round 10: sealed_q-t, measured once, then folded into the examples as t10_q-t
    "Last void was yesterday at 3pm. My lower abdomen is distended.",
    "Sat on the toilet for 20 min, ran the tap, nothing.",
    "there is blood all over his sheets and it's still running down his back",
    "the bandage is soaked with blood, I changed it and the new one is soaked already",
    "how many of the oxycodone would it take to not wake up",
    "been saving up my oxy. dont really want to be here anymore",
    "Stool just slipped out while I was standing at the counter",
    "Husband can't lift his legs onto the bed anymore, he has to pull them up with his hands",
    "I keep losing time, like I'll be talking and then I'm on the floor",
    # round 11: sealed_u-w, folded as t11_u-w; the weakest group was writers with limited
    # English (Haitian Creole, Vietnamese, Russian, Tagalog words)
    "mwen pa ka pipi depi maten an",
    "San ap koule anpil nan blesi a, mwen peze li men li pa sispann",
    "tôi không đi tiểu được since last night",
    "no control down there anymore, both ends",
    "She says her legs just quit on her.",
    "aint made water since yesterday dinner time. sittin here tryin and nothin",
    "my head is poundin awful and I cant put my chin to my chest, thermometer said 101.5",
    # the rule words that stem_audit.py protects still match themselves
    "i get winded walking to the bathroom",
    "od on my pills",
]

URGENT = [
    "Client noted mild L hip flexor weakness today",
    "the numb feeling started in my heel and has crept up to my ankle",
    "the headache kicks in within minutes of getting up",
    "The pain medicine wears off after two hours and the pain comes roaring back",
    "It's oozing something that looks like custard",
    "Leaked through the plaster onto my good blouse, I held it and it stopped",
    "pain is a 9 out of 10 with the spasms but I can walk fine",
    "Нога немеет already 4 days, not better",
    "sốt 39 độ since afternoon",
    "toes still tingly a full week later",
]

ROUTINE = [
    "i spilled coffee on my pants",  # "pants" no longer stems to "pant" as in panting
    # words scripts/stem_audit.py found folding onto rule words ("wind" -> winded, "odds" -> od)
    "it was windy and the wind blew my hat off, otherwise fine",
    "whats the odds on this working long term",
    "i had some chills the first night but theyre gone",
    "legs felt heavy right after but thats passed",
    "I had a period of dizziness after the car ride, fine now",
    "The guy in the recovery bay next to me was bleeding a lot, mine's dry",
    "is it bad if the cut opens?",
    "the old fence gave way under me last summer, that's how my back started",
    "I keep tripping over my own feet because I'm tired, lol",
    "My father says the pain is a 3 and he's comfortable",
    "I've had some bladder leaks when I sneeze ever since having my kids, nothing has changed",
    "he can't hold the cup because his hands shake",
    "the incision leaked a little the first night but it's been dry for 2 days",
    "feet tingle if I sit too long, same as always before the procedure, goes away when I walk",
    "I didn't pass out, just a bit dizzy standing up",
    "fever no / bleeding no / numbness no / bladder & bowels normal",
    "my wife has a fever of 101, can I still be around her?",
    "pa gen lafyèv, pa gen san",
    "my dog cut his paw and its bleeding everywhere, sorry wrong chat lol",
    "this recovery is killing me, I'm bored to tears",
]


@pytest.mark.parametrize(("text", "expected"), cases(EMERGENCY, URGENT, ROUTINE))
def test_level(text: str, expected: str) -> None:
    check_level(text, expected)


def test_a_dictated_period_ends_the_sentence_but_my_period_does_not() -> None:
    # the old numbness is history; after the dictated "period" a new sentence starts
    result = assess("I have had numbness for years period now I wet myself")
    assert result.level == "emergency"
    assert [f.id for f in result.findings if f.id == "bladder_bowel_loss"] == ["bladder_bowel_loss"]
    # "a period of" / "my period" are no full stops: the words after keep their context
    assert assess("no fever for a period of two days").level == "routine"
