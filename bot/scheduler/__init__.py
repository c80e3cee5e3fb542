"""The scheduler process: check-ins, follow-up reminders and escalation follow-through.

The app database is the source of truth (``bot.store.checkins``); APScheduler only drives the
periodic sweeps (``service``), which are plain functions of (engine, clock, senders) so tests run
them with a controllable clock.
"""
