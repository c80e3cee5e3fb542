"""The same message gets the same answer in every process, whatever Python's hash seed.

Which rule is named when two patterns of one finding match the same words once followed the
order of a set, which the hash seed changes: the nurse's "why" could differ between the Rasa
server and the CLI. The earlier rule in the YAML is named now.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# messages whose named rule changed with the seed before the fix
MESSAGES = [
    "my grandson has a fever, is it ok if he visits me?",
    "If I got a fever, what temperature means I should call?",
    "years ago i had a seizure from a medication, is that a concern with the pain pills",
    "fever 100.8F and my incision is kinda warm",
    "what if fever come in the night, who I call?",
    "if I get a fever, who do I call?",
]

SCRIPT = """
import json, sys
from bot.triage import Engine, load_rules
engine = Engine(load_rules(), backstop=None)
for text in json.load(sys.stdin):
    print(json.dumps(engine.assess(text).to_dict(), sort_keys=True))
"""


def _start(seed: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=str(ROOT))
    return subprocess.Popen(
        [sys.executable, "-c", SCRIPT],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
        cwd=ROOT,
    )


def test_findings_and_rules_do_not_depend_on_the_hash_seed():
    # seeds 1 and 2 named different rules for these messages before the fix
    procs = {seed: _start(seed) for seed in ("1", "2")}  # in parallel: each loads the rules
    outputs = {
        seed: p.communicate(json.dumps(MESSAGES), timeout=300)[0] for seed, p in procs.items()
    }
    assert all(p.returncode == 0 for p in procs.values())
    assert len(outputs["1"].splitlines()) == len(MESSAGES)
    assert outputs["1"] == outputs["2"], "named rules differ between processes"
