"""`tacitus train`: fit the classifier on our own annotated sentences, with cross-validated scores.

Deterministic: same data + same spaCy model -> same artefact. Needs scikit-learn (the `train` extra),
which coding itself does not.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputError, ModelError
from ..model import PLOVER_TYPES
from .classifier import LABELS, NONE, Classifier, data_hash, pair_features, training_files

__all__ = ["Example", "load_examples", "train"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Example:
    text: str
    label: str
    source: tuple[int, int] | None
    target: tuple[int, int] | None
    trigger: tuple[int, int] | None
    origin: str


def _find(text: str, value: str | None, where: str) -> tuple[int, int] | None:
    if not value:
        return None
    start = text.find(value)
    if start < 0:
        raise InputError(f"{where}: {value!r} is not in the text")
    return start, start + len(value)


def load_examples(files: list[Path]) -> list[Example]:
    out = []
    for file in files:
        for n, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            where = f"{file.name}:{n}"
            rec = json.loads(line)
            label = rec.get("event_type") or NONE
            if label not in LABELS:
                raise InputError(f"{where}: unknown event_type {label!r}")
            text = rec["text"]
            actors, recipients = rec.get("actor") or [], rec.get("recipient") or []
            out.append(Example(text, label, _find(text, actors[0] if actors else None, where),
                               _find(text, recipients[0] if recipients else None, where),
                               _find(text, rec.get("trigger"), where), where))
    return out


def _features(nlp: Any, examples: list[Example]) -> list[dict[str, float]]:
    rows = []
    for ex, doc in zip(examples, nlp.pipe([e.text for e in examples], batch_size=64)):
        sent = doc[:]
        anchor = None
        if ex.trigger:
            anchor = next((t for t in doc if t.idx >= ex.trigger[0]), None)
        source, target = ex.source, ex.target
        if ex.label == NONE and source is None and target is None:
            # No-event sentences still offer candidate pairs: their first and last noun phrases.
            chunks = list(doc.noun_chunks)
            if len(chunks) >= 2:
                source = (chunks[0].start_char, chunks[0].end_char)
                target = (chunks[-1].start_char, chunks[-1].end_char)
        rows.append(pair_features(sent, source, target, anchor))
    return rows


def train(nlp: Any, data_dir: Path | None = None, folds: int = 5, c_values: tuple[float, ...] = (1.0, 2.0, 4.0, 8.0),
          parser_version: str = "") -> Classifier:
    try:
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.metrics import accuracy_score, f1_score
        from sklearn.model_selection import StratifiedKFold, cross_val_predict
    except ImportError as exc:
        raise ModelError("training needs scikit-learn: pip install 'tacitus[train]'") from exc
    files = training_files(data_dir)
    examples = load_examples(files)
    labels = [e.label for e in examples]
    missing = [t for t in PLOVER_TYPES if t not in labels]
    if missing:
        raise InputError(f"training data has no examples of {', '.join(missing)}")
    rows = _features(nlp, examples)
    vec = DictVectorizer()
    x = vec.fit_transform(rows)
    y = np.array(labels)
    cv = StratifiedKFold(n_splits=folds, shuffle=True, random_state=13)
    best: tuple[float, float, float] | None = None
    scores: dict[str, Any] = {}
    for c in c_values:
        model = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
        pred = cross_val_predict(model, x, y, cv=cv)
        macro = f1_score(y, pred, average="macro")
        scores[f"C={c}"] = {"accuracy": round(accuracy_score(y, pred), 4), "macro_f1": round(macro, 4)}
        log.info("C=%s: cv accuracy %.3f macro-F1 %.3f", c, accuracy_score(y, pred), macro)
        if best is None or macro > best[1]:
            best = (c, macro, accuracy_score(y, pred))
    assert best is not None
    model = LogisticRegression(C=best[0], max_iter=3000, class_weight="balanced").fit(x, y)
    order = [list(model.classes_).index(label) for label in LABELS]
    coef = model.coef_[order]
    keep = np.abs(coef).max(axis=0) >= 1e-3          # drop features the model gave no weight
    names = np.array(vec.get_feature_names_out())[keep]
    counts = {label: labels.count(label) for label in LABELS}
    meta = {
        "data_sha256": data_hash(files), "files": [f.name for f in files], "examples": len(examples),
        "label_counts": counts, "features": int(keep.sum()), "C": best[0], "folds": folds,
        "cv_macro_f1": round(best[1], 4), "cv_accuracy": round(best[2], 4), "cv_grid": scores,
        "parser": parser_version,
    }
    return Classifier({n: i for i, n in enumerate(names)}, coef[:, keep].astype(np.float32),
                      model.intercept_[order].astype(np.float32), LABELS, meta)
