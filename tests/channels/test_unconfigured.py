"""A fresh `make run` without Twilio settings: the channels load, the SMS webhook refuses
everything with 403, and start-up logs one clear warning."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.channels.conftest import MODEL, ROOT

pytestmark = pytest.mark.rasa_server


def test_sms_webhook_without_twilio_settings_answers_403(tmp_path: Path):
    from bot.store.db import upgrade
    from bot.supervisor import free_port

    database_url = f"sqlite:///{tmp_path / 'app.db'}"
    upgrade(database_url)
    port = free_port()
    env = {
        key: value for key, value in os.environ.items()
        if not key.startswith("TWILIO_") and key not in ("PUBLIC_BASE_URL", "PATIENT_LINK_SECRET")
    }
    env.update({
        "DATABASE_URL": database_url,
        "RECOVERY_BOT_ENV_FILE": str(tmp_path / "none.env"),
        "PYTHONPATH": str(ROOT),
    })
    log_path = tmp_path / "rasa.log"
    bin_dir = Path(sys.executable).parent
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [str(bin_dir / "rasa"), "run", "--model", str(MODEL), "--credentials",
             str(ROOT / "credentials.yml"), "--interface", "127.0.0.1", "--port", str(port)],
            cwd=tmp_path, env=env, stdout=log, stderr=log, start_new_session=True,
        )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert proc.poll() is None, log_path.read_text(errors="replace")[-3000:]
            try:
                if requests.get(url + "/webhooks/sms/", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                time.sleep(0.3)
        else:
            pytest.fail("rasa server did not start")
        form = {"MessageSid": "SM1", "From": "+16175550101", "Body": "STOP"}
        unsigned = requests.post(url + "/webhooks/sms/webhook", data=form, timeout=10)
        assert unsigned.status_code == 403
        signed = requests.post(url + "/webhooks/sms/webhook", data=form, timeout=10,
                               headers={"X-Twilio-Signature": "c2lnbmVk"})
        assert signed.status_code == 403
        assert requests.get(url + "/webhooks/webchat/", timeout=10).status_code == 200
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    log_text = log_path.read_text(errors="replace")
    assert log_text.count("SMS channel not configured") == 1
    assert "+16175550101" not in log_text
