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
    rows = []
    it = statements.itertuples(index=False)
    if progress:
        from tqdm.auto import tqdm

        it = tqdm(it, total=len(statements), desc="Splitting clauses", unit="statement", leave=False)
    for st in it:
        parts = split_clauses(st.text)
        n = 0
        for part in parts:
            norm = normalize(part)
            if not has_letters(norm.replace("[", " ").replace("]", " ")):
                continue
            n += 1
            row = {"clause_id": f"{st.statement_id}/c{n}", "statement_id": st.statement_id, "clause_no": n,
                   "text": part, "text_norm": norm}
            for c in CARRY:
                row[c] = getattr(st, c, None)
            rows.append(row)
    clauses = pd.DataFrame(rows, columns=["clause_id", "statement_id", "clause_no", "text", "text_norm", *CARRY])
    for c in ("group", "key_issue", "horizon"):
        if c in clauses:
            clauses[c] = clauses[c].astype("Int64")
    clauses["tokens"] = tokenize_many(clauses["text_norm"].tolist(), engine=engine, cache=cache, progress=progress)
    return clauses
