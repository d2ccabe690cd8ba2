"""The report's figures as PNG bytes, Thai in Sarabun: theme prevalence, theme x province,
participation by province and agency. Drawn with matplotlib's object API (no pyplot state),
so building a report changes nothing in the caller's process."""
from __future__ import annotations
from ..config import offline as _offline

import io

import numpy as np
import pandas as pd

DPI = 150
OTHER_LABELS = {"อื่น ๆ", "other"}
UNKNOWN = {"(ไม่ระบุ)", "", "nan"}


def _font():
    from matplotlib import font_manager

    from ..viz import thai_font_path

    for w in (400, 700):
        font_manager.fontManager.addfont(str(thai_font_path(w)))
    return font_manager.FontProperties(fname=str(thai_font_path(400))).get_name()


def _figure(w: float, h: float):
    from matplotlib.figure import Figure

    return Figure(figsize=(w, h), dpi=DPI, layout="constrained")  # laid out once, drawn once


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
    return buf.getvalue()


def _style(ax, family: str) -> None:
    for item in [ax.title, ax.xaxis.label, ax.yaxis.label] + ax.get_xticklabels() + ax.get_yticklabels():
        item.set_fontfamily(family)
    ax.spines[["top", "right"]].set_visible(False)


def _short(s: str, n: int = 38) -> str:
    s = str(s)
    return s if len(s) <= n else s[: n - 1] + "…"


def prevalence(themes: pd.DataFrame, top: int = 15) -> bytes | None:
    """Horizontal bars: obstacle clauses per theme, with the number of groups."""
    t = themes[~themes["label"].isin(OTHER_LABELS) & (themes["obstacles"] > 0)]
    t = t.sort_values(["obstacles", "groups"], ascending=False).head(top).iloc[::-1]
    if t.empty:
        return None
    family = _font()
    fig = _figure(8, 0.42 * len(t) + 1.2)
    ax = fig.subplots()
    ax.barh([_short(x) for x in t["label"]], t["obstacles"], color="#2a6f97")
    for y, (n, g) in enumerate(zip(t["obstacles"], t["groups"])):
        ax.text(n, y, f"  {n} ({g} กลุ่ม)", va="center", fontsize=9, fontfamily=family)
    ax.set_xlabel("จำนวนข้อความที่เป็นปัญหา/อุปสรรค")
    ax.set_xlim(0, t["obstacles"].max() * 1.25)
    _style(ax, family)
    return _png(fig)


@_offline
def heatmap(crosstab: pd.DataFrame, themes: pd.DataFrame, top_themes: int = 10, top_cols: int = 30) -> bytes | None:
    """Provinces (or groups) down, themes across: obstacle clauses, without อื่น ๆ and without
    the unknown column, so the picture is not washed out by them; each cell's count written.
    Sized for the width of an A4 page, so its labels stay readable there."""
    if crosstab is None or crosstab.empty:
        return None
    ct = crosstab.set_index(crosstab.columns[0])
    ct = ct[[c for c in ct.columns if str(c) not in UNKNOWN]]
    ct = ct[~ct.index.isin(OTHER_LABELS)]
    if ct.empty or not ct.shape[1]:
        return None
    ct = ct.loc[ct.sum(axis=1).sort_values(ascending=False, kind="stable").index[:top_themes]]
    ct = ct[ct.sum(axis=0).sort_values(ascending=False, kind="stable").index[:top_cols]]
    from pythainlp.util import collate

    ct = ct[collate([str(c) for c in ct.columns])].T  # rows: provinces in Thai order, columns: themes
    if ct.to_numpy().sum() == 0:
        return None
    family = _font()
    fig = _figure(7.2, 0.27 * ct.shape[0] + 2.6)
    ax = fig.subplots()
    v = ct.to_numpy(dtype=float)
    vmax = max(1.0, float(np.percentile(v[v > 0], 95)) if (v > 0).any() else 1.0)
    im = ax.imshow(v, cmap="YlOrRd", aspect="auto", vmin=0, vmax=vmax)
    ax.set_xticks(range(ct.shape[1]), [_short(x, 22) for x in ct.columns], rotation=40, ha="right", fontsize=8)
    ax.set_yticks(range(ct.shape[0]), [str(x) for x in ct.index], fontsize=8)
    ax.xaxis.tick_top()
    ax.tick_params(axis="x", labeltop=True, labelbottom=False)
    for lab in ax.get_xticklabels():
        lab.set_ha("left")
    for i in range(v.shape[0]):
        for j in range(v.shape[1]):
            if v[i, j]:
                ax.text(j, i, int(v[i, j]), ha="center", va="center", fontsize=7, fontfamily=family,
                        color="white" if v[i, j] > vmax * 0.6 else "black")
    _style(ax, family)
    ax.spines[["left", "bottom"]].set_visible(False)
    cb = fig.colorbar(im, ax=ax, fraction=0.03, pad=0.02)
    cb.ax.tick_params(labelsize=7)
    return _png(fig)


def participation(part: pd.DataFrame, by: str, top: int = 25) -> bytes | None:
    """Bars: participants per province or per agency."""
    if part is None or part.empty or by not in part:
        return None
    s = part.assign(**{by: part[by].fillna("").astype(str)})
    s = s[~s[by].isin(UNKNOWN)].groupby(by)["participants"].sum().sort_values(ascending=False).head(top)
    if s.empty:
        return None
    family = _font()
    s = s.iloc[::-1]
    fig = _figure(7, 0.3 * len(s) + 1.0)
    ax = fig.subplots()
    ax.barh([_short(x, 30) for x in s.index], s.to_numpy(), color="#52796f")
    for y, n in enumerate(s.to_numpy()):
        ax.text(n, y, f" {n}", va="center", fontsize=8, fontfamily=family)
    ax.set_xlabel("จำนวนผู้เข้าร่วม (คน)")
    ax.tick_params(axis="y", labelsize=9)
    _style(ax, family)
    return _png(fig)
