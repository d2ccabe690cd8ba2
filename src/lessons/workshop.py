"""``workshop.yml`` -> :class:`Workshop`: tidy tables of everything the workshop left.

Nothing is lost: every paragraph, turn, table cell or row of every input file ends up
either in ``statements`` or in ``excluded`` with a reason; ``counts`` shows that per file.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .errors import InputError
from .readers import FileSpec, Unit, check_exists
from .readers.fields import parse_horizon, parse_quadrant  # noqa: F401  (public names)
from .readers.registry import reader_for
from .text.chars import has_letters, is_placeholder

KINDS = ("transcript", "feedback", "swot", "action_plan", "participants", "notes")
META_FIELDS = ("group", "province", "agency", "role", "speaker", "key_issue", "quadrant", "horizon")
STATEMENT_COLUMNS = [
    "statement_id", "source_file", "source_kind", "location", "field", "group", "province",
    "agency", "role", "speaker", "key_issue", "quadrant", "horizon", "text", "extra",
]
EXCLUDED_COLUMNS = ["source_file", "source_kind", "location", "field", "reason", "text"]

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
    limits: dict = field(default_factory=dict)  # the limits in force (lessons.readers.limits)

    @property
    def root(self) -> Path:
        return self.path.parent


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_manifest(path: Path):
    """``workshop.yml``, checked against its schema (:mod:`lessons.readers.schema`)."""
    from .readers.schema import read_workshop_doc

    path = Path(path)
    check_exists(path)
    if path.suffix.lower() not in (".yml", ".yaml"):
        raise InputError(path, "the workshop manifest must be a .yml file")
    return read_workshop_doc(path)


def _file_specs(path: Path, doc, allow_outside: bool = False) -> list[FileSpec]:
    from .readers.limits import inside
    from .readers.schema import FileEntry

    for key in ("codebook", "gold", "theme_edits"):
        value = getattr(doc, key, None)
        if value:
            inside(path.parent, value, key, allow_outside=allow_outside)

    specs = []
    seen: dict[tuple, int] = {}
    for n, entry in enumerate(doc.files, start=1):
        if isinstance(entry, str):
            entry = FileEntry(path=entry)
        options = {k: v for k, v in entry.model_dump(exclude={"path", "kind"}).items()
                   if v is not None and not (k == "layout" and v == "long")}
        target = inside(path.parent, entry.path, allow_outside=allow_outside)
        rels = [entry.path]
        if target.is_dir():  # a folder of tables (one export per day, a Parquet dataset): each file in it
            rels = [f"{entry.path.rstrip('/')}/{f.name}" for f in sorted(target.iterdir())
                    if f.suffix.lower() in FOLDER_TABLES and not f.name.startswith(".")]
            if not rels:
                raise InputError(target, f"this folder holds no table files ({', '.join(FOLDER_TABLES)}) to read")
        for rel in rels:
            spec = FileSpec(inside(path.parent, rel, allow_outside=allow_outside), rel, entry.kind, options)
            key = (_identity(spec.path), *_reading(spec))
            if key in seen:
                raise InputError(path, f"'{rel}' is listed twice in files: (entries {seen[key]} and {n}), so "
                                       "every count would be doubled: list each file once")
            seen[key] = n
            specs.append(spec)
    return specs


FOLDER_TABLES = (".csv", ".tsv", ".parquet", ".xlsx")  # what a folder named in files: contributes


def _identity(p: Path):
    """The same file under any spelling (``t.txt``, ``./t.txt``, a hard link)."""
    try:
        st = p.stat()
        return ("inode", st.st_dev, st.st_ino)
    except OSError:
        return ("path", str(p.resolve()))


def _reading(spec: FileSpec) -> tuple:
    """What of the file an entry reads: its kind and sheets. The same workbook read for
    two sheets, or once as participants and once as feedback, is not a duplicate."""
    o = spec.options
    sheets = o.get("sheets")
    return (spec.kind, o.get("sheet"), tuple(sheets) if isinstance(sheets, list) else sheets, o.get("layout"))


def _units_for(spec: FileSpec, key_issues: dict | None = None) -> list[Unit]:
    return reader_for(spec).read(spec, key_issues=key_issues)  # the caller checked the file exists


def _safe(message: str) -> str:
    """An error message with any personal value in it replaced."""
    try:
        from .text.redact import redact as _redact

        return _redact(message)
    except Exception:  # pragma: no cover - never let redaction hide the error itself
        return message


LONG_UNIT = 1500  # characters: a statement this long is probably several glued together


def describe_structure(units: list[Unit], kind: str = "transcript") -> dict:
    """What the reader found in a file, for ``counts.csv``: how many turns, list items,
    notes, cells and sections, and a warning where the structure looks ambiguous."""
    kinds = Counter()
    for u in units:
        if u.excluded:
            if u.excluded.startswith("heading"):
                kinds["sections"] += 1
            continue
        f = u.field or "text"
        table_word = {"feedback": "answers", "swot": "SWOT items", "action_plan": "actions",
                      "participants": "rows"}.get(kind, "cells")
        name = {"turn": "turns", "item": "list items", "note": "notes", "quote": "quotes",
                "participant": "rows"}.get(f, table_word)
        kinds[name] += 1
    order = ("turns", "list items", "notes", "quotes", "cells", "answers", "SWOT items", "actions", "rows", "sections")
    structure = ", ".join(f"{kinds[k]} {k}" for k in order if kinds[k])
    long = [u for u in units if not u.excluded and len(u.text) > LONG_UNIT]
    warning = ""
    if long:
        warning = (f"{len(long)} unit(s) longer than {LONG_UNIT} characters (first at {long[0].location}): "
                   "speaker tags or list items may not have been recognised")
    elif kinds["notes"] >= 5 and not (kinds["turns"] or kinds["list items"]):
        warning = "no speaker tags or list items recognised: each paragraph was read as one note"
    return {"structure": structure, "warning": warning}


def _quadrant(u: Unit, spec: FileSpec) -> str | None:
    """A SWOT unit's quadrant: as the reader found it, else from its column (a wide sheet's
    ``strength`` / ``weakness`` / ``opportunity`` / ``threat`` columns)."""
    if u.quadrant or spec.kind != "swot":
        return u.quadrant
    return parse_quadrant(u.field)


_SHEET = re.compile(r"^sheet (?P<sheet>.+?) (?:row|cell|column|table)\b")


def unit_ids(rel: str, units: list[Unit], used: set[str] | None = None) -> dict[int, str]:
    """Statement ids ``file#ref``, unique in the workshop. Where refs repeat (the same row
    number on several sheets of one workbook, read by one entry or by one entry per sheet),
    every id of the entry names its sheet: ``swot.xlsx#กลุ่ม 2!R4.weakness``; an id still
    repeated gets ``~2``, ``~3``. ``used``: the ids of earlier entries (updated)."""
    used = set() if used is None else used
    refs = Counter(u.ref for u in units)
    qualify = any(n > 1 for n in refs.values()) or any(f"{rel}#{r}" in used for r in refs)
    out, seen = {}, Counter(u for u in used if u.startswith(f"{rel}#"))
    for u in units:
        ref = u.ref
        m = _SHEET.match(u.location or "") if qualify else None
        if m:
            ref = f"{m['sheet']}!{ref}"
        sid = f"{rel}#{ref}"
        seen[sid] += 1
        out[id(u)] = sid if seen[sid] == 1 else f"{sid}~{seen[sid]}"
    used.update(out.values())
    return out


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


def load_workshop(path: str | Path, progress: bool = False, redact: bool = True, limits: dict | None = None,
                  allow_outside: bool = False) -> Workshop:
    """Read every input file named in ``workshop.yml``.

    With ``redact`` (the default) personal data is replaced by typed placeholders as
    each unit is read, so raw values never reach the returned tables.

    Raises :class:`~lessons.errors.InputError` naming the file and the problem for a
    missing, mistyped, undecodable or corrupt file, an empty table, or a mapping that
    names a column the file lacks.
    """
    from .readers import limits as lim_mod

    path = Path(path)
    doc = read_manifest(path)
    try:
        eff = lim_mod.Limits().override(doc.limits).override(limits or {})
    except InputError as exc:
        raise InputError(path, exc.problem) from None
    from .timing import stage

    with lim_mod.use(eff), stage("read"):
        ws = _load(path, doc, progress, redact, allow_outside)
    ws.limits = dataclasses.asdict(eff)
    return ws


def _load(path: Path, doc, progress: bool, redact: bool, allow_outside: bool) -> "Workshop":
    from .readers.limits import current as current_limits, preview, too_long_reason

    cap = current_limits().unit_chars
    specs = _file_specs(path, doc, allow_outside=allow_outside)
    statements, excluded, participants, counts = [], [], [], []
    used_ids: set[str] = set()
    hashes = {}
    redactions: list[dict] = []
    if redact:
        from .text.redact import redact_field, redact_label, redact_many
    from .timing import stage
    key_issues = {int(k): ({"label": v} if isinstance(v, str) else v.model_dump(exclude_none=True))
                  for k, v in doc.key_issues.items()}
    iterator = specs
    if progress:
        from tqdm.auto import tqdm

        iterator = tqdm(specs, desc="Reading files", unit="file", leave=False)
    same_content: dict[tuple, str] = {}
    for spec in iterator:
        check_exists(spec.path)
        digest = sha256(spec.path)
        key = (digest, *_reading(spec))
        if key in same_content:
            raise InputError(path, f"'{spec.rel}' has the same content as '{same_content[key]}', so every count "
                                   "would be doubled: list one of them only")
        same_content[key] = spec.rel
        try:
            units = _units_for(spec, key_issues)
        except InputError as exc:
            # messages may quote a cell of the file: never let a personal value through
            raise InputError(exc.path, _safe(exc.problem)) from None
        except (OSError, ValueError, UnicodeError, KeyError, IndexError, TypeError) as exc:
            # a reader met something it did not expect: still the file's problem, said in one line
            raise InputError(spec.path, _safe(f"cannot read this file ({type(exc).__name__}: {exc})")) from None
        hashes[spec.rel] = digest
        n_stmt = n_exc = 0
        seen_turns: dict[tuple, str] = {}
        file_counts: Counter = Counter()
        ids = unit_ids(spec.rel, units, used_ids)
        for u in units:
            # a unit (or any field of it) over the limit is excluded before any step meets it
            longest = max([len(u.text or "")] + [len(v) for v in (u.speaker, u.role, u.agency) if v]
                          + [len(v) for v in u.extra.values() if isinstance(v, str)])
            if longest > cap:
                u.excluded = too_long_reason(longest)
                u.text = preview(u.text or "")
                u.speaker, u.role, u.agency = (preview(v) if v and len(v) > cap else v for v in (u.speaker, u.role, u.agency))
                u.extra = {k: preview(v) if isinstance(v, str) and len(v) > cap else v for k, v in u.extra.items()}
        if redact:
            # the texts first, over both cores when there are many (same result as one by one)
            with stage("normalise_redact"):
                redacted_texts = redact_many([u.text or "" for u in units])
        for j, u in enumerate(units):
            if redact:
                # every field that carries text: the text, the speaker tag, the role and
                # agency cut from it, and every extra (section, key-issue label, other columns)
                with stage("normalise_redact"):
                    u.text, c = redacted_texts[j]
                    file_counts.update(c)
                    for attr in ("speaker", "role", "agency"):
                        value, c = redact_label(getattr(u, attr) or "")
                        setattr(u, attr, value)
                        file_counts.update(c)
                    for k, v in list(u.extra.items()):
                        if isinstance(v, str) and k not in ("timestamp", "satisfaction"):
                            u.extra[k], c = redact_field(k, v)
                            file_counts.update(c)
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
                "statement_id": ids[id(u)],
                "group": u.group, "province": u.province, "agency": u.agency, "role": u.role,
                "speaker": u.speaker, "key_issue": u.key_issue, "quadrant": _quadrant(u, spec),
                "horizon": u.horizon, "text": u.text.strip(),
                "extra": json.dumps(u.extra, ensure_ascii=False, sort_keys=True) if u.extra else "",
            })
            n_stmt += 1
        redactions.extend({"source_file": spec.rel, "type": t, "count": n} for t, n in sorted(file_counts.items()))
        counts.append({"source_file": spec.rel, "kind": spec.kind, "units_in": len(units),
                       "statements": n_stmt, "excluded": n_exc, **describe_structure(units, spec.kind)})
    if not statements and not participants:
        total = sum(c["units_in"] for c in counts)
        why = Counter(r["reason"].split(" (")[0].split(":")[0] for r in excluded).most_common(3)
        shown = ", ".join(f"{r} {n}" for r, n in why)
        raise InputError(path, f"nothing to analyse: all {total:,} units of the {len(counts)} file(s) were excluded "
                               f"({shown or 'no units'}); check that the files and columns in workshop.yml hold the answers")
    st = pd.DataFrame(statements, columns=STATEMENT_COLUMNS)
    for c in ("group", "key_issue", "horizon"):
        st[c] = st[c].astype("Int64")
    ex = pd.DataFrame(excluded, columns=EXCLUDED_COLUMNS)
    pt = pd.DataFrame(participants)
    if "_row" in pt.columns:
        pt = pt.drop(columns="_row")
    meta = {k: v for k, v in doc.model_dump(exclude={"files", "key_issues"}).items() if v not in (None, [], {})}
    return Workshop(path=path, meta=meta, key_issues=key_issues, files=specs, statements=st,
                    participants=pt, excluded=ex, counts=pd.DataFrame(counts), hashes=hashes,
                    redaction_log=pd.DataFrame(redactions, columns=["source_file", "type", "count"]))
