#!/usr/bin/env python
"""Trained models for the benchmark, each timed once and cached by what goes into it.

- ``project``: the project's config.yml (what ``make model`` trains), trained again here so its
  training time is measured the same way as the default's;
- ``default``: Rasa's default pipeline and policies (what ``rasa init`` writes, spelled out:
  DIETClassifier, ResponseSelector, TEDPolicy, UnexpecTEDIntentPolicy, ...) on the project's
  own domain and data.

Models land in ``$CACHE_DIR/bench-models/<kind>-<hash>.tar.gz`` with a ``.json`` beside them
holding the training time, keyed by the config, domain, data, bot/nlu and requirements.lock.

    .venv/bin/python scripts/bench_models.py [project|default ...]
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE_DIR = Path(os.environ.get("CACHE_DIR") or Path.home() / ".cache" / "mild-recovery-bot")

# Rasa 3.6's defaults (rasa/engine/recipes/config_files/default_config.yml), written out so the
# benchmark does not depend on how a future Rasa fills in an empty config.
DEFAULT_CONFIG = """\
recipe: default.v1
language: en
assistant_id: default-pipeline-benchmark
pipeline:
  - name: WhitespaceTokenizer
  - name: RegexFeaturizer
  - name: LexicalSyntacticFeaturizer
  - name: CountVectorsFeaturizer
  - name: CountVectorsFeaturizer
    analyzer: char_wb
    min_ngram: 1
    max_ngram: 4
  - name: DIETClassifier
    epochs: 100
    constrain_similarities: true
  - name: EntitySynonymMapper
  - name: ResponseSelector
    epochs: 100
    constrain_similarities: true
  - name: FallbackClassifier
    threshold: 0.3
    ambiguity_threshold: 0.1
policies:
  - name: MemoizationPolicy
  - name: RulePolicy
  - name: UnexpecTEDIntentPolicy
    max_history: 5
    epochs: 100
  - name: TEDPolicy
    max_history: 5
    epochs: 100
    constrain_similarities: true
"""


def _inputs() -> list[Path]:
    files = [ROOT / "domain.yml", ROOT / "requirements.lock"]
    for folder in (ROOT / "data", ROOT / "bot" / "nlu"):
        files += [p for p in folder.rglob("*") if p.suffix in (".yml", ".yaml", ".py")]
    return sorted(files)


def config_text(kind: str) -> str:
    if kind == "project":
        return (ROOT / "config.yml").read_text()
    if kind == "default":
        return DEFAULT_CONFIG
    raise ValueError(f"unknown model kind {kind!r}")


def cache_key(kind: str) -> str:
    digest = hashlib.sha256(config_text(kind).encode())
    for path in _inputs():
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def trained(kind: str, verbose: bool = True, allow_stale: bool = False) -> tuple[Path, float]:
    """(model file, training seconds) for ``kind``, training only on a cold cache.

    ``allow_stale``: when the data changed since the last training, use the newest cached model
    of that kind instead of retraining (for timing runs while the data is being edited).
    """
    folder = CACHE_DIR / "bench-models"
    folder.mkdir(parents=True, exist_ok=True)
    key = cache_key(kind)
    model = folder / f"{kind}-{key}.tar.gz"
    meta = folder / f"{kind}-{key}.json"
    if model.exists() and meta.exists():
        return model, float(json.loads(meta.read_text())["train_seconds"])
    cached = sorted(folder.glob(f"{kind}-*.json"), key=lambda p: p.stat().st_mtime)
    if allow_stale and cached and cached[-1].with_suffix("").with_suffix(".tar.gz").exists():
        if verbose:
            print(f"==> {kind}: data changed since {cached[-1].stem}; using it anyway (stale)")
        return (cached[-1].with_suffix("").with_suffix(".tar.gz"),
                float(json.loads(cached[-1].read_text())["train_seconds"]))
    workdir = Path(tempfile.mkdtemp(prefix=f"bench-train-{kind}-"))
    try:
        config = workdir / "config.yml"
        config.write_text(config_text(kind))
        if verbose:
            print(f"==> training the {kind} model (cold cache; several minutes for default)",
                  flush=True)
        env = {**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3",
               "PYTHONWARNINGS": "ignore"}
        started = time.perf_counter()
        subprocess.run(
            [str(Path(sys.executable).parent / "rasa"), "train", "--config", str(config),
             "--domain", str(ROOT / "domain.yml"), "--data", str(ROOT / "data"),
             "--out", str(workdir / "out"), "--fixed-model-name", kind, "--quiet"],
            cwd=ROOT, env=env, check=True,
            stdout=(workdir / "train.log").open("wb"), stderr=subprocess.STDOUT,
        )
        seconds = time.perf_counter() - started
        shutil.move(str(workdir / "out" / f"{kind}.tar.gz"), str(model) + ".part")
        os.replace(str(model) + ".part", model)
        meta.write_text(json.dumps({"train_seconds": seconds, "load": os.getloadavg()}))
        return model, seconds
    except subprocess.CalledProcessError as exc:
        log = (workdir / "train.log").read_text(errors="replace")[-3000:]
        raise RuntimeError(f"training the {kind} model failed:\n{log}") from exc
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def main(argv: list[str]) -> int:
    for kind in argv or ["project", "default"]:
        model, seconds = trained(kind)
        print(f"{kind}: {model} (trained in {seconds:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
