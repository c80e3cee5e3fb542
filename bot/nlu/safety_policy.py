"""Rasa policy: a red flag always wins over whatever intent was predicted.

On every new user message it asks ``bot.safety.decide`` for the level. For ``urgent`` and
``emergency`` it predicts ``action_red_flag`` with full confidence and a priority above the
RulePolicy, so it also interrupts an active form. After that action it chooses the follow-up:
the callback form (urgent: confirm the number and time) or listening (emergency: 911 first).
"""

from __future__ import annotations

from typing import Any

from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

from bot.safety import decide

RED_FLAG_ACTION = "action_red_flag"
CALLBACK_FORM = "callback_form"


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True
)
class RedFlagPolicy(Policy):
    """Deterministic, rule-free: it needs no training data."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # RulePolicy has priority 6; 7 makes this policy win ties at confidence 1.0.
        return {"priority": 7}

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        featurizer: Any = None,
    ) -> None:
        super().__init__(config, model_storage, resource, execution_context, featurizer)

    def train(
        self, training_trackers: list[TrackerWithCachedStates], domain: Domain, **kwargs: Any
    ) -> Resource:
        return self._resource

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        action = self._next_action(tracker)
        probabilities = self._default_predictions(domain)
        if action is None:
            return self._prediction(probabilities)
        probabilities[domain.index_for_action(action)] = 1.0
        # While a form runs, the RulePolicy predicts the form as a "no user" prediction, and
        # those overrule every ordinary prediction whatever its priority. Ours must be of the
        # same kind to win by priority, so a red flag interrupts any form.
        return self._prediction(probabilities, is_no_user_prediction=True)

    @staticmethod
    def _next_action(tracker: DialogueStateTracker) -> str | None:
        latest = tracker.latest_action_name
        if latest == ACTION_LISTEN_NAME:
            message = tracker.latest_message
            if message is None or not (message.text or "").strip():
                return None  # no text (e.g. an external trigger): nothing to assess
            if decide(message.parse_data).escalates:
                return RED_FLAG_ACTION
            return None
        if latest == RED_FLAG_ACTION:
            message = tracker.latest_message
            level = decide(message.parse_data).level if message else "routine"
            # urgent: the callback form confirms how to reach the patient (it skips what it
            # already knows); emergency: nothing may come between the patient and 911.
            return CALLBACK_FORM if level == "urgent" else ACTION_LISTEN_NAME
        return None
