"""MILD recovery assistant: services used by Rasa, the actions and the nurse dashboard."""

__version__ = "0.1.0"
