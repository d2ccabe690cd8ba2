"""The ``lessons`` command.

    lessons run WORKSHOP.yml --out DIR        the whole pipeline for one workshop
    lessons themes TABLE --text-column COL    themes for any table of Thai short texts
    lessons redact FILE                       print a text file with personal data redacted

Bad input gives exit code 2 and one line naming the file and the problem.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .config import DEFAULT_SEED, ensure_offline


def _k(value: str):
    if value == "auto":
        return "auto"
    try:
        k = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError("use a whole number or 'auto'") from None
    if k < 2:
        raise argparse.ArgumentTypeError("k must be at least 2")
    return k


SEED_MAX = 2**32 - 1  # numpy's RandomState takes seeds in 0 .. 2**32 - 1


def _seed(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a whole number") from None
    if not 0 <= n <= SEED_MAX:
        raise argparse.ArgumentTypeError(f"{value} is out of range: use a whole number from 0 to {SEED_MAX:,}")
    return n


def _limit(value: str) -> tuple[str, int]:
    from .readers.limits import parse_limit_option

    try:
        return parse_limit_option(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _formats(value: str):
    from .report import parse_formats

    try:
        return parse_formats(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _sizes(value: str) -> list[int]:
    try:
        sizes = [int(v.replace("_", "")) for v in value.split(",") if v.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r}: give sizes as whole numbers, for example 10000,100000") from None
    if not sizes or min(sizes) < 100:
        raise argparse.ArgumentTypeError(f"{value!r}: every size must be at least 100 statements")
    return sizes


def _limits_help() -> str:
    from .readers.limits import Limits

    d = Limits()
    return "raise a bound on input size, as NAME=VALUE (repeatable): " + "; ".join(
        f"{k} ({v}, default {getattr(d, k):,})" for k, v in Limits.HELP.items())


class _Parser(argparse.ArgumentParser):
    """argparse, with its usage errors on one line (exit code 2, as for a bad file)."""

    def error(self, message):  # pragma: no cover - exercised through the CLI tests
        self.exit(2, f"lessons: error: {' '.join(message.split())} (see 'lessons {self.prog.split()[-1]} --help')\n"
                  if " " in self.prog else f"lessons: error: {' '.join(message.split())} (see 'lessons --help')\n")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="lessons",
        description="Thai lessons-learned workspace: read workshop records, redact personal data, "
                    "tokenize Thai, find recurring obstacles by theme, write tables for reports.",
    )
    from . import __version__

    p.add_argument("--version", action="version", version=f"lessons {__version__}")
    p.add_argument("--debug", action="store_true", help="show the Python traceback of an unexpected error, and warnings")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    r = sub.add_parser("run", help="run the whole pipeline on a workshop.yml and write its outputs",
                       description="Read every file named in WORKSHOP.yml, redact, split into clauses, tokenize, "
                                   "find statement kinds and themes, and write the tables, word cloud and "
                                   "manifest.json into --out.")
    r.add_argument("workshop", type=Path, help="the workshop manifest (workshop.yml)")
    r.add_argument("--out", type=Path, required=True,
                   help="output folder: created, or replaced as a whole if an earlier run wrote it; never the "
                        "workshop folder or a folder holding other files")
    r.add_argument("--seed", type=_seed, default=DEFAULT_SEED, help=f"random seed, 0 to {SEED_MAX} (default {DEFAULT_SEED})")
    r.add_argument("--k", type=_k, default="auto", help="number of discovered themes, or 'auto' (default)")
    r.add_argument("--engine", choices=["nlpo3", "newmm"], default="nlpo3", help="word segmentation engine")
    r.add_argument("--no-themes", action="store_true", help="skip theme discovery (faster)")
    r.add_argument("--themes-method", choices=["model", "stream"], default="model",
                   help="'model' (default): the full theme model; 'stream': hashing + MiniBatchKMeans, what --dask uses")
    r.add_argument("--dask", metavar="ADDRESS", default=None,
                   help="run the per-text steps on Dask: 'local' (a cluster on this machine) or tcp://HOST:PORT "
                        "(a running scheduler); themes by the 'stream' method")
    r.add_argument("--formats", type=_formats, default=None, metavar="LIST",
                   help="report formats to write: md,html,pdf,docx,xlsx, 'all' (default) or 'none'")
    r.add_argument("--quiet", action="store_true", help="no progress bars or summary")
    r.add_argument("--limit", type=_limit, action="append", default=[], metavar="NAME=VALUE", help=_limits_help())
    r.add_argument("--allow-outside", action="store_true",
                   help="let workshop.yml name files outside its folder (with ../ or an absolute path); "
                        "symbolic links are still never followed")

    t = sub.add_parser("themes", help="find themes in any table of Thai short texts",
                       description="Read a .csv, .xlsx or .parquet table, normalise, redact, tokenize and group "
                                   "its texts into themes; write assignments.csv, themes.csv and excluded.csv.")
    t.add_argument("input", type=Path, help="the table (.csv, .xlsx, .parquet)")
    t.add_argument("--text-column", required=True, help="the column holding the text")
    t.add_argument("--id-column", help="a column of row ids (default: the 0-based row index)")
    t.add_argument("--sheet", help="the sheet of an .xlsx file (default: the first)")
    t.add_argument("--k", type=_k, default="auto", help="number of themes, or 'auto' (default)")
    t.add_argument("--codebook", type=Path, help="a codebook .yml to code rows to known themes first")
    t.add_argument("--seed", type=_seed, default=DEFAULT_SEED, help=f"random seed, 0 to {SEED_MAX} (default {DEFAULT_SEED})")
    t.add_argument("--out", type=Path, required=True,
                   help="output folder: created, or replaced as a whole if an earlier run wrote it")
    t.add_argument("--quiet", action="store_true", help="no progress bars or summary")
    t.add_argument("--limit", type=_limit, action="append", default=[], metavar="NAME=VALUE", help=_limits_help())

    rp = sub.add_parser("report", help="render the ministry's report again from a run's saved outputs",
                        description="Render report.{md,html,pdf,docx,xlsx} from the tables a `lessons run` wrote "
                                    "into OUT_DIR, without recomputing (after a theme edit or a new template).")
    rp.add_argument("out_dir", type=Path, help="the output folder of a lessons run (holds manifest.json)")
    rp.add_argument("--formats", type=_formats, default=None, metavar="LIST",
                    help="md,html,pdf,docx,xlsx or 'all' (default)")
    rp.add_argument("--quiet", action="store_true", help="print nothing on success")
    nbp = sub.add_parser("notebooks", help="run the five notebooks on a run's outputs; save .ipynb and .html copies",
                         description="Execute the researchers' notebooks (data, words, themes, SWOT/plans/Good "
                                     "Practice, report) on the outputs in OUT_DIR, without controls, and save "
                                     "executed .ipynb and .html copies for people without Jupyter.")
    nbp.add_argument("out_dir", type=Path, help="the output folder of a lessons run (holds manifest.json)")
    nbp.add_argument("--to", type=Path, default=None, help="where to save the copies (default OUT_DIR/notebooks)")
    nbp.add_argument("--only", action="append", default=None, metavar="NAME",
                     help="run only this notebook, e.g. 01_data (repeatable)")
    nbp.add_argument("--quiet", action="store_true", help="print nothing on success")
    b = sub.add_parser("bench", help="time the whole run on corpora of N statements, beside the common recipe",
                       description="Build corpora of N statements from the sample workshop (bench/README.md), "
                                   "time a cold and a warm `lessons run` and the common recipe on each, and "
                                   "print a table; --json writes the figures.")
    b.add_argument("--sizes", type=_sizes, default=[10_000, 100_000], metavar="N,N",
                   help="corpus sizes in statements (default 10000,100000)")
    b.add_argument("--json", type=Path, default=None, metavar="FILE", help="write the figures as JSON")
    b.add_argument("--work", type=Path, default=None, help="where the corpora are kept (default: the cache folder)")
    b.add_argument("--no-recipe", action="store_true", help="do not time the common recipe")
    b.add_argument("--no-warm", action="store_true", help="do not time the warm rerun")
    v = sub.add_parser("verify", help="rerun what OUT_DIR/manifest.json records and compare every output",
                       description="Rerun the analysis recorded in OUT_DIR/manifest.json into a temporary folder and "
                                   "print, per output, identical or different. Exit 0: all identical; 1: something "
                                   "differs; 2: the inputs changed or are missing.")
    v.add_argument("out_dir", type=Path, help="the output folder of a lessons run (holds manifest.json)")
    v.add_argument("--quiet", action="store_true", help="print only what differs")
    d = sub.add_parser("redact", help="print a text file with personal data replaced by placeholders",
                       description="Print FILE with names, ID numbers, phones, e-mail, LINE ids, passports, bank "
                                   "accounts, addresses, plates and case numbers replaced, for checking by hand.")
    d.add_argument("file", type=Path, help="a text file (.txt, .md, .csv)")
    d.add_argument("--counts", action="store_true", help="also print how many values of each type (to stderr)")
    d.add_argument("--limit", type=_limit, action="append", default=[], metavar="NAME=VALUE", help=_limits_help())
    for sp in (r, t, d):  # --debug after the command works too
        sp.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return p


def _bars(args) -> bool:
    """Progress bars on a terminal only: piped or logged, stderr holds just the one-line error."""
    return not args.quiet and sys.stderr.isatty()


def _cmd_bench(args) -> int:
    import json

    from .bench import bench, table

    res = bench(args.sizes, work=args.work, recipe=not args.no_recipe, warm=not args.no_warm,
                echo=lambda m: print(m, file=sys.stderr))
    print(table(res))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(res, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


def _cmd_run(args) -> int:
    from .analysis import run

    a = run(args.workshop, args.out, seed=args.seed, engine=args.engine, k=args.k,
            themes=not args.no_themes, progress=_bars(args), limits=dict(args.limit),
            allow_outside=args.allow_outside, formats=args.formats, theme_method=args.themes_method,
            dask=args.dask)
    if not args.quiet:
        ws = a.workshop
        print(f"{ws.meta.get('title', args.workshop)}")
        print(f"{'file':<28} {'in':>5} {'analysed':>9} {'excluded':>9}")
        for r in ws.counts.itertuples(index=False):
            print(f"{r.source_file:<28} {r.units_in:>5} {r.statements:>9} {r.excluded:>9}")
        c = ws.counts
        print(f"{'total':<28} {c.units_in.sum():>5} {c.statements.sum():>9} {c.excluded.sum():>9}")
        red = ws.redaction_log.groupby("type")["count"].sum()
        if len(red):
            print("redacted: " + ", ".join(f"{t} {n}" for t, n in red.items()))
        print(f"clauses: {len(a.clauses)}")
        if a.themes is not None:
            print(f"themes: {len(a.tables.get('themes', []))}")
        from .report import FORMATS

        formats = FORMATS if args.formats is None else args.formats
        if formats:
            print("report: " + ", ".join(f"report.{f}" for f in formats))
        print(f"written to {args.out}/")
    return 0


def _cmd_report(args) -> int:
    import time

    from .analysis import record_outputs
    from .errors import InputError
    from .report import FORMATS, write_reports

    if not args.out_dir.is_dir():
        raise InputError(args.out_dir, "no such folder: give the --out folder of a lessons run")
    t = time.perf_counter()
    written = write_reports(args.out_dir, args.formats or FORMATS)
    record_outputs(args.out_dir, written)
    if not args.quiet:
        print(f"wrote {', '.join(sorted(written))} in {args.out_dir}/ ({time.perf_counter() - t:.1f} s)")
    return 0


def _cmd_notebooks(args) -> int:
    from .errors import InputError
    from .notebooks import NAMES, NotebookFailed, run_all

    names = args.only or NAMES
    unknown = [n for n in names if n not in NAMES]
    if unknown:
        raise InputError(None, f"--only {unknown[0]}: no such notebook; the notebooks are {', '.join(NAMES)}")
    try:
        run_all(args.out_dir, to=args.to, names=names, echo=None if args.quiet else print)
    except NotebookFailed as exc:
        print(f"lessons: error: notebook {exc}", file=sys.stderr)
        return 1
    return 0


def _cmd_verify(args) -> int:
    from .verify import verify

    def echo(line: str) -> None:
        if not args.quiet or not line.startswith("identical"):
            print(line, flush=True)

    return verify(args.out_dir, progress=_bars(args), echo=echo)


def _cmd_themes(args) -> int:
    from .themes.table import themes_for_table

    res = themes_for_table(args.input, text_column=args.text_column, id_column=args.id_column, sheet=args.sheet,
                           k=args.k, codebook=args.codebook, seed=args.seed, out_dir=args.out,
                           progress=_bars(args), limits=dict(args.limit))
    if not args.quiet:
        print(f"rows with text: {res['rows']}, excluded: {res['excluded']}, themes: {res['themes']}")
        print(f"written to {args.out}/")
    return 0


def _cmd_redact(args) -> int:
    from .errors import InputError
    from .readers import check_exists
    from .readers.encoding import read_text
    from .text.redact import redact_with_counts

    from .readers.limits import Limits, use

    if args.file.suffix.lower() not in (".txt", ".md", ".csv", ".tsv"):
        raise InputError(args.file, "redact reads text files (.txt, .md, .csv, .tsv)")

    lim = Limits().override(dict(args.limit))
    with use(lim):
        check_exists(args.file)
        text, _ = read_text(args.file)
    total = {}
    out_lines = []
    for line in text.splitlines():
        if len(line) > lim.unit_chars:  # never redacted, never printed: it is not shown at all
            out_lines.append(f"[บรรทัดยาว {len(line):,} ตัวอักษร เกิน {lim.unit_chars:,}: ไม่แสดง]")
            continue
        red, counts = redact_with_counts(line)
        out_lines.append(red)
        for k, v in counts.items():
            total[k] = total.get(k, 0) + v
    sys.stdout.write("\n".join(out_lines) + ("\n" if out_lines else ""))
    if args.counts:
        print("redacted: " + (", ".join(f"{k} {v}" for k, v in sorted(total.items())) or "nothing"), file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    ensure_offline()
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    import warnings

    from .errors import InputError

    if not getattr(args, "debug", False):
        # library warnings (scikit-learn, openpyxl) say nothing a social worker can act on
        warnings.simplefilter("ignore")
    try:
        return {"run": _cmd_run, "themes": _cmd_themes, "redact": _cmd_redact, "report": _cmd_report, "verify": _cmd_verify,
                "notebooks": _cmd_notebooks, "bench": _cmd_bench}[args.command](args)
    except InputError as exc:
        print(f"lessons: error: {exc.one_line()}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("lessons: interrupted; the output folder was left as it was", file=sys.stderr)
        return 130
    except MemoryError:
        print("lessons: error: ran out of memory; lower the input limits (--limit) or split the input files",
              file=sys.stderr)
        return 2
    except Exception as exc:  # a bug: still one line, and never a value from the input
        if getattr(args, "debug", False):
            raise
        print(f"lessons: error: unexpected {type(exc).__name__} at {_where(exc)}; nothing was written. "
              "Rerun with --debug for the details and report it", file=sys.stderr)
        return 1


def _where(exc: BaseException) -> str:
    """The innermost frame of the project in a traceback, as ``module:line``."""
    import traceback

    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "lessons" in f.filename]
    f = frames[-1] if frames else (traceback.extract_tb(exc.__traceback__) or [None])[-1]
    if f is None:
        return "?"
    return f"{Path(f.filename).name}:{f.lineno} ({f.name})"


if __name__ == "__main__":
    sys.exit(main())
