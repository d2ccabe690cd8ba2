"""Run the whole flow for one workshop and write its outputs, with a manifest.

Outputs are first written to a staging folder and moved into place only when every
step has succeeded, so a failed run never leaves a half-written output.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import platform
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import __version__, config
from .workshop import Workshop, load_workshop
from .workshop import sha256 as file_sha256

log = logging.getLogger(__name__)

PACKAGES = ["pandas", "numpy", "pyarrow", "pythainlp", "nlpo3", "python-crfsuite", "scikit-learn", "scipy",
            "wordcloud", "matplotlib", "pillow", "openpyxl", "python-docx", "pyyaml", "fontpkg-sarabun", "jinja2",
            "weasyprint"]


def package_versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for p in PACKAGES:
        try:
            out[p] = version(p)
        except PackageNotFoundError:
            out[p] = "not installed"
    return out


@dataclass
class Analysis:
    """Everything one run produced: tables, parameters and provenance."""

    workshop: Workshop
    clauses: pd.DataFrame
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    images: dict[str, object] = field(default_factory=dict)
    params: dict = field(default_factory=dict)
    themes: object | None = None  # a fitted lessons.themes result, when run

    @property
    def statements(self) -> pd.DataFrame:
        return self.workshop.statements


def analyse(workshop: Workshop | str | Path, seed: int = config.DEFAULT_SEED, engine: str = "nlpo3",
            k: int | str | None = "auto", themes: bool = True, progress: bool = False,
            theme_method: str = "model") -> Analysis:
    """Run every step in memory: clauses, tokens, word-level views, statement kinds and
    themes. Nothing is written."""
    from .text.pipeline import build_clauses
    from .timing import stage
    from .text.terms import collocations, cooccurrence, term_frequencies

    ws = workshop if isinstance(workshop, Workshop) else load_workshop(workshop, progress=progress)
    log.info("workshop %s: %d statements, %d excluded", ws.root, len(ws.statements), len(ws.excluded))
    clauses = build_clauses(ws.statements, engine=engine, progress=progress)
    log.info("%d clauses (engine %s)", len(clauses), engine)
    a = Analysis(workshop=ws, clauses=clauses, params={"seed": seed, "engine": engine, "k": k,
                                                       "themes_requested": themes, "theme_method": theme_method})
    t = a.tables
    with stage("terms"):
        t["terms"] = term_frequencies(clauses, top=300)
        for by in ("group", "province", "key_issue", "source_kind"):
            t[f"terms_by_{by}"] = term_frequencies(clauses, by=by, top=40)
        t["collocations"] = collocations(clauses, top=100)
        t["cooccurrence"] = cooccurrence(clauses, top_terms=80)
    if themes:
        from .themes.pipeline import workshop_themes

        with stage("themes"):
            result = workshop_themes(ws, clauses, seed=seed, k=k, progress=progress, method=theme_method)
        log.info("themes: %d (seed %s, k %s)", len(result.tables.get("themes", [])), seed, k)
        a.themes = result
        a.clauses = result.clauses
        t.update(result.tables)
        if "kind" in a.clauses:
            t["terms_by_kind"] = term_frequencies(a.clauses, by="kind", top=40)

    t["participation"] = participation(ws)
    from .synthesis import synthesise

    with stage("synthesis"):
        t.update(synthesise(ws, a.clauses, seed=seed))  # SWOT, plans and Good Practice (without themes: no kinds)
    from .text.publish import scrub_table

    for name in list(t):  # the second safety net: no name-like token in anything published
        t[name] = scrub_table(name, t[name])
    return a


def participation(ws) -> pd.DataFrame:
    """Participants counted by province, agency and group (never an id or a name)."""
    cols = ["province", "agency", "group"]
    pt = getattr(ws, "participants", None)
    if pt is None or pt.empty:
        return pd.DataFrame(columns=cols + ["participants"])
    pt = pt.reindex(columns=cols).astype("string").fillna("")
    return (pt.groupby(cols, dropna=False).size().rename("participants").reset_index()
            .sort_values(cols, kind="stable").reset_index(drop=True))


def workshop_section(ws) -> dict:
    """What the report's cover and background need, from ``workshop.yml`` (and the path)."""
    meta = json.loads(json.dumps(ws.meta, ensure_ascii=False, default=str))
    meta.pop("limits", None)
    return {"path": str(ws.path), **meta,
            "key_issues": {str(n): (ki.get("label") if isinstance(ki, dict) else getattr(ki, "label", ki))
                           for n, ki in (ws.key_issues or {}).items()}}


def manifest(command: str, parameters: dict, inputs: list[dict], outputs: dict[str, Path], limits: dict,
             **sections) -> dict:
    """The one manifest of every command that writes outputs (``lessons run``, ``lessons
    themes``): what ran, on which inputs (SHA-256), with which parameters, models,
    dictionaries and packages, and the hash of every output."""
    return {
        "lessons_version": __version__,
        "command": command,
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        **sections,
        "parameters": {**parameters, "tokenizer_settings": _tokenizer_hash(parameters.get("engine", "nlpo3"))},
        "resources": resource_hashes(),
        "limits": limits,
        "inputs": inputs,
        "environment": {"python": platform.python_version(), "platform": platform.platform(),
                        "packages": package_versions()},
        "outputs": {name: file_sha256(p) for name, p in sorted(outputs.items())},
    }


def resource_hashes() -> dict[str, str]:
    """SHA-256 of the shipped models and dictionaries a run used."""
    out = {}
    d = config.dictionaries_dir()
    for p in sorted(d.iterdir()):
        if p.is_file():
            out[f"dictionaries/{p.name}"] = file_sha256(p)
    for name in ("kinds.json", "names.crfsuite"):
        try:
            out[f"models/{name}"] = file_sha256(config.model_path(name))
        except Exception:  # noqa: BLE001 - a missing model is reported where it is loaded
            out[f"models/{name}"] = "missing"
    for rel in ("corpus/background.txt", "names/inventory.yml"):
        try:
            out[rel] = file_sha256(config.resource_path(*rel.split("/")))
        except Exception:  # noqa: BLE001
            out[rel] = "missing"
    import importlib.util

    spec = importlib.util.find_spec("pythainlp")  # the corpora and models used from PyThaiNLP's wheel
    corpus = Path(spec.origin).parent / "corpus" if spec and spec.origin else None
    for name in PYTHAINLP_FILES:
        p = corpus / name if corpus else None
        out[f"pythainlp/corpus/{name}"] = file_sha256(p) if p and p.is_file() else "missing"
    for key, digest in out.items():
        log.info("resource %s sha256 %s", key, digest[:12])
    return out


# what lessons reads from PyThaiNLP's wheel: word list, stopwords, names, provinces, clause model
PYTHAINLP_FILES = ("words_th.txt", "stopwords_th.txt", "family_names_th.txt", "person_names_female_th.txt",
                   "person_names_male_th.txt", "thailand_provinces_th.csv", "sentenceseg_crfcut.model")


def _tokenizer_hash(engine: str) -> str:
    from .text.tokenize import get_tokenizer

    return get_tokenizer(engine).settings_hash


def write_outputs(a: Analysis, out_dir: str | Path, progress: bool = False, formats=None) -> Path:
    """Write every table of ``a``, the ministry's report in ``formats`` (default: all five)
    and the manifest into ``out_dir``, which the run owns: built beside it and swapped in
    whole (:mod:`lessons.outdir`), so it never mixes two runs and a failed or killed run
    leaves what was there before."""
    from .outdir import staged
    from .report import FORMATS

    out_dir = Path(out_dir)
    formats = FORMATS if formats is None else tuple(formats)
    from .timing import stage as timed

    with timed("reports"), staged(out_dir) as stage:
        _write_into(a, stage, formats)
    return out_dir


def _write_into(a: Analysis, stage: Path, formats=()) -> None:
    ws = a.workshop
    outputs: dict[str, Path] = {}

    def put(name: str, write) -> None:
        p = stage / name
        p.parent.mkdir(parents=True, exist_ok=True)
        write(p)
        outputs[name] = p

    from .report.safe_cells import to_csv

    st = ws.statements.copy()
    put("statements.parquet", lambda p: st.to_parquet(p, index=False))
    put("excluded.csv", lambda p: to_csv(ws.excluded, p))
    put("counts.csv", lambda p: to_csv(ws.counts, p))
    put("redaction_log.csv", lambda p: to_csv(ws.redaction_log, p))
    put("clauses.parquet", lambda p: a.clauses.to_parquet(p, index=False))
    for name, df in sorted(a.tables.items()):
        if name.endswith("_parquet"):
            put(name[: -len("_parquet")] + ".parquet", lambda p, df=df: df.to_parquet(p, index=False))
        else:
            put(f"{name}.csv", lambda p, df=df: to_csv(df, p))
    if len(a.tables.get("terms", [])):
        from .viz import wordcloud_image

        terms = a.tables["terms"]
        img = wordcloud_image(dict(zip(terms.term, terms["count"])), seed=a.params["seed"])
        put("wordcloud.png", lambda p: img.save(p, format="PNG", optimize=False))
    doc = manifest(
        "run", a.params, [{"path": s.rel, "kind": s.kind, "sha256": ws.hashes.get(s.rel)} for s in ws.files],
        outputs, ws.limits,
        workshop=workshop_section(ws),
        counts=ws.counts.to_dict("records"),
        totals={
            "units_in": int(ws.counts["units_in"].sum()),
            "statements": int(len(ws.statements)),
            "participants": int(len(ws.participants)),
            "excluded": int(len(ws.excluded)),
            "clauses": int(len(a.clauses)),
        },
        redactions={r["type"]: int(r["count"]) for r in
                    ws.redaction_log.groupby("type", as_index=False)["count"].sum().to_dict("records")})
    doc["parameters"]["formats"] = list(formats)
    doc["rerun"] = rerun_section(ws, stage, a.params, formats)
    (stage / "manifest.json").write_text(json.dumps(doc, ensure_ascii=False, indent=2, default=str),
                                         encoding="utf-8")
    if formats:  # the report is made from the tables just written, as `lessons report` makes it
        from .report import write_reports

        written = write_reports(stage, formats)
        record_outputs(stage, written)


def config_files(ws) -> list[dict]:
    """The files beside the data that shape a run (the workshop manifest, codebook, theme
    edits, gold, the workshop's agencies table), each with its SHA-256 when present."""
    root = Path(ws.path).parent
    names = ["workshop.yml" if Path(ws.path).name == "workshop.yml" else Path(ws.path).name]
    for key, default in (("codebook", None), ("theme_edits", "themes.yml"), ("gold", None)):
        v = ws.meta.get(key) or default
        if v:
            names.append(str(v))
    names.append("agencies.yml")
    out = []
    for name in dict.fromkeys(names):
        p = root / name
        out.append({"path": name, "sha256": file_sha256(p) if p.is_file() else None})
    return out


def rerun_section(ws, stage: Path, params: dict, formats) -> dict:
    """What ``lessons verify`` needs to run this again: the workshop manifest's path relative
    to this manifest (the output folder is staged beside its final place, so the relative
    path is the same), the command's options, and the configuration files' hashes."""
    import os

    rel = os.path.relpath(Path(ws.path).resolve(), Path(stage).resolve())
    return {"workshop": rel, "seed": params.get("seed"), "k": params.get("k"), "engine": params.get("engine"),
            "themes": params.get("themes_requested", True), "formats": list(formats),
            "theme_method": params.get("theme_method", "model"), "dask": params.get("dask"),
            "allow_outside": bool(params.get("allow_outside", False)),
            "config_files": config_files(ws)}


def record_outputs(out_dir: Path, written: dict[str, Path]) -> None:
    """Add (or refresh) the SHA-256 of files written after the manifest."""
    mf = Path(out_dir) / "manifest.json"
    doc = json.loads(mf.read_text(encoding="utf-8"))
    doc["outputs"].update({name: file_sha256(p) for name, p in written.items()})
    doc["outputs"] = dict(sorted(doc["outputs"].items()))
    mf.write_text(json.dumps(doc, ensure_ascii=False, indent=2, default=str), encoding="utf-8")


def run(workshop_path: str | Path, out_dir: str | Path, seed: int = config.DEFAULT_SEED, engine: str = "nlpo3",
        k: int | str | None = "auto", themes: bool = True, progress: bool = False, limits: dict | None = None,
        allow_outside: bool = False, formats=None, theme_method: str = "model", dask: str | None = None) -> Analysis:
    """Load, analyse and write: what ``lessons run`` does. ``out_dir`` is checked before
    any work (:func:`lessons.outdir.check_out`)."""
    from .outdir import check_out

    check_out(out_dir, input_folder=Path(workshop_path).parent)
    if dask:  # the per-text steps on a Dask cluster, themes by the streaming method
        from .parallel import dask_cluster

        with dask_cluster(dask):
            a = _load_and_analyse(workshop_path, limits, allow_outside, progress, seed, engine, k, themes, "stream")
        a.params["dask"] = dask
    else:
        a = _load_and_analyse(workshop_path, limits, allow_outside, progress, seed, engine, k, themes, theme_method)
    if allow_outside:
        a.params["allow_outside"] = True
    write_outputs(a, out_dir, progress=progress, formats=formats)
    return a


def _load_and_analyse(workshop_path, limits, allow_outside, progress, seed, engine, k, themes, theme_method):
    ws = load_workshop(workshop_path, progress=progress, limits=limits, allow_outside=allow_outside)
    return analyse(ws, seed=seed, engine=engine, k=k, themes=themes, progress=progress, theme_method=theme_method)
