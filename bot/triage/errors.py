"""Errors raised by the triage engine."""

from __future__ import annotations


class TriageConfigError(ValueError):
    """A clinic rules file is missing or invalid; the message names the file, line and problem."""
