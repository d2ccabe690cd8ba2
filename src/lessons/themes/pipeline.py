"""Themes for a workshop: kinds, codebook coding, discovery of what the codebook does not
cover, the researchers' edits (``themes.yml``), labels, quotes, stability and
cross-tabulations."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from .. import config
from .codebook import Codebook, GuidedCoder, code_key_issues, load_codebook
from .kinds import KIND_LABELS_TH, KindClassifier, evaluate_kinds
from .label import bootstrap_stability, keywords_by_theme, make_label, representative_quotes
from .model import OTHER, ThemeModel

OTHER_ID = "other"
OTHER_LABEL = "อื่น ๆ"
MIN_DISCOVERY = 8  # fewer uncoded obstacle clauses than this: no discovery
MIN_TOKENS = 3  # clauses with fewer content words are not used to discover themes


@dataclass
class ThemeResult:
    clauses: pd.DataFrame
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    model: ThemeModel | None = None
    coder: GuidedCoder | None = None
    codebook: Codebook | None = None


# ---------------------------------------------------------------- kinds
KINDS_MODEL = "kinds.json"


def train_kind_model(workshop_path, seed: int = config.DEFAULT_SEED) -> KindClassifier:
    """Train the kind classifier on a workshop's gold annotations (the sample's, for the
    model that ships with the package: ``python -m lessons.themes.train_kinds``)."""
    from ..text.pipeline import build_clauses
    from ..workshop import load_workshop
    from .gold import gold_for_clauses, load_gold

    ws = load_workshop(workshop_path)
    gold = load_gold(ws)
    if gold is None:
        raise ValueError(f"{workshop_path}: no gold annotations to train on")
    cl = build_clauses(ws.statements)
    y = gold_for_clauses(cl, gold, "kind")
    mask = y.notna().to_numpy()
    return KindClassifier(random_state=seed).fit(cl[mask].reset_index(drop=True), y[mask].to_numpy())


@lru_cache(maxsize=1)
def shipped_kind_model() -> KindClassifier:
    """The kind classifier shipped in ``lessons/resources/models/kinds.json`` (trained on
    the sample workshop's gold); a missing file is an error, never a silent fallback."""
    import json

    path = config.model_path(KINDS_MODEL)
    return KindClassifier.from_dict(json.loads(path.read_text(encoding="utf-8")))


def assign_kinds(clauses: pd.DataFrame, seed: int = config.DEFAULT_SEED) -> np.ndarray:
    if len(clauses) == 0:
        return np.asarray([], dtype=object)
    return np.asarray(shipped_kind_model().predict(clauses))


# ---------------------------------------------------------------- edits
def load_edits(path: Path | None) -> dict:
    """``themes.yml``: ``rename: {id: label}``, ``merge: {id: into_id}``, ``split: {id: n}``."""
    from ..readers.schema import read_theme_edits_doc

    if path is None or not Path(path).exists():
        return {}
    if Path(path).stat().st_size == 0:
        return {}
    doc = read_theme_edits_doc(Path(path))
    return {"rename": dict(doc.rename), "merge": dict(doc.merge), "split": dict(doc.split)}


def save_edits(path: Path, rename=None, merge=None, split=None) -> Path:
    """Write (merging with what is there) the researchers' theme edits."""
    import yaml

    cur = load_edits(path)
    for key, new in (("rename", rename), ("merge", merge), ("split", split)):
        if new:
            cur.setdefault(key, {}).update({str(k): v for k, v in new.items()})
    header = ("# Theme edits made by researchers; applied on every `lessons run`.\n"
              "# rename: {theme_id: new label}; merge: {theme_id: into_theme_id}; split: {theme_id: parts}\n")
    Path(path).write_text(header + yaml.safe_dump(cur, allow_unicode=True, sort_keys=True), encoding="utf-8")
    return Path(path)


def apply_edits(ids: np.ndarray, labels: dict[str, str], edits: dict, embedding: np.ndarray | None,
                seed: int) -> tuple[np.ndarray, dict[str, str]]:
    from sklearn.cluster import KMeans

    ids = ids.astype(object).copy()
    labels = dict(labels)
    for src, dst in (edits.get("merge") or {}).items():
        ids[ids == src] = str(dst)
        labels.pop(src, None)
    for tid, parts in (edits.get("split") or {}).items():
        idx = np.where(ids == tid)[0]
        parts = int(parts)
        if embedding is None or len(idx) < max(2, parts):
            continue
        sub = KMeans(n_clusters=parts, n_init=10, random_state=seed).fit_predict(embedding[idx])
        base = labels.pop(tid, tid)
        for p in range(parts):
            new = f"{tid}.{p + 1}"
            ids[idx[sub == p]] = new
            labels[new] = f"{base} ({p + 1})"
    for tid, name in (edits.get("rename") or {}).items():
        if tid in labels or (ids == tid).any():
            labels[str(tid)] = str(name)
    return ids, labels


# ---------------------------------------------------------------- the flow
def discover(texts, k="auto", seed=config.DEFAULT_SEED, other_share=0.15, progress=False, what="texts"):
    from .model import check_k

    check_k(k, len(texts), what)
    model = ThemeModel(k=k, random_state=seed, other_share=other_share, verbose=int(progress))
    model.fit(texts)
    return model


def workshop_themes(ws, clauses: pd.DataFrame, seed: int = config.DEFAULT_SEED, k="auto",
                    examples: dict[str, str] | None = None, progress: bool = False,
                    stability_boots: int = 6) -> ThemeResult:
    """Kinds, coding, discovery, edits, labels, quotes, stability and cross-tabs."""
    from .gold import gold_for_clauses, load_gold

    cl = clauses.copy().reset_index(drop=True)
    tables: dict[str, pd.DataFrame] = {}
    cl["kind"] = assign_kinds(cl, seed)
    gold = load_gold(ws)
    if gold is not None:
        tables["kinds_evaluation"] = evaluate_kinds(cl, gold_for_clauses(cl, gold, "kind"), seed=seed)

    # hand-coded examples: a 'theme' column in the input (extra) or passed in
    ex: dict[int, str] = {}
    for i, e in enumerate(cl["extra"] if "extra" in cl else []):
        if isinstance(e, str) and e.startswith("{"):
            t = json.loads(e).get("theme")
            if t:
                ex[i] = str(t)
    if examples:
        pos = {cid: i for i, cid in enumerate(cl["clause_id"])}
        ex.update({pos[c]: t for c, t in examples.items() if c in pos})

    codebook = None
    cb_rel = ws.meta.get("codebook")
    if cb_rel:
        codebook = load_codebook(ws.root / cb_rel)
    theme_id = np.full(len(cl), OTHER_ID, dtype=object)
    source = np.full(len(cl), "other", dtype=object)
    confidence = np.zeros(len(cl))
    labels: dict[str, str] = {OTHER_ID: OTHER_LABEL}
    substantive = (cl["kind"] != "other").to_numpy()
    coder = None
    if codebook is not None and substantive.sum() >= 2:
        idx = np.where(substantive)[0]
        coder = GuidedCoder(codebook=codebook, random_state=seed)
        sub_ex = {j: ex[i] for j, i in enumerate(idx) if i in ex}
        coded = coder.fit_predict(cl["text_norm"].iloc[idx].tolist(), cl["tokens"].iloc[idx].tolist(), sub_ex)
        proba = coder.predict_proba().max(axis=1)
        for j, i in enumerate(idx):
            if coded[j] is not None:
                theme_id[i] = coded[j]
                source[i] = "codebook"
                confidence[i] = proba[j]
        labels.update({t.id: t.label for t in codebook.themes.values()})

    # discovery on the obstacle clauses the codebook did not code
    model = None
    embedding = None
    # fragments of one or two words ("สุดท้ายก็ไม่ทัน") say too little to found a theme on
    enough_words = cl["tokens"].map(len).to_numpy() >= MIN_TOKENS
    disc_idx = np.where((cl["kind"] == "obstacle").to_numpy() & (source == "other") & enough_words)[0]
    if len(disc_idx) >= MIN_DISCOVERY:
        texts = cl["text_norm"].iloc[disc_idx].tolist()
        model = discover(texts, k=k, seed=seed, progress=progress,
                         what="obstacle clauses left for discovery" + (" after the codebook" if codebook else ""))
        lab = model.labels_
        for j, i in enumerate(disc_idx):
            if lab[j] != OTHER:
                theme_id[i] = f"d{lab[j] + 1:02d}"
                source[i] = "discovered"
                confidence[i] = model.similarity_[j]
        embedding = np.zeros((len(cl), model.embedding_.shape[1]))
        embedding[disc_idx] = model.embedding_
        tables["k_curve"] = model.k_scores_
        # uncoded suggestions and strengths that fit a discovered theme join it
        rest = np.where(substantive & (source == "other") & (cl["kind"] != "obstacle").to_numpy())[0]
        if len(rest):
            pred = model.predict(cl["text_norm"].iloc[rest].tolist())
            for j, i in enumerate(rest):
                if pred[j] != OTHER:
                    theme_id[i] = f"d{pred[j] + 1:02d}"
                    source[i] = "discovered"

    edits_path = ws.root / ws.meta.get("theme_edits", "themes.yml")
    edits = load_edits(edits_path)
    if edits:
        full_emb = _embedding_for_edits(cl, embedding, seed)
        theme_id, labels = apply_edits(theme_id, labels, edits, full_emb, seed)

    cl["theme_id"] = theme_id
    cl["theme_label"] = [labels.get(t, t) for t in theme_id]
    cl["theme_source"] = source
    cl["theme_confidence"] = np.round(confidence, 4)
    if codebook is not None:
        cl["key_issue_coded"] = pd.array(code_key_issues(cl["text_norm"].tolist(), codebook,
                                                         known=cl["key_issue"].tolist(), themes=list(theme_id)),
                                         dtype="Int64")
    else:
        cl["key_issue_coded"] = cl["key_issue"]

    stability = {}
    if model is not None and stability_boots:
        st = bootstrap_stability(model, cl["text_norm"].iloc[disc_idx].tolist(), model.labels_,
                                 n_boot=stability_boots, seed=seed, progress=progress)
        stability.update({f"d{t + 1:02d}": v for t, v in st.items()})
    if coder is not None and stability_boots:
        stability.update(_coder_stability(cl, coder, codebook, seed, boots=max(2, stability_boots // 2)))

    renamed = set((edits.get("rename") or {}).keys()) if edits else set()
    labels = dict(labels)
    tables["themes"] = theme_table(cl, labels, stability, ws, renamed=renamed)
    cl["theme_label"] = [labels.get(t, t) for t in cl["theme_id"]]
    tables["assignments_parquet"] = cl[["clause_id", "statement_id", "source_file", "location", "group", "province",
                                        "kind", "theme_id", "theme_label", "theme_source", "theme_confidence",
                                        "key_issue", "key_issue_coded", "text"]].copy()
    tables.update(crosstabs(cl))
    if gold is not None and codebook is not None:
        tables["coding_evaluation"] = evaluate_coding(ws, codebook, gold, seed)
    return ThemeResult(clauses=cl, tables=tables, model=model, coder=coder, codebook=codebook)


def _embedding_for_edits(cl, embedding, seed):
    if embedding is not None and np.abs(embedding).sum(axis=1).all():
        return embedding
    from sklearn.decomposition import TruncatedSVD
    from sklearn.preprocessing import normalize as l2

    from .features import char_vectorizer

    X = char_vectorizer(min_df=1).fit_transform(cl["text_norm"].tolist())
    n = int(min(50, X.shape[1] - 1, X.shape[0] - 1))
    return l2(TruncatedSVD(n_components=max(2, n), random_state=seed).fit_transform(X))


def _coder_stability(cl, coder, codebook, seed, boots=3):
    from sklearn.utils import check_random_state

    from .label import jaccard_stability

    rs = check_random_state(seed)
    sub = np.where((cl["theme_source"] == "codebook").to_numpy())[0]
    if len(sub) < 10:
        return {}
    ids = codebook.ids
    base = np.asarray([ids.index(t) for t in cl["theme_id"].iloc[sub]])
    refits, idxs = [], []
    texts = cl["text_norm"].iloc[sub].tolist()
    toks = cl["tokens"].iloc[sub].tolist()
    for b in range(boots):
        idx = np.sort(rs.choice(len(sub), size=int(0.8 * len(sub)), replace=False))
        c = GuidedCoder(codebook=codebook, random_state=seed + b + 1)
        pred = c.fit_predict([texts[i] for i in idx], [toks[i] for i in idx])
        refits.append(np.asarray([ids.index(p) if p else -1 for p in pred]))
        idxs.append(idx)
    st = jaccard_stability(base, refits, idxs)  # refit labels are aligned with their idx
    return {ids[t]: v for t, v in st.items()}


def theme_table(cl: pd.DataFrame, labels: dict[str, str], stability: dict[str, float], ws=None,
                renamed: set[str] = frozenset()) -> pd.DataFrame:
    rows = []
    all_kw = keywords_by_theme(cl["tokens"], cl["theme_id"])
    for tid, df in cl.groupby("theme_id", sort=False):
        kw = all_kw.get(tid, [])
        if df["theme_source"].iloc[0] == "discovered" and tid not in renamed:
            labels[tid] = make_label(kw)
        # quotes: the obstacles themselves when there are enough of them
        pool = df[df["kind"] == "obstacle"] if (df["kind"] == "obstacle").sum() >= 3 else df
        q = representative_quotes(pool, n=5) if tid != OTHER_ID else []
        quotes = [pool.iloc[i] for i in q]
        kinds = df["kind"].value_counts()
        kis = df["key_issue_coded"].dropna().astype(int).value_counts()
        rows.append({
            "theme_id": tid,
            "label": labels.get(tid, tid),
            "source": df["theme_source"].iloc[0],
            "keywords": ", ".join(kw),
            "size": int(len(df)),
            "statements": int(df["statement_id"].nunique()),
            "obstacles": int((df["kind"] == "obstacle").sum()),
            "groups": int(df["group"].dropna().nunique()),
            "provinces": int(df["province"].dropna().nunique()),
            "key_issue": int(kis.index[0]) if len(kis) else None,
            "key_issues": "; ".join(f"{k}: {v}" for k, v in kis.items()),
            "kinds": "; ".join(f"{KIND_LABELS_TH.get(k, k)}: {v}" for k, v in kinds.items()),
            "stability": round(float(stability[tid]), 3) if tid in stability and stability[tid] == stability[tid] else None,
            **{f"quote_{i + 1}": r["text"] for i, r in enumerate(quotes)},
            **{f"quote_{i + 1}_source": f"{r['source_file']} {r['location']}" for i, r in enumerate(quotes)},
        })
    t = pd.DataFrame(rows)
    if t.empty:
        return t
    t["_other"] = t["theme_id"] == OTHER_ID
    t = t.sort_values(["_other", "obstacles", "size", "theme_id"], ascending=[True, False, False, True]).drop(columns="_other")
    cols = [c for c in t.columns if not c.startswith("quote_")] + sorted(
        [c for c in t.columns if c.startswith("quote_")], key=lambda c: (int(c.split("_")[1]), len(c)))
    return t[cols].reset_index(drop=True)


def crosstabs(cl: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Obstacle clauses per theme by province, group, agency and key issue."""
    obs = cl[cl["kind"] == "obstacle"].copy()
    obs["agency_or_role"] = obs["agency"].where(obs["agency"].fillna("") != "", obs["role"]).fillna("")
    out = {}
    for name, col in (("province", "province"), ("group", "group"), ("agency", "agency_or_role"),
                      ("key_issue", "key_issue_coded")):
        ct = pd.crosstab(obs["theme_label"], obs[col].astype("string").fillna("(ไม่ระบุ)").replace("", "(ไม่ระบุ)"))
        ct = ct.loc[ct.sum(axis=1).sort_values(ascending=False).index]
        out[f"crosstab_{name}"] = ct.reset_index().rename(columns={"theme_label": "theme"})
    return out


def evaluate_coding(ws, codebook: Codebook, gold: pd.DataFrame, seed: int) -> pd.DataFrame:
    """Macro-F1 of guided coding against the gold themes, beside plain seed counting, at
    statement level (gold granularity)."""
    from sklearn.metrics import f1_score

    from ..text.normalize import normalize
    from .codebook import seed_count

    st = ws.statements.set_index("statement_id")
    g = gold[(gold["theme"] != "") & (gold["theme"] != "other")]
    g = g[g.index.isin(st.index)]
    texts = [normalize(t) for t in st.loc[g.index, "text"]]
    y = g["theme"].tolist()
    labels = codebook.ids
    rows = []
    for name, pred in (("seed-word counting", seed_count(texts, codebook)),
                       ("guided coding (lessons)", GuidedCoder(codebook=codebook, random_state=seed).fit_predict(texts))):
        p = [x or "(uncoded)" for x in pred]
        rows.append({"method": name, "macro_f1": round(f1_score(y, p, average="macro", labels=labels), 3),
                     "accuracy": round(float(np.mean([a == b for a, b in zip(y, p)])), 3),
                     "coded_share": round(float(np.mean([x is not None for x in pred])), 3), "n": len(y)})
    return pd.DataFrame(rows)
