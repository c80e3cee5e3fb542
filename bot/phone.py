"""Phone numbers as patients type them, normalised to E.164."""

from __future__ import annotations

import re

_DIGITS = re.compile(r"\d")
# A run of characters that can make up a phone number ("(617) 555-0100", "+1 617.555.0100").
_CANDIDATE = re.compile(r"\+?\d[\d\s().\-]{6,}\d")


def to_e164(text: str, default_country_code: str = "1") -> str | None:
    """Return the first phone number in ``text`` as E.164 (``+16175550100``), or None.

    North American numbers may be written with or without the leading 1; other countries need
    a leading ``+``. Anything else is not a phone number.
    """
    for match in _CANDIDATE.finditer(text or ""):
        raw = match.group(0)
        digits = "".join(_DIGITS.findall(raw))
        if raw.startswith("+"):
            if 8 <= len(digits) <= 15:
                return "+" + digits
            continue
        if default_country_code == "1":
            if len(digits) == 11 and digits.startswith("1"):
                digits = digits[1:]
            if len(digits) == 10 and digits[0] not in "01" and digits[3] not in "01":
                return "+1" + digits
    return None


def mask(phone: str | None) -> str:
    """A number safe to show in logs or confirmations: only the last two digits."""
    if not phone:
        return ""
    digits = "".join(_DIGITS.findall(phone))
    return "*" * max(len(digits) - 2, 0) + digits[-2:]


def pretty(e164: str) -> str:
    """``+16175550100`` → ``(617) 555-0100``; other numbers unchanged."""
    if e164.startswith("+1") and len(e164) == 12:
        d = e164[2:]
        return f"({d[:3]}) {d[3:6]}-{d[6:]}"
    return e164
