"""MILD recovery assistant: the application package (services used by Rasa, actions and dashboard)."""

__version__ = "0.1.0"
