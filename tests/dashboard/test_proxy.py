"""Behind nginx with TLS, the dashboard sees the client's scheme; without a proxy it ignores
forged forwarding headers."""

from __future__ import annotations

import pytest
from flask import request

from bot.dashboard import PUBLIC_ENDPOINTS, create_app


@pytest.mark.parametrize("behind_proxy, scheme", [("1", "https"), ("0", "http")])
def test_forwarded_headers_trusted_only_behind_a_proxy(monkeypatch, tmp_path, behind_proxy,
                                                      scheme):
    monkeypatch.setenv("DASHBOARD_BEHIND_PROXY", behind_proxy)
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'app.db'}", "CHECK_SCHEMA": False,
                      "TESTING": True})

    @app.route("/_scheme")
    def _scheme() -> str:
        return request.scheme

    monkeypatch.setattr("bot.dashboard.PUBLIC_ENDPOINTS", PUBLIC_ENDPOINTS | {"_scheme"})
    resp = app.test_client().get("/_scheme", headers={"X-Forwarded-Proto": "https"})
    assert resp.status_code == 200
    assert resp.get_data(as_text=True) == scheme
