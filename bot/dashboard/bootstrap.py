"""First-run admin for ``make run``: the lines to print so someone can log in."""

from __future__ import annotations

from bot.store import nurses


def bootstrap_admin(url: str | None = None) -> list[str]:
    """Create the first admin if none exists; return what to print (empty when nothing new).

    The admin comes from ``DASHBOARD_ADMIN_EMAIL``/``DASHBOARD_ADMIN_PASSWORD`` or gets a
    one-time generated password, shown only in these lines. That generated password opens only
    the Account page: the admin chooses their own at the first sign-in, as the lines say (see
    ``nurses.bootstrap_admin`` for why an environment password is not forced to change).
    """
    from bot.config import get_settings

    settings = get_settings()
    creds = nurses.bootstrap_admin(url)
    if creds is None:
        return [
            f"http://{settings.host}:{settings.dashboard_port}/  (existing accounts; add nurses "
            "with `recovery-bot nurse add --email ...`)"
        ]
    return creds.instructions(f"http://{settings.host}:{settings.dashboard_port}/").splitlines()
