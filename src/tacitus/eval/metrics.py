"""Scores shared by the evaluation loaders: per-class P/R/F1, macro-F1, confusion, reliability."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ClassScores", "classification", "reliability", "calibration_error", "Report"]

NONE = "NONE"


@dataclass(frozen=True)
class ClassScores:
    labels: tuple[str, ...]
    per_class: dict[str, dict[str, float]]
    macro_f1: float
    accuracy: float
    n: int
    confusion: dict[str, dict[str, int]]

    def as_dict(self) -> dict[str, Any]:
        return {"n": self.n, "accuracy": round(self.accuracy, 4), "macro_f1": round(self.macro_f1, 4),
                "per_class": self.per_class, "confusion": self.confusion}

    def render(self, title: str) -> str:
        lines = [f"{title}: n={self.n}  accuracy={self.accuracy:.3f}  macro-F1={self.macro_f1:.3f}",
                 f"  {'class':10} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6} {'pred':>6}"]
        for label in self.labels:
            s = self.per_class[label]
            lines.append(f"  {label:10} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} "
                         f"{int(s['support']):6d} {int(s['predicted']):6d}")
        cols = [lab for lab in self.labels if any(self.confusion[g].get(lab) for g in self.confusion)]
        cols += [NONE] if any(self.confusion[g].get(NONE) for g in self.confusion) and NONE not in cols else []
        lines.append("  confusion (rows gold, columns predicted):")
        lines.append("  " + " " * 10 + "".join(f"{c[:5]:>6}" for c in cols))
        for gold in self.labels:
            if gold in self.confusion:
                row = self.confusion[gold]
                lines.append(f"  {gold:10}" + "".join(f"{row.get(c, 0) or '.':>6}" for c in cols))
        return "\n".join(lines)


def classification(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str] | None = None) -> ClassScores:
    """Per-class scores over the gold classes; a NONE prediction is a miss for recall, never a class."""
    labels = tuple(labels or sorted(set(gold) - {NONE}))
    confusion: dict[str, Counter] = {}
    for g, p in zip(gold, pred):
        confusion.setdefault(g, Counter())[p] += 1
    per_class, f1s = {}, []
    for label in labels:
        tp = sum(1 for g, p in zip(gold, pred) if g == p == label)
        n_pred = sum(1 for p in pred if p == label)
        n_gold = sum(1 for g in gold if g == label)
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[label] = {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
                            "support": n_gold, "predicted": n_pred}
        if n_gold:
            f1s.append(f1)
    accuracy = sum(1 for g, p in zip(gold, pred) if g == p) / len(gold) if gold else 0.0
    return ClassScores(labels, per_class, sum(f1s) / len(f1s) if f1s else 0.0, accuracy, len(gold),
                       {g: dict(c) for g, c in confusion.items()})


def reliability(confidences: Sequence[float], correct: Sequence[bool], bins: int = 5) -> list[dict[str, float]]:
    """Of predictions with confidence in each bin, how many were right (a calibrated model: about the bin)."""
    rows = []
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        idx = [i for i, c in enumerate(confidences) if lo <= c < hi or (b == bins - 1 and c == 1.0)]
        if idx:
            rows.append({"bin": f"{lo:.1f}-{hi:.1f}", "n": len(idx),
                         "mean_confidence": round(sum(confidences[i] for i in idx) / len(idx), 3),
                         "accuracy": round(sum(correct[i] for i in idx) / len(idx), 3)})
    return rows


def calibration_error(rows: list[dict[str, float]]) -> float:
    """Expected calibration error: the n-weighted gap between confidence and accuracy over the bins."""
    total = sum(r["n"] for r in rows)
    return sum(r["n"] * abs(r["accuracy"] - r["mean_confidence"]) for r in rows) / total if total else 0.0


def _render_reliability(rows: list[dict[str, float]]) -> str:
    out = [f"  {'confidence':12} {'n':>5} {'mean conf':>10} {'accuracy':>9}"]
    out += [f"  {r['bin']:12} {r['n']:5d} {r['mean_confidence']:10.3f} {r['accuracy']:9.3f}" for r in rows]
    return "\n".join(out)


@dataclass
class Report:
    name: str
    n: int
    sections: dict[str, ClassScores] = field(default_factory=dict)
    reliabilities: dict[str, list[dict[str, float]]] = field(default_factory=dict)
    figures: dict[str, float] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "n": self.n, "figures": self.figures,
                "sections": {k: v.as_dict() for k, v in self.sections.items()},
                "reliability": self.reliabilities, "notes": self.notes}

    def render(self, errors: bool = False) -> str:
        parts = [f"== {self.name} (n={self.n})"]
        parts += [f"  {note}" for note in self.notes]
        parts += [f"  {k}: {v}" for k, v in self.figures.items()]
        for title, scores in self.sections.items():
            parts.append(scores.render(title))
        for title, rows in self.reliabilities.items():
            parts.append(f"reliability of confidence, {title} (expected calibration error "
                         f"{calibration_error(rows):.3f}):")
            parts.append(_render_reliability(rows))
        if errors:
            parts.append(f"errors ({len(self.errors)}):")
            parts += [f"  {e}" for e in self.errors]
        return "\n".join(parts) + "\n"
