"""Near-duplicate articles: wire copies and republished stories are one source, not many.

MinHash over word shingles, with locality-sensitive hashing (LSH) bands to find candidates and the
estimated Jaccard similarity of the signatures to confirm them. Everything is deterministic across
processes and machines: words are hashed with crc32 (Python's `hash()` is salted per process) and the
permutations' constants come from blake2b of fixed labels.

The index is incremental: `NearDupIndex.add` answers "is this a copy of something already indexed?" and
then indexes the new article, so a corpus is deduplicated in arrival order and the earliest copy is the
canonical one. Its state is a JSON-serialisable dict, so a resumed ingest continues with the same index.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

__all__ = ["NUM_PERM", "BANDS", "SHINGLE", "THRESHOLD", "EMPTY", "shingle_hashes", "signature", "similarity",
           "NearDupIndex"]

NUM_PERM = 128          # signature length: the standard error of the Jaccard estimate is about 0.035 at J=0.8
BANDS = 32              # 32 bands of 4 rows: a pair at J=0.8 is a candidate with probability ~1.0, at J=0.3 ~0.2
SHINGLE = 5             # words per shingle: short enough to survive light edits, long enough to be specific
THRESHOLD = 0.8         # estimated Jaccard at or above which two articles are copies (see tests/test_dedup.py)
_ROWS = NUM_PERM // BANDS
_MAX = 0xFFFFFFFF
EMPTY: tuple[int, ...] = (_MAX,) * NUM_PERM     # the signature of a text with no words: never a duplicate

_WORD = re.compile(r"\w+", re.UNICODE)


def _constants(label: str) -> np.ndarray:
    """NUM_PERM fixed 32-bit constants derived from `label` (the same on every machine)."""
    out = [int.from_bytes(hashlib.blake2b(f"tacitus-minhash-{label}-{i}".encode(), digest_size=4).digest(),
                          "little") for i in range(NUM_PERM)]
    return np.array(out, dtype=np.uint32)


# x -> (a*x + b) mod 2^32 with odd a is a permutation of the 32-bit values: one per signature slot
_A = _constants("a") | np.uint32(1)
_B = _constants("b")
_ROLL = np.uint64(0x100000001B3)          # the 64-bit FNV prime: mixes the word hashes of a shingle


def shingle_hashes(text: str, size: int = SHINGLE) -> np.ndarray:
    """Sorted distinct 32-bit hashes of the `size`-word shingles of the lowercased words.

    Each word is hashed once (crc32) and a shingle's hash is a polynomial over its words' hashes, which is
    several times faster than hashing the joined shingle strings. A text shorter than `size` words is
    one shingle."""
    words = _WORD.findall(text.lower())
    if not words:
        return np.empty(0, dtype=np.uint32)
    hashed = np.fromiter(map(zlib.crc32, map(str.encode, words)), dtype=np.uint64, count=len(words))
    span = min(size, len(words))
    n = len(words) - span + 1
    with np.errstate(over="ignore"):
        rolled = hashed[:n].copy()
        for j in range(1, span):
            rolled = rolled * _ROLL + hashed[j:j + n]
    folded = (rolled >> np.uint64(32)) ^ (rolled & np.uint64(_MAX))
    return np.unique(folded.astype(np.uint32))


def signature(text: str) -> tuple[int, ...]:
    """The MinHash signature of `text`: NUM_PERM 32-bit ints, the minimum of each permutation over the
    shingle hashes (EMPTY for a text without words)."""
    found = shingle_hashes(text)
    if not len(found):
        return EMPTY
    with np.errstate(over="ignore"):           # unsigned overflow is the mod 2^32
        permuted = np.multiply.outer(_A, found)
        permuted += _B[:, None]
    return tuple(permuted.min(axis=1).tolist())


def similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures (0.0 for empty texts)."""
    if len(a) != len(b):
        raise ValueError(f"signatures of different lengths ({len(a)} and {len(b)})")
    if tuple(a) == EMPTY or tuple(b) == EMPTY:
        return 0.0
    return sum(1 for x, y in zip(a, b) if x == y) / len(a)


class NearDupIndex:
    """MinHash-LSH index of article signatures, in arrival order; the earliest copy is canonical."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self._order: dict[str, int] = {}                      # doc_id -> arrival rank
        self._sigs: dict[str, tuple[int, ...]] = {}
        self._canonical: dict[str, str] = {}                  # doc_id -> canonical doc_id (itself if none)
        self._bands: dict[tuple[int, tuple[int, ...]], list[str]] = {}

    def __len__(self) -> int:
        return len(self._order)

    def canonical(self, doc_id: str) -> str:
        """The canonical copy of an indexed document (itself when it copies nothing earlier)."""
        return self._canonical[doc_id]

    def candidates(self, sig: Sequence[int]) -> list[str]:
        """Indexed documents sharing at least one LSH band with `sig`, in arrival order."""
        sig = tuple(sig)
        found: set[str] = set()
        for band in range(BANDS):
            found.update(self._bands.get((band, sig[band * _ROWS:(band + 1) * _ROWS]), ()))
        return sorted(found, key=self._order.__getitem__)

    def match(self, sig: Sequence[int]) -> str | None:
        """The canonical doc of the earliest indexed near-duplicate of `sig`, or None. Indexes nothing."""
        sig = tuple(sig)
        if len(sig) != NUM_PERM:
            raise ValueError(f"a signature has {NUM_PERM} values, got {len(sig)}")
        if sig == EMPTY:
            return None
        for other in self.candidates(sig):
            if similarity(sig, self._sigs[other]) >= self.threshold:
                return self._canonical[other]
        return None

    def add(self, doc_id: str, sig: Sequence[int]) -> str | None:
        """Index `doc_id`; return the canonical doc it copies, or None. Adding a known id changes nothing."""
        if doc_id in self._order:
            found = self._canonical[doc_id]
            return None if found == doc_id else found
        sig = tuple(int(v) for v in sig)
        found = self.match(sig)
        self._order[doc_id] = len(self._order)
        self._sigs[doc_id] = sig
        self._canonical[doc_id] = found or doc_id
        if sig != EMPTY:
            for band in range(BANDS):
                self._bands.setdefault((band, sig[band * _ROWS:(band + 1) * _ROWS]), []).append(doc_id)
        return found

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, Sequence[int]]], threshold: float = THRESHOLD) -> NearDupIndex:
        """Rebuild from stored (doc_id, signature) pairs in their original arrival order."""
        index = cls(threshold)
        for doc_id, sig in pairs:
            index.add(doc_id, sig)
        return index

    def to_state(self) -> dict[str, Any]:
        """JSON-serialisable state; `from_state` restores an index that answers exactly the same."""
        return {"schema": "tacitus.neardup/1", "num_perm": NUM_PERM, "bands": BANDS, "shingle": SHINGLE,
                "threshold": self.threshold,
                "docs": [[d, list(self._sigs[d]), self._canonical[d]] for d in self._order]}

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> NearDupIndex:
        if (state.get("num_perm"), state.get("bands"), state.get("shingle")) != (NUM_PERM, BANDS, SHINGLE):
            raise ValueError("near-duplicate state was built with other MinHash parameters; rebuild it "
                             "from the documents' texts")
        index = cls(float(state.get("threshold", THRESHOLD)))
        for doc_id, sig, canonical in state["docs"]:
            sig = tuple(int(v) for v in sig)
            index._order[doc_id] = len(index._order)
            index._sigs[doc_id] = sig
            index._canonical[doc_id] = canonical
            if sig != EMPTY:
                for band in range(BANDS):
                    index._bands.setdefault((band, sig[band * _ROWS:(band + 1) * _ROWS]), []).append(doc_id)
        return index
