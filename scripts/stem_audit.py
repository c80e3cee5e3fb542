#!/usr/bin/env python
"""List words that the triage normaliser folds onto a rule word without being a form of it.

    python scripts/stem_audit.py [FILE.jsonl ...]   (default: bot/triage/examples/*.jsonl)

The normaliser's stemmer is crude on purpose ("bleeding" and "bleeds" both become "bleed"), so
rules match any inflection. The price is collisions: "winded" became "wind" (so "the wind blew"
read as shortness of breath) and "odds" became "od" ("the odds on it working" read as an
overdose). This prints, for every stem a rule word has, the other words of the messages that
share it, most frequent first, for a person to review. A real collision is fixed by adding the
word to ``_UNSTEMMED`` in bot/triage/normalize.py (and a regression example).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.triage.normalize import _UNSTEMMED, stem  # noqa: E402
from bot.triage.ruleset import rules_dir  # noqa: E402

WORD = re.compile(r"[a-z]+")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    args = parser.parse_args()
    files = args.files or sorted((ROOT / "bot" / "triage" / "examples").glob("*.jsonl"))

    seen: Counter[str] = Counter()
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                seen.update(WORD.findall(json.loads(line)["text"].lower()))

    rule_words: dict[str, set[str]] = defaultdict(set)
    for path in sorted(rules_dir().glob("*.yml")):
        for word in WORD.findall(path.read_text(encoding="utf-8").lower()):
            if word not in _UNSTEMMED:
                rule_words[stem(word)].add(word)

    sharing: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for word, count in seen.items():
        key = stem(word)
        if word not in _UNSTEMMED and key in rule_words and word not in rule_words[key]:
            sharing[key].append((word, count))

    for key in sorted(sharing):
        others = " ".join(f"{w}:{n}" for w, n in sorted(sharing[key], key=lambda x: -x[1]))
        print(f"{key:<14} rules: {' '.join(sorted(rule_words[key]))}  <=  {others}")
    print(f"{len(sharing)} stems shared by rule words and other words", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
