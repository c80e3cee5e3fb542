#!/usr/bin/env python
"""Write bot/triage/word_frequency.json: how often each normalised word turns up in a message,
over the labelled example messages the triage rules configure.

The engine runs a pattern only when a message has a word of its rarest needed word set (its
anchor); these measured frequencies choose that set. They change the engine's speed only, never
a result. Run again after many new examples or a change to normalisation:

python scripts/word_frequency.py
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.triage import Engine, load_ruleset  # noqa: E402
from bot.triage.engine import WORD_FREQUENCY_FILE  # noqa: E402
from bot.triage.ruleset import rules_dir  # noqa: E402

LEAST = 10  # messages a word must turn up in to be listed; rarer words get the floor weight


def main() -> int:
    rules = load_ruleset(rules_dir(None))
    engine = Engine(rules, backstop=None)
    counts: Counter[str] = Counter()
    messages = 0
    for path in rules.backstop_examples:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    counts.update(set(engine._words(json.loads(line)["text"])[0]))
                    messages += 1
    table = {
        word: round(count / messages, 6)
        for word, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        if count >= LEAST
    }
    data = {"messages": messages, "least": LEAST, "frequency": table}
    WORD_FREQUENCY_FILE.write_text(json.dumps(data, indent=0, ensure_ascii=False) + "\n")
    print(f"{len(table)} words from {messages} messages -> {WORD_FREQUENCY_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
