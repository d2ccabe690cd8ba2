"""From statements to Good Practice: the consolidated SWOT, the action plans by horizon and
what works, per key issue and (for victim assistance) per process step.

Every SWOT row and plan action of the input ends up in exactly one item. Near-duplicates
across groups (the same meaning in other words) merge into one item: statements are placed
in the theme layer's representation (:meth:`lessons.themes.ThemeModel.embed`: words,
character n-grams, the concept lexicon and the corpus's own word vectors, reduced by LSA)
and grouped by complete-linkage clustering, so every two members of an item are at least
``MERGE_SIMILARITY`` alike. Each item keeps a representative wording (its most central
member, already redacted), how many statements, groups and provinces stand behind it, and
the ids of every member.

    swot.csv           key_issue, quadrant S/W/O/T, item, statements, groups, provinces, statement_ids
    plans.csv          key_issue, horizon_months (3/6/12), action, lead_agencies, indicators, …
    good_practice.csv  key_issue, step, type strength|suggestion, practice, …, rank, answers_themes,
                       quote_1…3 with sources, statement_ids
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from . import config

MERGE_SIMILARITY = 0.8  # merge_groups' default cut: cosine in the theme representation
MERGE_LINKAGE = "complete"
# How near-duplicates merge, per kind of line. Chosen on the independent gold of
# data/heldout_merge (bench/merge_eval.py: pair precision >= 0.9) and then by reading the
# merged pairs of the sample and of three independent workshops (bench/synthesis_eval.py
# --pairs), which were stricter judges than the gold: lines on one topic that propose
# different things (two changes to one form, two uses of one committee) sit as close in
# this representation as true paraphrases, so only close ones merge. SWOT lines merge in
# the workshop's own representation; plan actions and suggestions, longer, in the one
# fitted with the background corpus (on the gold: recall 0.075 -> 0.225 at precision
# 0.96). Two lines of one group's sheet never merge. ``theme_bonus`` (lines the theme
# layer put in one theme count that much more alike, in different themes never merge)
# is measured in bench/merge_eval.py and left off: it merged more and read worse.
MERGE = {
    "swot": {"similarity": 0.8, "linkage": "complete", "background": False, "theme_bonus": None},
    "plans": {"similarity": 0.8, "linkage": "complete", "background": True, "theme_bonus": None},
}
SWOT_COLUMNS = ["key_issue", "quadrant", "item", "statements", "groups", "provinces", "statement_ids"]
PLAN_COLUMNS = ["key_issue", "horizon_months", "action", "lead_agencies", "indicators", "statements", "groups",
                "provinces", "statement_ids"]
GP_COLUMNS = ["key_issue", "step", "type", "practice", "statements", "groups", "provinces", "rank",
              "answers_themes", "quote_1", "quote_1_source", "quote_2", "quote_2_source", "quote_3",
              "quote_3_source", "statement_ids"]
HORIZONS = (3, 6, 12)
STRENGTH_FIELDS = ("strengths", "good_practice", "what_works")  # form columns that ask what works


# ---------------------------------------------------------------- lexicons
def _yaml(path: Path) -> dict:
    import yaml

    return yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}


def load_agencies(workshop_root: Path | None = None) -> dict[str, list[str]]:
    """``{canonical: [forms]}``: the package's table, extended (or overridden, name by name)
    by an ``agencies.yml`` beside the workshop."""
    table = dict(_yaml(config.dictionary_file("agencies.yml")).get("agencies", {}))
    if workshop_root is not None and (Path(workshop_root) / "agencies.yml").exists():
        table.update(_yaml(Path(workshop_root) / "agencies.yml").get("agencies", {}) or {})
    return {str(k): [str(f).lower() for f in v or []] for k, v in table.items()}


def canonical_agencies(typed: str, table: dict[str, list[str]]) -> list[str]:
    """``'สำนักงานพัฒนาสังคมฯ จังหวัด ร่วมกับตำรวจภูธรจังหวัด'`` -> ``['พมจ.', 'สภ./ตำรวจ']``;
    text no form matches is kept as typed."""
    from .text.normalize import normalize

    t = normalize(str(typed or "")).lower()
    if not t.strip():
        return []
    found = [name for name, forms in table.items() if any(f and f in t for f in forms)]
    return found or [" ".join(str(typed).split())]


def horizon_months(value) -> int | None:
    """A plan horizon as 3, 6 or 12 months, from whatever was typed (``๓``, ``3 เดือน``,
    ``ระยะสั้น``, ``1 ปี``, ``12 เดือน``, ``ระยะยาว 1 ปี``), or already parsed months."""
    from .readers.fields import parse_horizon

    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return None
    m = value if isinstance(value, (int, np.integer)) else parse_horizon(value)
    if m is None:
        return None
    return 3 if m <= 4 else 6 if m <= 8 else 12


def load_steps() -> dict[str, list[str]]:
    return {str(k): [str(f).lower() for f in v] for k, v in _yaml(config.dictionary_file("steps.yml"))["steps"].items()}


def step_of(text: str, steps: dict[str, list[str]]) -> str:
    t = str(text).lower()
    hits = {name: sum(t.count(f) for f in forms) for name, forms in steps.items()}
    best = max(hits.values()) if hits else 0
    return next(name for name, n in hits.items() if n == best) if best > 0 else ""


# ---------------------------------------------------------------- merging
def merge_groups(Z: np.ndarray, similarity: float | None = None, linkage: str | None = None,
                 groups=None, themes=None, theme_bonus: float = 0.0) -> np.ndarray:
    """Cluster labels: agglomerative clustering on cosine distance (``linkage``, default
    :data:`MERGE_LINKAGE`), cut at ``1 - similarity`` (default :data:`MERGE_SIMILARITY`).
    With ``groups``, two statements of the same group are never merged (a group does not
    write the same point twice on one sheet). With ``themes`` (each statement's main theme,
    ``""`` when it has none), two statements the theme layer put in different themes never
    merge, and two in the same theme count ``theme_bonus`` more alike."""
    similarity = MERGE_SIMILARITY if similarity is None else similarity
    linkage = linkage or MERGE_LINKAGE
    n = len(Z)
    if n <= 1:
        return np.zeros(n, dtype=int)
    from sklearn.cluster import AgglomerativeClustering

    S = Z @ Z.T
    if themes is not None:
        t = np.asarray([str(x or "") for x in themes], dtype=object)
        known = t != ""
        both = known[:, None] & known[None, :]
        same = t[:, None] == t[None, :]
        S = np.where(both & same, S + theme_bonus, np.where(both & ~same, -1.0, S))
    D = np.clip(1 - S, 0, 2)
    if groups is not None:
        g = pd.Series(list(groups)).astype(str).where(pd.Series(list(groups)).notna(), None)
        same = (g.to_numpy()[:, None] == g.to_numpy()[None, :]) & g.notna().to_numpy()[:, None]
        D = np.where(same, 4.0, D)
    D = np.where(D > 2, 4.0, D)
    np.fill_diagonal(D, 0)
    ac = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage=linkage,
                                 distance_threshold=1 - similarity)
    return ac.fit_predict(D)


def group_provinces(ws) -> dict:
    """``{group: {provinces}}`` from every statement and participant that names both: a SWOT
    sheet or plan row of a group stands for the provinces its members come from."""
    out: dict = {}
    frames = [ws.statements[["group", "province"]]]
    pt = getattr(ws, "participants", None)
    if pt is not None and {"group", "province"} <= set(pt.columns):
        frames.append(pt[["group", "province"]])
    for f in frames:
        for g, p in f.dropna().itertuples(index=False):
            if str(p).strip():
                out.setdefault(str(g), set()).add(str(p))
    return out


def _consolidate(df: pd.DataFrame, Z: np.ndarray, keys: list[str], by_group: dict | None = None,
                 text_col: str = "text", setting: str = "swot", one_group: bool = True) -> list[dict]:
    """Merge near-duplicates within each block of ``keys`` (:data:`MERGE` ``setting``;
    ``one_group``: two lines of one group never merge); one dict per item with its
    members (``_members``: row positions of ``df``)."""
    out = []
    df = df.reset_index(drop=True)
    cfg = MERGE[setting]
    g_all = df["group"].tolist() if "group" in df else [None] * len(df)
    p_all = df["province"].tolist() if "province" in df else [None] * len(df)
    ids_all = df["statement_id"].astype(str).tolist()
    text_all = df[text_col].tolist()
    for _, block in df.groupby(keys, sort=True, dropna=False):
        idx = block.index.to_numpy()
        themes = None
        if cfg["theme_bonus"] is not None and "themes" in block:
            themes = [str(t).split("; ")[0] if isinstance(t, str) else "" for t in block["themes"]]
        groups = block["group"].tolist() if one_group and "group" in block else None
        labels = _merge_block(Z[idx], cfg, groups, themes)
        for c in np.unique(labels):
            members = idx[labels == c]
            centre = Z[members].mean(axis=0)
            rep = members[int(np.argmax(Z[members] @ centre))]
            gs, ps = [g_all[i] for i in members], [p_all[i] for i in members]
            out.append({**{k: block[k].iloc[0] for k in keys}, "_rep": text_all[rep], "_members": members,
                        "statements": len(members), "groups": _count_values(gs),
                        "provinces": _provinces_of(gs, ps, by_group or {}),
                        "statement_ids": "; ".join(ids_all[i] for i in members)})
    return out


MERGE_BLOCK = 2000  # statements; a larger block is merged within coarse parts of about 1,000


def _merge_block(Zb: np.ndarray, cfg: dict, groups, themes) -> np.ndarray:
    """:func:`merge_groups` on one block; a block over :data:`MERGE_BLOCK` statements is
    first cut into coarse parts (KMeans on the same representation, seeded) and merged
    within each, so merging costs O(n x 1,000), not O(n^2): near-duplicates lie close
    together and fall in one part."""
    n = len(Zb)
    if n <= MERGE_BLOCK:
        return merge_groups(Zb, cfg["similarity"], cfg["linkage"], groups=groups, themes=themes,
                            theme_bonus=cfg["theme_bonus"] or 0.0)
    from sklearn.cluster import MiniBatchKMeans

    parts = MiniBatchKMeans(n_clusters=int(np.ceil(n / 1000)), batch_size=4096, n_init=1, max_iter=20,
                            random_state=0).fit_predict(Zb)
    labels = np.zeros(n, dtype=int)
    nxt = 0
    for p in np.unique(parts):
        rows = np.where(parts == p)[0]
        sub = merge_groups(Zb[rows], cfg["similarity"], cfg["linkage"],
                           groups=[groups[i] for i in rows] if groups is not None else None,
                           themes=[themes[i] for i in rows] if themes is not None else None,
                           theme_bonus=cfg["theme_bonus"] or 0.0)
        labels[rows] = sub + nxt
        nxt += int(sub.max()) + 1 if len(sub) else 0
    return labels


def _count_values(values) -> int:
    """Distinct non-empty values (what :func:`_count` counts, on a list)."""
    return len({str(v) for v in values if v is not None and not (isinstance(v, float) and v != v)
                and v is not pd.NA and str(v) != ""})


def _provinces_of(groups, provinces, by_group: dict) -> int:
    found = set()
    for g, p in zip(groups, provinces):
        if isinstance(p, str) and p.strip():
            found.add(p)
        elif g is not None and not pd.isna(g):
            found |= by_group.get(str(g), set())
    return len(found)


# ---------------------------------------------------------------- the three tables
def synthesise(ws, clauses: pd.DataFrame, seed: int = config.DEFAULT_SEED, swot_from_talk: bool = False,
               strengths_from_talk: bool = False) -> dict[str, pd.DataFrame]:
    """``swot``, ``plans`` and ``good_practice`` for a workshop. ``clauses`` are the theme
    flow's (kinds, statement kinds, themes). ``swot_from_talk`` adds strengths and
    obstacles voiced in transcripts and feedback to S and W (opportunities and threats
    come only from where the input says so). ``strengths_from_talk`` lets the model's
    strength kind alone make a transcript turn a practice that works (off: measured on
    three independent workshops, a third of such turns were not strengths)."""
    st = ws.statements.copy()
    if "statement_kind" in clauses:
        kinds = clauses.drop_duplicates("statement_id").set_index("statement_id")["statement_kind"]
        st["kind"] = st["statement_id"].map(kinds)
    else:
        st["kind"] = None
    themes = _statement_themes(clauses)
    st["themes"] = st["statement_id"].map(themes).fillna("")
    texts = st["text"].tolist()
    Z = {}
    from .themes.model import EXACT_ROWS

    for bg in sorted({c["background"] for c in MERGE.values()}):
        if len(texts) > EXACT_ROWS and Z:  # a large input has words enough: one representation serves both
            Z[bg] = next(iter(Z.values()))
            continue
        Z[bg] = _representation(texts, seed, background=bg)(texts) if len(texts) else np.zeros((0, 1))
    Zs, Zp = Z[MERGE["swot"]["background"]], Z[MERGE["plans"]["background"]]
    by_group = group_provinces(ws)
    return {"swot": swot_table(st, Zs, swot_from_talk, by_group), "plans": plans_table(st, Zp, ws, by_group),
            "good_practice": good_practice_table(st, {"strength": Zs, "suggestion": Zp}, clauses, by_group,
                                                 strengths_from_talk)}


def background_corpus() -> list[str]:
    """The shipped background statements (``resources/corpus/background.txt``)."""
    p = config.resource_path("corpus", "background.txt")
    return [t for t in p.read_text(encoding="utf-8").splitlines() if t.strip()]


def _representation(texts: list[str], seed: int, background: bool = True):
    """The theme layer's representation fitted on the workshop's own statements and (with
    ``background``) the shipped background corpus, so that a word one workshop uses rarely
    still has neighbours. Background lines are only fitted on, never merged or counted."""
    from .text.normalize import normalize
    from .themes import ThemeModel

    norm = [normalize(t) for t in texts]
    if len(norm) < 4:
        return lambda xs: np.eye(max(1, len(xs)))[: len(xs)]
    from .themes.model import EXACT_ROWS

    own = norm
    if len(norm) > EXACT_ROWS:  # fitted on a seeded subsample, applied to all: a fixed cost
        rs = np.random.RandomState(seed)
        own = [norm[i] for i in np.sort(rs.choice(len(norm), size=EXACT_ROWS, replace=False))]
    fit_on = own + (background_corpus() if background else [])
    m = ThemeModel(k=2, random_state=seed, stability_seeds=0, other_share=0).fit(fit_on)
    return lambda xs: m.embed(norm if xs is texts else [normalize(x) for x in xs])


def _statement_themes(clauses: pd.DataFrame) -> pd.Series:
    """A statement's themes (most frequent first, ``other`` left out), joined by ``; ``."""
    if "theme_id" not in clauses or clauses.empty:
        return pd.Series(dtype=object)
    c = clauses[clauses["theme_id"] != "other"]
    return c.groupby("statement_id")["theme_id"].agg(lambda s: "; ".join(s.value_counts().index))


def swot_table(st: pd.DataFrame, Z: np.ndarray, swot_from_talk: bool = False, by_group: dict | None = None
               ) -> pd.DataFrame:
    swot = st["source_kind"].eq("swot") & st["quadrant"].isin(["S", "W", "O", "T"])
    rows = st[swot].assign(quadrant=st.loc[swot, "quadrant"])
    parts, Zs = [rows], [Z[swot.to_numpy()]]
    if swot_from_talk:
        talk = st["source_kind"].isin(["transcript", "feedback"]) & st["kind"].isin(["strength", "obstacle"])
        parts.append(st[talk].assign(quadrant=st.loc[talk, "kind"].map({"strength": "S", "obstacle": "W"})))
        Zs.append(Z[talk.to_numpy()])
    df = pd.concat(parts, ignore_index=True)
    if df.empty:
        return pd.DataFrame(columns=SWOT_COLUMNS)
    df["key_issue"] = df["key_issue"].astype("Int64")
    items = _consolidate(df, np.vstack(Zs), ["key_issue", "quadrant"], by_group)
    out = pd.DataFrame([{**i, "item": i["_rep"]} for i in items])
    order = {"S": 0, "W": 1, "O": 2, "T": 3}
    out["_q"] = out["quadrant"].map(order)
    out = out.sort_values(["key_issue", "_q", "groups", "provinces", "statements"],
                          ascending=[True, True, False, False, False], na_position="last")
    return out[SWOT_COLUMNS].reset_index(drop=True)


def plans_table(st: pd.DataFrame, Z: np.ndarray, ws, by_group: dict | None = None) -> pd.DataFrame:
    plan = (st["source_kind"] == "action_plan").to_numpy()
    df = st[plan].reset_index(drop=True)
    if df.empty:
        return pd.DataFrame(columns=PLAN_COLUMNS)
    extra = [json.loads(e) if isinstance(e, str) and e.startswith("{") else {} for e in df["extra"]]
    table = load_agencies(getattr(ws, "root", None))
    df["horizon_months"] = pd.array([horizon_months(h) for h in df["horizon"]], dtype="Int64")
    df["key_issue"] = df["key_issue"].astype("Int64")
    df["_agencies"] = [canonical_agencies(e.get("lead_agency") or a, table) for e, a in zip(extra, df["agency"])]
    df["_indicator"] = [str(e.get("indicator") or "").strip() for e in extra]
    items = _consolidate(df, Z[plan], ["key_issue", "horizon_months"], by_group, setting="plans")
    rows = []
    for i in items:
        sub = df.loc[i["_members"]]
        agencies = list(dict.fromkeys(a for lst in sub["_agencies"] for a in lst))
        indicators = list(dict.fromkeys(x for x in sub["_indicator"] if x))
        rows.append({**i, "action": i["_rep"], "lead_agencies": "; ".join(agencies), "indicators": " | ".join(indicators)})
    out = pd.DataFrame(rows).sort_values(["key_issue", "horizon_months", "groups", "provinces", "statements"],
                                         ascending=[True, True, False, False, False], na_position="last")
    return out[PLAN_COLUMNS].reset_index(drop=True)


def good_practice_table(st: pd.DataFrame, Z: dict, clauses: pd.DataFrame, by_group: dict | None = None,
                        strengths_from_talk: bool = False) -> pd.DataFrame:
    """What groups say works (strengths: SWOT S, answers to a form's column about what works
    (``STRENGTH_FIELDS``), and with ``strengths_from_talk`` any turn the model calls a
    strength) and what
    they recommend (suggestions anywhere and plan actions), per key issue and, for key issue 1, per step;
    ranked by groups, then provinces; each with up to three quotes from different groups
    and the obstacle themes its statements share (``answers_themes``)."""
    talk = ~st["source_kind"].isin(["swot", "action_plan"])
    # a form's column about what works says so; one about what a participant learned at the
    # workshop does not (measured: a third of such answers were not strengths)
    asked = st["field"].astype(str).isin(STRENGTH_FIELDS)
    strength = (st["quadrant"].eq("S") & st["source_kind"].eq("swot")) | \
        (talk & st["kind"].eq("strength") & (asked | strengths_from_talk))
    suggestion = st["source_kind"].eq("action_plan") | \
        (st["kind"].eq("suggestion") & ~st["source_kind"].isin(["swot", "action_plan"]))
    df = st.assign(type=np.where(strength, "strength", np.where(suggestion, "suggestion", "")))
    keep = (df["type"] != "").to_numpy()
    df = df[keep].reset_index(drop=True)
    if df.empty:
        return pd.DataFrame(columns=GP_COLUMNS)
    Zk = np.zeros((int(keep.sum()), Z["strength"].shape[1] + Z["suggestion"].shape[1]))
    steps = load_steps()
    df["key_issue"] = df["key_issue"].astype("Int64")
    df["step"] = [step_of(t, steps) if k == 1 else "" for t, k in zip(df["text"], df["key_issue"].fillna(0))]
    obstacle_themes = set(clauses.loc[clauses.get("kind", pd.Series(dtype=object)) == "obstacle", "theme_id"]) - {"other"} \
        if "theme_id" in clauses else set()
    # strengths merge as SWOT lines do, suggestions as plan actions; each in its own space
    items = []
    for typ, setting in (("strength", "swot"), ("suggestion", "plans")):
        m = (df["type"] == typ).to_numpy()
        Zt = Z[typ][keep][m]
        sub = df[m]
        got = _consolidate(sub.reset_index(drop=True), Zt, ["key_issue", "step", "type"], by_group,
                           setting=setting, one_group=False)
        pos = np.flatnonzero(m)
        for i in got:
            i["_members"] = pos[i["_members"]]
        items += got
        Zk[np.ix_(pos, np.arange(Zt.shape[1]) + (0 if typ == "strength" else Z["strength"].shape[1]))] = Zt
    rows = []
    for i in items:
        sub = df.loc[i["_members"]]
        themes = pd.Series([t for ts in sub["themes"] for t in ts.split("; ") if t and t in obstacle_themes])
        quotes = _quotes(sub, Zk[i["_members"]])
        rows.append({**i, "practice": i["_rep"], "answers_themes": "; ".join(themes.value_counts().index[:3]),
                     **quotes})
    out = pd.DataFrame(rows)
    out = out.sort_values(["key_issue", "step", "type", "groups", "provinces", "statements"],
                          ascending=[True, True, True, False, False, False], na_position="last").reset_index(drop=True)
    out["rank"] = out.groupby(["key_issue", "step", "type"], dropna=False).cumcount() + 1
    for c in GP_COLUMNS:
        if c not in out:
            out[c] = None
    return out[GP_COLUMNS]


def _quotes(sub: pd.DataFrame, Zs: np.ndarray, n: int = 3) -> dict:
    """Up to ``n`` members, most central first, one per group while groups last."""
    order = np.argsort(-(Zs @ Zs.mean(axis=0)), kind="stable")
    chosen, seen = [], set()
    for j in list(order) + list(order):
        g = sub["group"].iloc[j]
        if j in chosen or (g in seen and len(seen) < sub["group"].nunique()):
            continue
        chosen.append(j)
        seen.add(g)
        if len(chosen) == n:
            break
    out = {}
    for q, j in enumerate(chosen, 1):
        out[f"quote_{q}"] = sub["text"].iloc[j]
        out[f"quote_{q}_source"] = f"{sub['source_file'].iloc[j]} {sub['location'].iloc[j]}"
    return out
