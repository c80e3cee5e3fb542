"""Measured speed-ups of Rasa 3.6 internals, applied when the Rasa server loads the tracker store
(``bot.tracker_store`` imports this module). Each replaces a per-turn cost with a cached result
and keeps Rasa's behaviour:

- ``Event.resolve_by_type`` walks every subclass of ``Event`` for each stored event it loads
  (about 0.5 ms per ten events on every tracker load): looked up in a dict instead.
- ``RemoteAction._validate_action_result`` calls ``jsonschema.validate``, which rebuilds the
  validator for the response schema on every custom-action call (16 ms at load 3 measured, against
  0.2 ms with a validator built once): built once instead.
"""

from __future__ import annotations

from typing import Any

from rasa.core.actions import action as rasa_action
from rasa.shared.core import events as rasa_events


def _cache_event_type_lookup() -> None:
    original = rasa_events.Event.resolve_by_type  # a staticmethod
    cache: dict[str, Any] = {}

    def resolve_by_type(type_name: str, default: Any = None) -> Any:
        if type_name not in cache:
            try:
                cache[type_name] = original(type_name)
            except ValueError:
                if default is not None:
                    return default
                raise
        return cache[type_name] if cache[type_name] is not None else default

    rasa_events.Event.resolve_by_type = staticmethod(resolve_by_type)  # type: ignore[assignment]


_cache_event_type_lookup()


def _cache_action_result_validator() -> None:
    from jsonschema import ValidationError
    from jsonschema.validators import validator_for

    schema = rasa_action.RemoteAction.action_response_format_spec()
    validator = validator_for(schema)(schema)

    def validate_action_result(self: Any, result: dict[str, Any]) -> bool:
        try:
            validator.validate(result)
            return True
        except ValidationError as e:
            e.message += (
                ". Failed to validate Action server response from API, make sure your "
                "response from the Action endpoint is valid."
            )
            raise e

    rasa_action.RemoteAction._validate_action_result = validate_action_result  # type: ignore


_cache_action_result_validator()
