"""Writing for people: every cell that came from an input goes through
:mod:`lessons.report.safe_cells` before it reaches a CSV or a workbook, and the ministry's
report (:mod:`lessons.report.build` -> :mod:`lessons.report.model` ->
:mod:`lessons.report.render`) is made from a run's saved outputs in five formats."""
from __future__ import annotations

from pathlib import Path

FORMATS = ("md", "html", "pdf", "docx", "xlsx")
REPORT_STEM = "report"


def parse_formats(value: str | None) -> tuple[str, ...]:
    """``"pdf,docx"`` -> ``("pdf", "docx")``; ``all`` or nothing -> every format; an
    unknown one is an error naming the choices."""
    if value is None or str(value).strip().lower() in ("", "all"):
        return FORMATS
    if str(value).strip().lower() == "none":
        return ()
    fmts = tuple(dict.fromkeys(f.strip().lower().lstrip(".") for f in str(value).split(",") if f.strip()))
    bad = [f for f in fmts if f not in FORMATS]
    if bad:
        raise ValueError(f"unknown report format {bad[0]!r}: choose from {', '.join(FORMATS)} (or all)")
    return fmts


def write_reports(out_dir: str | Path, formats=FORMATS, progress: bool = False) -> dict[str, Path]:
    """Build the report from the run's outputs in ``out_dir`` and write ``report.<fmt>``
    for each format there. Each file is written beside its place and moved in, so a
    failure never leaves half a report."""
    from .build import build_report
    from .render import render

    out_dir = Path(out_dir)
    report = build_report(out_dir)
    tmp = {fmt: out_dir / f".{REPORT_STEM}.{fmt}.part" for fmt in formats}
    try:
        pdf = None
        if "pdf" in formats and len(formats) > 1:  # the slowest format on the other core
            import dataclasses
            import multiprocessing as mp
            from concurrent.futures import ProcessPoolExecutor

            pool = ProcessPoolExecutor(max_workers=1, mp_context=mp.get_context("spawn"))
            pdf = pool.submit(render, dataclasses.replace(report, sheets={}), "pdf", tmp["pdf"])
        for fmt in formats:
            if not (fmt == "pdf" and pdf is not None):
                render(report, fmt, tmp[fmt])
        if pdf is not None:
            try:
                pdf.result()
            finally:
                pool.shutdown()
        written = {}
        for fmt in formats:  # every format rendered: move them in
            final = out_dir / f"{REPORT_STEM}.{fmt}"
            tmp[fmt].replace(final)
            written[f"{REPORT_STEM}.{fmt}"] = final
        return written
    finally:
        for p in tmp.values():
            p.unlink(missing_ok=True)
