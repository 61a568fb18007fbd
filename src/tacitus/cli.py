"""The command line: a thin edge over the Python API. Errors become one-line messages and exit codes here.

Exit codes: 0 all inputs coded; 3 some inputs were rejected (their reject lines are in the output);
2 bad arguments or unreadable input paths; 4 a model or evaluation set is missing; 1 anything else.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from . import __version__
from .errors import EvalDataMissing, InputError, ModelError, TacitusError

__all__ = ["main"]

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_REJECTS, EXIT_MISSING = 0, 1, 2, 3, 4
_EVAL_NAMES = ("plv-train", "petrarch2-validation", "meantime", "factuality", "ngec", "tempeval3-platinum",
               "geoparsing-gritta", "event-location-halterman", "ecbplus", "basil", "roundups")

_DESCRIPTION = """\
Tacitus reads news articles and writes political event records (PLOVER types, with CAMEO, QuadClass and
Goldstein for GDELT users): who did what to whom, tied to the exact sentence and words that say so."""

_CODE_EPILOG = """\
inputs: .txt (first line = headline), .html, .json/.jsonl ({"text": ..., "id", "title", "url", "outlet",
"published"}), folders of those, or - for standard input.

output (JSON Lines, ../shared/spec/event-record.md): one tacitus.event/1 line per event; one
tacitus.reject/1 line per input that is not an article (empty, binary, not English) with the reason;
with --with-docs, one tacitus.doc/1 line per article, whose "text" every start/end offset indexes.
Every event carries modality.factuality (asserted, reported, hedged, negated, hypothetical, future,
historical), modality.marks (the other classes that also apply), modality.speaker, and counts.

exit codes: 0 all coded, 3 some inputs rejected, 2 bad arguments or paths, 4 missing model, 1 other.

examples:
  tacitus code article.txt --published 2021-09-02
  tacitus code corpus/ --format table
  cat articles.jsonl | tacitus code - --with-docs > events.jsonl"""


def _parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="tacitus", description=_DESCRIPTION,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    root.add_argument("--version", action="version", version=f"tacitus {__version__}")
    root.add_argument("--config", help="settings file (default: ./tacitus.toml when present)")
    root.add_argument("-v", "--verbose", action="store_true", help="log what the stages do (stderr)")
    sub = root.add_subparsers(dest="command", metavar="COMMAND")

    code = sub.add_parser("code", help="code articles into event records",
                          description="Code news articles into PLOVER event records.", epilog=_CODE_EPILOG,
                          formatter_class=argparse.RawDescriptionHelpFormatter)
    code.add_argument("paths", nargs="+", metavar="PATH", help="file, folder, or - for stdin")
    code.add_argument("--published", metavar="YYYY-MM-DD",
                      help="article date for inputs that do not give one")
    code.add_argument("--format", choices=("jsonl", "table"), default="jsonl",
                      help="jsonl (the contract, default) or a table for reading")
    code.add_argument("--with-docs", action="store_true", help="also emit each cleaned article (tacitus.doc/1)")
    code.add_argument("--min-confidence", type=float, metavar="C", help="drop events below C (default 0.3)")
    code.add_argument("--facts-only", action="store_true",
                      help="keep only events the text asserts or reports as fact (drop hedged, negated, "
                           "hypothetical, future and historical ones)")
    code.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    code.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")

    train = sub.add_parser("train", help="train the event classifier on our annotated sentences",
                           description="Train the classifier on data/train/*.jsonl (or --data) and write the "
                                       "artefact the coder loads. Needs scikit-learn.")
    train.add_argument("--data", metavar="DIR", help="folder of training .jsonl files (default: the package's)")
    train.add_argument("--out", metavar="DIR", help="where to write classifier.npz/.json (default: the package)")

    ev = sub.add_parser("eval", help="score the engine on a development set in ../shared/eval",
                        description="Score Tacitus on a public development set. Sets: " + ", ".join(_EVAL_NAMES))
    ev.add_argument("name", help=" | ".join(_EVAL_NAMES))
    ev.add_argument("--errors", action="store_true", help="list the misses")
    ev.add_argument("--limit", type=int, metavar="N", help="only the first N items (quick checks)")
    ev.add_argument("--json", action="store_true", help="print the scores as JSON")

    bench = sub.add_parser("bench", help="measure speed and memory against a bare spaCy parse",
                           description="Full pipeline vs bare nlp.pipe on the same articles, side by side.")
    bench.add_argument("--articles", type=int, default=300, metavar="N", help="how many articles (default 300)")
    bench.add_argument("--corpus", metavar="PATH",
                       help="a .jsonl(.gz) corpus (default: ../shared/corpora/allsides_article_bias)")
    bench.add_argument("--json", action="store_true", help="print the measurements as JSON")

    ing = sub.add_parser("ingest", help="code articles into the corpus store (idempotent, resumable)",
                         description="Code files, folders, .jsonl(.gz) and RSS/Atom feeds into a DuckDB store. "
                                     "Inputs already stored (same text or URL) are skipped; an interrupted run "
                                     "continues where it stopped. Wire copies are linked and events clustered "
                                     "across outlets.")
    ing.add_argument("paths", nargs="+", metavar="PATH", help="file, folder, feed, or - for stdin")
    ing.add_argument("--db", metavar="FILE", help="the store (default: ./tacitus.duckdb, setting `store`)")
    ing.add_argument("--published", metavar="YYYY-MM-DD", help="article date for inputs that do not give one")
    ing.add_argument("--limit", type=int, metavar="N", help="only the first N inputs")
    ing.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    ing.add_argument("--json", action="store_true", help="print the run's report as JSON")

    show = sub.add_parser("show", help="one real-world event: its sources and what they agree on",
                          description="Show a cluster (a real-world event): its sources and, field by field, "
                                      "what they agree and disagree on.")
    show.add_argument("cluster", metavar="CLUSTER_ID", help="a cluster id, or a unique prefix of one")
    show.add_argument("--db", metavar="FILE", help="the store (default: ./tacitus.duckdb)")
    show.add_argument("--json", action="store_true", help="print the tacitus.cluster/1 record")

    exp = sub.add_parser("export", help="write the store as jsonl, csv, parquet or GDELT rows",
                         description="Export events (one row per mention, with its cluster) or clusters (one "
                                     "row per real-world event). gdelt: the GDELT 2.0 event-table columns in "
                                     "order, tab-separated with a header, then ours.")
    exp.add_argument("--format", choices=("jsonl", "csv", "parquet", "gdelt"), default="jsonl")
    exp.add_argument("--per", choices=("event", "cluster"), default="event")
    exp.add_argument("--db", metavar="FILE", help="the store (default: ./tacitus.duckdb)")
    exp.add_argument("-o", "--output", metavar="FILE", help="write here (needed for parquet)")
    return root


def _settings(args: argparse.Namespace, **overrides: object):
    from .settings import load_settings

    return load_settings(args.config, **overrides)


def _party(parts: list[dict]) -> str:
    """"US Army General Mark Milley USA/MIL": the mention with its codes, where known."""
    def one(p: dict) -> str:
        codes = "/".join(c for c in (p["country"], p["sector"]) if c)
        return f"{p['text']} {codes}" if codes else p["text"]
    return ", ".join(one(p) for p in parts) or "-"


def _table_row(event: dict) -> str:
    who, whom = _party(event["actor"]), _party(event["recipient"])
    kind = event["event_type"] + (f"/{event['mode']}" if event["mode"] else "")
    modality = event["modality"]
    fact = "+".join([modality["factuality"] or "-", *(m[:3] for m in modality.get("marks", []))])
    where = (event["location"] or {}).get("name") or "-"
    when = (event["date"] or "-") + ("~" if event["date_precision"] not in (None, "day") else "")
    return (f"{event['doc_id'][:16]:16}  {kind:22}  {who[:32]:32} -> {whom[:32]:32}  {where[:14]:14}  "
            f"{when:11}  {event['evidence']['trigger']['text'][:16]:16}  {fact[:14]:14}  {event['confidence']:.2f}")


def _cmd_code(args: argparse.Namespace, out: TextIO) -> int:
    from tqdm import tqdm

    from .api import code_paths
    from .stages.modality import FACTS

    settings = _settings(args, min_confidence=args.min_confidence)
    results = code_paths(args.paths, args.published, settings)
    progress = tqdm(results, unit="doc", file=sys.stderr, disable=args.no_progress or None,
                    desc="coding", dynamic_ncols=True)
    rejected = n_events = 0
    if args.format == "table":
        out.write(f"{'doc':16}  {'event':22}  {'actor':32} -> {'recipient':32}  {'where':14}  "
                  f"{'when (~ approx)':11}  {'trigger':16}  {'factuality':14}  conf\n")
    for result in progress:
        if result.reject is not None:
            rejected += 1
            if args.format == "jsonl":
                out.write(json.dumps(result.reject.to_dict(), ensure_ascii=False) + "\n")
            else:
                out.write(f"{result.reject.doc_id[:16]:16}  REJECTED: {result.reject.reason}\n")
        if result.doc is not None and args.with_docs and args.format == "jsonl":
            out.write(json.dumps(result.doc.to_dict(), ensure_ascii=False) + "\n")
        for event in result.events:
            if args.facts_only and event.factuality not in FACTS:
                continue
            n_events += 1
            record = event.to_dict()
            out.write((json.dumps(record, ensure_ascii=False) if args.format == "jsonl" else _table_row(record))
                      + "\n")
    progress.close()
    logging.getLogger("tacitus").info("%d events, %d rejected inputs", n_events, rejected)
    return EXIT_REJECTS if rejected else EXIT_OK


def _cmd_train(args: argparse.Namespace, out: TextIO) -> int:
    from importlib import resources

    from .coder.train import train
    from .stages.parse import Parser

    parser = Parser(_settings(args))
    clf = train(parser.nlp, Path(args.data) if args.data else None, parser_version=parser.version)
    if args.out:
        target = Path(args.out)
    else:
        with resources.as_file(resources.files("tacitus.data")) as path:
            target = Path(path)
    clf.save(target)
    meta = clf.meta
    out.write(f"trained on {meta['examples']} sentences (sha256 {meta['data_sha256'][:12]}), "
              f"{meta['features']} features, C={meta['C']}\n"
              f"{meta['folds']}-fold cross-validation on our own data: accuracy {meta['cv_accuracy']:.3f}, "
              f"macro-F1 {meta['cv_macro_f1']:.3f}\nwrote {target}/classifier.npz and classifier.json\n")
    return EXIT_OK


def _cmd_eval(args: argparse.Namespace, out: TextIO) -> int:
    from .eval import run_eval

    report = run_eval(args.name, settings=_settings(args), limit=args.limit)
    out.write(json.dumps(report.as_dict(), indent=2) + "\n" if args.json else report.render(errors=args.errors))
    return EXIT_OK


def _cmd_bench(args: argparse.Namespace, out: TextIO) -> int:
    from .eval.bench import run_bench

    result = run_bench(n_articles=args.articles, corpus=args.corpus, settings=_settings(args))
    out.write(json.dumps(result.as_dict(), indent=2) + "\n" if args.json else result.render())
    return EXIT_OK


def _cmd_ingest(args: argparse.Namespace, out: TextIO) -> int:
    from tqdm import tqdm

    from .api import ingest

    settings = _settings(args, store=args.db)
    progress = None if args.no_progress else (
        lambda items: tqdm(items, unit="doc", file=sys.stderr, desc="ingest", dynamic_ncols=True))
    report = ingest(args.paths, settings.store, settings, args.published, progress, args.limit)
    out.write(json.dumps(report.as_dict(), indent=2) + "\n" if args.json else report.render())
    return EXIT_REJECTS if report.rejects else EXIT_OK


def _cmd_show(args: argparse.Namespace, out: TextIO) -> int:
    from .api import open_corpus
    from .corpus.show import render_cluster

    settings = _settings(args, store=args.db)
    with open_corpus(settings.store) as corpus:
        matches = corpus.store.find_clusters(args.cluster)
        if len(matches) != 1:
            raise InputError(f"no cluster {args.cluster!r}" if not matches else
                             f"{args.cluster!r} matches {len(matches)} clusters; give more of the id")
        record = corpus.cluster(matches[0])
        events = corpus.store.events_in_clusters([matches[0]])
    out.write(json.dumps(record, indent=2, ensure_ascii=False) + "\n" if args.json
              else render_cluster(record, events))
    return EXIT_OK


def _cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    from .api import export

    settings = _settings(args, store=args.db)
    n = export(args.format, args.per, settings.store, out=out, path=args.output, settings=settings)
    print(f"tacitus: exported {n} {args.per}s", file=sys.stderr)
    return EXIT_OK


_COMMANDS = {"code": _cmd_code, "train": _cmd_train, "eval": _cmd_eval, "bench": _cmd_bench,
             "ingest": _cmd_ingest, "show": _cmd_show, "export": _cmd_export}


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="tacitus: %(levelname)s: %(message)s")
    out_path = getattr(args, "output", None) if args.command != "export" else None   # export writes its own
    try:
        if out_path:
            with open(out_path, "w", encoding="utf-8") as out:
                return _COMMANDS[args.command](args, out)
        return _COMMANDS[args.command](args, sys.stdout)
    except InputError as exc:
        print(f"tacitus: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (ModelError, EvalDataMissing) as exc:
        print(f"tacitus: {exc}", file=sys.stderr)
        return EXIT_MISSING
    except TacitusError as exc:
        print(f"tacitus: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
