"""Every finding of the policy: detected in its typical and colloquial forms, and not counted
when negated, hypothetical or resolved."""

from __future__ import annotations

import pytest

from bot.triage import load_rules
from tests.triage.rules_only import assess


def counting_ids(text: str) -> set[str]:
    return {f.id for f in assess(text).findings if f.counts}


# (finding id, level it must produce, messages)
DETECTED = [
    (
        "bladder_bowel_loss",
        "emergency",
        [
            "I peed myself and didn't feel it",
            "dad wet the bed and didnt feel it happen",
            "lost control of my bladder",
            "I'm incontinent now",
        ],
    ),
    (
        "urinary_retention",
        "emergency",
        ["I can't pee", "haven't peed since yesterday", "unable to urinate"],
    ),
    (
        "saddle_numbness",
        "emergency",
        [
            "my groin is numb",
            "can't feel down there",
            "numbness in my buttocks",
            "numbnes in my groin",
        ],
    ),
    (
        "severe_leg_weakness",
        "emergency",
        [
            "my legs gave out",
            "legs buckled on the stairs",
            "I can't walk",
            "my husband can't feel his legs",
        ],
    ),
    ("foot_drop", "emergency", ["I can't lift my foot", "my foot drags when I walk"]),
    ("chest_pain", "emergency", ["I have chest pain", "my chest feels tight"]),
    ("shortness_of_breath", "emergency", ["I'm short of breath", "cant catch my breath"]),
    ("coughing_blood", "emergency", ["coughing up blood"]),
    (
        "heavy_bleeding",
        "emergency",
        ["the bleeding won't stop", "blood keeps soaking through the bandages"],
    ),
    ("fainting", "emergency", ["I passed out", "she fainted", "I blacked out"]),
    ("confusion", "emergency", ["mom is confused and doesn't know where she is"]),
    ("seizure", "emergency", ["he had a seizure"]),
    ("self_harm", "emergency", ["I want to kill myself", "I don't want to live anymore"]),
    ("meningitis_signs", "emergency", ["severe headache, stiff neck and a fever of 101"]),
    (
        "fever",
        "urgent",
        [
            "I have a fever",
            "temp 101.2",
            "38.9 and shivering",
            "a hundred and one",
            "i think i have a feaver",
        ],
    ),
    ("chills", "urgent", ["I've got chills", "shivering all night"]),
    ("wound_redness_spreading", "urgent", ["the redness is spreading", "red streaks"]),
    ("wound_warmth", "urgent", ["the incision is hot to the touch"]),
    (
        "wound_drainage",
        "urgent",
        ["pus coming out of the incision", "yellow gunk on the bandage", "it smells bad"],
    ),
    ("wound_infection", "urgent", ["I think my incison is infected"]),
    ("wound_opening", "urgent", ["the incision opened up", "stitches came out"]),
    ("bleeding_soaked", "urgent", ["it bled through the dressing but stopped with pressure"]),
    ("bleeding_on_thinners", "urgent", ["I'm on Eliquis and it's bleeding a little"]),
    (
        "numbness_persistent",
        "urgent",
        ["my foot has been numb for 4 days", "tingling since Monday, not improving"],
    ),
    ("numbness_worsening", "urgent", ["the numbness is spreading down my leg"]),
    ("leg_weakness", "urgent", ["my right leg feels weak"]),
    (
        "severe_pain",
        "urgent",
        [
            "pain is 9/10",
            "pain is a 9",
            "10 out of 10",
            "the pain is unbearable",
            "pain meds aren't helping",
        ],
    ),
    ("pain_worsening", "urgent", ["the pain is getting worse"]),
    ("swelling_increasing", "urgent", ["the swelling keeps getting bigger"]),
    ("swelling_large", "urgent", ["a hard lump the size of a golf ball"]),
    ("spinal_headache", "urgent", ["my headache gets worse when I sit up"]),
    ("csf_leak", "urgent", ["clear fluid leaking from the incision"]),
    ("blood_clot", "urgent", ["my calf is swollen and sore"]),
    ("vomiting", "urgent", ["I keep throwing up", "can't keep my pills down"]),
    ("stiff_neck", "routine", ["my neck is stiff"]),
]


@pytest.mark.parametrize(
    "finding_id,level,text",
    [(fid, level, text) for fid, level, texts in DETECTED for text in texts],
)
def test_finding_detected(finding_id: str, level: str, text: str) -> None:
    result = assess(text)
    assert finding_id in counting_ids(text), result.to_dict()
    assert result.level == level
    assert bool(result.reason) == (level != "routine")


NOT_COUNTED = [
    ("fever", "no fever"),
    ("fever", "I don't have a fever"),
    ("fever", "what should I do if I get a fever?"),
    ("fever", "had a fever yesterday, gone now"),
    ("chills", "had chills yesterday, gone now"),
    ("chills", "no chills"),
    ("wound_redness", "the redness is gone"),
    ("wound_redness", "isn't red anymore"),
    ("bleeding", "not bleeding"),
    ("wound_infection", "how would I know if the cut is getting infected"),
    ("wound_infection", "how do I prevent infection?"),
    ("wound_drainage", "no pus"),
    ("numbness", "I used to have numbness before the procedure"),
    ("numbness", "no longer numb"),
    ("saddle_numbness", "what if my groin goes numb?"),
    ("urinary_retention", "should I worry if I can't pee?"),
    ("severe_leg_weakness", "no weakness, legs haven't given out"),
    ("chest_pain", "no chest pain"),
    ("shortness_of_breath", "denies shortness of breath"),
    ("self_harm", "I'm not suicidal, just frustrated"),
    ("heavy_bleeding", "what if the bleeding won't stop?"),
    ("vomiting", "without vomiting"),
]


@pytest.mark.parametrize("finding_id,text", NOT_COUNTED)
def test_finding_not_counted(finding_id: str, text: str) -> None:
    result = assess(text)
    assert finding_id not in counting_ids(text), result.to_dict()
    assert result.level == "routine", result.to_dict()


def test_not_counted_findings_are_still_reported() -> None:
    result = assess("no fever")
    [fever] = [f for f in result.findings if f.id == "fever"]
    assert fever.negated and not fever.counts
    assert result.red_flags == []
    hypo = [f for f in assess("what if I get a fever").findings if f.id == "fever"]
    assert hypo and hypo[0].hypothetical
    resolved = [f for f in assess("had chills yesterday, gone now").findings if f.id == "chills"]
    assert resolved and resolved[0].resolved


def test_affirmed_sign_wins_over_negated_one() -> None:
    result = assess("No fever, but the incision is leaking pus")
    assert result.level == "urgent"
    assert "wound_drainage" in {f.id for f in result.red_flags}
    assert any(f.id == "fever" and f.negated for f in result.findings)


def test_negation_scope_ends_at_new_clause() -> None:
    assert assess("no fever and my leg gave out").level == "emergency"


def test_finding_buried_in_long_message_counts() -> None:
    filler = "Walked to the mailbox today and the weather was lovely. " * 40
    buried = "Oh and I wet myself last night without feeling it. "
    assert assess(filler + buried + filler).level == "emergency"


def test_routine_expectations_raise_no_flag() -> None:
    for text in [
        "a bit sore where they went in, but better than yesterday",
        "a small bruise by the incision",
        "a few spots of blood on the bandage",
        "temp 99.1",
        "mild swelling on day 2",
        "can I drive yet?",
        "can a nurse call me back about my appointment",
    ]:
        assert assess(text).level == "routine", (text, assess(text).to_dict())


def test_policy_bullets_all_have_a_finding() -> None:
    ids = {f.id for f in load_rules().findings} | {c.id for c in load_rules().combinations}
    for needed in {fid for fid, _level, _texts in DETECTED} - {
        "numbness_persistent",
        "numbness_worsening",
        "pain_worsening",
        "swelling_increasing",
        "wound_redness_spreading",
    }:
        assert needed in ids
    assert "self_harm" in ids


def test_combination_bleeding_beyond_spotting_on_thinners() -> None:
    assert assess("a little bleeding from the incision").level == "routine"
    assert assess("a little bleeding from the incision, I take warfarin").level == "urgent"
    assert assess("a few spots of blood on the bandage, I take warfarin").level == "routine"
