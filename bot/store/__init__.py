"""The app database: patients, escalations, nurses, API tokens and the audit log.

``db`` owns engines and sessions, ``models`` the tables, and one module per aggregate holds its
queries (``escalations``, ``patients``, ``nurses``, ``tokens``, ``audit``). Schema changes are
Alembic migrations in ``migrations/`` (``recovery-bot db upgrade``).
"""
