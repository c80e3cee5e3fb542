"""Serve the dashboard with waitress (``recovery-bot dashboard``; ``make run`` starts that)."""

from __future__ import annotations

import logging

from bot.dashboard import create_app

logger = logging.getLogger(__name__)


def serve(host: str, port: int, threads: int = 8) -> None:
    """Build the app (refusing an out-of-date schema) and serve it until interrupted."""
    from waitress import serve as waitress_serve

    app = create_app()
    logger.info("nurse dashboard on http://%s:%s/", host, port)
    waitress_serve(app, host=host, port=port, threads=threads, ident="recovery-bot")
