import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.pg import (  # noqa: E402,F401
    app_db_url,
    isolated_settings,
    pg_server,
    pg_template,
    sqlite_db_url,
    sqlite_template,
)
