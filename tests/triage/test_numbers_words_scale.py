"""Pain scores written in words with their scale: one score, not a score and a 10."""

from __future__ import annotations

from bot.triage.numbers import find_numbers


def test_word_score_out_of_ten_is_one_mention() -> None:
    (m,) = find_numbers("Pain is about two out of ten now")
    assert (m.value, m.scale, m.text) == (2.0, "/10", "two out of ten")


def test_digit_score_out_of_ten_in_words() -> None:
    (m,) = find_numbers("8 out of ten")
    assert (m.value, m.scale) == (8.0, "/10")


def test_ten_out_of_ten() -> None:
    (m,) = find_numbers("ten out of ten pain")
    assert (m.value, m.scale) == (10.0, "/10")
