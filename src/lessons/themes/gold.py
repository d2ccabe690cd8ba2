"""Gold annotations of a workshop (``gold/annotations.csv`` beside ``workshop.yml``):
statement id, kind, theme and key issue, for measuring the methods."""
from __future__ import annotations

from pathlib import Path

import pandas as pd


def gold_path(workshop) -> Path | None:
    rel = workshop.meta.get("gold", "gold/annotations.csv")
    p = workshop.root / rel
    return p if p.exists() else None


def load_gold(workshop) -> pd.DataFrame | None:
    p = gold_path(workshop)
    if p is None:
        return None
    g = pd.read_csv(p, dtype=str, keep_default_na=False)
    g["key_issue"] = pd.to_numeric(g["key_issue"], errors="coerce").astype("Int64")
    return g.drop_duplicates("statement_id").set_index("statement_id")


def gold_for_clauses(clauses: pd.DataFrame, gold: pd.DataFrame, column: str) -> pd.Series:
    """Each clause inherits its statement's gold label (NaN where not annotated)."""
    return clauses["statement_id"].map(gold[column]).replace("", pd.NA)
