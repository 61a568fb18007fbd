"""The learned half of the coder: a linear model over parse features of (sentence, source, target).

Trained by `tacitus train` on our own annotated sentences (data/train/*.jsonl) with scikit-learn; shipped
as plain arrays (data/classifier.npz + data/classifier.json) so that coding needs numpy only and the
artefact does not depend on the scikit-learn version. The metadata records the training-data hash,
the spaCy model used for the features, and cross-validated scores.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from ..errors import ModelError
from ..model import PLOVER_TYPES

__all__ = ["NONE", "LABELS", "Classifier", "pair_features", "load_classifier", "training_files",
           "data_hash", "head_of", "dep_path", "ARTEFACT"]

NONE = "NONE"
LABELS = (*PLOVER_TYPES, NONE)
ARTEFACT = "classifier"


def _lemma(t: Token) -> str:
    return t.lemma_.lower()


def head_of(sent: SpacySpan, span: tuple[int, int] | None) -> Token | None:
    """The syntactic head of the tokens covering character span `span` (doc offsets)."""
    if span is None:
        return None
    toks = [t for t in sent if t.idx < span[1] and t.idx + len(t) > span[0]]
    if not toks:
        return None
    inside = {t.i for t in toks}
    heads = [t for t in toks if t.head.i not in inside or t.head.i == t.i]
    return heads[0] if heads else toks[0]


def dep_path(a: Token, b: Token) -> tuple[list[Token], Token]:
    """Tokens strictly between a and b on the dependency tree, and their lowest common ancestor."""
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    ids_b = {t.i for t in up_b}
    lca = next((t for t in up_a if t.i in ids_b), up_a[-1])
    left = [t for t in up_a[1:] if t.i != lca.i and t.i not in ids_b]
    right = [t for t in up_b[1:] if t.i != lca.i and t.i not in {x.i for x in up_a}]
    return left + right, lca


def pair_features(sent: SpacySpan, source: tuple[int, int] | None, target: tuple[int, int] | None,
                  anchor: Token | None = None) -> dict[str, float]:
    """Indicator features of one candidate relation: words, dependency path, roles (value 1.0 each;
    the dict form leaves room for weighted features). `anchor` (the trigger) stands in for a missing
    participant."""
    feats = [f"w:{_lemma(t)}" for t in sent if t.is_alpha and not t.is_stop]
    feats += [f"v:{_lemma(t)}" for t in sent if t.pos_ == "VERB"]
    feats += [f"neg:{_lemma(t.head)}" for t in sent if t.dep_ == "neg"]
    src, tgt = head_of(sent, source) or anchor, head_of(sent, target) or anchor
    if src is None and tgt is None:
        src = tgt = sent.root
    src, tgt = src or tgt, tgt or src
    between, lca = dep_path(src, tgt)
    feats += [f"p:{_lemma(t)}" for t in between]
    feats += [f"pd:{t.dep_}:{_lemma(t)}" for t in between if t.pos_ in {"VERB", "NOUN", "ADP"}]
    feats.append(f"lca:{_lemma(lca)}")
    feats.append(f"lcap:{lca.pos_}")
    feats += [f"lcac:{c.dep_}:{_lemma(c)}" for c in lca.children if c.dep_ in {"prep", "prt", "dobj", "xcomp", "neg"}]
    feats.append(f"sdep:{src.dep_}")
    feats.append(f"tdep:{tgt.dep_}")
    lo, hi = sorted((src.i, tgt.i))
    feats += [f"b:{_lemma(t)}" for t in sent.doc[lo + 1:hi] if t.is_alpha and not t.is_stop]
    if anchor is not None:
        feats.append(f"a:{_lemma(anchor)}")
    return dict.fromkeys(feats, 1.0)


@dataclass(frozen=True)
class Classifier:
    vocab: dict[str, int]
    coef: np.ndarray          # (n_labels, n_features)
    intercept: np.ndarray     # (n_labels,)
    labels: tuple[str, ...]
    meta: dict[str, Any]

    @property
    def version(self) -> str:
        return f"tacitus-linear-{self.meta.get('data_sha256', '')[:8]}"

    def proba(self, features: dict[str, float]) -> dict[str, float]:
        known = [(self.vocab[f], v) for f, v in features.items() if f in self.vocab]
        scores = self.intercept.copy()
        if known:
            idx, values = zip(*known)
            scores += self.coef[:, list(idx)] @ np.asarray(values, dtype=np.float32)
        scores = scores - scores.max()
        exp = np.exp(scores)
        probs = exp / exp.sum()
        return {label: float(p) for label, p in zip(self.labels, probs)}

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        names = sorted(self.vocab, key=self.vocab.get)
        np.savez_compressed(folder / f"{ARTEFACT}.npz", coef=self.coef.astype(np.float16),
                            intercept=self.intercept.astype(np.float32))
        (folder / f"{ARTEFACT}.json").write_text(
            json.dumps({"labels": list(self.labels), "features": names, "meta": self.meta}, indent=0) + "\n",
            encoding="utf-8")


def _from_files(npz: Any, meta_text: str) -> Classifier:
    meta = json.loads(meta_text)
    with np.load(npz) as arrays:
        coef = arrays["coef"].astype(np.float32)
        intercept = arrays["intercept"].astype(np.float32)
    vocab = {name: i for i, name in enumerate(meta["features"])}
    return Classifier(vocab, coef, intercept, tuple(meta["labels"]), meta["meta"])


@lru_cache(maxsize=4)
def load_classifier(folder: str | None = None) -> Classifier:
    """The shipped artefact, or one trained into `folder`."""
    try:
        if folder:
            base = Path(folder)
            return _from_files(base / f"{ARTEFACT}.npz", (base / f"{ARTEFACT}.json").read_text("utf-8"))
        data = resources.files("tacitus.data")
        with resources.as_file(data.joinpath(f"{ARTEFACT}.npz")) as npz:
            return _from_files(npz, data.joinpath(f"{ARTEFACT}.json").read_text("utf-8"))
    except (OSError, KeyError, ValueError) as exc:
        raise ModelError(f"trained classifier missing or unreadable ({exc}); run `tacitus train`") from exc


def training_files(folder: Path | None = None) -> list[Path]:
    if folder is None:
        with resources.as_file(resources.files("tacitus.data").joinpath("train")) as path:
            folder = Path(path)
    files = sorted(folder.glob("*.jsonl"))
    if not files:
        raise ModelError(f"no training files (*.jsonl) in {folder}")
    return files


def data_hash(files: list[Path]) -> str:
    digest = hashlib.sha256()
    for file in files:
        digest.update(file.name.encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()
