"""From statements to clauses with normalised text and tokens: the one path every view
(term tables, KWIC, word cloud, themes) takes."""
from __future__ import annotations

import pandas as pd

from .chars import has_letters
from .clauses import split_clauses
from .normalize import normalize
from .tokenize import tokenize_many

CARRY = ["source_file", "source_kind", "location", "field", "group", "province", "agency", "role",
         "speaker", "key_issue", "quadrant", "horizon", "extra"]


def build_clauses(statements: pd.DataFrame, engine: str = "nlpo3", cache: bool = True,
                  progress: bool = False) -> pd.DataFrame:
    """One row per clause: ``clause_id`` (``statement_id/cN``), the parent
    ``statement_id``, the clause as written (already redacted), its normalised form,
    and its tokens. Statement metadata is carried along."""
    from ..timing import stage

    with stage("clauses"):
        texts = statements["text"].tolist()
        uniq = list(dict.fromkeys(texts))
        split = _cached_splits(uniq, cache, progress)
        rows = []
        for st in statements.itertuples(index=False):
            for n, (part, norm) in enumerate(split[st.text], start=1):
                row = {"clause_id": f"{st.statement_id}/c{n}", "statement_id": st.statement_id, "clause_no": n,
                       "text": part, "text_norm": norm}
                for c in CARRY:
                    row[c] = getattr(st, c, None)
                rows.append(row)
    clauses = pd.DataFrame(rows, columns=["clause_id", "statement_id", "clause_no", "text", "text_norm", *CARRY])
    for c in ("group", "key_issue", "horizon"):
        if c in clauses:
            clauses[c] = clauses[c].astype("Int64")
    with stage("tokenize"):
        clauses["tokens"] = tokenize_many(clauses["text_norm"].tolist(), engine=engine, cache=cache, progress=progress)
    return clauses


def _cached_splits(texts: list[str], cache: bool, progress: bool) -> dict[str, list[tuple[str, str]]]:
    """Each (already redacted) text's clauses, from the cache when seen before with the same
    splitting code and model (the cache file is named by their hash, as tokens are)."""
    from ..parallel import map_chunks
    from .tokenize import TokenCache

    store = TokenCache(_split_settings_hash()) if cache else None
    keys = [TokenCache.key(t) for t in texts]
    out = {}
    todo = []
    for k, t in zip(keys, texts):
        if store is not None and k in store.data:
            out[t] = store.data[k]
        else:
            todo.append((k, t))
    if todo:
        done = map_chunks(_split_chunk, [t for _, t in todo], desc="Splitting clauses", progress=progress)
        for (k, t), parts in zip(todo, done):
            out[t] = parts
            if store is not None:
                store.data[k] = parts
        if store is not None:
            store.dirty = True
            store.save()
    return out


def _split_settings_hash() -> str:
    """What a clause split depends on: this code, the splitter, the normaliser and PyThaiNLP's version."""
    import hashlib
    from importlib.metadata import version
    from pathlib import Path

    from . import chars, clauses, normalize as norm_mod

    h = hashlib.sha256(version("pythainlp").encode())
    for mod in (clauses, norm_mod, chars):
        h.update(Path(mod.__file__).read_bytes())
    h.update(Path(__file__).read_bytes())
    return "clauses-" + h.hexdigest()[:16]


def _split_chunk(texts: list[str]) -> list[list[tuple[str, str]]]:
    """Each text's clauses with letters in them, as (clause, normalised clause)."""
    out = []
    for text in texts:
        parts = []
        for part in split_clauses(text):
            norm = normalize(part)
            if has_letters(norm.replace("[", " ").replace("]", " ")):
                parts.append((part, norm))
        out.append(parts)
    return out
