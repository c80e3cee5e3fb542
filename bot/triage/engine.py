"""The matching mechanism: tokens -> normalised words -> findings with ConText-style context.

Nothing medical lives here; findings, words and thresholds come from the ``Ruleset``.
"""

from __future__ import annotations

import itertools
import json
import logging
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy
from spacy.attrs import LEMMA
from spacy.lang.en.stop_words import STOP_WORDS as EN_STOP_WORDS
from spacy.lang.es.stop_words import STOP_WORDS as ES_STOP_WORDS
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from .backstop import Backstop, load_or_train
from .model import LEVEL_RANK, LEVELS, Assessment, Finding
from .normalize import cjk_pieces, fold_accents, scrub_surrogates, stem
from .numbers import HUNDREDS, NumberMention, find_numbers, may_hold_numbers
from .ruleset import Cooccurrence, FindingRule, Ruleset, Slot, blank_nlp

log = logging.getLogger(__name__)

# function words (English and Spanish, accents folded), guessed common when the measured word
# frequencies cannot be read: never chosen as a pattern's anchor when a rarer word is available
COMMON_WORDS = frozenset(
    fold_accents(w) for w in EN_STOP_WORDS | ES_STOP_WORDS | {"i", "me", "my", "no", "not"}
)
SENTENCE_END = frozenset({".", "!", "?", ";", "…", "...", "..", "\n"})
# how often each normalised word turns up in a message (scripts/word_frequency.py writes it)
WORD_FREQUENCY_FILE = Path(__file__).with_name("word_frequency.json")
OTHER = "_"  # every word no rule mentions becomes this placeholder
WORD_MARK = "w"  # lemma of every word, so pattern gaps never cross a sentence end
BOUNDARY_MARK = "<s>"
_LONG_RUN_LENGTH = 48
_LONG_RUN = re.compile(rf"\S{{{_LONG_RUN_LENGTH},}}")
# a word with the single space after it that spaCy folds into its last token, or whitespace
# (\s is what str.isspace() is, as in spaCy's tokenizer)
_RUN = re.compile(r"(\S+)( ?)|(\s+)")
_PIECE = 24
_DIGITISH = re.compile(r"^\d[\d./,:]*$")
_NEGATION_WORDS = frozenset(["no", "not", "never", "without", "nothing", "none", "zero", "lost"])
_CLOCK_WORDS = frozenset(["at", "@", "around", "about"])
_DICTATED = {"period": ".", "comma": ","}
# Ethiopic punctuation (Amharic) is written glued to the word before it, and spaCy's tokenizer
# does not split it off: read as the Latin marks, one character for one (offsets stay valid)
_ETHIOPIC_MARKS = str.maketrans(
    {"።": ".", "፣": ",", "፤": ";", "፥": ":", "፦": ":", "፧": "?", "፨": "."}
)
# "my period", "a short period", "the waiting period": a period that is no dictated full stop
_PERIOD_OF = frozenset(
    ["my", "her", "your", "a", "the", "this", "that", "short", "long", "whole", "recovery",
     "waiting", "time", "any", "first", "last", "same", "grace", "trial", "healing", "no",
     "next", "brief", "some", "rest", "cooling", "two", "three", "week", "month", "day"]
)  # fmt: skip
_NO_ANSWERS = frozenset(["no", "nope", "none", "nah", "negative", "never", "nein"])
_YES = frozenset(["yes", "yeah", "yep", "ya", "yup", "si", "sí", "oo", "mhm", "ja", "tak"])
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_SET = frozenset(_WEEKDAYS)
# a weekday named in a diary of days ("Mon toes numb. Tues still numb. Wed same"), short or long
_DIARY_OPENERS = frozenset(["(", "today", "now", "tonight"])
_DIARY_DAYS = {
    **{d: i for i, d in enumerate(_WEEKDAYS)},
    **{a: i for i, names in enumerate(
        [("mon",), ("tue",), ("wed",), ("thur", "thu"), ("fri",), ("sat",), ("sun",)]
    ) for a in names},
}
_DAY_WORDS = frozenset(["day", "days", "week", "weeks", "night", "pod", "month"])
_LIST_NUMBER = re.compile(r"^(?:[1-9]|1\d)$")
_DASHED_NUMBER = re.compile(r"^(?:[1-9]|1\d)[-–]$")
_YEAR = re.compile(r"^(?:19[5-9]\d|20[0-2]\d)$")


# accent-folded time words that read as a person: Vietnamese "tối qua" (last night), "tối nay"
# (tonight) fold to the pronoun "tôi"
_NOT_A_PERSON = {("toi", "qua"), ("toi", "nay")}


def _as_past(when: str) -> str:
    """A reading of the recent past ("this morning") is the past, except when weighing which
    of several past readings is the latest (``_history``)."""
    return "past" if when == "recent" else when


def _names_today(before: list[str]) -> bool:
    """ "today is Saturday", "today's Saturday", "it's Sunday": the words before a weekday."""
    return "today" in before or before[-2:] in (["it", "'s"], ["it", "is"])


# Context trigger kinds (PhraseMatcher keys) and the cue lists of the course of a symptom.
TRIGGERS = (
    "negation_pre",
    "negation_post",
    "hypothetical_pre",
    "resolved_pre",
    "resolved_post",
    "resolved_sentence",
    "hypothetical_post",
    "pseudo",
    "terminators",
    "historical_pre",
    "historical_post",
    "hypothetical_sentence",
    "other_person_pre",
    "family_pre",
    "self_patient",
    "caregiver_writer",
    "writer_own",
    "recurrence",
    "actual",
    "observed",
)
CUES = (
    "worsening",
    "improving",
    "not_improving",
    "course_neutral",
    "past",
    "recent",
    "present",
    "still",
    "temperature",
    "pain",
    "multi",
    "masking",
    "weather",
    "gone",  # an affirmed "it's gone", "way iga tagtay"
    "named",  # where the findings matched by the patterns start
)


@dataclass
class _Match:
    rule: FindingRule
    rule_id: str
    start: int  # token indexes into the normalised word list
    end: int
    terms: tuple[tuple[int, int], ...] = ()  # co-occurrence: the spans of its terms


class _Terms:
    """The co-occurrence terms that start with one word, in rule order, and which of them a
    position in a message holds: a single-word term always, a longer one when the words after
    it are its own (a dictionary look-up per term length, not a comparison per term)."""

    def __init__(self) -> None:
        self.entries: list[tuple[tuple[str, ...], int, int]] = []  # (words, cooc, set index)
        self.longer: dict[int, set[tuple[str, ...]]] = {}  # the multi-word terms by length
        self.seconds: set[str] = set()  # the second words of the multi-word terms
        self.entries_alone: list[tuple[int, int, int]] = []  # at() while all are single words
        self.indexes: set[int] = set()  # the co-occurrences of the entries
        # the matched multi-word terms -> (cooc, set index, length) of the entries they select
        self._selected: dict[tuple[tuple[str, ...], ...], list[tuple[int, int, int]]] = {}

    def add(self, words: tuple[str, ...], index: int, set_index: int) -> None:
        self.entries.append((words, index, set_index))
        self.indexes.add(index)
        if len(words) > 1:
            self.longer.setdefault(len(words), set()).add(words)
            self.seconds.add(words[1])
        self._selected.clear()
        self.entries_alone = [(index, set_index, 1) for _w, index, set_index in self.entries]

    def at(self, words: list[str], i: int) -> list[tuple[int, int, int]]:
        """(cooccurrence index, set index, length) of the terms at ``words[i]``, in rule order."""
        if not self.longer:
            return self.entries_alone
        matched: tuple[tuple[str, ...], ...] = ()
        if i + 1 < len(words) and words[i + 1] in self.seconds:  # else no longer term is here
            for k, terms in self.longer.items():
                term = tuple(words[i : i + k])
                if term in terms:
                    matched += (term,)
        selected = self._selected.get(matched)
        if selected is None:
            selected = self._selected[matched] = [
                (index, set_index, len(term))
                for term, index, set_index in self.entries
                if len(term) == 1 or term in matched
            ]
        return selected


# one element of a _Tokens pattern, (kind, words, optional, length): ("in", words, optional, 1)
# a word of a set, ("not", words, False, 1) any word but these, ("gap", {}, True, n) up to n
# words; none of them is ever a sentence end, except a word a set names. Compiled straight from
# the rules' slots (no expansion), also ("seq", (firsts, {length: phrases}), optional, longest)
# one of a set of phrases (firsts: the lengths of those that start with each word), and
# ("choice", (alternatives, by_first, always), False, 0) the words of one of several element
# sequences (by_first: those that start with each word; always: those that may start with any).
_Element = tuple[str, Any, bool, int]
# the normalised words of one run of text (cached): the words, their offsets in the run, the
# spoken punctuation marks among them (word index, mark, the token before it lowercased or
# None: the token before the run), and the run's last token lowercased (None: whitespace only)
_RunWords = tuple[
    tuple[str, ...],
    tuple[tuple[int, int], ...],
    tuple[tuple[int, str, str | None], ...],
    str | None,
    bool,  # whether the run may hold a number (numbers.may_hold_numbers)
]
# one word of a pattern gap: every word carries lemma WORD_MARK, a sentence end BOUNDARY_MARK
# (set in assess). One shared token, never changed, so that compiling tells it apart at once
_GAP: dict[str, Any] = {"LEMMA": WORD_MARK, "OP": "?"}


def _first_words(elements: Sequence[_Element]) -> frozenset[str] | None:
    """The words one of which a match of ``elements`` starts with (None: any word)."""
    if not elements:
        return None
    kind, listed, optional, _length = elements[0]
    if optional or kind in ("gap", "not"):
        return None
    if kind == "in":
        return frozenset(listed)
    if kind == "seq":
        return frozenset(listed[0])
    firsts: set[str] = set()
    for alternative in listed[0]:
        inner = _first_words(alternative)
        if inner is None:
            return None
        firsts |= inner
    return frozenset(firsts)


def _advance(
    elements: Sequence[_Element], words: list[str], ends: Iterable[int], n: int
) -> set[int] | Iterable[int]:
    """Where the words matched so far can end after ``elements`` (empty: no match)."""
    for kind, listed, optional, length in elements:
        if kind == "gap":
            after = set(ends)
            for i in ends:
                stop = min(n, i + length)
                while i < stop and words[i] not in SENTENCE_END:
                    i += 1
                    after.add(i)
        elif kind == "in":
            after = {i + 1 for i in ends if i < n and words[i] in listed}
            if optional:
                after.update(ends)
        elif kind == "not":
            after = {
                i + 1
                for i in ends
                if i < n and words[i] not in listed and words[i] not in SENTENCE_END
            }
        elif kind == "seq":
            after = _seq(listed, words, ends, n)
            if optional:
                after.update(ends)
        else:  # choice
            _alternatives, by_first, always = listed
            after = set()
            for alternative in always:
                after.update(_advance(alternative, words, ends, n))
            for i in ends:  # only the alternatives that start with the word at an end
                if i < n:
                    for alternative in by_first.get(words[i], ()):
                        after.update(_advance(alternative, words, (i,), n))
        if not after:
            return after
        ends = after
    return ends


def _choice(alternatives: tuple[tuple[_Element, ...], ...]) -> tuple[Any, ...]:
    """A "choice" element's words: its alternatives, those that start with each word, and
    those that may start with any word."""
    by_first: dict[str, list[tuple[_Element, ...]]] = {}
    always = []
    for alternative in alternatives:
        firsts = _first_words(alternative)
        if firsts is None:
            always.append(alternative)
            continue
        for w in firsts:
            by_first.setdefault(w, []).append(alternative)
    return alternatives, {w: tuple(a) for w, a in by_first.items()}, tuple(always)


def _seq(listed: Any, words: list[str], ends: Iterable[int], n: int) -> set[int]:
    """Where a phrase of a "seq" element can end from ``ends``: only the lengths of the phrases
    that start with the word at an end are tried (a one-word phrase matches by its first word)."""
    firsts, phrases = listed
    after = set()
    for i in ends:
        if i < n:
            lengths = firsts.get(words[i])
            if lengths is not None:
                for k in lengths:
                    if k == 1 or (i + k <= n and tuple(words[i : i + k]) in phrases[k]):
                        after.add(i + k)
    return after


class _Tokens:
    """Token patterns matched in Python on the normalised words: each token is one word or one
    of a set of words (optional or not), any word except a set of words, or a gap of words. A
    spaCy Matcher call costs more than the whole match for the few words of a message (a Doc
    walk, Token objects, a result list); the matches are exactly the Matcher's: every (start,
    end) the pattern can span, never an empty one, never a gap over a sentence end."""

    def __init__(self, key: int, patterns: list[list[_Element]]):
        self.key = key
        # (the words a match starts with or None, how many of them the start takes, the rest)
        self.patterns: list[tuple[frozenset[str] | None, int, tuple[_Element, ...]]] = []
        for pattern in patterns:
            first = pattern[0]
            if first[0] == "in" and not first[2]:
                self.patterns.append((first[1], 1, tuple(pattern[1:])))
            else:
                self.patterns.append((_first_words(pattern), 0, tuple(pattern)))
        # the commonest pattern, one word of a set: no simulation at all
        self.single = (
            self.patterns[0][0]
            if len(patterns) == 1 and len(patterns[0]) == 1 and self.patterns[0][1]
            else None
        )

    @staticmethod
    def fits(
        pattern: list[dict[str, Any]], frozen: Callable[[list[str]], frozenset[str]] = frozenset
    ) -> list[_Element] | None:
        """The pattern as elements when it has only such tokens, else None (a spaCy Matcher).
        ``frozen``: a word list as a set (the engine's, which converts a shared list once)."""
        out: list[_Element] = []
        for token in pattern:
            orth, op = token.get("ORTH"), token.get("OP")
            if token is _GAP or token == _GAP:
                previous = out[-1] if out else None
                if previous is not None and previous[0] == "gap":
                    out[-1] = ("gap", previous[1], True, previous[3] + 1)
                else:
                    out.append(("gap", frozenset(), True, 1))
            elif (
                set(token) == {"ORTH", "LEMMA"}
                and token["LEMMA"] == WORD_MARK
                and isinstance(orth, dict)
                and set(orth) == {"NOT_IN"}
            ):
                out.append(("not", frozen(orth["NOT_IN"]), False, 1))
            elif set(token) - {"ORTH", "OP"} or op not in (None, "?"):
                return None
            elif isinstance(orth, str):
                out.append(("in", frozenset([orth]), op == "?", 1))
            elif isinstance(orth, dict) and set(orth) == {"IN"}:
                out.append(("in", frozen(orth["IN"]), op == "?", 1))
            else:
                return None
        return out or None

    def __call__(self, words: list[str]) -> list[tuple[int, int, int]]:
        key = self.key
        single = self.single
        if single is not None:
            return [(key, i, i + 1) for i, w in enumerate(words) if w in single]
        n = len(words)
        spans: set[tuple[int, int]] = set()
        for first, taken, rest in self.patterns:
            for s in range(n) if first is None else [s for s, w in enumerate(words) if w in first]:
                # (_advance, inline for the common elements: this runs for every start)
                ends: set[int] | tuple[int] = (s + taken,)
                for element in rest:
                    kind, listed, optional, length = element
                    if kind == "in":
                        after = {i + 1 for i in ends if i < n and words[i] in listed}
                        if optional:
                            after.update(ends)
                    elif kind == "gap":
                        after = set(ends)
                        for i in ends:
                            stop = min(n, i + length)
                            while i < stop and words[i] not in SENTENCE_END:
                                i += 1
                                after.add(i)
                    elif kind == "not":
                        after = {
                            i + 1
                            for i in ends
                            if i < n and words[i] not in listed and words[i] not in SENTENCE_END
                        }
                    elif kind == "seq":
                        after = _seq(listed, words, ends, n)
                        if optional:
                            after.update(ends)
                    else:
                        after = set(_advance((element,), words, ends, n))
                    if not after:
                        break
                    ends = after
                else:
                    spans.update((s, e) for e in ends if e > s)
        return [(key, s, e) for s, e in spans]


_Runner = Matcher | _Tokens  # a pattern group's matcher
# a node of _Phrases' trie: the kinds of the phrase that ends at it, and the words that go on
_PhraseNode = tuple[tuple[tuple[int, tuple[str, ...]], ...], dict[str, Any]]


class _Phrases:
    """PhraseMatchers' matches found in Python on the normalised words, as (kind, start, end),
    one list per matcher, in one walk of a trie of all their phrases (no Doc to build). Each
    list comes in its PhraseMatcher's own order (by start, then end, then the order in which its
    table lists the keys of one phrase, read off the matcher once when built)."""

    def __init__(
        self,
        vocab: Any,
        kind_of: dict[int, str],
        sources: Sequence[tuple[PhraseMatcher, Iterable[tuple[str, ...]]]],
    ) -> None:
        # word -> (the (matcher index, kinds) of the phrases ending here, the next words)
        self.root: dict[str, _PhraseNode] = {}
        self.count = len(sources)
        for index, (matcher, phrases) in enumerate(sources):
            for words in dict.fromkeys(phrases):
                if not words:
                    continue
                kinds = tuple(
                    kind_of[key]
                    for key, s, e in matcher(Doc(vocab, words=list(words)))
                    if s == 0 and e == len(words)
                )
                if not kinds:
                    continue
                level = self.root
                for k, w in enumerate(words):
                    node = level.get(w)
                    if node is None:
                        node = level[w] = ((), {})
                    if k == len(words) - 1:
                        node = level[w] = (node[0] + ((index, kinds),), node[1])
                    level = node[1]

    def __call__(self, words: list[str]) -> tuple[list[tuple[str, int, int]], ...]:
        root = self.root
        n = len(words)
        outs: tuple[list[tuple[str, int, int]], ...] = tuple([] for _ in range(self.count))
        for i, w in enumerate(words):
            node = root.get(w)
            j = i + 1
            while node is not None:
                ending, after = node
                for index, kinds in ending:
                    out = outs[index]
                    for kind in kinds:
                        out.append((kind, i, j))
                if j == n or not after:
                    break
                node = after.get(words[j])
                j += 1
        return outs


def _factor(options: list[tuple[str, ...]]) -> list[tuple[frozenset[str], ...]]:
    """Multi-word options as few token-set sequences as possible, exactly: two sequences of the
    same length that differ in one position only merge into one ("se me durmio", "se le durmio"
    -> "se" {me, le} "durmio"), which keeps the number of Matcher patterns from multiplying."""
    merged = [tuple(frozenset([w]) for w in option) for option in dict.fromkeys(options)]
    changed = True
    while changed:
        changed = False
        for i, a in enumerate(merged):
            for j in range(i + 1, len(merged)):
                b = merged[j]
                if len(a) != len(b):
                    continue
                differ = [k for k in range(len(a)) if a[k] != b[k]]
                if len(differ) == 1:
                    k = differ[0]
                    merged[i] = a[:k] + (a[k] | b[k],) + a[k + 1 :]
                    del merged[j]
                    changed = True
                    break
            if changed:
                break
    return merged


class Engine:
    """Compiled matchers for one ``Ruleset``; ``assess`` is safe to call from many threads.

    ``backstop``: the statistical second opinion; by default the one the rules configure
    (trained from their example files, or loaded from the cache), ``None`` for rules only.
    """

    def __init__(self, rules: Ruleset, backstop: Backstop | None | str = "configured"):
        self.rules = rules
        if backstop == "configured":
            backstop = (
                load_or_train(list(rules.backstop_examples)) if rules.backstop_examples else None
            )
        self.backstop: Backstop | None = backstop if isinstance(backstop, Backstop) else None
        self.nlp = blank_nlp()
        self.vocab = self.nlp.vocab
        # the tokens of each run of (non-)whitespace; lru_cache is thread-safe
        self._run_tokens = lru_cache(maxsize=65536)(self._tokenize_run)
        self._run_words = lru_cache(maxsize=65536)(self._words_of_run)
        self._glued = self._glued_pairs()
        self._known_words = lru_cache(maxsize=65536)(self._known)
        self.known: set[str] = set(SENTENCE_END) | {",", OTHER}
        # One small matcher per group of a pattern's expansions that need the same words,
        # indexed by an anchor word and gated by the words it cannot match without: a message
        # only runs the groups all of whose words it contains, which keeps assess() fast with
        # a hundred thousand groups.
        # Needs are bit masks, one bit per distinct word set: a message holds the bits of the
        # sets it has a word of, and a group runs when it holds all of the group's bits. The
        # anchor set needs no bit (a message that reaches the group through it holds it), and
        # the commonest sets get the lowest bits, so that the masks stay short integers.
        self._need_bits: dict[frozenset[str], int] = {}
        self._word_bits: dict[str, int] = {}
        # anchor word -> (needs, matcher) of the groups anchored on a set holding the word
        self._anchored: dict[str, list[tuple[int, _Runner]]] = {}
        # the groups (needs, anchor set, matcher) before their bits are given out (_set_bits)
        self._pending: list[tuple[Sequence[frozenset[str]], frozenset[str], _Runner]] = []
        self._patterns = 0
        self._lemmas_read = False  # whether a spaCy Matcher reads the lemma marks of a Doc
        # patterns were validated when the YAML was loaded; re-validating each expansion here
        # would cost most of the start-up time
        self._unanchored = Matcher(self.vocab, validate=False)
        # how often a word turns up in a message, to anchor each pattern on its rarest needed
        # words: measured over the labelled examples (word_frequency.json) or else guessed
        self._weight, self._rare = _word_frequency()
        if not self._weight:
            self._weight = {
                w: 0.2 for k in TRIGGERS + ("clause_starters",) for p in rules.context[k] for w in p
            }
            self._weight.update(dict.fromkeys(COMMON_WORDS, 1.0))
        self._set_weight: dict[frozenset[str], float] = {}
        self._by_key: dict[int, tuple[FindingRule, str]] = {}
        # the YAML order of the rule ids: of two matches of the same words, the earlier rule is
        # named (without it the choice followed set order, which Python's hash seed changes)
        self._order: dict[str, int] = {}
        self._literal: dict[str, set[str]] = {}  # words each pattern spells out
        # neighbouring word pairs each pattern spells out ("no feeling"): a negation word that
        # starts such a pair is part of the symptom, not a negation of it
        self._literal_pairs: dict[str, set[tuple[str, str]]] = {}
        self._unless: set[str] = set()
        self._frozen_lists: dict[int, tuple[list[str], frozenset[str]]] = {}
        for rule in rules.findings:
            for rule_id, slots in rule.patterns:
                self._add_slots(rule, rule_id, slots)
            for rule_id, token_pattern in rule.token_patterns:
                self._add_rule(rule, rule_id, [token_pattern], self._required(token_pattern))
            for rule_id, slots in rule.unless:
                self._add_slots(rule, rule_id, slots)
                self._unless.add(rule_id)
        self._frozen_lists.clear()  # only needed while compiling
        # co-occurrence terms, keyed by their first word
        self._coocs: list[tuple[FindingRule, Cooccurrence]] = []
        self._cooc_first: dict[str, _Terms] = {}
        for rule in rules.findings:
            for co in rule.cooccur:
                index = len(self._coocs)
                self._coocs.append((rule, co))
                self._order.setdefault(co.rule_id, len(self._order))
                for set_index, terms in enumerate(co.sets):
                    for words in terms:
                        self.known.update(words)
                        self._cooc_first.setdefault(words[0], _Terms()).add(words, index, set_index)
        # gated like the patterns: a co-occurrence needs the first word of a term of each set
        self._cooc_anchored: dict[str, list[int]] = {}
        cooc_needs: list[tuple[Sequence[frozenset[str]], frozenset[str]]] = []
        for index, (_rule, co) in enumerate(self._coocs):
            needs = [frozenset(words[0] for words in terms) for terms in co.sets]
            anchor = self._anchor(needs)
            for word in anchor:
                self._cooc_anchored.setdefault(word, []).append(index)
            cooc_needs.append((needs, anchor))
        self._cooc_needs: list[int] = self._set_bits(cooc_needs)
        trigger_matcher = PhraseMatcher(self.vocab, attr="ORTH")
        for kind in TRIGGERS + ("clause_starters",):
            self._add_phrases(trigger_matcher, kind, rules.context[kind])
        cue_matcher = PhraseMatcher(self.vocab, attr="ORTH")
        cue_lists = {
            "worsening": rules.context["worsening"],
            "improving": rules.context["improving"],
            "not_improving": rules.context["not_improving"],
            "past": rules.context["past"],
            "recent": rules.context["recent_past"],
            "present": rules.context["present"],
            "still": rules.context["still"],
            "course_neutral": rules.context["course_neutral"],
            "temperature": rules.temperature_cues,
            "pain": rules.pain_cues,
            "multi": rules.multi_day_words,
            "masking": rules.context["fever_masking"],
            "weather": rules.temperature_weather,
        }
        for kind, phrases in cue_lists.items():
            self._add_phrases(cue_matcher, kind, phrases)
        norm = rules.normalizer.normalize
        self.units = {norm(k)[0]: v for k, v in rules.duration_units.items()}
        self.vague = {norm(k)[0]: v for k, v in rules.vague_counts.items()}
        self.known.update(self.units)
        self.known.update(self.vague)
        self.known.update(rules.temperature_not_units)
        self.known.update(rules.temperature_not_cues)
        self.known.update(rules.bare_followers)
        self.temperature_rule = next(
            (r for r in rules.findings if r.measure == "temperature"), None
        )
        self.pain_rule = next((r for r in rules.findings if r.measure == "pain_score"), None)
        self._joiners = {w[0] for w in rules.context["list_joiners"] if len(w) == 1}
        self._patient_refs = {w[0] for w in rules.context["patient_refs"] if len(w) == 1}
        self._first_person = {w[0] for w in rules.context["first_person"] if len(w) == 1}
        # the patient, seen from a caregiver: "he", "mom", "my husband" (not "I" or "my")
        self._third_person_refs = (
            self._patient_refs - self._first_person - {"my", "yo"}
        ) | _THIRD_PERSON | _THIRD_PERSON_OBJECTS
        self._conjunctions = {w[0] for w in rules.context["list_conjunctions"] if len(w) == 1}
        self._joiners |= self._conjunctions
        self._clause_words = {w[0] for w in rules.context["clause_words"] if len(w) == 1}
        self.known.update(self._joiners | self._clause_words | _YES | {"(", ")"})
        self.known.update(self._patient_refs | self._first_person)  # scope ends (_other_person)
        # "..., and my leg" / "... et j'ai": the words after which a clause starter begins a new
        # clause for negation (a rules directory without the list keeps the English ones)
        self._clause_and = {w[0] for w in rules.context["clause_and"] if len(w) == 1} or {
            ",",
            "and",
            "&",
            "plus",
        }
        self.known.update(self._clause_and)
        # each combination's options in the order they are tried
        self._combos = [(c, [sorted(options) for options in c.all_of]) for c in rules.combinations]
        # the findings some combination names: none of them counting, none can fire
        self._combo_ids: frozenset[str] | None = (
            frozenset(o for c in rules.combinations for options in c.all_of for o in options)
            if all(c.all_of for c in rules.combinations)
            else None
        )
        self._marks = (self.vocab.strings.add(WORD_MARK), self.vocab.strings.add(BOUNDARY_MARK))
        self._kind_of = {self.vocab.strings.add(k): k for k in TRIGGERS + CUES}
        self._kind_of[self.vocab.strings.add("clause_starters")] = "clause_starters"
        # the trigger and cue phrases, matched in Python on the words (no Doc per message)
        self._phrases = _Phrases(
            self.vocab,
            self._kind_of,
            [
                (
                    trigger_matcher,
                    [p for kind in TRIGGERS + ("clause_starters",) for p in rules.context[kind]],
                ),
                (cue_matcher, [p for ps in cue_lists.values() for p in ps]),
            ],
        )

    # -- compilation --------------------------------------------------------------------------
    def _add_phrases(self, matcher: PhraseMatcher, key: str, phrases: list[tuple[str, ...]]):
        docs = []
        for words in phrases:
            if words:
                self.known.update(words)
                docs.append(Doc(self.vocab, words=list(words)))
        if docs:
            matcher.add(key, docs)

    def _add_rule(
        self,
        rule: FindingRule,
        rule_id: str,
        patterns: list[list[dict[str, Any]]],
        required: list[frozenset[str]],
    ):
        key = self.vocab.strings.add(rule_id)
        self._by_key[key] = (rule, rule_id)
        self._order.setdefault(rule_id, len(self._order))
        literal = self._literal.setdefault(rule_id, set())
        pairs = self._literal_pairs.setdefault(rule_id, set())
        for pattern in patterns:
            spelled: list[list[str]] = []
            for token in pattern:
                if token is _GAP:
                    spelled.append([])
                    continue
                orth = token.get("ORTH")
                if isinstance(orth, str):
                    spelled.append([orth])
                elif isinstance(orth, dict):
                    spelled.append(list(orth.get("IN", [])))
                else:
                    spelled.append([])
                literal.update(spelled[-1])
            for here, after in zip(spelled, spelled[1:], strict=False):
                pairs.update(
                    (a, b)
                    for a in here
                    for b in after
                    if a in _NEGATION_WORDS or b in _NEGATION_WORDS
                )
        gaps = False
        for pattern in patterns:
            for token in pattern:
                if token is _GAP:
                    gaps = True
                    continue
                self.known.update(v for v in token.values() if isinstance(v, str))
                orth = token.get("ORTH")
                if isinstance(orth, dict):
                    self.known.update(orth.get("IN", []))
                    self.known.update(orth.get("NOT_IN", []))
        if gaps:
            self.known.update(_GAP.values())  # (as any other token's strings)
        if not required:
            self._unanchored.add(rule_id, patterns)
            self._lemmas_read = True
            return
        # the pattern's expansions, grouped by the words each needs, one matcher per group
        groups: dict[tuple[frozenset[str], ...], list[list[dict[str, Any]]]] = {}
        for pattern in patterns:
            groups.setdefault(tuple(self._required(pattern)), []).append(pattern)
        # a group needs its own words and its pattern's (a word of a choice: "gave out" or
        # "buckled"); it is looked at through a word of the rarest of them
        self._patterns += 1
        matcher: _Runner
        for needs, members in groups.items():
            elements = [_Tokens.fits(p, self._frozen) for p in members]
            if all(elements):
                matcher = _Tokens(key, [e for e in elements if e])
            else:
                matcher = Matcher(self.vocab, validate=False)
                matcher.add(rule_id, members)
                self._lemmas_read = True
            every = list(dict.fromkeys(needs + tuple(required)))
            self._pending.append((every, self._anchor(every), matcher))

    def _add_slots(self, rule: FindingRule, rule_id: str, slots: list[Slot]) -> None:
        """A YAML pattern, compiled straight from its slots into one _Tokens pattern: its
        multi-word options stay phrase sets rather than fanning out into every combination (a
        pattern of three word groups of a hundred phrases each would be a million patterns)."""
        required = self._needs(slots)
        if not required:  # nothing to look it up by: a spaCy Matcher run on every message
            self._add_rule(rule, rule_id, self._expand(slots), required)
            return
        key = self.vocab.strings.add(rule_id)
        self._by_key[key] = (rule, rule_id)
        self._order.setdefault(rule_id, len(self._order))
        _firsts, _lasts, pairs, _empty = self._spell(slots)
        self._literal_pairs.setdefault(rule_id, set()).update(pairs)
        literal = self._literal.setdefault(rule_id, set())
        elements = self._elements(slots, literal)
        self.known.update(literal)
        self.known.update(_GAP.values())  # (as a Matcher pattern's strings)
        self._patterns += 1
        self._pending.append((required, self._anchor(required), _Tokens(key, [elements])))

    def _elements(self, slots: list[Slot], literal: set[str]) -> list[_Element]:
        """Slots -> _Tokens elements (adding the words they spell out to ``literal``)."""
        out: list[_Element] = []
        for slot in slots:
            if slot[0] == "gap":
                out.append(("gap", frozenset(), True, slot[1]))
            elif slot[0] == "not":
                self.known.update(slot[1])
                out.append(("not", frozenset(slot[1]), False, 1))
            elif slot[0] == "choice":
                alternatives = tuple(tuple(self._elements(a, literal)) for a in slot[1])
                out.append(("choice", _choice(alternatives), False, 0))
            else:
                _, options, optional = slot
                for option in options:
                    literal.update(option)
                if all(len(option) == 1 for option in options):
                    out.append(("in", frozenset(o[0] for o in options), optional, 1))
                    continue
                by_length: dict[int, set[tuple[str, ...]]] = {}
                for option in options:
                    by_length.setdefault(len(option), set()).add(tuple(option))
                # the lengths of the phrases that start with each word, and the phrases by length
                firsts: dict[str, list[int]] = {}
                for k, phrases in sorted(by_length.items()):
                    for phrase in phrases:
                        lengths = firsts.setdefault(phrase[0], [])
                        if not lengths or lengths[-1] != k:
                            lengths.append(k)
                listed = (
                    {w: tuple(lengths) for w, lengths in firsts.items()},
                    {k: frozenset(v) for k, v in by_length.items()},
                )
                out.append(("seq", listed, optional, max(by_length)))
        return out

    def _spell(
        self, slots: list[Slot]
    ) -> tuple[set[str], set[str], set[tuple[str, str]], bool]:
        """The words a match of ``slots`` can start and end with, the neighbouring word pairs
        with a negation word it spells out, and whether it can be empty: the pairs the pattern's
        expansions spell (an optional single word is a token of each, a phrase is skipped)."""
        firsts: set[str] = set()
        lasts: set[str] = set()
        pairs: set[tuple[str, str]] = set()
        empty = True
        for slot in slots:
            if slot[0] in ("gap", "not"):
                f: set[str] = set()
                la: set[str] = set()
                p: set[tuple[str, str]] = set()
                e = False
            elif slot[0] == "choice":
                f, la, p, e = set(), set(), set(), False
                for alternative in slot[1]:
                    af, al, ap, ae = self._spell(alternative)
                    f |= af
                    la |= al
                    p |= ap
                    e = e or ae
            else:
                _, options, optional = slot
                f = {o[0] for o in options}
                la = {o[-1] for o in options}
                p = {
                    (a, b)
                    for o in options
                    for a, b in zip(o, o[1:], strict=False)
                    if a in _NEGATION_WORDS or b in _NEGATION_WORDS
                }
                e = optional and any(len(o) > 1 for o in options)
            pairs |= p
            pairs.update((a, b) for a in lasts & _NEGATION_WORDS for b in f)
            pairs.update((a, b) for a in lasts for b in f & _NEGATION_WORDS)
            firsts = firsts | f if empty else firsts
            lasts = lasts | la if e else la
            empty = empty and e
        return firsts, lasts, pairs, empty

    def _anchor(self, needs: Sequence[frozenset[str]]) -> frozenset[str]:
        """The needed word set least likely to be in a message (by the word weights)."""
        return min(needs, key=self._chance)

    def _chance(self, words: frozenset[str]) -> float:
        """About how likely a message is to hold a word of ``words``."""
        chance = self._set_weight.get(words)
        if chance is None:
            weight, rare = self._weight, self._rare
            chance = self._set_weight[words] = sum(weight.get(w, rare) for w in words)
        return chance

    def _set_bits(
        self, cooc_needs: list[tuple[Sequence[frozenset[str]], frozenset[str]]]
    ) -> list[int]:
        """Give the needed word sets their bits, commonest first, index the pattern groups by
        their anchor words with their masks, and return the co-occurrences' masks."""
        others = {
            words: None
            for needs, anchor in [(n, a) for n, a, _m in self._pending] + cooc_needs
            for words in needs
            if words != anchor
        }
        for bit, words in enumerate(sorted(others, key=self._chance, reverse=True)):
            self._need_bits[words] = 1 << bit
            for w in words:
                self._word_bits[w] = self._word_bits.get(w, 0) | 1 << bit

        def mask(needs: Sequence[frozenset[str]], anchor: frozenset[str]) -> int:
            out = 0
            for words in needs:
                if words != anchor:
                    out |= self._need_bits[words]
            return out

        for needs, anchor, matcher in self._pending:
            entry = (mask(needs, anchor), matcher)
            for word in anchor:
                self._anchored.setdefault(word, []).append(entry)
        self._pending.clear()
        return [mask(needs, anchor) for needs, anchor in cooc_needs]

    def _frozen(self, words: list[str]) -> frozenset[str]:
        """``words`` as a set. A pattern's expansions share their tokens' word lists, so each
        list is converted once while the engine is built (with thousands of words in some)."""
        held = self._frozen_lists.get(id(words))
        if held is None:  # the list is kept with its set, so that its id is not reused
            held = self._frozen_lists[id(words)] = (words, frozenset(words))
        return held[1]

    def _required(self, pattern: list[dict[str, Any]]) -> list[frozenset[str]]:
        """For each token ``pattern`` cannot match without, the words one of which it needs."""
        required = []
        for token in pattern:
            if token is _GAP or token.get("OP") not in (None, "1") or set(token) - {"ORTH", "OP"}:
                continue
            orth = token.get("ORTH")
            if isinstance(orth, str):
                required.append(frozenset([orth]))
            elif isinstance(orth, dict) and set(orth) == {"IN"}:
                required.append(self._frozen(orth["IN"]))
        return required

    def _needs(self, slots: list[Slot]) -> list[frozenset[str]]:
        """What a pattern needs before it can match: for each slot that cannot be skipped, the
        words one of which must be in the message (a cheap test before running the Matcher):
        the rarest word of each of its phrases, of a choice the rarest needs of each
        alternative."""
        needs = []
        for slot in slots:
            if slot[0] == "choice":
                rarest: set[str] = set()
                for alternative in slot[1]:
                    inner = self._needs(alternative)
                    if not inner:
                        break
                    rarest.update(self._anchor(inner))
                else:
                    needs.append(frozenset(rarest))
            elif slot[0] == "alt" and not slot[2]:
                weight, rare = self._weight, self._rare
                needs.append(
                    frozenset(min(option, key=lambda w: weight.get(w, rare)) for option in slot[1])
                )
        return needs

    @property
    def pattern_count(self) -> int:
        """The number of compiled patterns (each one matcher per group of its expansions)."""
        return len(self._unanchored) + self._patterns

    def _expand(self, slots: list[Slot]) -> list[list[dict[str, Any]]]:
        """Slots -> spaCy Matcher patterns on the normalised words (multi-word options fan out)."""
        per_slot: list[list[list[dict[str, Any]]]] = []
        for slot in slots:
            if slot[0] == "gap":
                per_slot.append([[_GAP] * slot[1]])
                continue
            if slot[0] == "not":  # any one word (never a sentence end) except these
                per_slot.append([[{"ORTH": {"NOT_IN": sorted(slot[1])}, "LEMMA": WORD_MARK}]])
                continue
            if slot[0] == "choice":
                per_slot.append([p for alternative in slot[1] for p in self._expand(alternative)])
                continue
            _, options, optional = slot
            singles = sorted({o[0] for o in options if len(o) == 1})
            variants: list[list[dict[str, Any]]] = []
            if singles:
                token: dict[str, Any] = (
                    {"ORTH": singles[0]} if len(singles) == 1 else {"ORTH": {"IN": singles}}
                )
                if optional:
                    token["OP"] = "?"
                variants.append([token])
            for merged in _factor([o for o in options if len(o) > 1]):
                variants.append(
                    [
                        {"ORTH": sorted(ws)[0]} if len(ws) == 1 else {"ORTH": {"IN": sorted(ws)}}
                        for ws in merged
                    ]
                )
            if optional and any(len(o) > 1 for o in options):
                variants.append([])
            per_slot.append(variants)
        return [
            [token for part in combo for token in part] for combo in itertools.product(*per_slot)
        ]

    # -- assessment ----------------------------------------------------------------------------
    def assess(self, text: str) -> Assessment:
        if not isinstance(text, str):
            raise TypeError(f"assess() needs a str, not {type(text).__name__}")
        if not text.strip():
            return Assessment("routine", [])
        text = scrub_surrogates(text)
        words, offsets, numeric = self._read(text)
        if not words:
            return Assessment("routine", [])
        starts = [o[0] for o in offsets]
        ends = [w in SENTENCE_END for w in words]
        n = len(words)
        sentence = list(itertools.accumulate(ends[:-1], initial=0))  # sentence ends before

        trigger_matches, cue_matches = self._phrases(words)
        triggers = self._spans(trigger_matches)
        cues = self._spans(cue_matches)
        barrier = list(ends)
        breaks = set()  # barriers inside a sentence
        terminators_at = set()  # "but", "pero": where a sentence-wide cue stops too
        for kind, s, _e in triggers:
            if kind == "terminators":
                breaks.add(s)
                terminators_at.add(s)
            elif kind == "clause_starters" and s > 0 and words[s - 1] in self._clause_and:
                breaks.add(s)  # ", and my leg ..." / "and now ..." start a new clause for negation
        for i in range(n - 1 if ")" in words else 0):
            if words[i + 1] == ")" and _LIST_NUMBER.match(words[i]) and "(" not in words[i - 2 : i]:
                breaks.add(i)  # "2) no 3) yes, worse": each numbered answer is a clause
        # a clause ends with its sentence or at a break: each break moves every later word on
        step = [0] * n
        for s in breaks:
            barrier[s] = True
            if s > 0 and not ends[s]:
                step[s] = 1
        clause = (
            [c + b for c, b in zip(sentence, itertools.accumulate(step), strict=True)]
            if breaks
            else sentence  # (neither is ever changed)
        )

        kinds = ("negated", "hypothetical", "resolved", "historical")
        pre = {k: [False] * n for k in kinds}
        post = {k: [False] * n for k in kinds}
        joiner = [w in self._joiners for w in words]
        no_joiner = [False] * n
        clause_word = [w in self._clause_words for w in words]
        scope = self.rules.max_scope
        for kind, s, e in triggers:
            target = _SCOPE_TARGETS.get(kind)
            if target is None:
                continue
            if kind.startswith("historical") and any(
                w in ("than", "compared", "as") for w in words[max(0, s - 4) : s]
            ):
                continue  # "weaker than it did before the procedure" is a comparison, not history
            name, direction = target
            if direction == 1 and kind in _WIDE_KINDS:
                # "what should I do if I vomit and can't ...", "before MILD I couldn't walk and
                # my legs gave out": these run over "and" to the end of their clause
                self._scope_forward(
                    pre[name], e, n, WIDE_SCOPE, words, barrier, no_joiner, clause_word
                )
            elif direction == 1:
                # "denies fever, chills, N/V": a clinician's list needs no closing and/or
                open_list = kind == "negation_pre" and words[s] in _LIST_NEGATIONS
                self._scope_forward(
                    pre[name], e, n, scope, words, barrier, joiner, clause_word, open_list
                )
            elif kind == "resolved_sentence":
                # "left leg felt weak for an hour after, they said from the local, totally
                # normal since": a closing word on the course speaks of its whole sentence
                # over commas and clauses, to a sentence end, a "but", an "and" or a "now"
                # (a sign that is not over: "fever 101 now, the numbness is all gone now")
                i = s - 1
                while (
                    i >= 0
                    and s - i <= 2 * WIDE_SCOPE
                    and not ends[i]
                    and i not in terminators_at
                    and words[i] not in _SENTENCE_SCOPE_STOPS
                ):
                    post[name][i] = True
                    i -= 1
                # "tingly the first night but that's all gone now"
                self._before_but(post[name], s, words, barrier, joiner, clause_word)
            else:
                self._scope_backward(post[name], s - 1, scope, words, barrier, joiner, clause_word)
                if kind == "resolved_post":
                    self._before_but(post[name], s, words, barrier, joiner, clause_word)
                if kind in ("resolved_post", "negation_post") and self._sums_up(words, s, e, ends):
                    self._summary_scope(post[name], s, words, ends)

        for i in range(1, n if "in" in words else 1):  # "in 2019": history, both ways in its clause
            if words[i - 1] == "in" and _YEAR.match(words[i]):
                self._scope_forward(
                    pre["historical"], i + 1, n, scope, words, barrier, joiner, clause_word
                )
                self._scope_backward(
                    post["historical"], i - 2, scope, words, barrier, joiner, clause_word
                )
        for kind, s, _e in triggers:
            undone = _UNDOES.get(kind)
            if undone is not None:
                flag, back = undone
                for x in range(s - 1, -1, -1):
                    if sentence[x] < sentence[s] - back:
                        break
                    pre[flag][x] = post[flag][x] = False
        other = self._other_person(triggers, words, sentence, barrier)

        def context(start: int, end: int) -> tuple[bool, bool, bool]:
            last = max(start, end - 1)
            return (
                pre["negated"][start] or post["negated"][last],
                pre["hypothetical"][start] or post["hypothetical"][last],
                pre["resolved"][start] or post["resolved"][last],
            )

        def elsewhere(start: int, end: int) -> tuple[bool, bool]:
            """(historical, someone else's) for the tokens start..end."""
            last = max(start, end - 1)
            # "my legs used to give out": history that starts inside the finding counts too
            was = pre["historical"]
            history = was[start] or was[last] or post["historical"][last]
            return history, other[start]

        negations = [(s, e) for kind, s, e in triggers if kind == "negation_pre"]

        # course cues (worse, better, not improving ...) that are themselves affirmed
        cue_at: dict[str, list[int]] = {k: [] for k in CUES}
        for kind, s, e in cues:
            neg, hyp, _res = context(s, e)
            if kind in ("worsening", "improving", "masking") and (neg or hyp):
                continue
            cue_at[kind].append(s)

        mentions = find_numbers(text) if numeric else []
        durations = self._durations(words, mentions, starts, cues, sentence)
        findings: list[Finding] = []
        matches, cancelled, overlapped = self._finding_matches(None, words, clause, sentence)
        # clauses that name a finding of their own; a course cue in a later clause without one
        # ("tingly feet, and it's worse today") speaks of the finding before it
        named = {clause[m.start] for m in matches}
        finding_starts = [m.start for m in matches]
        starts_set = set(finding_starts)
        finding_ends = {m.end for m in matches}

        def build(m: _Match) -> Finding:
            neg, hyp, res = context(m.start, m.end)
            if neg and not post["negated"][max(m.start, m.end - 1)] and _spelled_negative(
                words, m.start
            ):
                neg = False  # "pee: NO - can't go", "no, I can't pee": the no answers yes
            if not neg and _answered_no(words, m.end, starts_set, ends):
                neg = True  # a check-in line "fever: no", "Fever - no", "fever n numb n"
            if neg and not post["negated"][max(m.start, m.end - 1)]:
                neg = not _answer_before(words, m.start, m.end, negations, finding_ends)
            if not neg and negations:
                neg = self._negated_inside(m, negations, words, barrier)
            start_char = offsets[m.start][0]
            end_char = offsets[m.end - 1][1]
            f = Finding(
                id=m.rule.id,
                level=m.rule.level,
                label=m.rule.label,
                text=text[start_char:end_char],
                start=start_char,
                end=end_char,
                rule=m.rule_id,
                negated=neg and "negated" not in m.rule.ignore_context,
                hypothetical=hyp and "hypothetical" not in m.rule.ignore_context,
                resolved=res and "resolved" not in m.rule.ignore_context,
            )
            f.historical, f.other_person = elsewhere(m.start, m.end)
            return f

        for m in matches:
            f = build(m)
            if not f.counts:
                # "no chest pain, but my calf is swollen": the match from the negated "pain"
                # hid the one from "calf ... swollen"; an affirmed overlapping match counts
                for alt in overlapped:
                    if alt.rule.id == m.rule.id and alt.start < m.end and m.start < alt.end:
                        g = build(alt)
                        if g.counts:
                            f, m = g, alt
                            break
            self._escalate(f, m, clause, sentence, cue_at, durations, named, finding_starts)
            findings.append(f)

        for kind, s, e in triggers:
            if kind in ("resolved_post", "resolved_sentence"):
                neg, hyp, _res = context(s, e)
                if not (neg or hyp):
                    cue_at["gone"].append(s)
        cue_at["named"] = finding_starts
        numbers = self._numbers(mentions, words, starts, sentence, clause, cue_at, context)
        for f in numbers:
            t = self._token_at(starts, f.start)
            f.historical, f.other_person = elsewhere(t, self._token_at(starts, f.end - 1) + 1)
        findings.extend(numbers)
        # a measured temperature decides over the fever words of its sentence
        temp_sentences = {
            sentence[self._token_at(starts, f.start)]
            for f in findings
            if f.rule.endswith("/number") and f.unit in ("°F", "°C")
        }
        if temp_sentences and self.temperature_rule is not None:
            fever_id = self.temperature_rule.id
            findings = [
                f
                for f in findings
                if not (
                    f.id == fever_id
                    and not f.rule.endswith("/number")
                    and sentence[self._token_at(starts, f.start)] in temp_sentences
                )
            ]
        findings.extend(self._combinations(findings))
        level = LEVELS[max((LEVEL_RANK[f.level] for f in findings if f.counts), default=0)]
        # The backstop speaks where the rules found nothing at all (a wording no rule knows), or
        # to say an urgent message may be an emergency. Where the rules understood the message
        # ("the bottom of my foot is numb", "pain is a 7", "no fever"), their call stands.
        if self.backstop is not None and (level == "urgent" or not (findings or cancelled)):
            extra = self._second_opinion(text, level)
            if extra is not None:
                findings.append(extra)
                level = extra.level
        findings.sort(key=lambda f: (f.start, f.end, f.id))
        return Assessment(level, findings)

    def _second_opinion(self, text: str, level: str) -> Finding | None:
        """The backstop's finding when it puts the message above the rules' level."""
        assert self.backstop is not None
        if sum(c.isalnum() for c in text[:16]) < _BACKSTOP_MIN_CHARS:
            return None  # "Y", "k", "?": too little wording for a statistical reading
        p_flag, p_emergency = self.backstop.probabilities(text)
        if p_emergency >= self.rules.backstop_emergency:
            new, p, what = "emergency", p_emergency, "emergency"
        elif level == "routine" and p_flag >= self.rules.backstop_urgent:
            new, p, what = "urgent", p_flag, "red-flag"
        else:
            return None
        return Finding(
            id=f"worded_like_{new}",
            level=new,
            label=f"Worded like the {what} messages of the examples (no rule matched; please read)",
            text=text,
            start=0,
            end=len(text),
            rule="backstop",
            value=round(p, 2),
            unit="probability",
        )

    def _other_person(self, triggers, words, sentence, barrier) -> list[bool]:
        """Tokens about someone who is not the patient (ConText's experiencer): after "our
        cat", "my grandson", after "my wife" when the writer says they are the patient
        ("I had the procedure"), and after "I have" when the writer says they are not ("I'm
        his daughter"). The scope ends at the sentence's end, a new clause, or a
        mention of the patient ("... and dad can't stand")."""
        n = len(words)
        out = [False] * n
        writer_is_patient = any(kind == "self_patient" for kind, _s, _e in triggers)
        writer_cares = any(kind == "caregiver_writer" for kind, _s, _e in triggers)
        # "my daughter-in-law looked and said the drainage looks infected": what someone else
        # saw on the patient is the patient's
        observed = {s for kind, s, _e in triggers if kind == "observed"}
        for kind, _s, e in triggers:
            if kind == "other_person_pre":
                stops = self._patient_refs - _OBJECT_PRONOUNS  # "... supposed to help me"
            elif kind == "family_pre" and writer_is_patient:
                stops = self._first_person | {"my"}  # "my son took my temperature: 38.5"
            elif kind == "writer_own" and writer_cares:
                # "I'm the patient's daughter and I have a fever, can I visit mom?"
                stops = self._third_person_refs
            else:
                continue
            i, limit = e, min(n, e + WIDE_SCOPE)
            while i < limit:
                if words[i] == "(":  # "my sister (not me, I'm the patient) has chest pains"
                    close = next((j for j in range(i, min(n, i + 12)) if words[j] == ")"), i)
                    limit = min(n, limit + close + 1 - i)  # the aside does not use up the scope
                    i = close + 1
                    continue
                if sentence[i] != sentence[e - 1] or i in observed:
                    break
                if barrier[i]:
                    if not self._same_subject(words, i):
                        break
                    # "my granddaughter is staying with us and she's got a cold and a temp of
                    # 101": a clause that goes on about her carries the scope on
                    limit = min(n, max(limit, i + WIDE_SCOPE))
                if (
                    words[i] in stops
                    and "not" not in words[max(0, i - 2) : i]
                    and (words[i], "".join(words[i + 1 : i + 2])) not in _NOT_A_PERSON
                ):
                    break  # "... and dad can't stand"; not "(not the patient, I am)"
                out[i] = True
                i += 1
        return out

    @staticmethod
    def _same_subject(words: list[str], i: int) -> bool:
        """A new clause that goes on about the same third person ("my friend had it done and
        she said she couldn't pee"): its first word after a joiner is he/she/they."""
        j = i
        while j < len(words) and j < i + 3 and words[j] in _CLAUSE_JOINERS:
            j += 1
        return j < len(words) and words[j] in _THIRD_PERSON

    def _negated_inside(self, m: _Match, negations, words, barrier) -> bool:
        """A negation inside a gap of the match that the pattern does not spell out negates
        the words after it: "my legs aren't weak", "pink but not spreading"."""
        last = m.end - 1
        literal = self._literal.get(m.rule_id, set())
        pairs = self._literal_pairs.get(m.rule_id, set())
        for s, e in negations:
            if m.terms:  # co-occurrence: a negation outside its terms, before the last term
                if not (m.start < s and e <= last) or any(ts < e and s < te for ts, te in m.terms):
                    continue
                if not any(barrier[x] for x in range(e, last + 1)):
                    return True
                continue
            if m.start < s and e <= last and e + self.rules.max_scope > last:
                own = [w for w in words[s:e] if w in literal]
                if any(w != "no" for w in own) or (
                    own and e < len(words) and (words[e - 1], words[e]) in pairs
                ):
                    continue  # the pattern's own words ("has not", "without", "no feeling")
                if not any(barrier[x] for x in range(e, last + 1)):
                    return True
        return False

    def _before_but(self, arr, s, words, barrier, joiner, clause_word) -> None:
        """ "had chills the first night but nothing since", "weak the first day but it's back to
        full strength": a resolving trigger just after "but" speaks of the clause before it."""
        j = s - 1
        while j > 0 and s - j <= 7 and words[j] in _BUT_BRIDGE:
            j -= 1
        if j > 0 and words[j] in _BUTS:
            self._scope_backward(arr, j - 1, WIDE_SCOPE, words, barrier, joiner, clause_word)

    @staticmethod
    def _sums_up(words: list[str], s: int, e: int, ends: list[bool]) -> bool:
        """A trigger that sums up what came before it: "none since", "nothing since then",
        "I have none of that". Not "none since I stopped the pills" (a clause of its own)."""
        for k in range(s, e - 1):
            if words[k] not in _SUMMARY_WORDS:
                continue
            if words[k + 1] == "of" and words[k + 2 : k + 3] and words[k + 2] in _SUMMARY_OF:
                after = k + 3  # not "none of that has gone away"
                return after >= len(words) or ends[after] or words[after] in _SUMMARY_ENDS
            if words[k + 1] == _SINCE:
                return e >= len(words) or ends[e] or words[e] in _SUMMARY_ENDS
        return False

    @staticmethod
    def _summary_scope(arr: list[bool], s: int, words: list[str], ends: list[bool]) -> None:
        """A summing-up covers everything before it in its sentence ("had some chills the
        first night but no fever and none since") and, opening its sentence, the sentence
        before ("little bleeding day 1. none since", "... trouble peeing, legs getting weak.
        I have none of that")."""
        i = s - 1
        while i >= 0 and not ends[i] and s - i <= WIDE_SCOPE:
            arr[i] = True
            i -= 1
        if i == s - 1 and i > 0:
            i -= 1
            while i >= 0 and not ends[i] and s - i <= 2 * WIDE_SCOPE:
                arr[i] = True
                i -= 1

    def _scope_forward(
        self, arr, i, n, scope, words, barrier, joiner, clause_word, open_list=False
    ) -> None:
        """Mark a pre-trigger's scope from token ``i``: its own phrase (up to ``scope`` words),
        then further list items only when they are bare findings (no subject or verb) in a list
        closed by and/or/nor ("no fever, chills, or sweats"); a new clause after a comma or
        "and" ends the scope ("no fever, legs won't hold me"). ``open_list``: the list needs no
        closing and/or ("denies fever, chills, N/V.")."""
        limit = min(n, i + scope)
        while i < limit and not barrier[i] and not joiner[i]:
            arr[i] = True
            i += 1
        if i == limit:
            return
        pending: list[int] = []
        while i < n and joiner[i] and not barrier[i]:
            j, closed = i, False
            while j < n and joiner[j] and not barrier[j]:
                closed = closed or words[j] in self._conjunctions
                j += 1
            k, limit = j, min(n, j + scope)
            while k < limit and not barrier[k] and not joiner[k]:
                k += 1
            if k == j or any(clause_word[x] for x in range(j, k)):
                return
            pending.extend(range(i, k))
            if closed or open_list:
                for x in pending:
                    arr[x] = True
                pending = []
            i = k

    def _scope_backward(self, arr, i, scope, words, barrier, joiner, clause_word) -> None:
        """Mark a post-trigger's scope backwards from token ``i`` ("fever and chills are gone",
        "had chills yesterday, gone now"), with the same list rule as ``_scope_forward``."""
        limit = max(-1, i - scope)
        own = 0
        while i > limit and not barrier[i] and not joiner[i]:
            arr[i] = True
            i -= 1
            own += 1
        if i == limit and own:
            return
        closed = False  # an and/or/nor seen between the trigger and the item
        while i >= 0 and joiner[i] and not barrier[i]:
            j = i
            while j >= 0 and joiner[j] and not barrier[j]:
                closed = closed or words[j] in self._conjunctions
                j -= 1
            k, limit = j, max(-1, j - scope)
            while k > limit and not barrier[k] and not joiner[k]:
                k -= 1
            if k == j:
                return
            if own == 0:  # "had chills yesterday, gone now": the trigger stands alone
                own = j - k
            elif not closed or any(clause_word[x] for x in range(k + 1, j + 1)):
                return
            for x in range(k + 1, i + 1):
                arr[x] = True
            i = k

    def _known(self, raw: str) -> tuple[str, ...]:
        """The normalised words of a token, each word no rule mentions made ``OTHER``."""
        return tuple(
            w if w in self.known or (len(w) <= 6 and _DIGITISH.match(w)) else OTHER
            for w in self.rules.normalizer.normalize(raw)
        )

    def _tokenize_run(self, run: str) -> tuple[tuple[str, int, bool], ...]:
        return tuple((t.text, t.idx, t.is_space) for t in self.nlp.make_doc(run))

    def _glued_pairs(self) -> frozenset[tuple[str, str]]:
        """(last, first) characters of two words one space apart that the pieces of one of the
        tokenizer's multi-token special cases could span: the special cases are matched on the
        tokens of the whole text, and one found across a space hides those inside it."""
        tokenizer = self.nlp.tokenizer
        assert isinstance(tokenizer, Tokenizer)  # spacy.blank's
        plain = Tokenizer(  # the same splitting without special cases
            self.vocab,
            prefix_search=tokenizer.prefix_search,
            suffix_search=tokenizer.suffix_search,
            infix_finditer=tokenizer.infix_finditer,
            token_match=tokenizer.token_match,
            url_match=tokenizer.url_match,
        )
        pairs: set[tuple[str, str]] = set()
        for special in tokenizer.rules:
            pieces = [t.text for t in plain(special)]
            pairs.update((a[-1], b[0]) for a, b in zip(pieces, pieces[1:], strict=False))
        return frozenset(pairs)

    @staticmethod
    def _chunks(text: str) -> list[tuple[str, int]]:
        """The text in chunks to tokenize (with where each starts): very long unbroken runs
        (junk, emoji walls) are cut into short pieces, because the tokenizer is quadratic on
        them. One chunk: nothing was cut."""
        if len(text) < _LONG_RUN_LENGTH:
            return [(text, 0)]
        out: list[tuple[str, int]] = []
        pos = 0
        for run in _LONG_RUN.finditer(text):
            out.append((text[pos : run.start()], pos))
            for k in range(run.start(), run.end(), _PIECE):
                out.append((text[k : min(k + _PIECE, run.end())], k))
            pos = run.end()
        out.append((text[pos:], pos))
        return out

    def _add_token(
        self,
        raw: str,
        start: int,
        is_space: bool,
        words: list[str],
        offsets: list[tuple[int, int]],
        dictated: list[tuple[int, str, str | None]],
        previous: str | None,
    ) -> str | None:
        """Append the normalised words of one spaCy token (``start``: its offset) and a spoken
        punctuation mark it may be (word index, mark, the token before it lowercased); return
        the token lowercased, the token before the next one (whitespace: ``previous``)."""
        end = start + len(raw)
        if is_space or "\n" in raw:
            if "\n" in raw:
                words.append("\n")
                offsets.append((start, end))
            return previous
        lower = raw.lower()
        if lower in _DICTATED:
            # voice dictation spells punctuation out: "I want to end it period the pain"
            dictated.append((len(words), _DICTATED[lower], previous))
        if _DASHED_NUMBER.match(raw):  # "1- 4 2- no 3- tingly": a numbered answer
            words += [raw[:-1], "-"]
            offsets += [(start, end - 1), (end - 1, end)]
            return lower
        pieces = cjk_pieces(raw)
        if pieces and len(lower) == len(raw):
            # each Chinese, Japanese or Korean character is a word (normalize.py): each gets
            # its own offsets, so that a finding shows the characters it matched
            for piece in pieces:
                for w in self._known_words(piece.group()):
                    words.append(w)
                    offsets.append((start + piece.start(), start + piece.end()))
            return lower
        for w in self._known_words(raw):
            words.append(w)
            offsets.append((start, end))
        return lower

    def _words_of_run(self, run: str) -> _RunWords:
        """The normalised words of one run of non-whitespace or of whitespace, as
        ``_RunWords`` (cached per run: a run is a word as written, with its punctuation)."""
        words: list[str] = []
        offsets: list[tuple[int, int]] = []
        dictated: list[tuple[int, str, str | None]] = []
        previous: str | None = None  # None: the token before the run
        for raw, idx, is_space in self._run_tokens(run):
            previous = self._add_token(raw, idx, is_space, words, offsets, dictated, previous)
        return tuple(words), tuple(offsets), tuple(dictated), previous, may_hold_numbers(run)

    def _words(self, text: str) -> tuple[list[str], list[tuple[int, int]]]:
        """The normalised words of ``text`` and the character offsets of each (``_read``)."""
        words, offsets, _numbers = self._read(text)
        return words, offsets

    def _read(self, text: str) -> tuple[list[str], list[tuple[int, int]], bool]:
        """The normalised words of ``text``, the character offsets of each, and whether the
        text may hold a number (False: ``find_numbers`` would find none).

        The tokens are spaCy's tokenizer's, put together from those of the text's whitespace
        and non-whitespace runs (cached with their words): the tokenizer splits on whitespace
        first, tokenizes each run on its own and folds a single space after a word into that
        word. Only its special cases ("C++", ":-)") are looked for across such a space: where
        two words one space apart could be the pieces of one, the chunk is tokenized whole."""
        words: list[str] = []
        offsets: list[tuple[int, int]] = []
        dictated: list[tuple[int, str]] = []  # (word index, the mark a spoken word stands for)
        previous = ""  # the token before, lowercased
        run_words = self._run_words
        glued = self._glued
        chunks = self._chunks(text.translate(_ETHIOPIC_MARKS))
        numbers = len(chunks) > 1  # a number may straddle a cut: not told run by run
        for chunk, base in chunks:
            undo = (len(words), len(dictated), previous)  # where the chunk starts
            before = ""  # the word before when exactly one space follows it
            pos = base  # where the run starts
            for piece, space, blank in _RUN.findall(chunk):
                start = pos
                if not piece:  # whitespace, less the space folded into the word before
                    piece, before = blank, ""
                    pos += len(blank)
                elif before and (before[-1], piece[0]) in glued:
                    del words[undo[0] :]
                    del offsets[undo[0] :]
                    del dictated[undo[1] :]
                    previous = undo[2]
                    spoken: list[tuple[int, str, str | None]] = []
                    for t in self.nlp.make_doc(chunk):
                        previous = self._add_token(
                            t.text, base + t.idx, t.is_space, words, offsets, spoken, previous
                        ) or ""
                    dictated += [(i, m) for i, m, p in spoken if p not in _PERIOD_OF]
                    numbers = True
                    break
                else:
                    before = piece if space else ""
                    pos += len(piece) + len(space)
                run_word_list, run_offsets, run_dictated, last, numeric = run_words(piece)
                numbers = numbers or numeric
                if run_dictated:
                    for i, m, p in run_dictated:
                        if (previous if p is None else p) not in _PERIOD_OF:
                            dictated.append((len(words) + i, m))
                if run_word_list:
                    words += run_word_list
                    if len(run_offsets) == 1:
                        a, b = run_offsets[0]
                        offsets.append((start + a, start + b))
                    else:
                        offsets += [(start + a, start + b) for a, b in run_offsets]
                if last is not None:
                    previous = last
        for i, mark in dictated:
            if i + 1 == len(words) or words[i + 1] != "of":  # "a period of dizziness" is none
                words[i] = mark
        _mark_numbered_answers(words)
        # a check-in answer that echoes the question ("pain? 10", "fever? no, 98.9", "calf? yes
        # the left one hurts"): the "?" joins the topic to its answer instead of ending a sentence
        # "Fever? No. Chills? No.": answers, not questions
        for i in range(4, len(words) - 1 if "?" in words else 0):
            if words[i] == "?" and words[i + 1] in _NO_ANSWERS and words[i - 1] not in SENTENCE_END:
                words[i] = ","
        for i, w in enumerate(words[:4]):
            if w == "?" and 0 < i < len(words) - 1:
                words[i] = ","
                # "numbness? yeah.. between my legs": a bare yes keeps the answer together
                if i + 2 < len(words) and words[i + 1] in _YES and words[i + 2] in SENTENCE_END:
                    words[i + 2] = ","
                break
            if w in SENTENCE_END:
                break
        if words and words[-1] not in SENTENCE_END:
            # a message ends a sentence: "fever? no" like "fever? no.", "pero ya no" like "ya no."
            words.append(".")
            offsets.append((offsets[-1][1], offsets[-1][1]))
        return words, offsets, numbers

    def _doc(self, words: list[str]) -> Doc:
        """The Doc a spaCy Matcher reads (only a pattern that _Tokens cannot match needs one)."""
        doc = Doc(self.vocab, words=words)
        if self._lemmas_read:
            # every word carries lemma WORD_MARK, a sentence end BOUNDARY_MARK (what a Matcher
            # gap tests); set as one array, which is what Doc(lemmas=...) does, without its
            # per-word string look-ups
            word_mark, boundary_mark = self._marks
            marks = [boundary_mark if w in SENTENCE_END else word_mark for w in words]
            doc.from_array([LEMMA], numpy.array(marks, numpy.uint64))  # type: ignore[arg-type]
        return doc

    @staticmethod
    def _spans(matches: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
        """Trigger/cue matches, dropping those inside a longer match (and pseudo-triggers)."""
        if not matches:
            return matches
        spans = sorted(matches, key=lambda t: (t[1], -(t[2] - t[1])))
        kept: list[tuple[str, int, int]] = []
        reach_start, reach_end = -1, -1  # the kept span reaching furthest right so far
        for kind, s, e in spans:
            if e <= reach_end and (reach_end - reach_start) > (e - s):
                continue  # inside a longer match
            kept.append((kind, s, e))
            if e > reach_end:
                reach_start, reach_end = s, e
        return [k for k in kept if k[0] != "pseudo"]

    def _cooccurrences(
        self, words: list[str], clause: list[int], sentence: list[int], present: set[str], held: int
    ) -> list[tuple[FindingRule, str, int, int, tuple[tuple[int, int], ...]]]:
        """Co-occurrence matches: for each term of a rule's first set, the nearest term of every
        other set in the same clause (or sentence) within ``within`` words. ``held``: the need
        bits of the message's words."""
        needs = self._cooc_needs
        possible = {  # those with a first word of a term of each set
            index
            for word in present
            for index in self._cooc_anchored.get(word, ())
            if needs[index] & held == needs[index]
        }
        if not possible:
            return []
        first = self._cooc_first
        hits: dict[int, list[list[tuple[int, int]]]] = {}
        n = len(words)
        for i, w in enumerate(words):
            starting = first.get(w)
            if starting is None or possible.isdisjoint(starting.indexes):
                continue
            for index, set_index, k in starting.at(words, i):
                if index not in possible:
                    continue
                per_set = hits.get(index)
                if per_set is None:
                    per_set = hits[index] = [[] for _ in self._coocs[index][1].sets]
                per_set[set_index].append((i, min(n, i + k)))
        out: list[tuple[FindingRule, str, int, int, tuple[tuple[int, int], ...]]] = []
        groups = {"clause": clause, "sentence": sentence, "message": [0] * n}
        for index, per_set in hits.items():
            if not all(per_set):
                continue
            rule, co = self._coocs[index]
            group = groups[co.scope]
            for a_start, a_end in per_set[0]:
                terms = [(a_start, a_end)]
                for others in per_set[1:]:
                    best: tuple[int, int, int] | None = None
                    for o_start, o_end in others:
                        if o_start < a_end and a_start < o_end:
                            continue  # the same words
                        if group[o_start] != group[a_start] or group[o_end - 1] != group[a_start]:
                            continue
                        gap = max(o_start - a_end, a_start - o_end)
                        if gap <= co.within and (best is None or gap < best[0]):
                            best = (gap, o_start, o_end)
                    if best is None:
                        break
                    terms.append((best[1], best[2]))
                else:
                    start = min(t[0] for t in terms)
                    end = max(t[1] for t in terms)
                    out.append((rule, co.rule_id, start, end, tuple(sorted(terms))))
        return out

    def _finding_matches(
        self, doc: Doc | None, words: list[str], clause: list[int], sentence: list[int]
    ) -> tuple[list[_Match], bool, list[_Match]]:
        """The findings' matches, whether an ``unless`` cancelled any ("by myself"), and the
        matches left out because they overlap an earlier match of the same finding."""
        found: set[tuple[int, int, int]] = set()
        if len(self._unanchored):
            if doc is None:
                doc = self._doc(words)
            found.update(self._unanchored(doc))
        present = set(words)
        held = 0  # the bits of the word sets the message has a word of
        word_bits = self._word_bits
        for word in present:
            held |= word_bits.get(word, 0)
        anchored = self._anchored
        ran: set[_Runner] = set()  # a group anchored on two words of the message runs once
        for word in present:
            entries = anchored.get(word)
            if entries is None:
                continue
            for needs, matcher in entries:
                if (not needs or needs & held == needs) and matcher not in ran:
                    ran.add(matcher)
                    if isinstance(matcher, _Tokens):
                        found.update(matcher(words))
                    else:
                        if doc is None:
                            doc = self._doc(words)
                        found.update(matcher(doc))
        raw: list[tuple[FindingRule, str, int, int, tuple[tuple[int, int], ...]]] = [
            self._by_key[key] + (s, e, ()) for key, s, e in found
        ]
        if self._coocs:
            raw.extend(self._cooccurrences(words, clause, sentence, present, held))
        order = self._order
        raw.sort(key=lambda t: (t[2], -(t[3] - t[2]), order[t[1]]))
        cancel: dict[str, list[tuple[int, int]]] = {}
        for rule, rule_id, s, e, _t in raw:
            if rule_id in self._unless:
                cancel.setdefault(rule.id, []).append((s, e))
        kept: list[_Match] = []
        overlapped: list[_Match] = []
        last_end: dict[str, int] = {}
        for rule, rule_id, s, e, terms in raw:
            if rule_id in self._unless:
                continue
            if cancel and any(cs < e and s < ce for cs, ce in cancel.get(rule.id, ())):
                continue
            if s < last_end.get(rule.id, -1):  # overlaps an earlier match of the same finding
                overlapped.append(_Match(rule, rule_id, s, e, terms))
                continue
            kept.append(_Match(rule, rule_id, s, e, terms))
            last_end[rule.id] = e
        return kept, bool(cancel), overlapped

    @staticmethod
    def _token_at(starts: list[int], char: int) -> int:
        """The index of the token holding character ``char`` (``starts`` is sorted)."""
        return max(0, bisect_right(starts, char) - 1)

    # -- numbers -------------------------------------------------------------------------------
    def _durations(
        self,
        words: list[str],
        mentions: list[NumberMention],
        starts: list[int],
        cues: list[tuple[str, int, int]],
        sentence: list[int],
    ) -> list[tuple[int, float]]:
        """(sentence, days) for "4 days", "a week", "a couple of days", "since Monday"."""
        out: list[tuple[int, float]] = []
        numbers = {self._token_at(starts, m.end - 1): m for m in mentions}
        # each scan below is skipped when the message lacks the words it looks for
        for i, w in enumerate(words if not self.units.keys().isdisjoint(words) else ()):
            unit = self.units.get(w)
            if unit is None:
                continue
            count: float | None = None
            j = i - 1
            if j >= 0 and words[j] == "of":
                j -= 1
            if j >= 0 and j in numbers:
                count = numbers[j].value
            elif j >= 0 and words[j] in self.vague:
                count = self.vague[words[j]]
            if words[i + 1 : i + 4] == ["and", "a", "half"]:
                # "a week and a half", "week and a half now", "2 days and a half"
                count = (count or 1.0) + 0.5
            if count is not None:
                out.append((sentence[i], count * unit))
        for kind, s, _e in cues:
            if kind == "multi":
                out.append((sentence[s], 7.0))
        # "day 4, leg still numb": the day after the procedure bounds how long it has lasted
        for i, w in enumerate(words[:-1] if numbers else ()):
            if w in ("day", "pod") and i + 1 in numbers and 1 <= numbers[i + 1].value <= 60:
                out.append((sentence[i], numbers[i + 1].value))
        out.extend(self._diary(words, sentence))
        # "since the operation Tuesday, and today's Saturday": four days
        if _WEEKDAY_SET.isdisjoint(words):
            return out
        days = [(i, _WEEKDAYS.index(w)) for i, w in enumerate(words) if w in _WEEKDAYS]
        today = [d for i, d in days if _names_today(words[max(0, i - 3) : i])]
        if today:
            for i, d in days:
                if not _names_today(words[max(0, i - 3) : i]):
                    out.append((sentence[i], float((today[0] - d) % 7 or 7)))
        return out

    @staticmethod
    def _diary(words: list[str], sentence: list[int]) -> list[tuple[int, float]]:
        """A symptom told day by day ("Monday toes numb. Tues toes numb. Wed still numb. Thurs
        same"): three or more weekdays named in order, each opening its own sentence, span the
        days from the first to the last, and every one of those sentences lasts that long. A day
        in brackets or after "today" opens its entry too ("today (mon): same")."""
        named = [
            (i, _DIARY_DAYS[w])
            for i, w in enumerate(words)
            if w in _DIARY_DAYS
            and (i == 0 or sentence[i - 1] != sentence[i] or words[i - 1] in _DIARY_OPENERS)
        ]
        if len(named) < 3:
            return []
        days = [d for _i, d in named]
        steps = [(b - a) % 7 for a, b in zip(days, days[1:], strict=False)]
        if any(step == 0 or step > 2 for step in steps):
            return []  # not a run of days in order
        span = float(sum(steps) + 1)
        return [(sentence[i], span) for i, _d in named]

    def _numbers(self, mentions, words, starts, sentence, clause, cue_at, context) -> list[Finding]:
        if not mentions:
            return []
        rules = self.rules
        temps: list[tuple[NumberMention, int, str]] = []
        bare: list[tuple[NumberMention, int, str]] = []  # whole numbers that might be readings
        pains: list[tuple[NumberMention, int]] = []
        pain_sentences = {sentence[c] for c in cue_at["pain"]}
        # the first word of each sentence, for a score under a heading sentence
        first_word = [i for i in range(len(words)) if i == 0 or sentence[i - 1] != sentence[i]]
        window = rules.cue_window
        temp_cues = cue_at["temperature"]
        pain_cues = cue_at["pain"]
        for m in mentions:
            t = self._token_at(starts, m.start)
            if t >= len(words):
                continue
            nxt = self._token_at(starts, m.end - 1) + 1
            next_word = words[nxt] if nxt < len(words) else ""
            if next_word in self.units:
                continue  # a duration
            if m.scale == "/10":
                pains.append((m, t))
                continue
            v = m.value
            near_temp = _near(temp_cues, t, window, window, sentence)
            unit: str | None = None
            lo_f, hi_f = rules.fahrenheit_range
            lo_c, hi_c = rules.celsius_range
            if m.scale == "F" or (m.scale is None and lo_f <= v <= hi_f):
                unit = "°F" if lo_f <= v <= hi_f else None
            elif m.scale == "C" or (m.scale is None and lo_c <= v <= hi_c):
                unit = "°C" if lo_c <= v <= hi_c else None
            spelled = m.text.lower()
            # "38.5", "one oh one", "treinta y ocho y medio"
            is_decimal = not v.is_integer() or any(
                mark in spelled for mark in (".", ",", "point", *HUNDREDS)
            )
            if unit and not (m.scale or m.has_degree or near_temp):
                # a bare number: neither "38.5 pounds" nor "sugar was 101.5"
                after_next = "".join(words[nxt + 1 : nxt + 2])
                ratio = next_word == "over" and not _DIGITISH.match(after_next)  # not "120 over 80"
                other_measure = (next_word in rules.temperature_not_units and not ratio) or any(
                    words[k] in rules.temperature_not_cues
                    for k in range(max(0, t - 3), t)
                    if sentence[k] == sentence[t]
                )
                bare_ok = is_decimal or self._bare_reading(words, t, nxt, next_word)
                limit_word = t > 0 and words[t - 1] in _LIMIT_WORDS  # "that's under 38 right?"
                if not other_measure and not bare_ok and not limit_word:
                    bare.append((m, t, unit))
                if other_measure or not bare_ok:
                    unit = None
            if unit and _near(cue_at["weather"], t, 3, nxt - t + 2, sentence):
                unit = None  # "it's 38 degrees out today", "101 outside"
            # any unit still standing is a reading: a scale, a degree sign, a cue word nearby,
            # a decimal, or a bare whole number opening a short message
            if unit:
                temps.append((m, t, unit))
                continue
            if t > 0 and words[t - 1] in _DAY_WORDS:
                continue  # "day one", "week 2": a day count, not a score
            if next_word == ")" and _LIST_NUMBER.match(words[t]) and "(" not in words[t - 2 : t]:
                continue  # "1) 2/10 2) no fever": the number of a check-in answer
            if t > 1 and words[t - 1] in _CLOCK_WORDS and words[t - 2] in self.rules.dose_words:
                continue  # "took my pain pill at 8": a time, not a score
            near_pain = _near(pain_cues, t, window, 0, sentence) or (
                # "the pain has gone up all week and last night it was a 9": a score form
                # whose pain word came earlier in the sentence
                _score_form(words, t, bare_verb=False)
                and _near(pain_cues, t, 3 * window, 0, sentence)
            )
            # "pain was a 9 yesterday, now a 4": a second score follows the first
            after_score = (  # also "my pain was a 7. Now it's a 9"
                bool(pains)
                and 0 <= sentence[t] - sentence[pains[-1][1]] <= 1
                and (t - pains[-1][1] <= 2 * window)
            )
            carried = not (near_pain or after_score) and self._carried_score(
                words, t, sentence[t], pain_sentences, first_word
            )
            if (near_pain or after_score or carried) and 0 <= v <= 10 and v * 2 == int(v * 2):
                pains.append((m, t))
        if temps and bare:
            # "moms 101 tonight, was 99.5 this morning": beside a reading, a whole number in
            # the reading range of its sentence (or the next) is a reading too
            near = {sentence[t] + d for _m, t, _u in temps for d in (-1, 0, 1)}
            temps = sorted(temps + [b for b in bare if sentence[b[1]] in near], key=lambda r: r[1])
        out: list[Finding] = []
        if self.temperature_rule is not None:
            rule = self.temperature_rule
            limit = {"°F": rules.thresholds["fever_f"], "°C": rules.thresholds["fever_c"]}
            # "38.1 last night, 36.7 this morning": the recent reading is the latest
            when = [self._when(t, cue_at, clause, words) for _m, t, _u in temps]
            past = self._history(when)
            if cue_at["masking"]:  # "39 last night, took Tylenol, now 37.6": masked, not over
                past = [False] * len(past)
            elif self._fever_broke(temps, limit):
                past = [True] * (len(temps) - 1) + [False]
            else:
                past = self._gone_since(temps, when, past, cue_at, sentence)
            for (m, t, unit), was in zip(temps, past, strict=True):
                out.append(self._measured(rule, m, t, unit, limit[unit], context, was, starts))
        if self.pain_rule is not None:
            rule = self.pain_rule
            times = [self._when(t, cue_at, clause, words) for _m, t in pains]
            past = self._history(times)
            scores = [
                self._measured(
                    rule, m, t, "/10", rules.thresholds["severe_pain"], context, was, starts
                )
                for (m, t), was in zip(pains, past, strict=True)
            ]
            when = [_as_past(w) for w in times]
            self._rising(rule, scores, when)
            self._series(rule, scores, when)
            self._climbing(rule, scores, [t for _m, t in pains], cue_at, clause)
            out.extend(scores)
        return out

    @staticmethod
    def _when(t: int, cue_at, clause, words) -> str:
        """'past', 'recent', 'present', 'from', 'to' or '' for a reading at token ``t``: the time
        cue before it in its clause ("was a 4", "now it's a 7"), else one just after it ("3
        yesterday"), else "from 4 to 7"."""
        marks = [(c, "past") for c in cue_at["past"]] + [(c, "present") for c in cue_at["present"]]
        marks += [(c, "recent") for c in cue_at["recent"]]
        just_after = [k for c, k in marks if c == t + 1]  # "6 today", "3 yesterday"
        before = [(c, k) for c, k in marks if c < t and clause[c] == clause[t]]
        # ... but in "yesterday 38.5 now 36.8" (Arabic "امبارح 38.5 ودلوقتي 36.8") the "now"
        # introduces the next reading
        if just_after and not (before and t + 2 < len(words) and words[t + 2][:1].isdigit()):
            return just_after[0]
        if before:
            return max(before)[1]
        for k in range(t - 1, max(-1, t - 4), -1):  # "from a 2 to a 6 since yesterday"
            if words[k] in ("from", "to"):
                return words[k]
        after = [(c, k) for c, k in marks if t < c <= t + 3 and clause[c] == clause[t]]
        if after:
            return min(after)[1]
        return ""

    def _rising(self, rule: FindingRule, scores: list[Finding], when: list[str]) -> None:
        """Escalate the latest reading when it rose from an earlier one ("was a 4 yesterday,
        now a 7", "3 yesterday, today 7", "went from 3 to 6"). Readings whose time is unclear
        never count, so "pain is a 4, was a 6" stays as it is."""
        esc = next((e for e in rule.escalate if e.when == "rising"), None)
        if esc is None or len(scores) < 2:
            return
        live = [
            (f, w)
            for f, w in zip(scores, when, strict=True)
            if f.value is not None and not f.negated and not f.hypothetical
        ]
        earlier = [f for f, w in live if w in ("past", "from")]
        now = [f for f, w in live if w in ("present", "to")]
        if not earlier or not now:
            return
        latest = now[-1]
        rise = (latest.value or 0.0) - min(f.value or 0.0 for f in earlier)
        if latest.level == "routine" and rise >= self.rules.thresholds[esc.days or ""]:
            latest.id, latest.level, latest.label = esc.id, esc.level, esc.label
            latest.rule = f"{latest.rule}+rising"
            latest.resolved = False

    @staticmethod
    def _gone_since(temps, when, past, cue_at, sentence) -> list[bool]:
        """ "qandho 38 xalay, maanta way iga tagtay", "38 last night, today it's gone": a reading
        told as the past, then, in that sentence or the next, with no other finding or reading
        in between, a word saying it is over."""
        out = list(past)
        for i, (_m, t, _u) in enumerate(temps):
            if when[i] != "past":
                continue
            following = temps[i + 1][1] if i + 1 < len(temps) else None
            out[i] = out[i] or any(
                c > t + 1
                and 0 <= sentence[c] - sentence[t] <= 1
                and (following is None or c < following)
                and not any(t < f < c for f in cue_at["named"])
                for c in cue_at["gone"]
            )
        return out

    @staticmethod
    def _fever_broke(temps: list[tuple[NumberMention, int, str]], limit: dict[str, float]) -> bool:
        """Three or more readings in one unit, each no higher than the one before, the last
        under the threshold: "38.3 Tuesday, 37.6 Wednesday, today 36.9". The fever is over."""
        if len(temps) < 3 or len({unit for _m, _t, unit in temps}) != 1:
            return False
        values = [m.value for m, _t, _u in temps]
        falling = all(b <= a for a, b in zip(values, values[1:], strict=False))
        return falling and values[-1] < limit[temps[-1][2]] and values[0] > values[-1]

    def _series(self, rule: FindingRule, scores: list[Finding], when: list[str]) -> None:
        """Three or more readings told in order, the last the highest: "pain 4 -> 6 -> 7",
        "day 1 pain 6, day 3 pain 3, today pain 7". Not when an earlier reading is the present
        ("4 today, was 6 yesterday, 8 on day 1": told backwards)."""
        esc = next((e for e in rule.escalate if e.when == "rising"), None)
        live = [
            (f, w)
            for f, w in zip(scores, when, strict=True)
            if f.value is not None and not f.negated and not f.hypothetical and not f.other_person
        ]
        if esc is None or len(live) < 3 or any(f.level != "routine" for f, _w in live):
            return
        if any(w in ("present", "to") for _f, w in live[:-1]) or live[-1][1] in ("past", "from"):
            return  # told backwards, or the latest reading is itself the past
        values = [f.value or 0.0 for f, _w in live]
        latest = live[-1][0]
        if values[-1] > max(values[:-1]) and values[-1] - min(values) >= self.rules.thresholds[
            esc.days or ""
        ]:
            latest.id, latest.level, latest.label = esc.id, esc.level, esc.label
            latest.rule = f"{latest.rule}+series"
            latest.resolved = False

    def _climbing(self, rule: FindingRule, scores: list[Finding], at: list[int], cue_at, clause):
        """A score told as rising ("still a 7 and climbing", "6 and going up")."""
        esc = next((e for e in rule.escalate if e.when == "rising"), None)
        if esc is None:
            return
        for f, t in zip(scores, at, strict=True):
            if not (f.level == "routine" and f.counts and not f.resolved):
                continue
            if any(t < c <= t + 4 and clause[c] == clause[t] for c in cue_at["worsening"]):
                f.id, f.level, f.label = esc.id, esc.level, esc.label
                f.rule = f"{f.rule}+worsening"

    @staticmethod
    def _carried_score(
        words: list[str], t: int, here: int, pain_sentences: set[int], first_word: list[int]
    ) -> bool:
        """A score whose pain word is in the sentence before (``here`` is the score's): "The
        pain gets stronger day by day. Today it is 8.", or after a heading "pain. 3 days ago a
        3. yesterday 6"."""
        if here - 1 not in pain_sentences:
            return False
        if _score_form(words, t, bare_verb=True):
            return True
        # a heading of one or two words and its end mark ("pain.", "Pain level:")
        first = first_word[here]
        return first - first_word[here - 1] <= 3 and t - first <= 6

    def _bare_reading(self, words: list[str], t: int, nxt: int, next_word: str) -> bool:
        """A whole number opening a short message ("38 on the dot, achy", "101 tonight")."""
        rules = self.rules
        if t != 0 or not rules.bare_max_words:
            return False
        if sum(w[:1].isalnum() for w in words) > rules.bare_max_words:
            return False
        return nxt >= len(words) or not next_word[:1].isalnum() or next_word in rules.bare_followers

    @staticmethod
    def _history(when: list[str]) -> list[bool]:
        """With several readings, those told as the past ("was 37.4 yesterday") are history;
        when every reading is, they all count (safety first), unless some are the recent past
        and the others older: "a 7 this morning, it was a 9 the day of the procedure" is a 7."""
        flags = [w in ("past", "from", "recent") for w in when]
        if not all(flags):
            return flags
        if "recent" in when and any(w != "recent" for w in when):
            return [w != "recent" for w in when]
        return [False] * len(flags)

    def _measured(self, rule, m, t, unit, limit, context, was_past, starts) -> Finding:
        end_tok = self._token_at(starts, m.end - 1)
        neg, hyp, res = context(t, end_tok + 1)
        above = m.value >= limit
        fid, level, label = (rule.id, rule.level, rule.label) if above else rule.below
        return Finding(
            id=fid,
            level=level,
            label=label,
            text=m.text,
            start=m.start,
            end=m.end,
            rule=f"{rule.id}/number",
            negated=neg,
            hypothetical=hyp,
            resolved=res or was_past,
            value=m.value,
            unit=unit,
        )

    # -- course of a symptom and combinations ------------------------------------------------------
    def _escalate(
        self, f: Finding, m: _Match, clause, sentence, cue_at, durations, named, finding_starts
    ) -> None:
        if not m.rule.escalate or not f.counts:
            return
        here = clause[m.start]

        sent = sentence[m.start]
        named_sentences = {sentence[c] for c in finding_starts}

        def about(c: int) -> bool:
            """A cue about this finding: in its clause, or in a later clause of its sentence (or
            of the next sentence) that names no finding ("tingly feet, and it's worse today",
            "When will the swelling go down? It's only getting larger")."""
            if clause[c] == here:
                return True
            if c < m.start or clause[c] in named:
                return False
            # fragments that follow and name no finding of their own: "toes still tingly.
            # week and a half now. not better"
            return sentence[c] == sent or (
                sentence[c] <= sent + _FRAGMENT_REACH
                and named_sentences.isdisjoint(range(sent + 1, sentence[c] + 1))
            )

        def cue(kind: str) -> bool:
            return any(about(c) for c in cue_at[kind])

        improving = any(sentence[c] == sent for c in cue_at["improving"])
        # the latest word on the course wins: "was getting better, but since yesterday it's worse"
        worse_at = [c for c in cue_at["worsening"] if about(c)]
        better_at = [c for c in cue_at["improving"] if sentence[c] == sent]
        worsening = bool(worse_at) and (not better_at or max(worse_at) > max(better_at))
        sentence_days = [d for s, d in durations if s == sentence[m.start]]
        all_days = [d for _s, d in durations]
        longstanding = self.rules.thresholds.get("longstanding_days")
        if longstanding and any(d >= longstanding for d in sentence_days):
            return  # "numb for 10 years from my diabetes": older than the procedure
        for esc in m.rule.escalate:
            hit = False
            value: float | None = None
            if esc.when == "worsening":
                hit = worsening
            elif esc.when == "not_improving":
                need = self.rules.thresholds.get(esc.days or "", 0.0)
                # "numb shin, meant to go away in a day or two. it's day 5. still there": a
                # course told in a later sentence weighs the days of the whole message
                later = any(about(c) and sentence[c] != sent for c in cue_at["not_improving"])
                pool = all_days if later else (sentence_days or all_days)
                days = max(pool or [None], key=lambda d: d or 0)
                hit = cue("not_improving") and (days is None or days >= need)
                value = days
            elif esc.when == "persistent":
                need = self.rules.thresholds[esc.days or ""]
                pool = sentence_days + (all_days if cue("still") else [])
                days = max(pool) if pool else None
                hit = days is not None and days >= need and not improving
                value = days
            if hit:
                f.id, f.level, f.label = esc.id, esc.level, esc.label
                f.rule = f"{f.rule}+{esc.when}"
                if value is not None:
                    f.value, f.unit = value, "days"
                return

    def _combinations(self, findings: list[Finding]) -> list[Finding]:
        present: dict[str, Finding] = {}
        for f in findings:
            if f.counts:
                present.setdefault(f.id, f)
                base = f.rule.split("/", 1)[0]
                present.setdefault(base, f)
        out: list[Finding] = []
        if self._combo_ids is not None and self._combo_ids.isdisjoint(present):
            return out
        for combo, all_of in self._combos:
            parts: list[Finding] = []
            for options in all_of:
                hit = next((present[o] for o in options if o in present), None)
                if hit is None:
                    break
                parts.append(hit)
            else:
                out.append(
                    Finding(
                        id=combo.id,
                        level=combo.level,
                        label=combo.label,
                        text=" + ".join(p.text for p in parts),
                        start=min(p.start for p in parts),
                        end=max(p.end for p in parts),
                        rule=f"combination/{combo.id}",
                    )
                )
        return out


# "but" in the languages whose "but" is a terminator ("mais c'est passé", "mas já passou")
_BUTS = frozenset(["but", "pero", "mais", "mas"])
# words between "but" and a resolved post-trigger that keep it about the clause before "but"
_BUT_BRIDGE = frozenset(
    [
        "c'est",  # "mais c'est passé", "mais ça a disparu", "mas já passou"
        "ca",
        "a",
        "tout",
        "ja",
        "ya",
        "it",
        "its",
        "'s",
        "is",
        "that",
        "they",
        "are",
        "has",
        "have",
        "been",
        "all",
        "now",
        "then",
        "pretty",
        "much",
        "totally",
        "completely",
        "fully",
        "was",
        "were",
        "had",
        "since",
        "ha",
        # "but by the next morning it was back to normal"
        "by",
        "the",
        "next",
        "morning",
        "evening",
        "afternoon",
        "bedtime",
        "night",
        "later",
        "tonight",
        "today",
    ]
)

_OBJECT_PRONOUNS = frozenset(["me", "myself"])
_THIRD_PERSON = frozenset(["he", "she", "they"])
_THIRD_PERSON_OBJECTS = frozenset(["him", "her", "his", "them", "their"])
_CLAUSE_JOINERS = frozenset([",", "and", "but", "so", "then"])
# "it was a 9", "es un 9": the words before a pain score
_SCORE_ARTICLES = frozenset(["a", "an", "un", "una"])
_SCORE_VERBS = frozenset(
    ["is", "was", "'s", "its", "be", "es", "era", "fue", "hit", "at", "like", "to"]
)


def _score_form(words: list[str], t: int, bare_verb: bool) -> bool:
    """The number at ``t`` follows "was a" / "es un" (or, with ``bare_verb``, just "is")."""
    if bare_verb and t > 0 and words[t - 1] in _SCORE_VERBS:
        return True
    return t > 1 and words[t - 1] in _SCORE_ARTICLES and words[t - 2] in _SCORE_VERBS

# triggers that undo a context before them: (the flag, how many sentences back). "the redness
# was gone but now it's back" is not over; "what do I do if I have 38.5? because I do" is no "if"
_UNDOES = {"recurrence": ("resolved", 0), "actual": ("hypothetical", 1)}
# how many sentences after a finding's own a course cue still speaks of it, when none of them
# names a finding of its own ("numb toes. started the day of surgery. 5 days ago. still the same")
_FRAGMENT_REACH = 3
# words before a number that make it a limit, not a reading ("under 38", "over 100.4")
_LIMIT_WORDS = frozenset(
    ["under", "over", "below", "above", "than", "past", "beyond", "exceed", "exceeds", "til"]
)
# "none since", "nothing since", "none of that": a summing-up that covers what came before it
_SUMMARY_WORDS = frozenset([stem("none"), stem("nothing")])
_SINCE = stem("since")
_SUMMARY_OF = frozenset([stem(w) for w in ("that", "those", "these", "them", "it")])
_SUMMARY_ENDS = frozenset(
    stem(w)
    for w in (",", "!", "?", "then", "yet", "at", "so", "thank", "thankfully", "luckily")
)
# a check-in topic and its answer: "fever: no", "Fever - no", "numb = none", "fever n"
_ANSWER_SEPARATORS = frozenset([":", "-", "–", "=", "?", ","])
_NO_WORDS = frozenset(
    stem(w) for w in ("no", "n", "nope", "none", "nah", "neg", "negative", "nil", "nein", "nessuna")
)
# a finding that starts with these words is itself a negative ("can't pee", "unable to stand")
_NOTS = frozenset([stem("not"), stem("n't")])
_NEGATIVE_STARTS = frozenset(stem(w) for w in ("not", "n't", "unable", "cannot", "never"))
_NEGATIVE_AUXILIARIES = frozenset(
    stem(w) for w in ("can", "could", "ca", "wo", "do", "did", "does", "will", "would")
)
# negations whose comma list runs to the end of its items without a closing and/or (notes)
_LIST_NEGATIONS = frozenset(["deny", "denies", "denied", "negative", "neg"])

WIDE_SCOPE = 14  # words: someone else's, history and strong hypotheticals span their clause
_WIDE_KINDS = frozenset(["hypothetical_sentence", "historical_pre"])
# words a resolved_sentence cue does not reach back over
_SENTENCE_SCOPE_STOPS = frozenset(
    ["and", "&", "plus", "now", "today", "tonight", "still", "currently", "rn"]
)

_SCOPE_TARGETS = {
    "hypothetical_sentence": ("hypothetical", 1),
    "historical_pre": ("historical", 1),
    "historical_post": ("historical", -1),
    "negation_pre": ("negated", 1),
    "hypothetical_pre": ("hypothetical", 1),
    "resolved_pre": ("resolved", 1),
    "negation_post": ("negated", -1),
    "resolved_post": ("resolved", -1),
    "resolved_sentence": ("resolved", -1),
    "hypothetical_post": ("hypothetical", -1),
}


@lru_cache(maxsize=1)
def _word_frequency() -> tuple[dict[str, float], float]:
    """The measured word frequencies and the chance given to a word they do not list (rarer
    than all listed), or ``({}, 0.02)`` when the file is missing or unreadable: the engine then
    guesses, which costs speed, never a result."""
    try:
        data = json.loads(WORD_FREQUENCY_FILE.read_text(encoding="utf-8"))
        table = {str(w): float(f) for w, f in data["frequency"].items()}
        rare = float(data["least"]) / float(data["messages"]) / 2
    except (OSError, ValueError, KeyError, TypeError, AttributeError, ZeroDivisionError) as exc:
        log.warning("triage word frequencies not read (%s): patterns anchored on guesses", exc)
        return {}, 0.02
    return table, rare


def _mark_numbered_answers(words: list[str]) -> None:
    """Check-in answers numbered with dashes ("1 - 4, 2 - no, 3 - still tingly") read like
    "1) 4 2) no 3) still tingly": the dashes become ")" when the numbers count up from 1 or 2
    in order, so a range like "pain 4 - 5" stays what it is. Numbered with full stops ("1. pain
    3 2. no fever 3. wound dry") when three or more count up from 1, the first opening the
    message or a line, so "pain 3. 2 days" stays two sentences."""
    # (the marks after each number, how many numbers at least, the numbers they may start from,
    # whether the first must open the message or a line)
    kinds = ((("-", "–"), 2, (1, 2), False), ((".",), 3, (1,), True))
    for marks, least, starts, must_open in kinds:
        if sum(words.count(m) for m in marks) < least:
            continue  # too few marks for a run of numbers
        numbered = [
            i
            for i in range(len(words) - 1)
            if words[i + 1] in marks and _LIST_NUMBER.match(words[i])
        ]
        if not numbered:
            continue
        run = [i for k, i in enumerate(numbered) if int(words[i]) == int(words[numbered[0]]) + k]
        opens = run[0] == 0 or words[run[0] - 1] in SENTENCE_END
        if len(run) >= least and int(words[run[0]]) in starts and (opens or not must_open):
            for i in run:
                words[i + 1] = ")"


def _answered_no(words: list[str], j: int, finding_starts: set[int], ends: list[bool]) -> bool:
    """The finding ending before word ``j`` is a topic answered no on its own: "fever: no",
    "Fever - no", "fever? none", "fever n numb n bladder fine". The "no" must close the answer:
    a sentence end, or a comma before the next topic, follows it. Not "greenish drainage, no
    fever" (a "no" before a finding is that finding's), nor "stiff neck n fever" ("n" = "and")."""
    n = len(words)
    if j < n and words[j] in _ANSWER_SEPARATORS:
        j += 1
    if j >= n or words[j] not in _NO_WORDS:
        return False
    k = j + 1
    if k >= n or ends[k]:
        return True
    if k + 1 < n and words[k + 1] == ")" and _LIST_NUMBER.match(words[k]):
        return True  # "2) fever no 3) wound clean": the next numbered answer follows
    if words[j] == "n":
        return False
    if words[k] in (",", "/") and k + 1 < n and k + 1 in finding_starts:
        return True
    if k + 1 < n and words[k + 1] == ":" and words[k].isalpha():
        return True  # "Fever: no  Wound: clean": the next topic's label follows
    if words[k] in _TOPICS and any(w in _ANSWERED for w in words[k + 1 : k + 3]):
        return True  # "pain 2 fever no wound looks good": the next topic is answered fine
    # "fever no numb no bladder ok": the next topic is answered after it too, so this "no"
    # closes an answer (not "drainage no fever no chills", where each no opens a finding)
    if k in finding_starts:
        for m in range(k + 1, min(k + 4, n)):
            if words[m] in _NO_WORDS and words[m] != "n":
                return m + 1 >= n or ends[m + 1] or m + 1 not in finding_starts
    return False


_BACKSTOP_MIN_CHARS = 3  # letters or digits a message needs before the backstop reads it
_ANSWERED = frozenset(stem(w) for w in ("ok", "okay", "fine", "normal", "good", "yes", "-", ":"))
# check-in topics that name no finding of their own ("wound looks good", "bladder ok")
_TOPICS = frozenset(
    stem(w)
    for w in ("wound", "incision", "site", "cut", "bladder", "bowels", "bowel", "pee", "peeing",
              "walking", "legs", "sleep", "sleeping", "dressing", "bandage", "appetite")
)  # fmt: skip
_YES_WORDS = frozenset(stem(w) for w in ("yes", "yeah", "yep", "yup", "yea", "yess"))


def _answer_before(
    words: list[str], start: int, end: int, negations: list[tuple[int, int]], finding_ends: set[int]
) -> bool:
    """The last negation before ``start`` is the answer to the topic before it, and another
    topic was answered since, or this topic is answered yes: "numbness none bladder ok incision
    - clear fluid dripping" and "fever no, numbness yes - around my privates" do not deny what
    follows (but "fever no numbness or tingling" denies the tingling)."""
    before = [(s, e) for s, e in negations if e <= start]
    if not before:
        return False
    s, e = max(before)
    if e >= start or words[s] not in _NO_WORDS:
        return False
    answers = s in finding_ends or (s - 1 in finding_ends and words[s - 1] in _ANSWER_SEPARATORS)
    yes = any(w in _YES_WORDS for w in words[start : end + 2])  # "numbness yes", "numb? yeah"
    return answers and (yes or any(w in _ANSWERED for w in words[e:start]))


def _spelled_negative(words: list[str], i: int) -> bool:
    """The words from ``i`` say "can't", "unable", "not able", "no feeling": a finding spelled
    as a negative, which a negation before it confirms rather than denies."""
    first = words[i]
    if first in _NEGATIVE_STARTS:
        return True
    return first in _NEGATIVE_AUXILIARIES and i + 1 < len(words) and words[i + 1] in _NOTS


def _near(positions: list[int], t: int, before: int, after: int, group: list[int]) -> bool:
    """True when a sorted cue position lies in [t - before, t + after] within t's group."""
    i = bisect_left(positions, t - before)
    while i < len(positions) and positions[i] <= t + after:
        if group[positions[i]] == group[t]:
            return True
        i += 1
    return False
