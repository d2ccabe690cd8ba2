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
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression

from .. import config
from .codebook import Codebook, GuidedCoder, code_key_issues, load_codebook
from .kinds import KIND_LABELS_TH, KINDS, KindClassifier, evaluate_kinds
from .label import bootstrap_stability, keywords_by_theme, make_title, representative_quotes
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


def kind_training_data(workshop_path=None, corpus_dir: Path | None = None) -> tuple[pd.DataFrame, np.ndarray]:
    """What the shipped kind model learns from: the sample workshop's gold annotations
    (clause level) and the labelled statements of ``data/train_kinds/*.csv`` (written by
    hand for this purpose, by people who had not seen the code or the sample; columns
    ``text``, ``kind``, ``source``)."""
    from ..text.normalize import normalize
    from ..text.pipeline import build_clauses
    from ..text.redact import redact
    from ..workshop import load_workshop
    from .gold import gold_for_clauses, load_gold

    ws = load_workshop(workshop_path or config.sample_workshop())
    gold = load_gold(ws)
    if gold is None:
        raise ValueError(f"{ws.path}: no gold annotations to train on")
    cl = build_clauses(ws.statements)
    y = gold_for_clauses(cl, gold, "kind")
    mask = y.notna().to_numpy()
    parts, ys = [cl[mask].reset_index(drop=True)], [y[mask].to_numpy()]
    corpus_dir = corpus_dir or config.sample_workshop().parents[1] / "train_kinds"
    for f in sorted(Path(corpus_dir).glob("*.csv")) if Path(corpus_dir).exists() else []:
        d = pd.read_csv(f, dtype=str, keep_default_na=False)
        d = d[d["kind"].isin(KINDS) & (d["text"].str.strip() != "")]
        parts.append(pd.DataFrame({
            "text_norm": [normalize(redact(t)) for t in d["text"]],
            "source_kind": np.where(d["source"] == "action_plan", "action_plan", "transcript"),
            "quadrant": None, "field": "text", "role": "", "speaker": ""}))
        ys.append(d["kind"].to_numpy())
    cols = ["text_norm", "source_kind", "quadrant", "field", "role", "speaker"]
    X = pd.concat([p.reindex(columns=cols) for p in parts], ignore_index=True)
    return X, np.concatenate(ys)


def train_kind_model(workshop_path=None, seed: int = config.DEFAULT_SEED,
                     corpus_dir: Path | None = None) -> KindClassifier:
    """Train the kind classifier that ships with the package
    (``python -m lessons.themes.train_kinds``) on :func:`kind_training_data`."""
    X, y = kind_training_data(workshop_path, corpus_dir)
    return KindClassifier(random_state=seed).fit(X, y)


@lru_cache(maxsize=1)
def shipped_kind_model() -> KindClassifier:
    """The kind classifier shipped in ``lessons/resources/models/kinds.json`` (trained on
    the sample workshop's gold); a missing file is an error, never a silent fallback."""
    import json

    path = config.model_path(KINDS_MODEL)
    return KindClassifier.from_dict(json.loads(path.read_text(encoding="utf-8")))


def assign_kinds(clauses: pd.DataFrame, seed: int = config.DEFAULT_SEED, adapt: bool = False) -> np.ndarray:
    """Each clause's kind from the shipped model; ``adapt=True`` adapts it to the workshop
    (:func:`adapt_kinds`; off by default: measured on three independent workshops it did
    not help, see bench/heldout9_workshops.py)."""
    if len(clauses) == 0:
        return np.asarray([], dtype=object)
    model = shipped_kind_model()
    kinds = np.asarray(model.predict(clauses), dtype=object)
    return adapt_kinds(clauses, model, kinds, seed) if adapt else kinds


def statement_kinds(statements: pd.DataFrame) -> pd.Series:
    """The kind of each statement's main point (the whole turn, item or answer read at
    once), by ``statement_id``: what a reader means by "this speaker raised a problem",
    beside the kinds of its clauses."""
    from ..text.normalize import normalize

    if len(statements) == 0:
        return pd.Series(dtype=object)
    st = statements.assign(text_norm=[normalize(t) for t in statements["text"]])
    return pd.Series(shipped_kind_model().predict(st), index=st["statement_id"].to_numpy(), dtype=object)


ADAPT_MIN_PER_KIND = 10  # labelled rows of each kind the workshop needs before it is adapted to
ADAPT_WEIGHT = 0.3  # weight of the workshop's own model beside the shipped one


def adapt_kinds(clauses: pd.DataFrame, model: KindClassifier, kinds: np.ndarray, seed: int) -> np.ndarray:
    """Every workshop labels part of itself: SWOT W/T and S, feedback columns about
    problems and suggestions, action plans. Those rows train a small model of this
    workshop's own words, beside what the shipped model reads from the language alone;
    scikit-learn's :class:`~sklearn.semi_supervised.SelfTrainingClassifier` then adds the
    free-text clauses it is sure of and refits. The clauses without a structural label
    (transcripts, free text) share the shipped model's probability of the kinds the
    workshop labelled by the mean of the two models; kinds it did not label (often
    ``other``, sometimes strengths) keep the shipped model's probability. A workshop with fewer than
    ``ADAPT_MIN_PER_KIND`` labelled rows of each of two kinds keeps the shipped model's kinds.
    """
    from sklearn.semi_supervised import SelfTrainingClassifier

    from .kinds import _full_tokens, input_hint

    hints = np.asarray([input_hint(r) for r in clauses.itertuples(index=False)], dtype=object)
    labelled = np.isin(hints, ["obstacle", "strength", "suggestion"])
    free = np.asarray([h is None for h in hints])
    counts = pd.Series(hints[labelled]).value_counts()
    if (counts >= ADAPT_MIN_PER_KIND).sum() < 2 or free.sum() < 20:
        return kinds
    base = model.predict_proba(clauses, use_hints=False)
    cls = list(model.classes_)
    from sklearn.feature_extraction.text import TfidfVectorizer

    from .features import _NgramAnalyzer

    vec = TfidfVectorizer(analyzer=_NgramAnalyzer((1, 2)), lowercase=False, min_df=2, sublinear_tf=True)
    W = vec.fit_transform(_full_tokens(clauses["text_norm"].tolist()))
    Xl = sp.hstack([W, sp.csr_matrix(np.log(np.clip(base, 1e-6, 1)))]).tocsr()
    keep = labelled | free
    # SelfTrainingClassifier wants integer labels, with -1 for the unlabelled rows
    names = sorted(set(hints[labelled]))
    code = {n: i for i, n in enumerate(names)}
    y_int = np.asarray([code[h] if lab else -1 for h, lab in zip(hints[keep], labelled[keep])])
    st = SelfTrainingClassifier(LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced"),
                                threshold=0.9, max_iter=5)
    st.fit(Xl[keep], y_int)
    local = st.predict_proba(Xl[free])
    # the local model re-decides only among the kinds it has seen; the shipped model's
    # probability mass on those kinds is shared out by a weighted mean of the two
    idx = [cls.index(n) for n in names]
    p = base[free].copy()
    mass = p[:, idx].sum(axis=1, keepdims=True)
    sub = p[:, idx] / np.clip(mass, 1e-9, None)
    p[:, idx] = mass * ((1 - ADAPT_WEIGHT) * sub + ADAPT_WEIGHT * local)
    out = kinds.copy()
    out[np.where(free)[0]] = np.asarray(cls, dtype=object)[p.argmax(axis=1)]
    return out


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
OTHER_CAP = 0.15  # at most this share of substantive clauses ends in อื่น ๆ (see sweep_other)


@dataclass
class ThemeState:
    """What the theme steps hand each other: the clauses and, per clause, its theme, where
    the theme came from (``codebook`` / ``discovered`` / ``other``), how well it fits
    (``strong``, or ``nearest`` when the other-sweep placed it) and a confidence."""

    cl: pd.DataFrame
    theme_id: np.ndarray
    source: np.ndarray
    fit: np.ndarray
    confidence: np.ndarray
    labels: dict[str, str]
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    codebook: Codebook | None = None
    coder: GuidedCoder | None = None
    coder_rows: np.ndarray | None = None
    model: ThemeModel | None = None
    disc_idx: np.ndarray | None = None
    embedding: np.ndarray | None = None

    @classmethod
    def start(cls, clauses: pd.DataFrame, codebook: Codebook | None = None) -> "ThemeState":
        cl = clauses.copy().reset_index(drop=True)
        n = len(cl)
        return cls(cl=cl, theme_id=np.full(n, OTHER_ID, dtype=object), source=np.full(n, "other", dtype=object),
                   fit=np.full(n, "", dtype=object), confidence=np.zeros(n), labels={OTHER_ID: OTHER_LABEL},
                   codebook=codebook)

    def substantive(self) -> np.ndarray:
        return (self.cl["kind"] != "other").to_numpy()


def hand_coded_examples(cl: pd.DataFrame, examples: dict[str, str] | None = None) -> dict[int, str]:
    """``{row: theme}`` from a ``theme`` column of the input (carried in ``extra``) and from
    ``examples`` (``{clause_id: theme}``)."""
    ex: dict[int, str] = {}
    for i, e in enumerate(cl["extra"] if "extra" in cl else []):
        if isinstance(e, str) and e.startswith("{"):
            t = json.loads(e).get("theme")
            if t:
                ex[i] = str(t)
    if examples:
        pos = {cid: i for i, cid in enumerate(cl["clause_id"])}
        ex.update({pos[c]: t for c, t in examples.items() if c in pos})
    return ex


def code_step(s: ThemeState, examples: dict[int, str], seed: int) -> None:
    """Step 2: code the substantive clauses to the codebook's themes (abstaining when unsure)."""
    cb = s.codebook
    substantive = s.substantive()
    if cb is None or substantive.sum() < 2:
        return
    idx = np.where(substantive)[0]
    coder = GuidedCoder(codebook=cb, random_state=seed)
    sub_ex = {j: examples[i] for j, i in enumerate(idx) if i in examples}
    coded = coder.fit_predict(s.cl["text_norm"].iloc[idx].tolist(), tokens=s.cl["tokens"].iloc[idx].tolist(),
                              examples=sub_ex)
    proba = coder.predict_proba().max(axis=1)
    for j, i in enumerate(idx):
        if coded[j] is not None:
            s.theme_id[i], s.source[i], s.fit[i], s.confidence[i] = coded[j], "codebook", "strong", proba[j]
    s.labels.update({t.id: t.label for t in cb.themes.values()})
    s.coder, s.coder_rows = coder, idx


def discover_step(s: ThemeState, k, seed: int, progress: bool, focus=("obstacle",), method: str = "model") -> None:
    """Step 3: discover themes among the clauses of the ``focus`` kinds (all clauses when
    None) that the codebook left; other substantive clauses that fit a discovered theme
    join it."""
    cl = s.cl
    in_focus = cl["kind"].isin(focus).to_numpy() if focus else np.ones(len(cl), bool)
    # fragments of one or two words ("สุดท้ายก็ไม่ทัน") say too little to found a theme on
    enough_words = cl["tokens"].map(len).to_numpy() >= MIN_TOKENS
    disc_idx = np.where(in_focus & (s.source == "other") & enough_words)[0]
    if len(disc_idx) < MIN_DISCOVERY:
        return
    what = ("obstacle clauses" if focus == ("obstacle",) else "texts") + " left for discovery" + \
        (" after the codebook" if s.codebook is not None else "")
    model = discover(cl["text_norm"].iloc[disc_idx].tolist(), k=k, seed=seed, progress=progress, what=what,
                     method=method)
    lab = model.labels_
    for j, i in enumerate(disc_idx):
        if lab[j] != OTHER:
            s.theme_id[i], s.source[i], s.fit[i] = discovered_id(lab[j]), "discovered", "strong"
            s.confidence[i] = model.similarity_[j]
    s.embedding = np.zeros((len(cl), model.embedding_.shape[1]))
    s.embedding[disc_idx] = model.embedding_
    s.tables["k_curve"] = model.k_scores_
    s.model, s.disc_idx = model, disc_idx
    rest = np.where(s.substantive() & (s.source == "other") & ~in_focus)[0]
    if len(rest):
        pred = model.predict(cl["text_norm"].iloc[rest].tolist())
        for j, i in enumerate(rest):
            if pred[j] != OTHER:
                s.theme_id[i], s.source[i], s.fit[i] = discovered_id(pred[j]), "discovered", "strong"


METHODS = ("model", "stream")  # ThemeModel; StreamingThemeModel (hashing + MiniBatchKMeans, for --dask)


def discover(texts, k="auto", seed=config.DEFAULT_SEED, other_share=0.15, progress=False, what="texts",
             method: str = "model"):
    from .model import check_k

    check_k(k, len(texts), what)
    if method == "stream":
        from .stream import StreamingThemeModel

        return StreamingThemeModel(k=k, random_state=seed, other_share=other_share).fit(texts)
    model = ThemeModel(k=k, random_state=seed, other_share=other_share, verbose=int(progress))
    model.fit(texts)
    return model


def discovered_id(label: int) -> str:
    """The one id scheme of discovered themes: ``d01``, ``d02``, … (``d100`` past 99)."""
    return f"d{int(label) + 1:02d}"


def sweep_other(s: ThemeState, cap: float = OTHER_CAP) -> None:
    """Step 4: hold อื่น ๆ to ``cap`` of the substantive clauses, and of the obstacle clauses.
    The clauses left over are ranked by how well their nearest theme fits (the coder's
    probability relative to its threshold, the similarity to a discovered centre relative
    to the theme members' median); the best-fitting join that theme, marked
    ``theme_fit = nearest``, until the share is at the cap. The rest stay in อื่น ๆ and are
    quoted like any theme."""
    cl = s.cl
    left = np.where(s.substantive() & (s.theme_id == OTHER_ID))[0]
    if not len(left) or (s.coder is None and s.model is None):
        return
    texts = cl["text_norm"].iloc[left].tolist()
    best_score = np.full(len(left), -np.inf)
    best_theme = np.full(len(left), OTHER_ID, dtype=object)
    best_source = np.full(len(left), "other", dtype=object)
    if s.coder is not None:
        proba = s.coder.predict_proba(texts, cl["tokens"].iloc[left].tolist())
        sc = proba.max(axis=1) / s.coder.threshold()
        better = sc > best_score
        best_score[better] = sc[better]
        best_theme[better] = np.asarray(s.coder.classes_, dtype=object)[proba.argmax(axis=1)][better]
        best_source[better] = "codebook"
    if s.model is not None:
        sims = s.model.transform(texts)
        med = np.median(s.model.similarity_[s.model.labels_ != OTHER]) if (s.model.labels_ != OTHER).any() else 1.0
        sc = sims.max(axis=1) / max(med, 1e-6)
        better = sc > best_score
        best_score[better] = sc[better]
        best_theme[better] = np.asarray([discovered_id(t) for t in sims.argmax(axis=1)], dtype=object)[better]
        best_source[better] = "discovered"
    kinds = cl["kind"].to_numpy()
    obstacle = kinds == "obstacle"
    for pool, members in ((obstacle[left], obstacle), (np.ones(len(left), bool), s.substantive())):
        excess = int((members & (s.theme_id == OTHER_ID)).sum()) - int(np.floor(cap * members.sum()))
        if excess <= 0:
            continue
        order = [j for j in np.argsort(-best_score, kind="stable")
                 if pool[j] and s.theme_id[left[j]] == OTHER_ID and best_theme[j] != OTHER_ID]
        for j in order[:excess]:
            i = left[j]
            s.theme_id[i], s.source[i], s.fit[i], s.confidence[i] = best_theme[j], best_source[j], "nearest", 0.0


def edits_step(s: ThemeState, edits: dict, seed: int) -> set[str]:
    """Step 5: the researchers' renames, merges and splits (``themes.yml``)."""
    if not edits:
        return set()
    full_emb = _embedding_for_edits(s.cl, s.embedding, seed)
    s.theme_id, s.labels = apply_edits(s.theme_id, s.labels, edits, full_emb, seed)
    return set((edits.get("rename") or {}).keys())


def stability_step(s: ThemeState, boots: int, seed: int, progress: bool) -> dict[str, float]:
    """Step 6: how well each theme comes back when refitted on subsamples."""
    stability: dict[str, float] = {}
    if s.model is not None and boots:
        st = bootstrap_stability(s.model, s.cl["text_norm"].iloc[s.disc_idx].tolist(), s.model.labels_,
                                 n_boot=boots, seed=seed, progress=progress)
        stability.update({discovered_id(t): v for t, v in st.items()})
    if s.coder is not None and boots:
        cl = s.cl.assign(theme_id=s.theme_id, theme_source=s.source)
        stability.update(_coder_stability(cl[s.fit != "nearest"], s.coder, s.codebook, seed, boots=max(2, boots // 2)))
    return stability


def theme_clauses(clauses: pd.DataFrame, codebook: Codebook | None = None, edits: dict | None = None, k="auto",
                  seed: int = config.DEFAULT_SEED, examples: dict[int, str] | None = None, progress: bool = False,
                  stability_boots: int = 6, focus=("obstacle",), other_cap: float = OTHER_CAP,
                  method: str = "model") -> ThemeResult:
    """The one theme flow, for a workshop's clauses and for any table of texts:

    1. kinds (the shipped model, adapted to what the input labels itself);
    2. codebook coding; 3. discovery on what is left; 4. the other-sweep; 5. edits;
    6. stability; 7. titles, keywords, quotes and the ``themes`` table.
    """
    s = ThemeState.start(clauses, codebook)
    s.cl["kind"] = assign_kinds(s.cl, seed)  # 1
    code_step(s, examples or {}, seed)  # 2
    discover_step(s, k, seed, progress, focus=focus, method=method)  # 3
    sweep_other(s, cap=other_cap)  # 4
    renamed = edits_step(s, edits or {}, seed)  # 5
    cl = s.cl
    cl["theme_id"] = s.theme_id
    cl["theme_source"] = s.source
    cl["theme_fit"] = s.fit
    cl["theme_confidence"] = np.round(s.confidence, 4)
    if codebook is not None:
        cl["key_issue_coded"] = pd.array(code_key_issues(cl["text_norm"].tolist(), codebook,
                                                         known=cl["key_issue"].tolist(), themes=list(s.theme_id)),
                                         dtype="Int64")
    else:
        cl["key_issue_coded"] = cl["key_issue"]
    from ..timing import stage

    with stage("stability"):
        stability = stability_step(s, stability_boots, seed, progress)  # 6
    labels = dict(s.labels)
    with stage("labels_quotes"):
        s.tables["themes"] = theme_table(cl, labels, stability, renamed=renamed)  # 7
    cl["theme_label"] = [labels.get(t, t) for t in cl["theme_id"]]
    return ThemeResult(clauses=cl, tables=s.tables, model=s.model, coder=s.coder, codebook=codebook)


ASSIGNMENT_COLUMNS = ["clause_id", "statement_id", "source_file", "location", "group", "province", "kind",
                      "statement_kind",
                      "theme_id", "theme_label", "theme_source", "theme_fit", "theme_confidence", "key_issue",
                      "key_issue_coded", "text"]


def workshop_themes(ws, clauses: pd.DataFrame, seed: int = config.DEFAULT_SEED, k="auto",
                    examples: dict[str, str] | None = None, progress: bool = False,
                    stability_boots: int = 6, method: str = "model") -> ThemeResult:
    """:func:`theme_clauses` for a workshop: its codebook and ``themes.yml``, hand-coded
    examples, then the cross-tabulations and, when the workshop has gold annotations, the
    evaluation tables."""
    from .gold import gold_for_clauses, load_gold

    cb_rel = ws.meta.get("codebook")
    codebook = load_codebook(ws.root / cb_rel) if cb_rel else None
    edits = load_edits(ws.root / ws.meta.get("theme_edits", "themes.yml"))
    ex = hand_coded_examples(clauses.reset_index(drop=True), examples)
    res = theme_clauses(clauses, codebook=codebook, edits=edits, k=k, seed=seed, examples=ex, progress=progress,
                        stability_boots=stability_boots, method=method)
    cl, tables = res.clauses, res.tables
    cl["statement_kind"] = cl["statement_id"].map(statement_kinds(ws.statements))
    tables["assignments_parquet"] = cl[ASSIGNMENT_COLUMNS].copy()
    tables.update(crosstabs(cl))
    gold = load_gold(ws)
    if gold is not None:
        tables["kinds_evaluation"] = evaluate_kinds(cl, gold_for_clauses(cl, gold, "kind"), seed=seed)
        if codebook is not None:
            tables["coding_evaluation"] = evaluate_coding(ws, codebook, gold, seed)
    return res


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

    from .label import STABILITY_ROWS, jaccard_stability

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
        idx = np.sort(rs.choice(len(sub), size=min(int(0.8 * len(sub)), STABILITY_ROWS), replace=False))
        c = GuidedCoder(codebook=codebook, random_state=seed + b + 1, self_training=0)
        pred = c.fit_predict([texts[i] for i in idx], tokens=[toks[i] for i in idx])
        refits.append(np.asarray([ids.index(p) if p else -1 for p in pred]))
        idxs.append(idx)
    st = jaccard_stability(base, refits, idxs)  # refit labels are aligned with their idx
    return {ids[t]: v for t, v in st.items()}


def theme_table(cl: pd.DataFrame, labels: dict[str, str], stability: dict[str, float],
                renamed: set[str] = frozenset()) -> pd.DataFrame:
    """One row per theme (``other`` last): id, title (``label``), keywords, size, evidence
    counts, stability and up to five quotes with their sources; อื่น ๆ is quoted too, so a
    reader sees what fell through. Discovered themes get a title from their own text
    (:func:`~lessons.themes.label.make_title`) unless a researcher renamed them."""
    from .features import load_concepts

    rows = []
    all_kw = keywords_by_theme(cl["tokens"], cl["theme_id"])
    concepts = load_concepts()
    taken = {v for k, v in labels.items()}
    for tid, df in cl.groupby("theme_id", sort=False):
        kw = all_kw.get(tid, [])
        core = df[df["theme_fit"] != "nearest"] if "theme_fit" in df and (df["theme_fit"] != "nearest").any() else df
        if df["theme_source"].iloc[0] == "discovered" and tid not in renamed:
            labels[tid] = make_title(core["text"].tolist(), core["tokens"].tolist(), kw, concepts, taken=taken,
                                     kinds=core["kind"].tolist())
            taken.add(labels[tid])
        # quotes: the obstacles themselves when there are enough of them
        pool = core[core["kind"] == "obstacle"] if (core["kind"] == "obstacle").sum() >= 3 else core
        quotes = [pool.iloc[i] for i in representative_quotes(pool, n=5)]
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
            "nearest": int((df["theme_fit"] == "nearest").sum()) if "theme_fit" in df else 0,
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
