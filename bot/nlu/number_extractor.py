"""Rasa NLU component: pain scores, temperatures and days since the procedure, deterministically.

The CRF learns these from few examples and misses common forms ("temp 101.4 this morning");
numbers are better read by rules. Uses the red-flag engine's number reader
(``bot.triage.numbers.find_numbers``: digits and words, units, "8/10") and decides what a number
measures from the words around it. Replaces the CRF's guesses for these three entities.
"""

from __future__ import annotations

import re
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.triage.numbers import NumberMention, find_numbers

NUMERIC_ENTITIES = ("pain_score", "temperature", "days_since_procedure")
_TEMP_CUES = re.compile(
    r"\b(temp\w*|fe+a?ve?r\w*|thermometer|degrees?|running|reads?|read|tongue|oral)\b|°"
)
_PAIN_CUES = re.compile(r"\b(pain\w*|hurt\w*|ache\w*|aching|sore\w*|score|level|rate|rating)\b")
_DAYS_AFTER = re.compile(r"^\s*(days?)\b(\s+(ago|since|after|post|out|now))?", re.IGNORECASE)
_DAYS_BEFORE = re.compile(r"\b(day|pod)\s*$", re.IGNORECASE)


def _window(text: str, m: NumberMention, before: int = 25, after: int = 15) -> str:
    return text[max(0, m.start - before) : m.end + after].lower()


def classify(text: str, m: NumberMention) -> str | None:
    """What a number in a patient message measures, if it is one of ours."""
    value = m.value
    if m.scale in ("F", "C") or m.has_degree:
        return "temperature"
    if m.scale == "/10":
        return "pain_score" if 0 <= value <= 10 else None
    after = text[m.end : m.end + 20]
    if _DAYS_AFTER.match(after) or _DAYS_BEFORE.search(text[max(0, m.start - 8) : m.start]):
        return "days_since_procedure" if 0 <= value <= 365 else None
    window = _window(text, m)
    if (96 <= value <= 108 or 35 <= value <= 43) and _TEMP_CUES.search(window):
        return "temperature"
    if 0 <= value <= 10 and value == int(value) and _PAIN_CUES.search(window):
        return "pain_score"
    return None


def extract(text: str) -> list[dict[str, Any]]:
    """Rasa entity dicts for every pain score, temperature and day count in ``text``."""
    entities = []
    for m in find_numbers(text):
        kind = classify(text, m)
        if kind is None:
            continue
        value = f"{m.value:g}"
        entities.append({
            "entity": kind, "value": value, "start": m.start, "end": m.start + len(m.text),
            "confidence_entity": 1.0, "extractor": "NumberEntityExtractor",
        })
    return entities


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False
)
class NumberEntityExtractor(GraphComponent):
    """Deterministic numeric entities; put it after the CRF in the pipeline."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> NumberEntityExtractor:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = str(message.get("text") or "")
            kept = [e for e in message.get("entities", []) or []
                    if e.get("entity") not in NUMERIC_ENTITIES]
            message.set("entities", kept + extract(text), add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
