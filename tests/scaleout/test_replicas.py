"""Two Rasa server replicas on one PostgreSQL tracker store and Rasa's Redis lock store, behind a
round-robin proxy: many patients at once, every turn answered, no tracker event lost or
duplicated, each conversation's order kept.

Everything is real and on loopback (PostgreSQL and redis-server from Debian's packages, the
trained model, the action server, the app database on PostgreSQL); the replicas read
``deploy/endpoints.production.yml`` itself.
"""

from __future__ import annotations

import concurrent.futures as cf
import os
import secrets
import shutil
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from tests.scaleout.cluster import MODEL_PATH, Cluster, cluster

pytestmark = [pytest.mark.scaleout, pytest.mark.postgres, pytest.mark.timeout(600)]

PATIENTS = 20
MESSAGES_EACH = 8
# Routine questions, all different, so order and duplicates show in each conversation.
MESSAGES = [
    "is it normal to be sore where they went in",
    "my legs feel a bit numb since yesterday",
    "when can i drive",
    "there is a little swelling by the cut",
    "how long until i feel normal",
    "what did they actually do in the procedure",
    "when is my follow up",
    "can i take tylenol",
    "thanks!",
    "is it ok to walk around the house",
]


@pytest.fixture(scope="module")
def replicas() -> Iterator[Cluster]:
    if shutil.which("redis-server") is None:
        message = "redis-server is not installed: run scripts/ensure-debs.sh (make test does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    if not MODEL_PATH.exists():
        pytest.fail("models/current.tar.gz is missing: run `make model`")
    with cluster(replicas=2) as running:
        yield running


def send(url: str, sender: str, text: str) -> tuple[list[dict[str, Any]], int]:
    resp = requests.post(
        f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=120
    )
    resp.raise_for_status()
    return list(resp.json()), int(resp.headers.get("X-Replica", -1))  # set by the proxy


def tracker_events(c: Cluster, sender: str) -> list[dict[str, Any]]:
    resp = requests.get(
        f"{c.proxy_url}/conversations/{sender}/tracker", params={"token": c.token}, timeout=30
    )
    resp.raise_for_status()
    return list(resp.json()["events"])


def turns_of(events: list[dict[str, Any]]) -> list[tuple[str, int]]:
    """(user text, bot utterances until the next user message) for each user event."""
    turns: list[tuple[str, int]] = []
    for event in events:
        if event["event"] == "user":
            turns.append((event["text"], 0))
        elif event["event"] == "bot" and turns:
            turns[-1] = (turns[-1][0], turns[-1][1] + 1)
    return turns


def assert_no_duplicate_events(events: list[dict[str, Any]]) -> None:
    keys = Counter(
        (e["event"], e.get("timestamp"), e.get("text"), e.get("name")) for e in events
    )
    duplicated = [k for k, n in keys.items() if n > 1]
    assert not duplicated, f"events stored twice: {duplicated[:3]}"


def test_many_patients_through_two_replicas(replicas: Cluster) -> None:
    run = secrets.token_hex(3)
    plans = {
        f"scaleout-{run}-{p:02d}": [MESSAGES[(p + i) % len(MESSAGES)] for i in range(MESSAGES_EACH)]
        for p in range(PATIENTS)
    }

    def patient(sender: str) -> list[tuple[int, int]]:
        served = []
        for text in plans[sender]:
            replies, replica = send(replicas.proxy_url, sender, text)
            served.append((len(replies), replica))
        return served

    try:
        with cf.ThreadPoolExecutor(PATIENTS) as pool:
            served = dict(zip(plans, pool.map(patient, plans), strict=True))

        # every turn answered, and each patient's consecutive messages went to different replicas
        for sender, turns in served.items():
            assert all(n_replies > 0 for n_replies, _ in turns), f"{sender}: unanswered turn"
            route = [replica for _, replica in turns]
            assert all(a != b for a, b in zip(route, route[1:], strict=False)), route
        per_replica = Counter(r for turns in served.values() for _, r in turns)
        assert set(per_replica) == {0, 1}
        assert sum(per_replica.values()) == PATIENTS * MESSAGES_EACH

        # the shared tracker store has exactly what was sent, in order, each with its reply
        for sender, sent in plans.items():
            events = tracker_events(replicas, sender)
            turns = turns_of(events)
            assert [text for text, _ in turns] == sent, sender
            assert all(n_bot > 0 for _, n_bot in turns), f"{sender}: a message without reply"
            assert_no_duplicate_events(events)
    except AssertionError:
        print(replicas.logs())
        raise


def test_simultaneous_messages_of_one_patient_on_both_replicas(replicas: Cluster) -> None:
    """Two messages of one conversation at the same moment, one on each replica: the Redis
    lock store runs them one after the other, so both turns are kept whole (without it, the
    replica that saves second drops its turn: SQLTrackerStore appends only events past the
    stored count)."""
    run = secrets.token_hex(3)
    senders = [f"burst-{run}-{i}" for i in range(6)]
    pair = ("when can i drive", "can i take tylenol")
    with cf.ThreadPoolExecutor(2 * len(senders)) as pool:
        for sender in senders:  # the conversation exists before the burst
            send(replicas.replica_urls[0], sender, "how long until i feel normal")
        futures = [
            pool.submit(send, replicas.replica_urls[i], sender, text)
            for sender in senders
            for i, text in enumerate(pair)
        ]
        results = [f.result() for f in futures]
    assert all(replies for replies, _ in results)
    for sender in senders:
        events = tracker_events(replicas, sender)
        turns = turns_of(events)
        assert turns[0][0] == "how long until i feel normal"
        assert sorted(text for text, _ in turns[1:]) == sorted(pair), (sender, turns)
        assert all(n_bot > 0 for _, n_bot in turns), (sender, turns)  # no interleaved turns
        assert_no_duplicate_events(events)
