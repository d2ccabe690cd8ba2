"""What the notebooks call: a run's saved outputs, read once, and the views researchers
browse (data accounting, statements by file, group, province, key issue and kind; words
and contexts; themes with every quote; the consolidated SWOT, plans and Good Practice with
their evidence). Nothing that ``lessons run`` saved is recomputed here, so the notebooks
open in seconds; only keyword-in-context tokenizes (the statements, already redacted).

Pictures are drawn with matplotlib's object API (no pyplot state, no global settings),
Thai in Sarabun from its package.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from . import config
from .errors import InputError
from .report.build import Outputs

OTHER_ID = "other"
UNKNOWN = "(ไม่ระบุ)"
QUADRANTS = {"S": "จุดแข็ง (S)", "W": "จุดอ่อน (W)", "O": "โอกาส (O)", "T": "อุปสรรค (T)"}
KINDS = {"obstacle": "ปัญหา/อุปสรรค", "suggestion": "ข้อเสนอ", "strength": "สิ่งที่ได้ผล", "other": "อื่น ๆ"}
DIMENSIONS = {"province": "จังหวัด (province)", "group": "กลุ่ม (group)", "key_issue": "ประเด็นหลัก (key issue)",
              "kind": "ชนิดข้อความ (kind)", "source_kind": "ชนิดเอกสาร (source kind)"}


def default_out() -> Path:
    """``reports/sample`` of the checkout (what ``make report`` writes)."""
    root = config.checkout_root()
    return (root if root is not None else Path.cwd()) / "reports" / "sample"


def _numeric(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for c in out.columns:
        s = out[c].replace("", np.nan)
        num = pd.to_numeric(s, errors="coerce")
        if len(s.dropna()) and num.notna().sum() == s.notna().sum():
            out[c] = num.astype("Int64") if (num.dropna() % 1 == 0).all() else num
        else:
            out[c] = s  # an empty cell is missing, not a value (e.g. a practice with no step)
    return out


@dataclass
class Run:
    """A run's output folder, its tables read on first use."""

    out: Path
    outputs: Outputs
    _tables: dict = field(default_factory=dict, repr=False)

    @property
    def manifest(self) -> dict:
        return self.outputs.manifest

    @property
    def workshop(self) -> dict:
        return self.manifest.get("workshop") or {}

    def table(self, name: str) -> pd.DataFrame:
        """A saved table (``name.csv`` or ``name.parquet``), numbers as numbers; an empty
        frame when the run did not write it (``--no-themes``)."""
        if name not in self._tables:
            if (self.out / f"{name}.parquet").is_file():
                df = pd.read_parquet(self.out / f"{name}.parquet")
            else:
                df = _numeric(self.outputs.csv(name))
            self._tables[name] = df
        return self._tables[name]

    @property
    def statements(self) -> pd.DataFrame:
        """The analysed statements, with each one's kind (from the theme step) when known."""
        if "_statements" not in self._tables:
            st = self.table("statements").copy()
            a = self.table("assignments")
            if len(a) and "statement_kind" in a:
                st["kind"] = st["statement_id"].map(a.drop_duplicates("statement_id").set_index("statement_id")
                                                    ["statement_kind"]).fillna("other")
            self._tables["_statements"] = st
        return self._tables["_statements"]

    def themes_path(self) -> Path | None:
        """The workshop's ``themes.yml`` (where theme edits are saved), found through the
        manifest's ``rerun`` section (the workshop path relative to the output folder)."""
        rel = (self.manifest.get("rerun") or {}).get("workshop")
        return (self.out / rel).resolve().parent / "themes.yml" if rel else None


def open_run(path: str | Path | None = None, progress: bool = True) -> Run:
    """The outputs of a run: ``path`` is a run's output folder (holds ``manifest.json``) or
    a ``workshop.yml``; ``None`` is the sample's outputs (``reports/sample``). A workshop
    file is run into ``reports/<its folder name>`` first when that folder has no run yet."""
    p = Path(path) if path else default_out()
    if p.is_file() and p.suffix in (".yml", ".yaml"):
        out = default_out().parent / p.resolve().parent.name
        if not (out / "manifest.json").is_file():
            from .analysis import run

            run(p, out, progress=progress)
        p = out
    if not (p / "manifest.json").is_file():
        hint = " (run `make report` first)" if path is None else " (run `lessons run WORKSHOP.yml --out FOLDER` first)"
        raise InputError(p, "no manifest.json here: not the output folder of a lessons run" + hint)
    return Run(out=p, outputs=Outputs(p))


# ------------------------------------------------------------------ 01 data
def accounting(run: Run) -> pd.DataFrame:
    """Per input file: units in, analysed, excluded (with a total row); every unit is one
    or the other."""
    c = run.table("counts")
    if c.empty:
        return c
    cols = [x for x in ("source_file", "kind", "units_in", "statements", "excluded", "structure") if x in c]
    t = c[cols].rename(columns={"statements": "analysed"})
    total = {"source_file": "รวม (total)", "kind": "", "structure": ""}
    total.update({k: int(t[k].sum()) for k in ("units_in", "analysed", "excluded")})
    return pd.concat([t, pd.DataFrame([total])], ignore_index=True)


def excluded_reasons(run: Run) -> pd.DataFrame:
    """Why units were left out: each reason (quoted values shortened to ``'…'``) with its
    count, per file kind."""
    e = run.table("excluded")
    if e.empty:
        return pd.DataFrame(columns=["reason", "count"])
    reason = e["reason"].astype(str).str.replace(r"'[^']*'", "'…'", regex=True)
    reason = reason.str.replace(r"\d+", "N", regex=True)
    t = e.assign(reason=reason).groupby(["reason", "source_kind"]).size().rename("count").reset_index()
    return t.sort_values(["count", "reason"], ascending=[False, True]).reset_index(drop=True)


def redactions(run: Run) -> pd.DataFrame:
    """Personal values replaced, by file and type (counts only; the values are never kept)."""
    r = run.table("redaction_log")
    if r.empty:
        return r
    t = r.pivot_table(index="source_file", columns="type", values="count", aggfunc="sum", fill_value=0)
    t.loc["รวม (total)"] = t.sum()
    return t.astype(int)


def facets(run: Run) -> dict[str, list]:
    """The values each statement filter can take, in a sensible order."""
    st = run.statements
    from pythainlp.util import collate

    def vals(c):
        if c not in st:
            return []
        v = st[c].dropna().unique().tolist()
        return collate([str(x) for x in v]) if c in ("province", "source_file") else sorted(v)

    return {c: vals(c) for c in ("source_file", "group", "province", "key_issue", "kind")}


def browse(run: Run, source_file=None, group=None, province=None, key_issue=None, kind=None,
           contains: str = "", limit: int | None = 50) -> pd.DataFrame:
    """Statements matching every filter given (``None`` or ``"ทั้งหมด"`` = any)."""
    st = run.statements
    keep = np.ones(len(st), dtype=bool)
    for col, v in (("source_file", source_file), ("group", group), ("province", province),
                   ("key_issue", key_issue), ("kind", kind)):
        if v is not None and v != "ทั้งหมด" and col in st:
            keep &= (st[col].astype(str) == str(v)).to_numpy()
    if contains:
        keep &= st["text"].str.contains(contains, regex=False, na=False).to_numpy()
    cols = [c for c in ("statement_id", "source_file", "location", "group", "province", "key_issue", "kind", "text")
            if c in st]
    out = st.loc[keep, cols].reset_index(drop=True)
    return out.head(limit) if limit else out


# ------------------------------------------------------------------ 02 words
def terms_by(run: Run, by: str, top: int = 10) -> pd.DataFrame:
    """The ``top`` terms of each group, province, key issue or kind, side by side: one
    column per value, cells ``term (count)``."""
    t = run.table(f"terms_by_{by}")
    if t.empty:
        return t
    t = t.copy()
    t[by] = t[by].astype(str).replace({"<NA>": UNKNOWN, "nan": UNKNOWN})
    t["rank"] = t.groupby(by).cumcount()
    t = t[t["rank"] < top]
    t["cell"] = t["term"] + " (" + t["count"].astype(str) + ")"
    wide = t.pivot(index="rank", columns=by, values="cell").fillna("")
    wide.index = (wide.index + 1).astype(int)
    wide.columns.name = DIMENSIONS.get(by, by)
    return wide


def kwic(run: Run, term: str, width: int = 6, limit: int | None = 30) -> pd.DataFrame:
    """Every occurrence of ``term`` in the (redacted) statements, with its source."""
    from .text.terms import kwic as _kwic

    if not str(term).strip():
        return pd.DataFrame(columns=["statement_id", "left", "keyword", "right"])
    k = _kwic(run.statements, str(term).strip(), width=width)
    for c in ("group", "key_issue"):
        if c in k:
            k[c] = pd.array(k[c], dtype="Int64")
    k = k.drop(columns=["statement_id"], errors="ignore")  # file and location name the source; room for context
    return k.head(limit) if limit else k


def wordcloud(run: Run, top: int = 150, seed: int | None = None):
    """The run's word cloud (PIL image), from its saved term counts."""
    from .viz import wordcloud_image

    t = run.table("terms").head(top)
    seed = seed if seed is not None else int((run.manifest.get("parameters") or {}).get("seed", 0)) % 2 ** 32
    return wordcloud_image(dict(zip(t["term"], t["count"])), width=1200, height=650, seed=seed)


@dataclass
class Network:
    graph: object
    communities: list[set]
    figure: object


def cooccurrence_network(run: Run, edges: int = 60, min_count: int = 3, seed: int = 0, panels: int = 9) -> Network:
    """A readable co-occurrence network: the ``edges`` strongest pairs (count ≥ ``min_count``,
    ranked by count × NPMI, so neither common words nor flukes dominate), communities
    (Louvain, seeded), each drawn in its own coloured panel so no label hides another, node
    size by degree, labels in Sarabun."""
    import networkx as nx

    from .report.figures import _figure, _font

    co = run.table("cooccurrence")
    co = co[(co["count"] >= min_count) & (co["npmi"] > 0)].copy()
    co["strength"] = co["count"] * co["npmi"]
    co = co.sort_values(["strength", "term_a", "term_b"], ascending=[False, True, True]).head(edges)
    g = nx.Graph()
    for r in co.itertuples(index=False):
        g.add_edge(r.term_a, r.term_b, weight=float(r.strength), count=int(r.count))
    comms = sorted((set(c) for c in nx.community.louvain_communities(g, weight="weight", seed=seed)) if len(g) else [],
                   key=lambda c: (-len(c), sorted(c)))
    family = _font()
    shown = [c for c in comms if len(c) > 1][:panels]
    cols = 3
    rows = max(1, -(-len(shown) // cols))
    fig = _figure(11, 3.3 * rows)
    axes = np.atleast_1d(fig.subplots(rows, cols)).ravel()
    palette = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#1f78b4", "#666666"]
    wmax = max([d["weight"] for _, _, d in g.edges(data=True)] or [1.0])
    for i, ax in enumerate(axes):  # one panel per community: its own layout, so no word hides another
        ax.set_axis_off()
        if i >= len(shown):
            continue
        sub = g.subgraph(shown[i])
        pos = nx.kamada_kawai_layout(sub, weight=None) if len(sub) > 2 else {n: (j - 0.5, 0.0) for j, n in
                                                                           enumerate(sorted(sub))}
        ws = [0.8 + 4 * sub[u][v]["weight"] / wmax for u, v in sub.edges]
        nx.draw_networkx_edges(sub, pos, ax=ax, width=ws, alpha=0.35, edge_color=palette[i % len(palette)])
        nx.draw_networkx_nodes(sub, pos, ax=ax, node_color=palette[i % len(palette)], alpha=0.85,
                               node_size=[80 + 40 * sub.degree(n) for n in sub])
        for n, (px, py) in pos.items():
            ax.text(px, py, n, fontfamily=family, fontsize=10, ha="center", va="bottom",
                    bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.75})
        ax.margins(0.25)
        ax.set_title(f"กลุ่มคำ {i + 1} ({len(sub)} คำ)", fontfamily=family, fontsize=10, color=palette[i % len(palette)])
    fig.suptitle(f"คำที่มักปรากฏร่วมกัน: {len(g.edges)} คู่ที่เด่นที่สุด แบ่งเป็น {len(comms)} กลุ่มคำ "
                 f"(แสดง {len(shown)} กลุ่มใหญ่สุด)", fontfamily=family)
    return Network(graph=g, communities=comms, figure=fig)


# ------------------------------------------------------------------ 03 themes
def themes(run: Run) -> pd.DataFrame:
    """Every theme, ``other`` included: title, source, size, stability and keywords."""
    t = run.table("themes")
    if t.empty:
        return t
    cols = [c for c in ("theme_id", "label", "source", "size", "obstacles", "groups", "provinces", "stability",
                        "keywords") if c in t]
    return t[cols]


def theme_choices(run: Run) -> list[tuple[str, str]]:
    """``(label (size), theme_id)`` for a dropdown, largest first, ``other`` last."""
    t = themes(run)
    if t.empty:
        return []
    t = t.assign(_o=t["theme_id"] == OTHER_ID).sort_values(["_o", "size"], ascending=[True, False])
    return [(f"{r.label} ({r.size})", r.theme_id) for r in t.itertuples()]


def theme_card(run: Run, theme_id: str) -> dict:
    """One theme: title, keywords, size, stability and ALL its clauses with their sources."""
    t = themes(run)
    row = t[t["theme_id"] == theme_id]
    if row.empty:
        raise KeyError(f"no theme {theme_id!r}; themes are {', '.join(t['theme_id'])}")
    r = row.iloc[0]
    a = run.table("assignments")
    q = a[a["theme_id"] == theme_id]
    q = q.sort_values(["theme_confidence", "clause_id"], ascending=[False, True])
    quotes = q[[c for c in ("text", "kind", "source_file", "location", "group", "province", "theme_fit")
                if c in q]].reset_index(drop=True)
    stab = r.get("stability")
    return {"theme_id": theme_id, "label": r["label"], "source": r.get("source"), "size": int(r["size"]),
            "stability": None if pd.isna(stab) else float(stab), "keywords": r.get("keywords", ""),
            "quotes": quotes}


def k_curve_figure(run: Run):
    """The k curve of discovery: silhouette, stability and the combined score per k."""
    from .report.figures import _figure, _font

    kc = run.table("k_curve")
    family = _font()
    fig = _figure(7, 3.6)
    ax = fig.subplots()
    if kc.empty:
        ax.text(0.5, 0.5, "ไม่มีการค้นหาประเด็นใหม่ในรอบนี้", ha="center", fontfamily=family)
        ax.set_axis_off()
        return fig
    for col, style in (("score", "-o"), ("stability", "--s"), ("silhouette", ":^")):
        if col in kc:
            ax.plot(kc["k"], kc[col], style, label=col)
    best = kc.loc[kc["score"].idxmax(), "k"] if "score" in kc else None
    if best is not None:
        ax.axvline(best, color="#999999", lw=0.8)
        ax.set_title(f"จำนวนประเด็นที่ค้นพบ (k) ที่เลือก: {best}", fontfamily=family)
    ax.set_xlabel("k")
    ax.legend(frameon=False)
    return fig


def crosstab(run: Run, by: str = "province", share: bool = False, with_other: bool = False,
             with_unknown: bool = False) -> pd.DataFrame:
    """Theme × province / group / key issue: clause counts (or each column's shares), without
    ``other`` and the unknown column unless asked, largest themes first."""
    ct = run.table(f"crosstab_{by}")
    if ct.empty:
        return ct
    ct = ct.set_index(ct.columns[0])
    if not with_other:
        ct = ct[~ct.index.isin({"อื่น ๆ", "other"})]
    if not with_unknown:
        ct = ct[[c for c in ct.columns if str(c) not in {UNKNOWN, "", "nan", "<NA>"}]]
    ct = ct.loc[ct.sum(axis=1).sort_values(ascending=False, kind="stable").index]
    if share:
        ct = (ct / ct.sum(axis=0).replace(0, np.nan)).round(3).fillna(0)
    ct.index.name = "theme"
    return ct


def crosstab_figure(run: Run, by: str = "province", top_themes: int = 12):
    """The readable heat map the report draws (PNG bytes), for province, group or key issue."""
    from .report.figures import heatmap

    return heatmap(run.table(f"crosstab_{by}"), themes(run), top_themes=top_themes)


def save_theme_edits(run: Run, rename: dict | None = None, merge: dict | None = None,
                     split: dict | None = None) -> Path | None:
    """Write renames, merges and splits into the workshop's ``themes.yml`` (merged with what
    is there). They apply on the next run (:func:`rerun`)."""
    from .themes.pipeline import save_edits

    if not (rename or merge or split):
        return None
    known = set(themes(run)["theme_id"])
    for name, d in (("rename", rename), ("merge", merge), ("split", split)):
        bad = [k for k in (d or {}) if k not in known]
        if bad:
            raise KeyError(f"{name}: no theme {', '.join(map(repr, bad))}; themes are {', '.join(sorted(known))}")
    for src, dst in (merge or {}).items():
        if dst not in known:
            raise KeyError(f"merge: {src!r} into unknown theme {dst!r}")
    path = run.themes_path()
    if path is None:
        raise InputError(run.out, "the manifest does not name the workshop, so themes.yml cannot be found")
    return save_edits(path, rename=rename, merge=merge, split=split)


def rerun(run: Run, progress: bool = True) -> Run:
    """Run again what the manifest records (same workshop, seed, k, engine and formats) into
    the same folder, so saved theme edits take effect; returns the new outputs."""
    from .analysis import run as _run
    from .verify import recorded_run

    workshop, kwargs = recorded_run(run.out)
    _run(workshop, run.out, progress=progress, **kwargs)
    return open_run(run.out)


# ------------------------------------------------------------------ 04 synthesis
def evidence(run: Run, statement_ids) -> pd.DataFrame:
    """The statements behind an item (``statement_ids`` as saved: ``a; b; c``)."""
    ids = [s.strip() for s in (statement_ids.split(";") if isinstance(statement_ids, str) else statement_ids or [])
           if s.strip()]
    st = run.statements.set_index("statement_id")
    ids = [i for i in ids if i in st.index]
    cols = [c for c in ("text", "source_file", "location", "group", "province") if c in st]
    return st.loc[ids, cols].reset_index()


def key_issues(run: Run) -> dict[int, str]:
    """``{number: title}`` of the workshop's key issues."""
    ki = run.workshop.get("key_issues") or {}
    if isinstance(ki, list):
        ki = dict(enumerate(ki, 1))
    return {int(k): str(v) for k, v in ki.items()}


def swot(run: Run, key_issue=None, quadrant=None, top: int | None = 10) -> pd.DataFrame:
    """The consolidated SWOT: items ranked by groups, provinces and statements."""
    s = run.table("swot")
    if s.empty:
        return s
    if key_issue not in (None, "ทั้งหมด"):
        s = s[s["key_issue"].astype(str) == str(key_issue)]
    if quadrant not in (None, "ทั้งหมด"):
        s = s[s["quadrant"] == quadrant]
    s = s.sort_values(["groups", "provinces", "statements", "item"], ascending=[False, False, False, True])
    s = s.reset_index(drop=True)
    return s.head(top) if top else s


def plans(run: Run, key_issue=None, horizon=None, top: int | None = 15) -> pd.DataFrame:
    p = run.table("plans")
    if p.empty:
        return p
    if key_issue not in (None, "ทั้งหมด"):
        p = p[p["key_issue"].astype(str) == str(key_issue)]
    if horizon not in (None, "ทั้งหมด"):
        p = p[p["horizon_months"].astype(str) == str(horizon)]
    p = p.sort_values(["horizon_months", "groups", "provinces", "action"], ascending=[True, False, False, True])
    p = p.reset_index(drop=True)
    return p.head(top) if top else p


def good_practice(run: Run, key_issue=None, step=None, top: int | None = 10) -> pd.DataFrame:
    g = run.table("good_practice")
    if g.empty:
        return g
    if key_issue not in (None, "ทั้งหมด"):
        g = g[g["key_issue"].astype(str) == str(key_issue)]
    if step not in (None, "ทั้งหมด"):
        g = g[g["step"].astype(str) == str(step)]
    g = g.sort_values(["key_issue", "rank", "practice"]).reset_index(drop=True)
    g = g.drop(columns=[c for c in g.columns if c.startswith("quote_") and c not in ("quote_1", "quote_1_source")])
    return g.head(top) if top else g


# ------------------------------------------------------------------ 05 report
def render_reports(run: Run, formats=None, progress: bool = True) -> pd.DataFrame:
    """Render the ministry's reports from the saved outputs (what ``lessons report`` does);
    a table of what was written, with sizes."""
    from .analysis import record_outputs
    from .report import FORMATS, write_reports

    written = write_reports(run.out, formats or FORMATS, progress=progress)
    record_outputs(run.out, written)
    rows = [{"output": k, "file": str(p), "kB": round(p.stat().st_size / 1024, 1)} for k, p in sorted(written.items())]
    return pd.DataFrame(rows)


def executive_summary(run: Run) -> str:
    """The report's executive summary as Markdown (from the same model every format uses)."""
    from .report.build import build_report
    from .report.model import Report
    from .report.render import markdown_text

    r = build_report(run.out)
    text = markdown_text(Report(title=r.title, cover=[], notice=r.notice, sections=r.sections[:1]))
    return re.sub(r"\n{3,}", "\n\n", text)


def png(data: bytes | None):
    """PNG bytes as something a notebook displays (an IPython Image), or a note when empty."""
    if not data:
        return "(ไม่มีข้อมูลพอจะวาดภาพนี้)"
    from IPython.display import Image

    return Image(data=data)


def picture(fig):
    """A matplotlib figure (object API) as an image a notebook shows, also in HTML copies."""
    return png(figure_png(fig))


def figure_png(fig) -> bytes:
    from .report.figures import _png

    return _png(fig)


# ------------------------------------------------------------------ notebook plumbing
def show(fn, interactive: bool = True, **controls):
    """Controls in a live notebook: ``ipywidgets.interact(fn, **controls)``, where each
    control is an ipywidgets widget. With ``interactive=False`` (headless: ``lessons
    notebooks``, the HTML copies) ``fn`` is called once with each control's current value and
    the result shown, so the page is complete without a running kernel."""
    from IPython.display import display

    if interactive:
        import ipywidgets

        ipywidgets.interact(fn, **controls)
        return None
    result = fn(**{k: getattr(w, "value", w) for k, w in controls.items()})
    if result is not None:
        display(result)
    return None  # shown once: the cell's own value must not show it again


def dropdown(options, value=None, description: str = ""):
    """A dropdown whose first option is ``ทั้งหมด`` (any) unless ``value`` is given."""
    import ipywidgets

    opts = list(options)
    return ipywidgets.Dropdown(options=opts, value=value if value is not None else (opts[0] if opts else None),
                               description=description, style={"description_width": "initial"})


def record(path, results: dict) -> None:
    """Write a notebook's key results as JSON (when ``RESULTS_PATH`` is set), for its test."""
    if not path:
        return
    import json

    def plain(v):  # numpy and pandas scalars, at any depth
        if isinstance(v, np.integer):
            return int(v)
        if isinstance(v, np.floating):
            return float(v)
        return str(v)

    Path(path).write_text(json.dumps(results, ensure_ascii=False, default=plain), encoding="utf-8")


def edit_panel(run: Run, progress: bool = True):
    """Controls to rename, merge or split a theme: Save writes ``themes.yml``; Rerun runs the
    recorded analysis again so the edits take effect (about as long as ``make report``)."""
    import ipywidgets as w

    choices = theme_choices(run)
    theme = w.Dropdown(options=choices, description="ประเด็น", style={"description_width": "initial"})
    action = w.ToggleButtons(options=[("เปลี่ยนชื่อ rename", "rename"), ("รวมเข้ากับ merge", "merge"),
                                      ("แยก split", "split")], value="rename")
    name = w.Text(description="ชื่อใหม่", placeholder="ชื่อประเด็นใหม่ (new title)")
    into = w.Dropdown(options=choices, description="รวมเข้ากับ")
    parts = w.BoundedIntText(value=2, min=2, max=6, description="จำนวนส่วน")
    save, again = w.Button(description="บันทึก (save)", icon="save"), w.Button(description="วิเคราะห์ใหม่ (rerun)")
    out = w.Output()

    def on_save(_):
        with out:
            out.clear_output()
            edit = {"rename": {theme.value: name.value.strip()}} if action.value == "rename" and name.value.strip() \
                else {"merge": {theme.value: into.value}} if action.value == "merge" and into.value != theme.value \
                else {"split": {theme.value: int(parts.value)}} if action.value == "split" else {}
            if not edit:
                print("ยังไม่ได้ระบุการแก้ไข (nothing to save)")
                return
            p = save_theme_edits(run, **edit)
            print(f"บันทึกแล้วใน {p}: {edit}. กด 'วิเคราะห์ใหม่' เพื่อให้มีผล (press rerun to apply)")

    def on_rerun(_):
        with out:
            out.clear_output()
            rerun(run, progress=progress)
            print(f"วิเคราะห์ใหม่แล้ว: {run.out} (run the notebook again to see the new themes)")

    save.on_click(on_save)
    again.on_click(on_rerun)
    return w.VBox([theme, action, w.HBox([name, into, parts]), w.HBox([save, again]), out])
