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
]


@pytest.mark.parametrize("text", URGENT, ids=lambda t: t[:40])
def test_flagged_at_least_urgent(text: str) -> None:
    assert assess(text).level in ("urgent", "emergency"), assess(text).to_dict()


@pytest.mark.parametrize("text", ROUTINE, ids=lambda t: t[:40])
def test_routine(text: str) -> None:
    assert assess(text).level == "routine", assess(text).to_dict()


def test_resolved_finding_is_still_shown_to_the_nurse() -> None:
    result = assess("had chills the first night but nothing since")
    chills = [f for f in result.findings if f.id == "chills"]
    assert chills and chills[0].resolved and not chills[0].counts
