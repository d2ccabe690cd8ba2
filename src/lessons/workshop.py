"""``workshop.yml`` -> :class:`Workshop`: tidy tables of everything the workshop left.

Nothing is lost: every paragraph, turn, table cell or row of every input file ends up
either in ``statements`` or in ``excluded`` with a reason; ``counts`` shows that per file.
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .errors import InputError
from .provinces import canonical_province
from .readers import Unit, check_exists, reader_kind
from .text.chars import has_letters, is_placeholder, parse_int, thai_digits_to_arabic

KINDS = ("transcript", "feedback", "swot", "action_plan", "participants", "notes")
META_FIELDS = ("group", "province", "agency", "role", "speaker", "key_issue", "quadrant", "horizon")
STATEMENT_COLUMNS = [
    "statement_id", "source_file", "source_kind", "location", "field", "group", "province",
    "agency", "role", "speaker", "key_issue", "quadrant", "horizon", "text", "extra",
]
EXCLUDED_COLUMNS = ["source_file", "source_kind", "location", "field", "reason", "text"]

_QUADRANTS = {
    "s": "S", "strength": "S", "strengths": "S", "จุดแข็ง": "S",
    "w": "W", "weakness": "W", "weaknesses": "W", "จุดอ่อน": "W",
    "o": "O", "opportunity": "O", "opportunities": "O", "โอกาส": "O",
    "t": "T", "threat": "T", "threats": "T", "อุปสรรค": "T", "ภัยคุกคาม": "T", "ข้อจำกัด": "T",
}


def parse_quadrant(value: object) -> str | None:
    s = " ".join(str(value or "").split()).strip().lower()
    if not s:
        return None
    if s in _QUADRANTS:
        return _QUADRANTS[s]
    return _QUADRANTS.get(s.split("(")[0].strip(" .:-"))


def parse_horizon(value: object) -> int | None:
    """Months: ``3``, ``'๖ เดือน'``, ``'1 ปี'`` (-> 12), ``'ระยะสั้น'`` (-> 3)."""
    s = thai_digits_to_arabic(" ".join(str(value or "").split()))
    if not s:
        return None
    n = parse_int(s)
    if n is not None:
        return n * 12 if "ปี" in s or "year" in s.lower() else n
    for words, months in (("สั้น", 3), ("กลาง", 6), ("ยาว", 12)):
        if words in s:
            return months
    return None


@dataclass
class FileSpec:
    path: Path
    rel: str
    kind: str
    options: dict


@dataclass
class Workshop:
    path: Path
    meta: dict
    key_issues: dict[int, dict]
    files: list[FileSpec]
    statements: pd.DataFrame
    participants: pd.DataFrame
    excluded: pd.DataFrame
    counts: pd.DataFrame  # per file: units in, statements, excluded
    hashes: dict[str, str] = field(default_factory=dict)
    redaction_log: pd.DataFrame | None = None  # per file and type: how many values (never the values)

    @property
    def root(self) -> Path:
        return self.path.parent


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_manifest(path: Path) -> dict:
    import yaml

    path = Path(path)
    check_exists(path)
    if path.suffix.lower() not in (".yml", ".yaml"):
        raise InputError(path, "the workshop manifest must be a .yml file")
    try:
        raw = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(path, "workshop.yml must be saved as UTF-8") from None
    try:
        doc = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise InputError(path, f"invalid YAML{where}: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(doc, dict):
        raise InputError(path, "workshop.yml must be a mapping with at least a 'files' list")
    files = doc.get("files")
    if not isinstance(files, list) or not files:
        raise InputError(path, "workshop.yml has no 'files' list")
    return doc


def _file_specs(path: Path, doc: dict) -> list[FileSpec]:
    specs = []
    for i, entry in enumerate(doc["files"], start=1):
        if isinstance(entry, str):
            entry = {"path": entry}
        if not isinstance(entry, dict) or "path" not in entry:
            raise InputError(path, f"files entry {i} needs a 'path'")
        kind = entry.get("kind", "transcript")
        if kind not in KINDS:
            raise InputError(path, f"files entry {i} ({entry['path']}): unknown kind '{kind}'; use one of {', '.join(KINDS)}")
        rel = str(entry["path"])
        specs.append(FileSpec(path.parent / rel, rel, kind, {k: v for k, v in entry.items() if k not in ("path", "kind")}))
    return specs


def _table_units(spec: FileSpec) -> list[Unit]:
    from .readers.table import read_table

    columns: dict = spec.options.get("columns") or {}
    if not columns:
        raise InputError(spec.path, f"workshop.yml gives no 'columns' mapping for this {spec.kind} table")
    text_cols = [h for h, f in columns.items() if str(f) == "text" or str(f).startswith("text:")]
    if spec.kind != "participants" and not text_cols:
        raise InputError(spec.path, "the 'columns' mapping names no text column (map one to 'text')")
    table = read_table(spec.path, sheet=spec.options.get("sheet"), header_row=spec.options.get("header_row"),
                       required=[str(h) for h in columns])
    idx = {str(h): table.header.index(" ".join(str(h).split())) for h in columns}
    where = f"sheet {table.sheet} " if table.sheet else ""
    units: list[Unit] = []
    first_seen: dict[tuple, int] = {}
    for row, rno in zip(table.rows, table.row_numbers):
        meta: dict = {}
        extra: dict = {}
        for h, f in columns.items():
            f = str(f)
            if f == "text" or f.startswith("text:"):
                continue
            value = row[idx[str(h)]].strip()
            if f in META_FIELDS:
                meta[f] = value
            else:
                extra[f] = value
        meta_u = dict(
            group=parse_int(meta.get("group")),
            province=canonical_province(meta.get("province")) or canonical_province(meta.get("agency")),
            agency=meta.get("agency", ""),
            role=meta.get("role", ""),
            speaker=meta.get("speaker", ""),
            key_issue=parse_int(meta.get("key_issue")),
            quadrant=parse_quadrant(meta.get("quadrant")),
            horizon=parse_horizon(meta.get("horizon")),
        )
        if spec.options.get("group") is not None and meta_u["group"] is None:
            meta_u["group"] = parse_int(spec.options["group"])
        key = tuple(row)
        dup_of = first_seen.setdefault(key, rno)
        if spec.kind == "participants":
            units.append(Unit(f"{where}row {rno}", f"R{rno}", "", field="participant",
                              extra={**extra, **meta, "_row": rno},
                              excluded=f"exact duplicate of row {dup_of}" if dup_of != rno else None, **{
                                  k: v for k, v in meta_u.items() if k in ("group", "province")}))
            continue
        for h in text_cols:
            f = str(columns[h])
            name = f.split(":", 1)[1] if ":" in f else "text"
            u = Unit(f"{where}row {rno} column {h}", f"R{rno}.{name}", row[idx[str(h)]], field=name,
                     extra=dict(extra), **meta_u)
            if dup_of != rno:
                u.excluded = f"exact duplicate of row {dup_of}"
            units.append(u)
        if len(row) > len(table.header) and any(c.strip() for c in row[len(table.header):]):
            units.append(Unit(f"{where}row {rno} (cells right of the header)", f"R{rno}.overflow",
                              " ".join(c for c in row[len(table.header):] if c.strip()),
                              excluded="values outside the header's columns"))
    return units


def _units_for(spec: FileSpec) -> list[Unit]:
    check_exists(spec.path)
    kind = reader_kind(spec.path)
    group = parse_int(spec.options.get("group"))
    if spec.kind in ("transcript", "notes"):
        if kind == "text":
            from .readers.transcript import read_text_transcript

            return read_text_transcript(spec.path, group=group)
        if kind == "docx":
            from .readers.docx import read_docx

            return read_docx(spec.path, group=group)
        raise InputError(spec.path, f"a {spec.kind} must be .txt, .md or .docx, not '{spec.path.suffix}'")
    if kind != "table":
        raise InputError(spec.path, f"a {spec.kind} must be a table (.csv, .xlsx, .parquet), not '{spec.path.suffix}'")
    return _table_units(spec)


def exclusion_reason(text: str) -> str | None:
    """Why a unit of text carries nothing to analyse, or None."""
    t = text.strip()
    if not t:
        return "empty"
    if is_placeholder(t):
        return f"placeholder ('{t[:20]}')"
    if not has_letters(t):
        return "no Thai or Latin letters"
    return None


def load_workshop(path: str | Path, progress: bool = False, redact: bool = True) -> Workshop:
    """Read every input file named in ``workshop.yml``.

    With ``redact`` (the default) personal data is replaced by typed placeholders as
    each unit is read, so raw values never reach the returned tables.

    Raises :class:`~lessons.errors.InputError` naming the file and the problem for a
    missing, mistyped, undecodable or corrupt file, an empty table, or a mapping that
    names a column the file lacks.
    """
    path = Path(path)
    doc = read_manifest(path)
    specs = _file_specs(path, doc)
    statements, excluded, participants, counts = [], [], [], []
    hashes = {}
    redactions: list[dict] = []
    if redact:
        from .text.redact import redact_with_counts
    iterator = specs
    if progress:
        from tqdm.auto import tqdm

        iterator = tqdm(specs, desc="Reading files", unit="file", leave=False)
    for spec in iterator:
        try:
            units = _units_for(spec)
        except InputError:
            raise
        except (OSError, ValueError, UnicodeError, KeyError, IndexError, TypeError) as exc:
            # a reader met something it did not expect: still the file's problem, said in one line
            raise InputError(spec.path, f"cannot read this file ({type(exc).__name__}: {exc})") from None
        hashes[spec.rel] = sha256(spec.path)
        n_stmt = n_exc = 0
        seen_turns: dict[tuple, str] = {}
        file_counts: Counter = Counter()
        for u in units:
            if redact and spec.kind != "participants":
                u.text, c1 = redact_with_counts(u.text)
                u.speaker, c2 = redact_with_counts(u.speaker)
                file_counts.update(c1)
                file_counts.update(c2)
                for k, v in list(u.extra.items()):
                    if isinstance(v, str) and k not in ("timestamp", "satisfaction"):
                        u.extra[k], c3 = redact_with_counts(v)
                        file_counts.update(c3)
            base = dict(source_file=spec.rel, source_kind=spec.kind, location=u.location, field=u.field)
            if spec.kind == "participants":
                if u.excluded:
                    excluded.append({**base, "reason": u.excluded, "text": ""})
                    n_exc += 1
                else:
                    participants.append(u.extra)
                    n_stmt += 1
                continue
            reason = u.excluded or exclusion_reason(u.text)
            if reason is None and u.field in ("turn", "note"):
                prev = seen_turns.setdefault((u.speaker, " ".join(u.text.split())), u.location)
                if prev != u.location:
                    reason = f"exact duplicate of {prev}"
            if reason:
                excluded.append({**base, "reason": reason, "text": u.text})
                n_exc += 1
                continue
            statements.append({
                **base,
                "statement_id": f"{spec.rel}#{u.ref}",
                "group": u.group, "province": u.province, "agency": u.agency, "role": u.role,
                "speaker": u.speaker, "key_issue": u.key_issue, "quadrant": u.quadrant,
                "horizon": u.horizon, "text": u.text.strip(),
                "extra": json.dumps(u.extra, ensure_ascii=False, sort_keys=True) if u.extra else "",
            })
            n_stmt += 1
        redactions.extend({"source_file": spec.rel, "type": t, "count": n} for t, n in sorted(file_counts.items()))
        counts.append({"source_file": spec.rel, "kind": spec.kind, "units_in": len(units),
                       "statements": n_stmt, "excluded": n_exc})
    st = pd.DataFrame(statements, columns=STATEMENT_COLUMNS)
    for c in ("group", "key_issue", "horizon"):
        st[c] = st[c].astype("Int64")
    ex = pd.DataFrame(excluded, columns=EXCLUDED_COLUMNS)
    pt = pd.DataFrame(participants)
    if "_row" in pt.columns:
        pt = pt.drop(columns="_row")
    key_issues = {int(k): (v if isinstance(v, dict) else {"label": str(v)})
                  for k, v in (doc.get("key_issues") or {}).items()}
    meta = {k: v for k, v in doc.items() if k not in ("files", "key_issues")}
    return Workshop(path=path, meta=meta, key_issues=key_issues, files=specs, statements=st,
                    participants=pt, excluded=ex, counts=pd.DataFrame(counts), hashes=hashes,
                    redaction_log=pd.DataFrame(redactions, columns=["source_file", "type", "count"]))
