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


def test_score_written_before_its_scale() -> None:
    (m,) = find_numbers("my pain is 11 on a scale of 1 to 10")
    assert (m.value, m.scale) == (11.0, "/10")
    (m,) = find_numbers("a 9 on the 0-10 pain scale")
    assert (m.value, m.scale) == (9.0, "/10")


def test_a_day_number_before_a_scale_is_no_score() -> None:
    found = find_numbers("day 9 on a scale of 1 to 10 its 4")
    scores = [n.value for n in found if n.scale == "/10"]
    assert scores == [4.0]
