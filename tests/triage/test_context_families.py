"""Phrase families found on evaluation sets written after the first rules: symptoms resolved
across "but", infections elsewhere in the body, stitch-removal questions, one-sided leg swelling,
teeth chattering, spreading to the other side and "quite a bit of blood" on a blood thinner."""

from __future__ import annotations

import pytest

from bot.triage import assess

URGENT = [
    "my left leg went numb on day 2 and now its in the right one too",
    "tingling was in my right foot, now it's in the left one too",
    "running hot and my teeth are chattering",
    "teeth chattering under two blankets",
    "im on warfarin and there was quite a bit of blood on the dressing",
    "on eliquis, a fair amount of blood on the gauze this morning",
    "back of my lower leg, one side only, is puffy and sore",
    "my lower leg is swollen, just the left one, and warm",
    "had a fever of 101 on sunday but it went away, now its back at 101.5",
    "bled through the dressing but it stopped when i pressed",
    "I think the incision is infected, it's red and hot",
    "pain was a 4 yesterday and now its a 7",
    "my pain was a 2 this morning and is up to 5 now",
    "tingly feet day 3 and its worse today than yesterday",
    "legs a tad weaker than before the procedure, still getting around with my cane",
    "harder to push up on my toes on the left side since the procedure",
    "the pain meds wear off after an hour and then its awful again",
    "every time i take the pain pill i throw it back up",
    "like water dripping from my back where they cut",
    "redness is creeping out from the incision, its past the pen line now",
    "woke up with blood on the sheet, it came thru the dressing. pressure stopped it",
    "on warfarin, the gauze is half red",
    "smells bad when i take the bandage off, like something rotten",
]

EMERGENCY = [
    "woke up and the bed is soaked, i dont remember peeing at all",
    "i feel the urge but nothing will come out, been like this since supper",
    "the part i sit on feels dead, no feeling at all",
    "mom is huffing and puffing cant finish a sentence",
    "pressed with a towel for half an hour, still bleeding steady from the cut",
    "he had some kind of fit, eyes rolled back and jerking",
    "went down like a sack of potatoes and didnt respond for a minute",
    "everyone would be better off if i just didnt wake up tomorrow",
]

ROUTINE = [
    "had chills the first night but nothing since",
    "had a fever of 101 on sunday but it went away",
    "was bleeding a bit yesterday but it stopped",
    "felt shivery the day of the procedure but fine since",
    "my grandson has an ear infection so I can't babysit this week",
    "I'm on antibiotics for a tooth infection from before, is that ok with the procedure?",
    "do the stitches need to come out",
    "when do the steri strips come off?",
    "there was a bit of blood on the bandage, im on eliquis",
    "the pain is a 4, was a 6",
    "pain was 7 yesterday, 4 today",
    "suppose the pain gets worse, should i take more tylenol or call",
    "had a temp of 100.6 on tuesday but its been normal since wednesday, 98.4 today",
    "leg felt a little weak the first day but its back to full strength",
    "walked to the end of the driveway, legs feel stronger than before the procedure",
    "I'm sore but walking more every day",
    "I feel the urge to poop but nothing comes out, constipated from the pills",
    "keeping fit is hard when you can't lift anything",
]


@pytest.mark.parametrize("text", URGENT, ids=lambda t: t[:40])
def test_flagged_at_least_urgent(text: str) -> None:
    assert assess(text).level in ("urgent", "emergency"), assess(text).to_dict()


@pytest.mark.parametrize("text", EMERGENCY, ids=lambda t: t[:40])
def test_emergency(text: str) -> None:
    assert assess(text).level == "emergency", assess(text).to_dict()


@pytest.mark.parametrize("text", ROUTINE, ids=lambda t: t[:40])
def test_routine(text: str) -> None:
    assert assess(text).level == "routine", assess(text).to_dict()


def test_rising_pain_score_names_the_rise() -> None:
    result = assess("pain was a 4 yesterday and now its a 7")
    rising = [f for f in result.findings if f.rule.endswith("+rising")]
    assert [f.value for f in rising] == [7.0] and rising[0].level == "urgent"


def test_resolved_finding_is_still_shown_to_the_nurse() -> None:
    result = assess("had chills the first night but nothing since")
    chills = [f for f in result.findings if f.id == "chills"]
    assert chills and chills[0].resolved and not chills[0].counts
