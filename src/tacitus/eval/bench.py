"""`tacitus bench`: the full pipeline against a bare spaCy `nlp.pipe`, on the same articles, in one run.

Each side runs in a fresh child process (spawned one after the other), so that its peak memory
(ru_maxrss) is its own and neither warms the other's caches. The model load is timed separately and
left out of the throughput; the first batch warms up.
"""

from __future__ import annotations

import gzip
import json
import multiprocessing as mp
import resource
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import EvalDataMissing, InputError
from ..settings import Settings

__all__ = ["BenchResult", "run_bench", "load_corpus"]


def load_corpus(path: Path, n: int) -> list[dict[str, Any]]:
    files = sorted(path.glob("*.jsonl.gz")) + sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    out: list[dict[str, Any]] = []
    for file in files:
        opener = gzip.open if file.suffix == ".gz" else open
        with opener(file, "rt", encoding="utf-8") as fh:
            for line in fh:
                record = json.loads(line)
                if isinstance(record.get("text"), str) and record["text"].strip():
                    out.append(record)
                if len(out) >= n:
                    return out
    return out


def _measure(kind: str, records: list[dict[str, Any]], settings: Settings, queue: Any) -> None:
    t0 = time.perf_counter()
    if kind == "spacy":
        from ..stages.parse import load_nlp

        nlp = load_nlp(settings.spacy_model)
        texts = [r["text"] for r in records]
        load_s = time.perf_counter() - t0
        list(nlp.pipe(texts[:5]))                       # warm-up
        t1 = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=settings.batch_size):
            pass
        events = 0
    else:
        from ..actors.kb import load_kb
        from ..pipeline import Pipeline
        from ..places.gazetteer import Gazetteer
        from ..stages.ingest import article_from_record

        loads = {}
        for name, load in (("kb", load_kb), ("gazetteer", lambda: Gazetteer.load(settings))):
            started = time.perf_counter()
            load()                                      # cold in this fresh process (the gazetteer from disk)
            loads[name] = time.perf_counter() - started
        pipe = Pipeline(settings)
        articles = [article_from_record(r, "bench") for r in records]
        load_s = time.perf_counter() - t0
        list(pipe.run(articles[:5]))
        pipe.timings.clear()
        t1 = time.perf_counter()
        events = sum(len(r.events) for r in pipe.run(articles))
        stages = {f"stage_{k}_ms": 1000 * v / len(articles) for k, v in pipe.timings.items()}
    elapsed = time.perf_counter() - t1
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {"seconds": elapsed, "load_seconds": load_s, "peak_mb": peak_mb, "events": events}
    if kind != "spacy":
        result.update({"kb_load_seconds": loads["kb"], "gazetteer_load_seconds": loads["gazetteer"], **stages})
    queue.put(result)


@dataclass(frozen=True)
class BenchResult:
    articles: int
    words: int
    spacy: dict[str, float]
    pipeline: dict[str, float]
    corpus: str

    @property
    def ratio(self) -> float:
        return self.pipeline["seconds"] / self.spacy["seconds"] if self.spacy["seconds"] else float("nan")

    def as_dict(self) -> dict[str, Any]:
        def rates(side: dict[str, float]) -> dict[str, float]:
            return {**{k: round(v, 3) for k, v in side.items()},
                    "articles_per_s": round(self.articles / side["seconds"], 2),
                    "words_per_s": round(self.words / side["seconds"], 1)}

        return {"corpus": self.corpus, "articles": self.articles, "words": self.words,
                "bare_spacy": rates(self.spacy), "pipeline": rates(self.pipeline),
                "pipeline_over_spacy_time": round(self.ratio, 3)}

    def render(self) -> str:
        d = self.as_dict()
        rows = [f"tacitus bench: {self.articles} articles, {self.words} words from {self.corpus}",
                f"  {'':14}{'articles/s':>11}{'words/s':>10}{'seconds':>9}{'peak MB':>9}{'load s':>8}"]
        for name, key in (("bare nlp.pipe", "bare_spacy"), ("full pipeline", "pipeline")):
            s = d[key]
            rows.append(f"  {name:14}{s['articles_per_s']:11.2f}{s['words_per_s']:10.0f}{s['seconds']:9.2f}"
                        f"{s['peak_mb']:9.0f}{s['load_seconds']:8.2f}")
        rows.append(f"  pipeline time / bare spaCy time = {self.ratio:.2f}  "
                    f"({d['pipeline']['events']:.0f} events)")
        p = self.pipeline
        if "kb_load_seconds" in p:
            rows.append(f"  loads: actor KB {p['kb_load_seconds']:.2f} s, gazetteer {p['gazetteer_load_seconds']:.2f} s"
                        " (each cold, in a fresh process)")
            stages = {k[6:-3]: v for k, v in p.items() if k.startswith("stage_")}
            rows.append("  per article, ms: " + "  ".join(f"{k} {v:.1f}" for k, v in stages.items()))
        return "\n".join(rows) + "\n"


def run_bench(n_articles: int = 300, corpus: str | None = None, settings: Settings | None = None) -> BenchResult:
    settings = settings or Settings()
    if n_articles < 1:
        raise InputError("--articles must be at least 1")
    if corpus:
        path = Path(corpus)
    else:
        from . import shared_dir

        path = shared_dir(settings) / "corpora" / "allsides_article_bias"
    if not path.exists():
        raise EvalDataMissing(f"benchmark corpus not found: {path}")
    records = load_corpus(path, n_articles)
    if not records:
        raise InputError(f"no articles with text in {path}")
    words = sum(len(r["text"].split()) for r in records)
    ctx = mp.get_context("spawn")
    sides = {}
    for kind in ("spacy", "pipeline"):
        queue = ctx.Queue()
        proc = ctx.Process(target=_measure, args=(kind, records, settings, queue))
        proc.start()
        sides[kind] = queue.get()
        proc.join()
    return BenchResult(len(records), words, sides["spacy"], sides["pipeline"], str(path))
