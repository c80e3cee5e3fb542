"""Rasa SDK actions: thin adapters from the conversation to the services in ``bot``.

One module per action or form; ``rasa run actions`` loads this package.
"""

from actions.activity import ActionAnswerActivity
from actions.callback import (
    ActionAskCallbackNumber,
    ActionAskCallbackWindow,
    ActionSubmitCallback,
    ValidateCallbackForm,
)
from actions.checkin import (
    ActionAskCheckinFever,
    ActionAskCheckinIncision,
    ActionAskCheckinNumbness,
    ActionAskCheckinPain,
    ActionAskCheckinSwelling,
    ActionFollowupReminder,
    ActionStartCheckin,
    ActionSubmitCheckin,
    ValidateCheckinForm,
)
from actions.fallback import ActionFallback
from actions.red_flag import ActionRedFlag
from bot.safety import prepare_triage

# the fallback asks the red-flag engine about messages no intent fitted: build it while the
# action server starts (before it answers /health), not during a patient's first such turn
prepare_triage()

__all__ = [
    "ActionAskCallbackNumber",
    "ActionAskCallbackWindow",
    "ActionAnswerActivity",
    "ActionFallback",
    "ActionRedFlag",
    "ActionSubmitCallback",
    "ValidateCallbackForm",
    # scheduled check-ins
    "ActionAskCheckinFever",
    "ActionAskCheckinIncision",
    "ActionAskCheckinNumbness",
    "ActionAskCheckinPain",
    "ActionAskCheckinSwelling",
    "ActionFollowupReminder",
    "ActionStartCheckin",
    "ActionSubmitCheckin",
    "ValidateCheckinForm",
]
