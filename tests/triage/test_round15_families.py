"""Mechanisms added for the round-15 evaluation sets (limited English from first languages not
covered before, fast phone texting with voice-to-text errors, and precision-hard messages that
quote the discharge sheet or use alarming words in a harmless sense)."""

from __future__ import annotations

import pytest

from bot.triage.numbers import find_numbers
from tests.triage.rules_only import assess, cases, check_level

EMERGENCY = [
    # a voice-to-text or spelling slip on a red-flag word
    "chess pain since lunch and i feel clammy",
    "i feinted in the kitchen this morning",
    "numb around my groan since i woke up",
    # "urine passing" is no sign that it passed
    "no urine passing since 10 hours, belly is hard",
    # learner English
    "the poo came out before I reach the toilet, I did not feel it coming",
    "my bottom, the part I sit, there is no feeling",
    "i press with a towel 20 minit and blood still come",
    "his body was jerking and there was foam at the mouth, now he is sleeping",
    # a fallen patient: "went down to the floor" is no resolved swelling, the floor did not give way
    "dad went down to the floor because his legs gave way and he can't get up",
    # "no pain at all, just ...": the negation ends with "at all"
    "no pain at all just numb in my private parts",
    # Indian English, learner English, voice-to-text
    "my mother passed motion in the bed without knowing it",
    "he is not getting any sensation in the private area since morning",
    "I get no air even sitting still",
    "feeling like suffocation since one hour",
    "bad head ake, neck very stiff, fever 101.6",
    "I have thoughts to kill my self",
    "I can't P at all since lunch",
    "lost control of my bowls this morning",
    "my buttocks have lost their feeling today",
    "I think I have food drop, can't lift my foot",
    "pressed on it like they told me and it wont quit bleeding",
]

URGENT = [
    "her stomach throws everything up, water and pills too, since morning",
    "the leg has less power than before, I can walk but it feels not strong",
    "my feet have been sleeping since the operation, it is day four and no better",
    "the wound has yellow water coming out and it smells bad",
    "I take warfarin and the bandage is red, more than a few spots",
    "the bandaj was wet red all through, I pressed and it stopped",
    # "than normal since ..." compares; it is no "normal since" (resolved)
    "left leg is weaker than normal since this morning",
    # a double negative still means vomiting
    "cant keep nothing down, not even water",
    # what the nurse said earlier is no hypothetical about now
    "the redness the nurse said was fine on monday is now spreading",
    "my pain is 11 on a scale of 1 to 10",
    "wound giving bad smel and thick yelow stuff on the bandege",
    "the stitches, one part is open now, little hole",
    "my feet r still dumb since surgery 6 days ago",
]

ROUTINE = [
    # quoting the discharge sheet
    "paperwork says a fever over 100.4 means call. mine is 99.1 so im ok?",
    "my sheet says call 988 if thoughts of self harm, why is that on there?",
    "reading my papers, it says clear fluid from the incision could be a spinal fluid leak",
    # asking, not reporting
    "temp 37.4 this morning, is it fever?",
    "is it possible the new pills will make me faint?",
    "can my pain pills cause trouble peeing? just read it on the label",
    "will the bath water get in the wound and cause infection?",
    # figures of speech
    "the grandkids are killing me, not literally lol",
    "the hospital bill nearly made me faint",
    "I almost peed myself laughing at the card",
    "watching fainting goat videos, feeling good",
    # someone else's problem, or long ago
    "my friend's husband had a spinal fluid leak after his back surgery, I'm fine",
    "my daughter has a nosebleed, nothing to do with me, can she still drive me?",
    "I passed out at the dentist as a kid, should I tell them?",
    "I take seizure medicine for epilepsy, no fits in years, can I keep taking it?",
    # resolved
    "the vomiting was only the first night, it has stopped since",
    "had a fever of 100.6 the night of the procedure, its been normal for 3 days now",
    "urgent care checked my leg for a clot, the ultrasound was negative",
    "can I use ice on my back or warm? which is better",
]


@pytest.mark.parametrize(("text", "expected"), cases(EMERGENCY, URGENT, ROUTINE))
def test_round15_levels(text: str, expected: str) -> None:
    check_level(text, expected)


def test_a_score_before_its_scale_and_a_thermometer_reading_after_it_says() -> None:
    assert [n.scale for n in find_numbers("about an 8 on a scale of 1 to 10")] == ["/10"]
    # "it says" quotes the thermometer, not the discharge sheet
    assert assess("it says 38.7 on the thermometer").level == "urgent"


@pytest.mark.parametrize(
    ("text", "expected"),
    cases(
        emergency=[
            # someone who does not respond is an emergency, however it is worded
            "he is not responding",
            "dad not responding, what do I do",
            "I have been trying to wake her, she won't respond",
            # a caregiver's "I have" ends at the patient: his fever is still his
            "I'm his daughter and I have a cold, but he can't pee since this morning",
        ],
        urgent=[
            "his pain is not responding to the pills",
            "I'm his wife, I feel fine but he has a fever of 101",
        ],
        routine=[
            "I'm the patient's daughter and I have a fever, can I still visit mom?",
            "mom is not responding to my texts, is she there?",
            "my husband is not answering his phone, please call me",
        ],
    ),
)
def test_who_the_words_are_about(text: str, expected: str) -> None:
    check_level(text, expected)
