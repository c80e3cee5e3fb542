"""Mechanisms added for the families of the round-7 and round-8 evaluation sets: a fever masked by
a fever reducer, symptoms that predate the procedure by years, check-in answers anywhere in a
message, clock times after a dose, accents, words the stemmer used to mangle, and the course of a
symptom told without "worse"."""

from __future__ import annotations

import pytest

from tests.triage.rules_only import assess, cases, check_level

URGENT = [
    "temp was 38.6 last night, took ibuprofen and this morning it's 37.2",
    "hit 101.2 around midnight, had some tylenol, now 99.1",
    "the numbness in my shin is stronger each day",
    "my back hurts more today than it did yesterday",
    "tingling started in my heel, now it's my whole foot",
    "headache splits the moment I sit up, gone when I'm flat",
    "calf hurts when I flex my foot up, only on the right",
    "pain 8.5 tonight",
    "i am on xarelto and the gauze is red all the way across",
    "Positional HA, resolves supine",
]

EMERGENCY = [
    "haven't been able to go #1 since 6am, belly is hard",
    "he keeps calling me by his dead mother's name",
    "my legs won't work, I had to crawl to the toilet",
    "gauze held on it for 30 minutes and it's still flowing",
    "Noting new urinary retention since this morning",
    "no puedo orinar desde ayer",
    "tengo dolor en el pecho",
    "Bowels ok? NO. lost control twice today",
    "coughing and there's quite a bit of blood in the tissue",
]

ROUTINE = [
    "Fever? No. Chills? No. Redness? No. Trouble peeing? No.",
    "my toes have been numb for 12 years from diabetes, nothing new",
    "took my pain pill at 9 and going to bed",
    "a little lightheaded standing up but it passed in a second",
    "my back's a bit puffed up near the cut, day 2",
    "the hip pain I had before the operation is gone",
    "my grandson has the flu with a 102 fever, can I still babysit?",
]


@pytest.mark.parametrize(("text", "expected"), cases(EMERGENCY, URGENT, ROUTINE))
def test_level(text: str, expected: str) -> None:
    check_level(text, expected)


def test_a_fever_that_went_away_on_its_own_stays_resolved() -> None:
    """Only a fever reducer makes an earlier reading count again."""
    assert assess("38.6 last night, 37.2 now without anything").level == "routine"
    assert assess("38.6 last night, took tylenol, 37.2 now").level == "urgent"


def test_accents_are_optional() -> None:
    assert assess("no puedo hacer pipí").level == assess("no puedo hacer pipi").level
    assert assess("no puedo hacer pipi").level == "emergency"


def test_years_long_numbness_is_shown_but_not_escalated() -> None:
    result = assess("numb toes for 10 years, no change")
    assert result.level == "routine"
    assert [f.id for f in result.findings] == ["numbness"]
