import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests import pg  # noqa: E402

# The shared fixtures (real SQLite and PostgreSQL databases) live in tests/pg.py.
isolated_settings = pg.isolated_settings
pg_server = pg.pg_server
pg_template = pg.pg_template
sqlite_template = pg.sqlite_template
app_db_url = pg.app_db_url
sqlite_db_url = pg.sqlite_db_url
