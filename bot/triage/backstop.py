"""A statistical second opinion under the rules: it can raise a message's level, never lower it.

Why: the YAML rules are exact about what they know, but every set of patient messages written by
someone new showed red flags in words no rule had seen (README "Red-flag engine"). A linear model
over word and character n-grams, trained on the labelled messages in ``examples/``, catches many
of those wordings; the rules stay the floor and keep explaining their findings.

- Features: lowercase word 1-2-grams and character 2-5-grams inside word boundaries, IDF
  weighted and normalised (computed here, in plain Python, so training and use never drift).
- Two logistic regressions: "at least urgent" and "emergency".
- The trained model is JSON (no pickles), cached outside the clone, keyed by the examples and
  this file, so it is trained once per change (a few seconds) and loads in a fraction of that.
- Clinic-editable: add labelled messages (``{"text": ..., "level": ...}`` per line) to
  ``examples/*.jsonl`` and the next start trains on them.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import tempfile
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import TriageConfigError

_WORD = re.compile(r"\w+")
LEVELS = ("routine", "urgent", "emergency")
MIN_DF = 2  # a feature seen in one message only is noise
C = 10.0  # inverse regularisation, chosen by leave-one-set-out on the examples
_lock = threading.Lock()


def units(text: str) -> list[str]:
    """The message as feature units: each word, and each pair of neighbouring words."""
    words = _WORD.findall(text.lower())
    return words + [a + " " + b for a, b in zip(words, words[1:], strict=False)]


@lru_cache(maxsize=65536)
def unit_features(unit: str) -> tuple[str, ...]:
    """A word: itself and its character 2-5-grams inside " word "; a word pair: itself."""
    if " " in unit:
        return ("b " + unit,)
    padded = f" {unit} "
    size = len(padded)
    grams = ["w " + unit]
    for n in range(2, 6):
        grams.extend("c " + padded[i : i + n] for i in range(size - n + 1))
    return tuple(grams)


@dataclass
class Backstop:
    """A trained model: feature -> (idf, weight "at least urgent", weight "emergency").

    A message is the sum of its units' idf-weighted feature vectors, divided by the square root
    of the sum of their squared norms; each unit's share is cached, so scoring a message costs a
    few dictionary look-ups per word.
    """

    table: dict[str, tuple[float, float, float]]
    bias_flag: float
    bias_emergency: float
    examples: int

    def __post_init__(self) -> None:
        self._unit = lru_cache(maxsize=65536)(self._unit_score)

    def _unit_score(self, unit: str) -> tuple[float, float, float]:
        flag = emergency = square = 0.0
        for name in unit_features(unit):
            row = self.table.get(name)
            if row is not None:
                flag += row[0] * row[1]
                emergency += row[0] * row[2]
                square += row[0] * row[0]
        return flag, emergency, square

    def probabilities(self, text: str) -> tuple[float, float]:
        """(P(at least urgent), P(emergency)) for one message."""
        flag = emergency = square = 0.0
        for unit in units(text[:4000]):  # the start of a very long message decides its wording
            f, e, q = self._unit(unit)
            flag += f
            emergency += e
            square += q
        scale = 1.0 / math.sqrt(square) if square else 0.0
        return (
            _sigmoid(self.bias_flag + flag * scale),
            _sigmoid(self.bias_emergency + emergency * scale),
        )

    def to_json(self) -> dict:
        return {
            "format": 2,
            "examples": self.examples,
            "bias": [self.bias_flag, self.bias_emergency],
            "table": {k: list(v) for k, v in self.table.items()},
        }

    @classmethod
    def from_json(cls, data: dict) -> Backstop:
        if data.get("format") != 2:
            raise ValueError("unknown backstop model format")
        table = {str(k): (float(v[0]), float(v[1]), float(v[2])) for k, v in data["table"].items()}
        bias = data["bias"]
        return cls(table, float(bias[0]), float(bias[1]), int(data["examples"]))


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def read_examples(paths: Iterable[Path]) -> list[tuple[str, str]]:
    """(text, level) pairs from JSON-lines files; a bad line is an error naming file and line."""
    out: list[tuple[str, str]] = []
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                    text, level = row["text"], row["level"]
                except (ValueError, KeyError, TypeError) as exc:
                    raise TriageConfigError(
                        f"{path}:{number}: not a labelled message ({exc})"
                    ) from None
                if not isinstance(text, str) or level not in LEVELS:
                    raise TriageConfigError(f"{path}:{number}: 'level' must be one of {LEVELS}")
                out.append((text, level))
    return out


def train(examples: list[tuple[str, str]]) -> Backstop:
    """Fit both regressions on labelled messages (scikit-learn, at training time only)."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    message_units = [units(text) for text, _level in examples]
    df: Counter[str] = Counter()
    for us in message_units:
        df.update({f for u in us for f in unit_features(u)})
    names = sorted(f for f, n in df.items() if n >= MIN_DF)
    index = {f: i for i, f in enumerate(names)}
    total = len(examples)
    idf = [math.log((1 + total) / (1 + df[f])) + 1.0 for f in names]
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for r, us in enumerate(message_units):
        entries: dict[int, float] = {}
        square = 0.0
        for u in us:
            for f in unit_features(u):
                i = index.get(f)
                if i is not None:
                    entries[i] = entries.get(i, 0.0) + idf[i]
                    square += idf[i] * idf[i]
        scale = 1.0 / math.sqrt(square) if square else 0.0
        for i, v in entries.items():
            rows.append(r)
            cols.append(i)
            vals.append(v * scale)
    matrix = csr_matrix((vals, (rows, cols)), shape=(total, len(names)))
    levels = [LEVELS.index(level) for _text, level in examples]
    models = []
    for target in ([lv >= 1 for lv in levels], [lv == 2 for lv in levels]):
        model = LogisticRegression(C=C, max_iter=5000, class_weight="balanced")
        model.fit(matrix, np.array(target))
        models.append(model)
    flag, emergency = models
    table = {
        f: (idf[i], float(flag.coef_[0][i]), float(emergency.coef_[0][i])) for f, i in index.items()
    }
    return Backstop(table, float(flag.intercept_[0]), float(emergency.intercept_[0]), total)


def cache_dir() -> Path:
    base = os.environ.get("TRIAGE_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "mild-recovery-bot"
    )
    return Path(base) / "triage-backstop"


def load_or_train(paths: list[Path]) -> Backstop:
    """The model for these example files: from the cache, else trained now and cached."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for path in sorted(paths):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    target = cache_dir() / f"{digest.hexdigest()[:20]}.json"
    with _lock:
        try:
            return Backstop.from_json(json.loads(target.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError):
            pass
        model = train(read_examples(sorted(paths)))
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(model.to_json(), handle)
            os.replace(tmp, target)  # atomic: another process never reads half a model
        except OSError:
            pass  # a read-only cache only costs the training time again
        return model
