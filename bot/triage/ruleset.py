"""Load and validate the clinic-editable triage rules (``rules/*.yml``).

Python holds the mechanism; the YAML files hold the medicine: findings, their levels, labels,
patterns and synonyms, context trigger words and thresholds. Every problem is reported as
``TriageConfigError("<file>:<line>: <problem>")``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language

from .errors import TriageConfigError
from .model import LEVELS
from .normalize import Normalizer
from .yamlsrc import LDict, LList, display_path, line_of, load_yaml

DEFAULT_RULES_DIR = Path(__file__).with_name("rules")
RULE_FILES = ("settings.yml", "context.yml", "findings.yml")
MAX_GAP = 8
MAX_WITHIN = 20  # co-occurrence window, in words
COOC_SCOPES = ("clause", "sentence", "message")
CONDITIONS = ("worsening", "persistent", "not_improving", "rising")
CONTEXT_KINDS = ("negated", "hypothetical", "resolved")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_GROUP = re.compile(r"^@([A-Z][A-Z0-9_]*)(\?)?$")
_GAP = re.compile(r"^~(\d+)$")


@lru_cache(maxsize=1)
def blank_nlp() -> Language:
    """The shared tokenizer (``spacy.blank("en")``), built once per process."""
    return spacy.blank("en")


# A compiled pattern is a list of slots: ("gap", n), ("not", words) = one word that is none of
# these (written "!a|b|c"), or ("alt", alternatives, optional) where
# each alternative is a tuple of normalised words.
Slot = tuple[Any, ...]


@dataclass
class Escalation:
    when: str
    id: str
    level: str
    label: str
    days: str | None = None  # threshold name (persistent, not_improving: days; rising: points)


@dataclass
class FindingRule:
    id: str
    level: str
    label: str
    patterns: list[tuple[str, list[Slot]]] = field(default_factory=list)  # (rule id, slots)
    unless: list[tuple[str, list[Slot]]] = field(default_factory=list)  # cancel overlapping
    token_patterns: list[tuple[str, list[dict[str, Any]]]] = field(default_factory=list)
    ignore_context: frozenset[str] = frozenset()
    escalate: list[Escalation] = field(default_factory=list)
    measure: str | None = None  # "temperature" or "pain_score"
    below: tuple[str, str, str] | None = None  # (id, level, label) under the threshold
    cooccur: list[Cooccurrence] = field(default_factory=list)


@dataclass
class Cooccurrence:
    """One term of every set in the same clause (or sentence), each within ``within`` words of
    the term of the first set; a term is a tuple of normalised words."""

    rule_id: str
    sets: list[list[tuple[str, ...]]]
    within: int
    scope: str = "clause"


@dataclass
class Combination:
    id: str
    level: str
    label: str
    all_of: list[frozenset[str]]


@dataclass
class Ruleset:
    """Everything the engine needs, validated."""

    directory: Path
    thresholds: dict[str, float]
    fahrenheit_range: tuple[float, float]
    celsius_range: tuple[float, float]
    temperature_cues: list[tuple[str, ...]]
    pain_cues: list[tuple[str, ...]]
    cue_window: int
    duration_units: dict[str, float]
    vague_counts: dict[str, float]
    multi_day_words: list[tuple[str, ...]]
    procedure_words: list[tuple[str, ...]]
    normalizer: Normalizer
    context: dict[str, list[tuple[str, ...]]]
    max_scope: int
    findings: list[FindingRule]
    combinations: list[Combination]
    # bare temperatures: words after / before a number that make it something else
    # ("38.5 pounds", "sugar was 101.5"), and words that may follow a bare whole number
    # opening a short message ("38 on the dot", "101 tonight")
    temperature_not_units: frozenset[str] = frozenset()
    temperature_not_cues: frozenset[str] = frozenset()
    temperature_weather: list[tuple[str, ...]] = field(default_factory=list)
    bare_followers: frozenset[str] = frozenset()
    bare_max_words: int = 0
    # the words of the MEDS lexicon group ("took my pain pill at 8": a time, not a score)
    dose_words: frozenset[str] = frozenset()
    # the statistical backstop (backstop.py): labelled example files and the probabilities at
    # which it raises a message to urgent / emergency; no files = rules only
    backstop_examples: tuple[Path, ...] = ()
    backstop_urgent: float = 1.0
    backstop_emergency: float = 1.0

    def finding(self, finding_id: str) -> FindingRule | None:
        for rule in self.findings:
            if rule.id == finding_id:
                return rule
        return None


CONTEXT_LISTS: tuple[str, ...] = (
    "negation_pre",
    "negation_post",
    "hypothetical_pre",
    "resolved_pre",
    "resolved_post",
    "pseudo",
    "terminators",
    "clause_starters",
    "worsening",
    "improving",
    "not_improving",
    "past",
    "present",
    "still",
    "hypothetical_post",
    "course_neutral",
    "list_joiners",
    "list_conjunctions",
    "clause_words",
)
# context lists a rules directory may leave out (added after the first release of the format)
OPTIONAL_CONTEXT = frozenset(
    [
        "present",
        "historical_pre",
        "historical_post",
        "hypothetical_sentence",
        "other_person_pre",
        "family_pre",
        "self_patient",
        "caregiver_writer",
        "writer_own",
        "patient_refs",
        "first_person",
        "recurrence",
        "actual",
        "observed",
        "fever_masking",
        "recent_past",
        "resolved_sentence",
        "clause_and",
    ]
)
CONTEXT_LISTS = CONTEXT_LISTS + tuple(sorted(OPTIONAL_CONTEXT - set(CONTEXT_LISTS)))


class _Loader:
    def __init__(self, directory: Path):
        self.directory = directory
        self.shown = ""

    def fail(self, line: int, problem: str) -> TriageConfigError:
        return TriageConfigError(f"{self.shown}:{line}: {problem}")

    def mapping(self, obj: Any, what: str, line: int) -> LDict:
        if not isinstance(obj, dict):
            raise self.fail(line_of(obj, line), f"{what} must be a mapping")
        return obj  # type: ignore[return-value]

    def seq(self, obj: Any, what: str, line: int) -> LList:
        if not isinstance(obj, list):
            raise self.fail(line_of(obj, line), f"{what} must be a list")
        return obj  # type: ignore[return-value]

    def check_keys(self, obj: LDict, allowed: set[str], what: str) -> None:
        for key in obj:
            if key not in allowed:
                raise self.fail(
                    obj.key_lines.get(key, obj.line),
                    f"{what}: unknown key '{key}' (expected one of {', '.join(sorted(allowed))})",
                )

    def require(self, obj: LDict, key: str, what: str) -> Any:
        if key not in obj or obj[key] is None or obj[key] == "":
            raise self.fail(obj.line, f"{what}: missing '{key}'")
        return obj[key]

    def words_list(self, obj: Any, what: str, line: int) -> list[str]:
        items = self.seq(obj, what, line)
        out = []
        for i, item in enumerate(items):
            if not isinstance(item, str) or not item.strip():
                raise self.fail(items.item_lines[i], f"{what}: entries must be non-empty text")
            out.append(str(item))
        return out

    def number(self, obj: LDict, key: str, what: str) -> float:
        value = self.require(obj, key, what)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(obj.key_lines.get(key, obj.line), f"{what}: '{key}' must be a number")
        return float(value)


def rules_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """The rules directory: ``path``, else ``$TRIAGE_RULES_DIR``, else the packaged default."""
    if path:
        return Path(path)
    env = os.environ.get("TRIAGE_RULES_DIR")
    return Path(env) if env else DEFAULT_RULES_DIR


def load_ruleset(directory: str | os.PathLike[str] | None = None) -> Ruleset:
    """Read and validate the three rule files of ``directory`` (see ``rules_dir``)."""
    base = rules_dir(directory)
    if not base.is_dir():
        raise TriageConfigError(f"{display_path(str(base))}: rules directory not found")
    loader = _Loader(base)
    docs: dict[str, LDict] = {}
    for name in RULE_FILES:
        path = str(base / name)
        loader.shown = display_path(path)
        docs[name] = loader.mapping(load_yaml(path), "the file", 1)

    # settings.yml --------------------------------------------------------------------------
    loader.shown = display_path(str(base / "settings.yml"))
    settings = docs["settings.yml"]
    loader.check_keys(
        settings,
        {"thresholds", "temperature", "pain", "duration", "fuzzy", "lexicon", "backstop"},
        "settings",
    )
    backstop = _backstop(loader, settings, base)
    thr = loader.mapping(loader.require(settings, "thresholds", "settings"), "thresholds", 1)
    thresholds = {str(k): loader.number(thr, k, "thresholds") for k in thr}
    for needed in ("fever_f", "fever_c", "severe_pain", "numbness_days"):
        if needed not in thresholds:
            raise loader.fail(thr.line, f"thresholds: missing '{needed}'")
    temp = loader.mapping(loader.require(settings, "temperature", "settings"), "temperature", 1)
    loader.check_keys(
        temp,
        {
            "fahrenheit_range",
            "celsius_range",
            "cues",
            "not_units",
            "not_cues",
            "weather",
            "bare_followers",
            "bare_max_words",
        },
        "temperature",
    )
    f_range = _range(loader, temp, "fahrenheit_range")
    c_range = _range(loader, temp, "celsius_range")
    pain = loader.mapping(loader.require(settings, "pain", "settings"), "pain", 1)
    loader.check_keys(pain, {"cues", "window"}, "pain")
    window = int(loader.number(pain, "window", "pain"))
    dur = loader.mapping(loader.require(settings, "duration", "settings"), "duration", 1)
    loader.check_keys(dur, {"units", "vague_counts", "multi_day", "procedure"}, "duration")
    units = loader.mapping(loader.require(dur, "units", "duration"), "duration.units", dur.line)
    duration_units = {str(k).lower(): loader.number(units, k, "duration.units") for k in units}
    vague = loader.mapping(
        loader.require(dur, "vague_counts", "duration"), "duration.vague_counts", dur.line
    )
    vague_counts = {str(k).lower(): loader.number(vague, k, "duration.vague_counts") for k in vague}
    fuzzy = loader.mapping(loader.require(settings, "fuzzy", "settings"), "fuzzy", 1)
    loader.check_keys(fuzzy, {"min_length", "words", "not_typos", "respell"}, "fuzzy")
    respell = _respell(loader, fuzzy)
    lexicon_src = loader.mapping(loader.require(settings, "lexicon", "settings"), "lexicon", 1)
    lexicon: dict[str, list[str]] = {}
    for name, entries in lexicon_src.items():
        if not re.match(r"^[A-Z][A-Z0-9_]*$", name):
            raise loader.fail(
                lexicon_src.key_lines[name], f"lexicon: group name '{name}' must be UPPER_CASE"
            )
        lexicon[name] = loader.words_list(
            entries, f"lexicon group '{name}'", lexicon_src.key_lines[name]
        )

    # The normaliser needs the list of real words that must never be "corrected".
    raw_words: set[str] = set(loader.words_list(fuzzy.get("not_typos", []), "not_typos", 1))
    all_texts: list[str] = []
    for entries in lexicon.values():
        all_texts.extend(entries)
    ctx_doc = docs["context.yml"]
    for key in CONTEXT_LISTS:
        if isinstance(ctx_doc.get(key), list):
            all_texts.extend(str(x) for x in ctx_doc[key] if isinstance(x, str))
    for item in docs["findings.yml"].get("findings") or []:
        if isinstance(item, dict):
            for key in ("phrases", "patterns", "unless"):
                if isinstance(item.get(key), list):
                    all_texts.extend(str(x) for x in item[key] if isinstance(x, str))
            for co in item.get("cooccur") or []:
                if isinstance(co, dict) and isinstance(co.get("all"), list):
                    for part in co["all"]:
                        terms = part if isinstance(part, list) else [part]
                        all_texts.extend(str(x) for x in terms if isinstance(x, str))
    for text in all_texts:
        raw_words.update(w.lower() for w in re.findall(r"[A-Za-z]+", text))
    fuzzy_words = loader.words_list(loader.require(fuzzy, "words", "fuzzy"), "fuzzy.words", 1)
    normalizer = Normalizer(
        fuzzy_words,
        raw_words - {w.lower() for w in fuzzy_words} | {w.lower() for w in fuzzy_words},
        min_length=int(loader.number(fuzzy, "min_length", "fuzzy")),
        respell=respell,
    )
    nlp = blank_nlp()

    normalized: dict[str, tuple[str, ...]] = {}  # a word group is used by many patterns

    def norm_phrase(text: str) -> tuple[str, ...]:
        text = str(text)
        held = normalized.get(text)
        if held is None:
            words: list[str] = []
            for token in nlp.make_doc(text):
                if not token.is_space:
                    words.extend(normalizer.normalize(token.text))
            held = normalized[text] = tuple(words)
        return held

    temperature_cues = [
        norm_phrase(t) for t in loader.words_list(temp.get("cues", []), "temperature.cues", 1)
    ]
    pain_cues = [norm_phrase(t) for t in loader.words_list(pain.get("cues", []), "pain.cues", 1)]
    multi_day = [
        norm_phrase(t) for t in loader.words_list(dur.get("multi_day", []), "multi_day", dur.line)
    ]
    procedure = [
        norm_phrase(t) for t in loader.words_list(dur.get("procedure", []), "procedure", dur.line)
    ]

    # context.yml ---------------------------------------------------------------------------
    loader.shown = display_path(str(base / "context.yml"))
    loader.check_keys(ctx_doc, set(CONTEXT_LISTS) | {"max_scope"}, "context")
    context: dict[str, list[tuple[str, ...]]] = {}
    for key in CONTEXT_LISTS:
        if key in OPTIONAL_CONTEXT and key not in ctx_doc:
            context[key] = []
            continue
        entries = loader.words_list(loader.require(ctx_doc, key, "context"), key, ctx_doc.line)
        context[key] = [norm_phrase(e) for e in entries]
    max_scope = int(loader.number(ctx_doc, "max_scope", "context"))

    # findings.yml --------------------------------------------------------------------------
    loader.shown = display_path(str(base / "findings.yml"))
    fdoc = docs["findings.yml"]
    loader.check_keys(fdoc, {"findings", "combinations"}, "findings file")
    findings: list[FindingRule] = []
    seen: set[str] = set()
    items = loader.seq(loader.require(fdoc, "findings", "findings file"), "findings", 1)
    for index, item in enumerate(items):
        line = items.item_lines[index]
        entry = loader.mapping(item, "a finding", line)
        rule = _finding(loader, entry, lexicon, norm_phrase, thresholds, seen)
        findings.append(rule)
    combos: list[Combination] = []
    known = (
        {f.id for f in findings}
        | {e.id for f in findings for e in f.escalate}
        | {f.below[0] for f in findings if f.below}
    )
    citems = loader.seq(fdoc.get("combinations", LList()), "combinations", 1)
    for index, item in enumerate(citems):
        entry = loader.mapping(item, "a combination", citems.item_lines[index])
        loader.check_keys(entry, {"id", "level", "label", "all"}, "combination")
        cid = _name(loader, entry, "combination")
        level = _level(loader, entry, f"combination '{cid}'")
        parts = loader.seq(loader.require(entry, "all", f"combination '{cid}'"), "all", entry.line)
        all_of: list[frozenset[str]] = []
        for pindex, part in enumerate(parts):
            options = [part] if isinstance(part, str) else part
            names = loader.words_list(options, f"combination '{cid}'", parts.item_lines[pindex])
            for name in names:
                if name not in known:
                    raise loader.fail(
                        parts.item_lines[pindex],
                        f"combination '{cid}': unknown finding '{name}'",
                    )
            all_of.append(frozenset(names))
        combos.append(Combination(cid, level, str(loader.require(entry, "label", cid)), all_of))

    def _word_set(key: str) -> frozenset[str]:
        out: set[str] = set()
        for w in loader.words_list(temp.get(key, []), f"temperature.{key}", 1):
            out.update(norm_phrase(w))
        return frozenset(out)

    return Ruleset(
        temperature_not_units=_word_set("not_units"),
        temperature_not_cues=_word_set("not_cues"),
        temperature_weather=[
            norm_phrase(w)
            for w in loader.words_list(temp.get("weather", []), "temperature.weather", 1)
        ],
        bare_followers=_word_set("bare_followers"),
        bare_max_words=int(temp.get("bare_max_words", 0) or 0),
        dose_words=frozenset(
            words[-1] for words in map(norm_phrase, lexicon.get("MEDS", [])) if words
        ),
        directory=base,
        thresholds=thresholds,
        fahrenheit_range=f_range,
        celsius_range=c_range,
        temperature_cues=temperature_cues,
        pain_cues=pain_cues,
        cue_window=window,
        duration_units=duration_units,
        vague_counts=vague_counts,
        multi_day_words=multi_day,
        procedure_words=procedure,
        normalizer=normalizer,
        context=context,
        max_scope=max_scope,
        findings=findings,
        combinations=combos,
        backstop_examples=backstop[0],
        backstop_urgent=backstop[1],
        backstop_emergency=backstop[2],
    )


def _backstop(
    loader: _Loader, settings: LDict, base: Path
) -> tuple[tuple[Path, ...], float, float]:
    """``backstop: {examples: DIR, urgent_probability: P, emergency_probability: P}``."""
    if "backstop" not in settings:
        return (), 1.0, 1.0
    cfg = loader.mapping(settings["backstop"], "backstop", settings.key_lines["backstop"])
    loader.check_keys(cfg, {"examples", "urgent_probability", "emergency_probability"}, "backstop")
    where = cfg.key_lines.get("examples", cfg.line)
    folder = (base / str(loader.require(cfg, "examples", "backstop"))).resolve()
    files = tuple(sorted(folder.glob("*.jsonl")))
    if not files:
        raise loader.fail(
            where, f"backstop: no labelled *.jsonl files in {display_path(str(folder))}"
        )
    probabilities = []
    for key in ("urgent_probability", "emergency_probability"):
        value = loader.number(cfg, key, "backstop")
        if not 0.5 <= value <= 1.0:
            raise loader.fail(
                cfg.key_lines.get(key, cfg.line), f"backstop: '{key}' must be 0.5 .. 1"
            )
        probabilities.append(value)
    return files, probabilities[0], probabilities[1]


def _respell(loader: _Loader, fuzzy: LDict) -> dict[str, str]:
    """fuzzy.respell: one written word -> the word(s) it stands for ("cyaan": "can not")."""
    if "respell" not in fuzzy:
        return {}
    src = loader.mapping(fuzzy["respell"], "fuzzy.respell", fuzzy.key_lines["respell"])
    out: dict[str, str] = {}
    for key, value in src.items():
        line = src.key_lines[key]
        if not isinstance(key, str) or not re.fullmatch(r"[a-z][a-z']*", key):
            raise loader.fail(line, f"fuzzy.respell: '{key}' must be one lowercase word")
        if not isinstance(value, str) or not re.fullmatch(r"[a-z']+( [a-z']+)*", value):
            raise loader.fail(
                line, f"fuzzy.respell: '{key}' must map to lowercase words, e.g. {key}: \"can not\""
            )
        out[key] = value
    return out


def _range(loader: _Loader, obj: LDict, key: str) -> tuple[float, float]:
    value = loader.require(obj, key, "temperature")
    line = obj.key_lines.get(key, obj.line)
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
        or value[0] >= value[1]
    ):
        raise loader.fail(line, f"temperature: '{key}' must be [low, high]")
    return float(value[0]), float(value[1])


def _name(loader: _Loader, entry: LDict, what: str) -> str:
    name = loader.require(entry, "id", what)
    if not isinstance(name, str) or not _NAME.match(name):
        raise loader.fail(
            entry.key_lines.get("id", entry.line),
            f"{what}: id {name!r} must be lower_snake_case",
        )
    return str(name)


def _level(loader: _Loader, entry: LDict, what: str) -> str:
    level = loader.require(entry, "level", what)
    if level not in LEVELS:
        raise loader.fail(
            entry.key_lines.get("level", entry.line),
            f"{what}: unknown level '{level}' (expected one of {', '.join(LEVELS)})",
        )
    return str(level)


FINDING_KEYS = {
    "id",
    "level",
    "label",
    "phrases",
    "patterns",
    "token_patterns",
    "ignore_context",
    "escalate",
    "measure",
    "below_threshold",
    "unless",
    "cooccur",
}


def _finding(
    loader: _Loader,
    entry: LDict,
    lexicon: dict[str, list[str]],
    norm_phrase: Any,
    thresholds: dict[str, float],
    seen: set[str],
) -> FindingRule:
    fid = _name(loader, entry, "a finding")
    what = f"finding '{fid}'"
    loader.check_keys(entry, FINDING_KEYS, what)
    if fid in seen:
        raise loader.fail(entry.key_lines["id"], f"{what}: duplicate finding id")
    seen.add(fid)
    rule = FindingRule(fid, _level(loader, entry, what), str(loader.require(entry, "label", what)))
    counter = 0
    for key in ("phrases", "patterns", "unless"):
        if key not in entry:
            continue
        texts = loader.seq(entry[key], f"{what}: {key}", entry.key_lines[key])
        for i, text in enumerate(texts):
            line = texts.item_lines[i]
            if not isinstance(text, str) or not text.strip():
                raise loader.fail(line, f"{what}: {key} entries must be non-empty text")
            counter += 1
            rule_id = f"{fid}/{key.rstrip('s')}{i + 1}"
            if key == "phrases":
                words = norm_phrase(text)
                slots: list[Slot] = [("alt", [(w,)], False) for w in words]
            else:
                slots = _compile(loader, str(text), line, what, lexicon, norm_phrase)
            if not any(s[0] == "choice" or (s[0] == "alt" and not s[2]) for s in slots):
                raise loader.fail(line, f"{what}: pattern {text!r} matches nothing")
            (rule.unless if key == "unless" else rule.patterns).append((rule_id, slots))
    if "token_patterns" in entry:
        tps = loader.seq(entry["token_patterns"], f"{what}: token_patterns", entry.line)
        for i, tp in enumerate(tps):
            line = tps.item_lines[i]
            if not isinstance(tp, list) or not tp or not all(isinstance(t, dict) for t in tp):
                raise loader.fail(
                    line, f"{what}: token_patterns entries must be lists of spaCy token dicts"
                )
            _check_spacy_pattern(loader, line, what, tp)
            rule.token_patterns.append((f"{fid}/t{i + 1}", [dict(t) for t in tp]))
    if "ignore_context" in entry:
        kinds = loader.words_list(entry["ignore_context"], f"{what}: ignore_context", entry.line)
        for kind in kinds:
            if kind not in CONTEXT_KINDS:
                raise loader.fail(
                    entry.key_lines["ignore_context"],
                    f"{what}: unknown context '{kind}' (expected {', '.join(CONTEXT_KINDS)})",
                )
        rule.ignore_context = frozenset(kinds)
    if "measure" in entry:
        if entry["measure"] not in ("temperature", "pain_score"):
            raise loader.fail(
                entry.key_lines["measure"],
                f"{what}: unknown measure {entry['measure']!r} (temperature, pain_score)",
            )
        rule.measure = str(entry["measure"])
        below = loader.mapping(
            loader.require(entry, "below_threshold", what), "below_threshold", entry.line
        )
        loader.check_keys(below, {"id", "level", "label"}, f"{what}: below_threshold")
        rule.below = (
            _name(loader, below, f"{what}: below_threshold"),
            _level(loader, below, f"{what}: below_threshold"),
            str(loader.require(below, "label", f"{what}: below_threshold")),
        )
    if "escalate" in entry:
        escs = loader.seq(entry["escalate"], f"{what}: escalate", entry.key_lines["escalate"])
        for i, esc in enumerate(escs):
            e = loader.mapping(esc, f"{what}: escalate entry", escs.item_lines[i])
            loader.check_keys(e, {"when", "id", "level", "label", "days"}, f"{what}: escalate")
            when = loader.require(e, "when", f"{what}: escalate")
            if when not in CONDITIONS:
                raise loader.fail(
                    e.key_lines["when"],
                    f"{what}: unknown escalate condition '{when}' "
                    f"(expected {', '.join(CONDITIONS)})",
                )
            days = e.get("days")
            if when == "persistent" and days not in thresholds:
                raise loader.fail(
                    e.key_lines.get("days", e.line),
                    f"{what}: escalate 'persistent' needs 'days' naming a threshold",
                )
            if when == "rising" and (days not in thresholds or entry.get("measure") is None):
                raise loader.fail(
                    e.key_lines.get("days", e.line),
                    f"{what}: escalate 'rising' needs a measure and 'days' naming a threshold "
                    "(the rise, in points, that counts)",
                )
            rule.escalate.append(
                Escalation(
                    str(when),
                    _name(loader, e, f"{what}: escalate"),
                    _level(loader, e, f"{what}: escalate"),
                    str(loader.require(e, "label", f"{what}: escalate")),
                    str(days) if days else None,
                )
            )
    if "cooccur" in entry:
        rule.cooccur = _cooccurrences(loader, entry, fid, what, lexicon, norm_phrase)
    if not rule.patterns and not rule.token_patterns and not rule.measure and not rule.cooccur:
        raise loader.fail(entry.line, f"{what}: no phrases or patterns")
    return rule


def _cooccurrences(
    loader: _Loader,
    entry: LDict,
    fid: str,
    what: str,
    lexicon: dict[str, list[str]],
    norm_phrase: Any,
) -> list[Cooccurrence]:
    """``cooccur: [{all: [[terms], "@GROUP", ...], within: N, scope: clause|sentence}]``."""
    out: list[Cooccurrence] = []
    items = loader.seq(entry["cooccur"], f"{what}: cooccur", entry.key_lines["cooccur"])
    for i, item in enumerate(items):
        line = items.item_lines[i]
        co = loader.mapping(item, f"{what}: cooccur entry", line)
        loader.check_keys(co, {"all", "within", "scope"}, f"{what}: cooccur")
        within_line = co.key_lines.get("within", co.line)
        within = loader.require(co, "within", f"{what}: cooccur")
        if isinstance(within, bool) or not isinstance(within, int) or not 1 <= within <= MAX_WITHIN:
            raise loader.fail(within_line, f"{what}: cooccur 'within' must be 1 .. {MAX_WITHIN}")
        scope = co.get("scope", "clause")
        if scope not in COOC_SCOPES:
            raise loader.fail(
                co.key_lines.get("scope", co.line),
                f"{what}: cooccur scope {scope!r} (expected {', '.join(COOC_SCOPES)})",
            )
        parts = loader.seq(loader.require(co, "all", f"{what}: cooccur"), "all", co.line)
        if len(parts) < 2:
            raise loader.fail(
                co.key_lines.get("all", co.line), f"{what}: cooccur 'all' needs two or more sets"
            )
        sets: list[list[tuple[str, ...]]] = []
        for pindex, part in enumerate(parts):
            pline = parts.item_lines[pindex]
            texts = [part] if isinstance(part, str) else part
            if not isinstance(texts, list) or not texts:
                raise loader.fail(pline, f"{what}: cooccur sets must be lists of words or @GROUP")
            terms: list[tuple[str, ...]] = []
            for text in texts:
                if not isinstance(text, str) or not text.strip():
                    raise loader.fail(pline, f"{what}: cooccur entries must be non-empty text")
                group = _GROUP.match(text.strip())
                if group:
                    if group.group(1) not in lexicon:
                        raise loader.fail(
                            pline, f"{what}: unknown lexicon group '@{group.group(1)}'"
                        )
                    sources = lexicon[group.group(1)]
                elif "@" in text or "~" in text or "|" in text:
                    raise loader.fail(pline, f"{what}: cannot read cooccur term {text!r}")
                else:
                    sources = [text]
                for source in sources:
                    words = norm_phrase(source)
                    if not words:
                        raise loader.fail(pline, f"{what}: cooccur term {source!r} has no words")
                    if words not in terms:
                        terms.append(words)
            sets.append(terms)
        out.append(Cooccurrence(f"{fid}/cooccur{i + 1}", sets, int(within), str(scope)))
    return out


def _compile(
    loader: _Loader,
    text: str,
    line: int,
    what: str,
    lexicon: dict[str, list[str]],
    norm_phrase: Any,
) -> list[Slot]:
    """Pattern text -> slots. Between gaps, "a b|c d" means the phrase "a b" or "c d"."""
    slots: list[Slot] = []
    segment: list[str] = []

    def flush() -> None:
        if not segment:
            return
        joined = " ".join(segment)
        segment.clear()
        if "|" not in joined:
            slots.extend(_sequence(loader, joined, line, what, lexicon, norm_phrase))
            return
        choices = []
        for alternative in joined.split("|"):
            if not alternative.strip():
                raise loader.fail(line, f"{what}: empty alternative in {text!r}")
            choices.append(_sequence(loader, alternative, line, what, lexicon, norm_phrase))
        if all(len(c) == 1 and c[0][0] == "alt" and not c[0][2] for c in choices):
            merged = [option for c in choices for option in c[0][1]]
            slots.append(("alt", merged, False))
        else:
            slots.append(("choice", choices))

    for part in text.split():
        if part.startswith("!") and len(part) > 1:
            flush()
            excluded: list[str] = []
            for option in part[1:].split("|"):
                words = norm_phrase(option)
                if len(words) != 1:
                    raise loader.fail(line, f"{what}: '!{option}' must be one word")
                excluded.append(words[0])
            slots.append(("not", excluded))
            continue
        gap = _GAP.match(part)
        if gap:
            flush()
            n = int(gap.group(1))
            if not 1 <= n <= MAX_GAP:
                raise loader.fail(line, f"{what}: gap '{part}' must be ~1 .. ~{MAX_GAP}")
            slots.append(("gap", n))
        else:
            segment.append(part)
    flush()
    return slots


def _sequence(
    loader: _Loader,
    text: str,
    line: int,
    what: str,
    lexicon: dict[str, list[str]],
    norm_phrase: Any,
) -> list[Slot]:
    slots: list[Slot] = []
    for part in text.split():
        group = _GROUP.match(part)
        if group:
            name = group.group(1)
            if name not in lexicon:
                raise loader.fail(line, f"{what}: unknown lexicon group '@{name}'")
            options = [o for o in (norm_phrase(w) for w in lexicon[name]) if o]
            slots.append(("alt", options, bool(group.group(2))))
            continue
        optional = part.endswith("?") and len(part) > 1
        word = part[:-1] if optional else part
        if word.startswith("@") or "~" in word or "?" in word:
            raise loader.fail(line, f"{what}: cannot read pattern element '{part}'")
        words = norm_phrase(word)
        if not words:
            raise loader.fail(line, f"{what}: '{part}' has no words")
        if optional:
            slots.append(("alt", [words], True))
        else:
            slots.extend(("alt", [(w,)], False) for w in words)
    return slots


def _check_spacy_pattern(
    loader: _Loader, line: int, what: str, pattern: list[dict[str, Any]]
) -> None:
    from spacy.matcher import Matcher

    matcher = Matcher(blank_nlp().vocab, validate=True)
    try:
        matcher.add("check", [[dict(t) for t in pattern]])
    except Exception as exc:  # spaCy raises several types for bad patterns
        raise loader.fail(line, f"{what}: invalid token pattern: {exc}") from exc
