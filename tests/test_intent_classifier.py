"""The extra evidence the intent classifier sees."""

from __future__ import annotations

import pytest

from bot.nlu.intent_classifier import augment, load_lexicon, pain_trend


@pytest.mark.parametrize(
    "text, trend",
    [
        ("pain went from 7 to 4", "down"),
        ("was a 6 now its a 3", "down"),
        ("pain 6 yesterday 8 today", "up"),
        ("only a 2 this morning, yesterday a 4", "down"),
        ("pain is a 5", None),
        ("call me at 3", None),
    ],
)
def test_pain_trend(text, trend):
    assert pain_trend(text) == trend


def test_lexicon_classes_mark_unseen_vocabulary():
    lexicon = load_lexicon()
    assert "__lex_medicine__" in augment("can I take my xarelto tonight", lexicon)
    assert "__lex_medicine__" not in augment("can I take a bath tonight", lexicon)
