"""The engine matches its patterns in Python (``_Tokens``) rather than with spaCy's Matcher,
which costs more than the whole match on a message of a few words. The matches must be exactly
the Matcher's: a span lost is a red flag missed. These tests run both on the same patterns (the
packaged rules' own, and hand-made edge cases) and the same words."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import numpy
import pytest
from spacy.attrs import LEMMA
from spacy.matcher import Matcher
from spacy.tokens import Doc

from bot.triage.engine import _GAP, BOUNDARY_MARK, SENTENCE_END, WORD_MARK, _Tokens

from .rules_only import _engine

DEV = Path(__file__).resolve().parents[2] / "bot" / "triage" / "examples" / "triage_dev.jsonl"


def _doc(words: list[str]) -> Doc:
    """The Doc the engine gives its Matchers: every word lemma WORD_MARK, an end BOUNDARY_MARK."""
    doc = Doc(_engine.vocab, words=words)
    marks = [
        _engine.vocab.strings.add(BOUNDARY_MARK if w in SENTENCE_END else WORD_MARK) for w in words
    ]
    doc.from_array([LEMMA], numpy.array(marks, dtype=numpy.uint64))  # type: ignore[arg-type]
    return doc


def _both(patterns: list[list[dict[str, Any]]], words: list[str]) -> tuple[set, set]:
    elements = [_Tokens.fits(p) for p in patterns]
    assert all(elements), "every pattern the rules make must fit _Tokens"
    ours = set(_Tokens(1, [e for e in elements if e])(words))
    matcher = Matcher(_engine.vocab, validate=False)
    matcher.add("P", patterns)
    key = _engine.vocab.strings["P"]
    theirs = {(1, s, e) for k, s, e in matcher(_doc(words)) if k == key}
    return ours, theirs


def _instance(pattern: list[dict[str, Any]], rng: random.Random) -> list[str]:
    """Words the pattern could match, with a filler word or a sentence end here and there."""
    out = ["and", "my"]
    for token in pattern:
        if token.get("OP") == "?" and rng.random() < 0.4:
            continue
        orth = token.get("ORTH")
        if token is _GAP or orth is None:
            out.append(rng.choice(["it", "really", "is", "."] if rng.random() < 0.2 else ["so"]))
        elif isinstance(orth, str):
            out.append(orth)
        elif "IN" in orth:
            out.append(rng.choice(sorted(orth["IN"])))
        else:
            out.append(rng.choice(["it", sorted(orth["NOT_IN"])[0], "."]))
    return out + ["today", "."]


def _rule_patterns() -> list[list[list[dict[str, Any]]]]:
    """A fixed sample of the packaged rules' expanded patterns, preferring those with gaps,
    optional words or excluded words (the parts the Python matching has to get right)."""
    groups = []
    for rule in _engine.rules.findings:
        for _rule_id, slots in list(rule.patterns) + list(rule.unless):
            expanded = _engine._expand(slots)
            tricky = [
                p
                for p in expanded
                if any(t is _GAP or t.get("OP") or "NOT_IN" in str(t.get("ORTH")) for t in p)
            ]
            if tricky:
                groups.append(tricky[:4])
    return random.Random(20261127).sample(groups, 300)


RULE_PATTERNS = _rule_patterns()


def test_the_rules_patterns_match_as_spacys_matcher_on_real_messages_and_made_up_ones():
    rng = random.Random(7)
    with open(DEV, encoding="utf-8") as handle:
        messages = [_engine._words(json.loads(line)["text"])[0] for line in handle if line.strip()]
    compared = matched = 0
    for patterns in RULE_PATTERNS:
        spelled = {w for p in patterns for t in p for w in _spelled(t)}
        relevant = [m for m in messages if spelled & set(m)][:25]
        made_up = [_instance(rng.choice(patterns), rng) for _ in range(4)]
        for words in relevant + made_up:
            ours, theirs = _both(patterns, words)
            assert ours == theirs, (patterns, words)
            compared += 1
            matched += bool(theirs)
    # the comparison means something only if many of the words do match
    assert matched > 300, (compared, matched)


def _spelled(token: dict[str, Any]) -> list[str]:
    orth = token.get("ORTH")
    if isinstance(orth, str):
        return [orth]
    if isinstance(orth, dict):
        return list(orth.get("IN", []))
    return []


GAP = _GAP
WORDS = "my left leg just went numb . then it gave out on me and i fell".split(" ")  # noqa: SIM905


@pytest.mark.parametrize(
    "pattern",
    [
        [{"ORTH": "leg"}, GAP, GAP, {"ORTH": "numb"}],  # a gap of up to two words
        [{"ORTH": "numb"}, GAP, GAP, GAP, {"ORTH": "gave"}],  # never over the sentence end
        [{"ORTH": "my", "OP": "?"}, {"ORTH": "left", "OP": "?"}, {"ORTH": "leg"}],  # optional
        [{"ORTH": "leg"}, GAP, GAP],  # a gap at the end: every length
        [{"ORTH": {"IN": ["leg", "it"]}}, {"ORTH": {"NOT_IN": ["just"]}, "LEMMA": WORD_MARK}],
        [{"ORTH": "numb"}, {"ORTH": {"NOT_IN": ["x"]}, "LEMMA": WORD_MARK}],  # not a "."
        [{"ORTH": {"IN": [".", "then"]}}, GAP, {"ORTH": "gave"}],  # a listed end is a word
        [{"ORTH": "gave", "OP": "?"}, GAP, {"ORTH": "out"}],  # optional first, then a gap
        [{"ORTH": "fell"}, {"ORTH": "down", "OP": "?"}],  # optional last word absent
    ],
)
def test_edge_cases_match_as_spacys_matcher(pattern):
    ours, theirs = _both([pattern], WORDS)
    assert ours == theirs


def _compact_rules() -> list[tuple[str, list, list[list[dict[str, Any]]]]]:
    """Rules whose slots compile to phrase sets or choices (no longer expanded): a fixed sample
    of those whose expansion stays small enough for spaCy's Matcher to check them against."""
    chosen = []
    for rule in _engine.rules.findings:
        for rule_id, slots in list(rule.patterns) + list(rule.unless):
            kinds = {e[0] for e in _engine._elements(slots, set())}
            if kinds & {"seq", "choice"}:
                expanded = _engine._expand(slots)
                if len(expanded) <= 400:
                    chosen.append((rule_id, slots, expanded))
    return random.Random(20261128).sample(chosen, 150)


COMPACT_RULES = _compact_rules()


def test_a_pattern_compiled_without_expansion_matches_what_its_expansions_match():
    """A rule's pattern compiles straight from its slots into one _Tokens pattern, with phrase
    sets ("mal di testa", "boli mnie glowa") and choices in place of every combination; its
    matches must be exactly those of spaCy's Matcher run on all of the combinations."""
    rng = random.Random(11)
    with open(DEV, encoding="utf-8") as handle:
        messages = [_engine._words(json.loads(line)["text"])[0] for line in handle if line.strip()]
    compared = matched = 0
    for rule_id, slots, expanded in COMPACT_RULES:
        ours_runner = _Tokens(1, [_engine._elements(slots, set())])
        spelled = {w for p in expanded for t in p for w in _spelled(t)}
        relevant = [m for m in messages if spelled & set(m)][:10]
        made_up = [_instance(rng.choice(expanded), rng) for _ in range(6)]
        for words in relevant + made_up:
            ours = set(ours_runner(words))
            matcher = Matcher(_engine.vocab, validate=False)
            matcher.add("P", expanded)
            key = _engine.vocab.strings["P"]
            theirs = {(1, s, e) for k, s, e in matcher(_doc(words)) if k == key}
            assert ours == theirs, (rule_id, words)
            compared += 1
            matched += bool(theirs)
    assert matched > 500, (compared, matched)


def test_large_phrase_groups_compile_to_one_pattern():
    """Three word groups of a hundred phrases each in one pattern used to expand into a million
    Matcher patterns (minutes to start); compiled as phrase sets it is one pattern."""
    groups = [[f"w{g}a{i} w{g}b{i}" for i in range(100)] for g in range(3)]
    slots = [("alt", [tuple(p.split()) for p in group], False) for group in groups]
    elements = _engine._elements(slots, set())
    assert [e[0] for e in elements] == ["seq", "seq", "seq"]
    runner = _Tokens(1, [elements])
    words = ["and", "w0a7", "w0b7", "w1a42", "w1b42", "w2a99", "w2b99", "."]
    assert runner(words) == [(1, 1, 7)]
    assert runner(["w0a7", "w0b7", "w1a42", "w2a99", "w2b99"]) == []
