"""Phone numbers as patients and nurses type them, normalised to E.164 (US/Canada default region;
simple rules, no phonenumbers library)."""

from __future__ import annotations

import re

_DIGITS = re.compile(r"\d")
# A run of characters that can make up a phone number ("(617) 555-0100", "+1 617.555.0100").
_CANDIDATE = re.compile(r"\+?\d[\d\s().\-]{6,}\d")
_ALLOWED = re.compile(r"^[0-9+().\-\s/]+$")


class InvalidPhone(ValueError):
    """Not a phone number we can normalise."""


def normalize_phone(raw: str, default_country_code: str = "1") -> str:
    """Return ``raw`` in E.164 (``+15555550123``) or raise ``InvalidPhone``.

    Rules: a leading ``+`` or ``00`` means an international number (8–15 digits); otherwise ten
    digits are a NANP number in the default region, and eleven digits starting with ``1`` are the
    same with the country code. Letters and extensions are refused rather than guessed.
    """
    text = (raw or "").strip()
    if not text or not _ALLOWED.match(text):
        raise InvalidPhone("phone number must contain only digits, spaces and + ( ) - .")
    digits = re.sub(r"\D", "", text)
    if text.startswith("+") or text.startswith("00"):
        if text.startswith("00"):
            digits = digits[2:]
        if not 8 <= len(digits) <= 15 or digits.startswith("0"):
            raise InvalidPhone("international numbers need a country code and 8 to 15 digits")
        return "+" + digits
    if default_country_code == "1":
        if len(digits) == 11 and digits.startswith("1"):
            digits = digits[1:]
        if len(digits) != 10:
            raise InvalidPhone("US numbers need 10 digits (area code + number)")
        if digits[0] in "01" or digits[3] in "01":
            raise InvalidPhone("US area codes and exchanges cannot start with 0 or 1")
        return "+1" + digits
    digits = digits.lstrip("0")
    if not 6 <= len(default_country_code + digits) <= 15:
        raise InvalidPhone("phone number has the wrong length")
    return "+" + default_country_code + digits


def mask_phone(e164: str | None) -> str:
    """``+1•••••••0123``: enough to tell numbers apart in places that must not show them."""
    if not e164:
        return ""
    return e164[:2] + "•" * max(len(e164) - 6, 0) + e164[-4:]


def to_e164(text: str, default_country_code: str = "1") -> str | None:
    """The first phone number found in free text (``"call me at 617 555 0100 pls"``) in E.164,
    or None when there is none."""
    for match in _CANDIDATE.finditer(text or ""):
        try:
            return normalize_phone(match.group(0), default_country_code)
        except InvalidPhone:
            continue
    return None


def pretty(e164: str) -> str:
    """``+16175550100`` → ``(617) 555-0100``; other numbers unchanged."""
    if e164.startswith("+1") and len(e164) == 12:
        d = e164[2:]
        return f"({d[:3]}) {d[3:6]}-{d[6:]}"
    return e164
