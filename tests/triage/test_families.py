"""Phrase families and context scope: each family is covered by general patterns, so several
wordings of one complaint must all reach the policy level, and negation must stay precise."""

from __future__ import annotations

import pytest

from tests.triage.rules_only import assess


def level(text: str) -> str:
    return assess(text).level


# ------------------------------------------------------------------ negation / hypothetical scope
@pytest.mark.parametrize(
    "text",
    [
        # "can't" / "cannot" / "unable" describe a symptom; they never negate another finding
        "cant get off the toilet, legs wont hold me",
        "can't sleep, my groin has gone numb",
        "unable to sit long, legs keep giving out",
        # a comma, "and" + new clause, or a verb ends a negation's scope
        "no fever, legs keep giving out on me",
        "no fever, can't feel my legs",
        "the incision isn't red, groin feels numb",
        "no bleeding, chest feels tight",
        "not in much pain, can't pee though",
        "no fever and legs gave out twice",
        "stiff neck, cant stand the light, horrible headache and a fever of 101",
    ],
)
def test_emergency_after_a_negated_or_cannot_clause(text: str) -> None:
    assert level(text) == "emergency", assess(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "no fever, chills or sweats",
        "no fever, chills, or sweats",
        "denies chills, fever, or vomiting",
        "haven't had a fever, any chills or night sweats",
        "without any numbness, tingling or weakness in my legs",
        "no chest pain or shortness of breath",
        "not bleeding, no pus, and the redness is gone",
        "no dizziness, fainting or passing out",
        "haven't had any trouble peeing or any numbness down there",
        "no redness, warmth, or swelling around the incision",
        "had chills yesterday, gone now",
        "fever and chills are gone",
    ],
)
def test_negation_distributes_over_bare_lists(text: str) -> None:
    assert level(text) == "routine", assess(text).to_dict()


def test_comma_list_needs_a_conjunction_to_distribute() -> None:
    # "no fever, bad headache": the headache is affirmed (no and/or closes a list)
    result = assess("no fever, severe headache")
    assert any(f.id == "severe_headache" and f.counts for f in result.findings)
    assert any(f.id == "fever" and f.negated for f in result.findings)


def test_hypothetical_worry_is_not_a_report() -> None:
    assert level("I was worried I might pass out but I feel fine") == "routine"
    assert level("if I can't pee after the procedure, who do I call?") == "routine"
    assert level("what happens if my legs give out while I'm alone?") == "routine"


# ------------------------------------------------------------------ phrase families
FAMILIES = {
    "weight_bearing": (
        "emergency",
        [
            "I can't put weight on my leg",
            "can't bear any weight on the left side",
            "my knee folds when I step on it",
            "right leg gives way under me",
            "her leg collapsed on the stairs",
            "legs won't hold me up",
            "my leg won't support me",
            "he can't take a step",
            "can't get up out of the recliner",
        ],
    ),
    "urinary_retention": (
        "emergency",
        [
            "trying to pee for hours and nothing comes out",
            "I can't empty my bladder",
            "haven't peed since yesterday",
            "bladder feels full but nothing happens",
            "no urine since this morning",
            "on the toilet and only a few drops come out",
        ],
    ),
    "urge_loss": (
        "emergency",
        [
            "can't tell when I need to go",
            "didn't know I had to go",
            "I have no urge to pee anymore",
            "I can't feel when my bladder is full",
            "had no idea I needed to go",
        ],
    ),
    "self_harm": (
        "emergency",
        [
            "I keep hurting myself",
            "I want to end it all",
            "I don't want to be here anymore",
            "everyone is better off without me",
            "I'd be better off dead",
            "going to overdose on my pills on purpose",
            "thinking of swallowing all my percocet",
            "I hope I never wake up",
        ],
    ),
    "repeated_soaking": (
        "emergency",
        [
            "soaked through again",
            "changed the bandage three times and it's still bleeding",
            "blood soaks every new dressing",
            "went through 3 dressings already",
            "another gauze pad and it's soaked already",
        ],
    ),
    "fainting": (
        "emergency",
        [
            "I blacked out",
            "dad passed out in the yard",
            "mom fell out in the kitchen",
            "he went down and didn't respond",
            "everything went black for a second",
            "she collapsed",
        ],
    ),
    "confusion": (
        "emergency",
        [
            "he doesn't know where he is",
            "she's talking nonsense",
            "dad is not making sense",
            "mom is saying things that make no sense",
            "he keeps asking what day it is",
        ],
    ),
    "breathing": (
        "emergency",
        [
            "winded just sitting here",
            "gasping",
            "I can't get air",
            "his lips are blue",
            "can't take a deep breath",
            "she can barely breathe",
        ],
    ),
    "urgent_signs": (
        "urgent",
        [
            "my calf is sore on one side",
            "one leg is much more swollen than the other",
            "headache gets worse when I stand up",
            "clear fluid leaking from the incision",
            "vomiting and can't keep my meds down",
            "food comes right back up",
            "the redness is spreading",
            "the red patch has grown",
            "the wound is opening up",
            "pain meds aren't helping",
            "took my percocet and the pain is still awful",
            "my foot has been numb for 4 days",
            "tingling in my thigh all week",
            "leg still numb since the procedure last week",
        ],
    ),
}


@pytest.mark.parametrize(
    "family,expected,text",
    [(family, lvl, text) for family, (lvl, texts) in FAMILIES.items() for text in texts],
)
def test_family_variants(family: str, expected: str, text: str) -> None:
    result = assess(text)
    assert result.level == expected, (family, result.to_dict())


@pytest.mark.parametrize(
    "text",
    [
        "how long until I can put full weight on my leg at the gym?",
        "I can't stand hospital food",
        "I can't wait to get back to golf",
        "I can't sleep on my back yet, is that ok",
        "I accidentally cut myself shaving",
        "the steri strips fell off on their own",
        "I collapsed on the couch after my walk, so tired",
        "the office isn't answering my calls",
        "a few spots of blood on the bandage",
        "woke up soaked in sweat again, no fever though",
        "I won't be able to make my follow up, can we reschedule?",
        "no pee problems since the procedure",
        "I keep falling asleep on the couch",
        "my kids are acting weird about me being home",
        "my back pain comes back up when I sit long",
        "the stock market collapsed lol",
        "I couldn't wait to pee after the long drive lol",
    ],
)
def test_family_words_in_routine_messages(text: str) -> None:
    result = assess(text)
    assert result.level != "emergency", result.to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "my legs aren't weak anymore",
        "the incision is a little pink but not spreading",
        "my calf isn't swollen or sore",
    ],
)
def test_negation_inside_a_pattern_gap(text: str) -> None:
    # the negation sits between the pattern's words ("legs ... weak") and is not spelled out
    # by the pattern itself, so it negates the finding
    assert level(text) == "routine", assess(text).to_dict()


def test_negation_spelled_out_by_a_pattern_is_the_finding() -> None:
    assert level("I haven't peed since yesterday") == "emergency"
    assert level("legs won't hold me") == "emergency"


@pytest.mark.parametrize(
    "text",
    ["shes breathing funny and wont wake up properly", "hes slurring his words"],
)
def test_apostrophe_free_contractions(text: str) -> None:
    assert level(text) == "emergency", assess(text).to_dict()
