"""Urgent phrase families that used to stay routine: spreading numbness, growing or large/hard
swelling, more than spotting on a blood thinner, a general worsening course, and the emergency
wordings of a retained bladder, wetting oneself, a filling dressing and a stiff neck."""

from __future__ import annotations

import pytest

from tests.triage.rules_only import assess

RANK = {"routine": 0, "urgent": 1, "emergency": 2}

URGENT = {
    "spreading_numbness": [
        "numb in my right leg and now it's in the other leg too",
        "the tingling is in both legs now",
        "my foot was tingling and the numbness is moving up to my knee",
        "the numb patch on my shin is getting bigger",
        "tingling started in my toes and now down to my ankle",
        "the pins and needles are moving down to my foot",
    ],
    "growing_swelling": [
        "the swelling keeps growing",
        "the lump near my incision is twice the size it was",
        "there is a swollen area the size of my palm",
        "swelling is the size of my fist",
        "there's a knot by the incision and it's hard as a rock",
        "the swolen spot is firm",
        "the puffiness around the site feels like a rock",
        "the bump on my back doubled overnight",
    ],
    "thinner_bleeding": [
        "I'm on eliquis and there's a patch of blood on the dressing",
        "on plavix, the bandage keeps getting blood on it",
        "I take warfarin and changed the dressing 3 times today because of blood",
        "I'm on blood thinners and there's blood about 2 inches across on the bandage",
        "take aspirin daily and the gauze has a blood patch the size of a quarter",
    ],
    "worsening": [
        "my pain is getting worse not better",
        "the pain is worse than before the procedure",
        "I'm going downhill since the procedure",
        "the pain keeps creeping up every day",
        "the back pain is stronger than ever",
        "it's worse each day",
        "I feel awful and worse",
        "everything is getting worse",
        "each day is worse than the last",
    ],
}

EMERGENCY = [
    "Will I not be able to empty my bladder? Only a few drops come out",
    "why am I not able to empty my bladder? only a few drops",
    "I keep finding myself wet and didn't notice",
    "I find myself wet in bed in the morning",
    "the bandage keeps filling up with blood",
    "the gauze keeps filling with blood",
    "terrible headache, fever 101, and I can't bend my chin to my chest",
    "severe headache and 102 fever and can't get my chin down to my chest",
]

ROUTINE = [
    "I have a small bump near the incision",
    "the site is a little puffy",
    "the swelling is going down",
    "the swelling was bigger yesterday but it's going down now",
    "is it normal for the lump to feel a little hard?",
    "my leg is a little puffy, not bigger than yesterday",
    "it's hard to tell if there is swelling",
    "what if the swelling gets bigger?",
    "my toes tingle a bit, it is not spreading",
    "the numb spot is getting smaller",
    "should I worry if the numbness spreads?",
    "it's worse when I sit for long, better when I walk",
    "the pain is not worse",
    "what if it gets worse?",
    "pain is no worse than yesterday",
    "is it normal to feel worse before getting better?",
    "I feel better each day",
    "I'm on eliquis, a few dots of blood on the bandage",
    "I take plavix, tiny spot of blood on the gauze",
    "I'm on aspirin daily, when can I change the bandage?",
    "I found myself wet after the shower",
    "can I bend my neck?",
    "I'm worried it could get worse",
    "not getting worse, just slow",
    "worse in the mornings but better by lunch",
    "the swelling is big but getting smaller every day",
    "on plavix, a speck of blood on the bandage",
]


@pytest.mark.parametrize(
    "text", [t for texts in URGENT.values() for t in texts], ids=lambda t: t[:40]
)
def test_urgent_families(text: str) -> None:
    assert RANK[assess(text).level] >= 1, assess(text).to_dict()


@pytest.mark.parametrize("text", EMERGENCY, ids=lambda t: t[:40])
def test_emergency_wordings(text: str) -> None:
    assert assess(text).level == "emergency", assess(text).to_dict()


@pytest.mark.parametrize("text", ROUTINE, ids=lambda t: t[:40])
def test_routine_look_alikes(text: str) -> None:
    assert assess(text).level == "routine", assess(text).to_dict()


BARE_FEVER = [
    "38.3 this morning, feel crummy",
    "38 on the dot, kind of achy",
    "100.9 tonight",
    "101 tonight",
    "101.2, feel awful",
]

BARE_NOT_FEVER = [
    "37.9 this morning",
    "99.1 tonight",
    "take 2 tablets every 4 hours?",
    "my appointment is at 10.30",
    "call me at 555 1234",
    "I walked 38 minutes",
    "my dog weighs 38.5 pounds",
    "it was 100.4 miles round trip to the clinic",
    "my sugar was 101.5",
    "my weight is 99.5 kg",
    "100 percent better today",
    "38 years old and never had this",
    "40 mg of oxycodone?",
    "room 101 at the clinic?",
    "the 38 bus to the clinic",
    "my bp was 100 over 70",
    "pain 3 out of 10",
]


@pytest.mark.parametrize("text", BARE_FEVER, ids=lambda t: t[:40])
def test_bare_temperature_is_a_fever(text: str) -> None:
    result = assess(text)
    assert result.level == "urgent", result.to_dict()
    assert any(f.id == "fever" for f in result.findings)


@pytest.mark.parametrize("text", BARE_NOT_FEVER, ids=lambda t: t[:40])
def test_bare_number_that_is_no_fever(text: str) -> None:
    assert assess(text).level == "routine", assess(text).to_dict()
