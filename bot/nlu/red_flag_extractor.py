"""Rasa NLU component: attach the deterministic red-flag assessment to every parsed message.

The result is added to the parse data under ``triage`` (level, reason, findings), which Rasa keeps
in the ``user`` event of the tracker; the safety policy and the actions read it from there.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

logger = logging.getLogger(__name__)

TRIAGE_KEY = "triage"


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False
)
class RedFlagExtractor(GraphComponent):
    """Runs ``bot.triage.assess`` on the message text; never fails a parse."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> RedFlagExtractor:
        # Load and validate the clinic's rules at start-up, so a broken YAML fails loudly now.
        from bot.triage import load_rules

        load_rules()
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        from bot.triage import assess

        for message in messages:
            text = message.get("text") or ""
            try:
                result = assess(str(text)).to_dict()
            except Exception:  # a bug in a rule must not take the assistant down
                logger.exception("red-flag assessment failed; treating message as urgent")
                result = {
                    "level": "urgent",
                    "reason": "Automatic red-flag check failed; please review the message",
                    "findings": [],
                }
            message.set(TRIAGE_KEY, result, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
