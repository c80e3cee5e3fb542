"""Co-occurrence rules (``cooccur`` in findings.yml): a site word and a problem word in the same
clause, family by family; questions are not hypotheticals; ordinals mark repeated soaking."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.triage import TriageConfigError
from bot.triage.ruleset import load_ruleset
from tests.triage.rules_only import assess
from tests.triage.rules_only import edit_first as _edit


def level(text: str) -> str:
    return assess(text).level


def ids(text: str) -> set[str]:
    return {f.id for f in assess(text).findings if f.counts}


# ------------------------------------------------------------------ urinary / bowel
@pytest.mark.parametrize(
    "text",
    [
        "my pee just dribbles out in drops and won't really start",
        "I can't seem to empty my bladder at all today",
        "it's been hours and I'm unable to pee",
        "bladder feels like bursting and nothing comes",
        "mum can't hold her wee any more",
        "urine keeps leaking into my pants",
        "we had a bladder accident on the sofa, first time ever",
        "I couldn't hold my water on the way to the bathroom",
        "his bowels just let go in the chair",
        "I have no control over my poop since this morning",
    ],
)
def test_urinary_and_bowel_cooccurrence_is_emergency(text: str) -> None:
    assert level(text) == "emergency", assess(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "no trouble peeing",
        "what if I can't pee tonight?",
        "peeing normally, no leaking",
        "I can hold my pee fine",
        "how much water should I drink?",
        "can I use the toilet on my own?",
        "my bladder is fine and I'm not leaking",
    ],
)
def test_urinary_look_alikes_stay_routine(text: str) -> None:
    assert level(text) == "routine", assess(text).to_dict()


# ------------------------------------------------------------------ saddle numbness
@pytest.mark.parametrize(
    "text",
    [
        "my bottom has gone numb",
        "can't feel the toilet seat under me",
        "tingly between my legs since lunch",
        "pins and needles in my crotch",
        "her inner thighs feel dead",
        "there's no feeling down there when I wipe",
    ],
)
def test_saddle_cooccurrence_is_emergency(text: str) -> None:
    assert level(text) == "emergency", assess(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "my bottom is sore from sitting",
        "the bottom of my foot is numb",
        "no numbness in my groin",
        "how would I know if my groin was numb?",
    ],
)
def test_saddle_look_alikes_stay_routine(text: str) -> None:
    assert level(text) == "routine", assess(text).to_dict()


# ------------------------------------------------------------------ legs
@pytest.mark.parametrize(
    "text",
    [
        "my knees keep folding under me",
        "legs have no strength at all",
        "my leg won't hold me when I stand",
        "he's dragging his right foot",
        "my foot is slapping the ground when I walk",
        "should I be worried that my legs keep buckling?",
    ],
)
def test_leg_collapse_is_emergency(text: str) -> None:
    assert level(text) == "emergency", assess(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "my knee is stiff",
        "what if my legs give out?",
        "my legs never buckled, they're just tired",
        "legs are sore after the walk",
    ],
)
def test_leg_look_alikes_stay_routine(text: str) -> None:
    assert level(text) == "routine", assess(text).to_dict()


# ------------------------------------------------------------------ bleeding and ordinals
@pytest.mark.parametrize(
    "text",
    [
        "the bandage is soaked for the 3rd time",
        "the gauze is soaked again",
        "2nd dressing today already soaked through",
        "the pad is dripping with blood for the fourth time",
        "changed my shirt twice and the blood is soaking through again",
    ],
)
def test_repeated_soaking_is_emergency(text: str) -> None:
    assert level(text) == "emergency", assess(text).to_dict()


@pytest.mark.parametrize(
    "text",
    ["the dressing is soaked with blood", "blood came through the bandage once"],
)
def test_single_soaking_is_urgent(text: str) -> None:
    assert level(text) == "urgent", assess(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "the bandage had a spot of blood",
        "my shirt is soaked with sweat after my walk",
        "the dressing got wet in the shower",
        "what should I do if the bandage soaks through?",
    ],
)
def test_bleeding_look_alikes_stay_routine(text: str) -> None:
    assert level(text) == "routine", assess(text).to_dict()


# ------------------------------------------------------------------ confusion
@pytest.mark.parametrize(
    "text",
    [
        "dad is muddled this evening",
        "mom is totally out of it",
        "my husband doesn't recognise me",
        "she keeps asking the same thing over and over",
        "I can't wake him up properly",
        "grandma is very groggy and not making sense",
    ],
)
def test_confusion_is_emergency(text: str) -> None:
    assert level(text) == "emergency", assess(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "dad is tired today",
        "he ran out of it, can we refill the medicine?",
        "my wife doesn't know how to change the bandage",
        "he didn't wake up until ten, slept well",
    ],
)
def test_confusion_look_alikes_stay_routine(text: str) -> None:
    assert level(text) == "routine", assess(text).to_dict()


# ------------------------------------------------------------------ stiff neck and fever-like
@pytest.mark.parametrize(
    "text",
    [
        "bad headache, my neck hurts to move and I have chills",
        "headache and I can't touch my chin to my chest, I feel hot to the touch",
        "my head is killing me, neck is stiff and I'm shivering",
        "terrible headache, can't bend my neck, sweating and clammy",
    ],
)
def test_meningitis_with_fever_like_signs(text: str) -> None:
    assert level(text) == "emergency", assess(text).to_dict()
    assert "meningitis_signs" in ids(text)


def test_stiff_neck_alone_is_not_a_red_flag() -> None:
    # TRIAGE_POLICY lists a stiff neck only with a severe headache and fever (emergency)
    assert level("my neck is stiff from the pillow") == "routine"
    assert level("headache and my neck hurts to move") == "routine"
    assert level("worst headache of my life, stiff neck and 101.5") == "emergency"


# ------------------------------------------------------------------ questions vs hypotheticals
@pytest.mark.parametrize(
    "text",
    [
        "is it normal that only a few drops come out?",
        "should I be worried that my legs keep buckling?",
        "is it normal that my groin feels numb?",
    ],
)
def test_questions_about_actual_symptoms_count(text: str) -> None:
    assert level(text) == "emergency", assess(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "what if I can't pee?",
        "if I get numb in my groin what do I do?",
        "in case my legs give out, who do I call?",
        "how would I know if I can't empty my bladder?",
        "what should I do if the bandage soaks through again?",
        "should I worry if my legs feel weak?",
        "what are the signs of bladder trouble?",
        "should I be worried about bleeding since I'm on aspirin?",
    ],
)
def test_real_hypotheticals_stay_routine(text: str) -> None:
    assert level(text) == "routine", assess(text).to_dict()


# ------------------------------------------------------------------ validation
COOC = '{all: ["@URINE_WORDS", "@URINE_STUCK"], within: 4}'


@pytest.mark.parametrize(
    ("replacement", "message"),
    [
        ('{all: ["@URINE_WORDS", "@URINE_STUCK"], within: 40}', "'within' must be"),
        ('{all: ["@URINE_WORDS"], within: 4}', "two or more sets"),
        ('{all: ["@URINE_WORDS", "@NO_SUCH"], within: 4}', "unknown lexicon group '@NO_SUCH'"),
        ('{all: ["@URINE_WORDS", "@URINE_STUCK"], within: 4, near: 2}', "unknown key 'near'"),
        ('{all: ["@URINE_WORDS", "@URINE_STUCK"], within: 4, scope: page}', "cooccur scope"),
        ('{all: ["@URINE_WORDS", ["a ~2 b"]], within: 4}', "cannot read cooccur term"),
    ],
)
def test_cooccur_errors_name_file_and_line(rules: Path, replacement: str, message: str) -> None:
    line = _edit(rules / "findings.yml", COOC, replacement)
    with pytest.raises(TriageConfigError) as err:
        load_ruleset(rules)
    text = str(err.value)
    assert f"findings.yml:{line}:" in text and message in text, text


def test_cooccur_rule_is_clinic_editable(rules: Path) -> None:
    findings = rules / "findings.yml"
    text = findings.read_text(encoding="utf-8")
    findings.write_text(
        text.replace(
            "  - id: bruise\n",
            "  - id: odd_taste\n    level: urgent\n    label: Odd taste\n    cooccur:\n"
            "      - {all: [[mouth, tongue], [metal, metallic]], within: 3}\n\n  - id: bruise\n",
        ),
        encoding="utf-8",
    )
    from bot.triage.engine import Engine

    engine = Engine(load_ruleset(rules))
    assert engine.assess("my tongue tastes metallic").level == "urgent"
    assert engine.assess("no metallic taste in my mouth").level == "routine"
    assert engine.assess("my tongue is fine. metal fillings").level == "routine"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # unambiguous trickle words reach across "and it's ..." within the sentence
        ("I go to pee and it's like a slow drip, barely anything", "emergency"),
        ("the balls of my feet are numb", "routine"),
        ("mom forgot where she put her glasses", "routine"),
        ("he keeps forgetting where he is", "emergency"),
        ("blood seeped through my shirt for the 2nd time", "emergency"),
        ("fever of 38.5, headache and neck pain when I move it", "emergency"),
    ],
)
def test_wider_windows_and_narrow_guards(text: str, expected: str) -> None:
    assert level(text) == expected, assess(text).to_dict()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "..., is that normal?" asks about a symptom just reported
        ("only a few drops of pee come out, is this normal?", "emergency"),
        ("my legs keep buckling is that normal?", "emergency"),
        # "X normal?" asks in general
        ("is a fever normal?", "routine"),
        # "a wee accident" with a drink is not incontinence
        ("I had a wee accident with the coffee, spilled it everywhere", "routine"),
        ("my pee only comes out in dribs and drabs", "emergency"),
        ("toilet paper feels like nothing when I wipe", "emergency"),
        ("I keep having to change my bandage because it's filling up with blood", "emergency"),
    ],
)
def test_question_forms_and_guards(text: str, expected: str) -> None:
    assert level(text) == expected, assess(text).to_dict()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a bit of wee comes out and I can't stop it", "emergency"),
        ("down below feels numb", "emergency"),
        ("I can pee by myself now", "routine"),
        ("I peed myself on my own couch", "emergency"),
    ],
)
def test_loss_of_control_across_clauses_and_by_myself(text: str, expected: str) -> None:
    assert level(text) == expected, assess(text).to_dict()
