"""Declared schemas for the files people write by hand: ``workshop.yml``,
``codebook.yml`` and ``themes.yml`` (pydantic models).

An unknown key (``colums:``), a wrong type (``key_issue: สอง``) or a missing field is an
:class:`~lessons.errors.InputError` naming the file and the key, on one line; nothing is
silently defaulted. :func:`load_yaml` reads the YAML itself with bounds (size, aliases),
so a crafted file cannot exhaust memory.
"""
from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator

from ..errors import InputError

FILE_KINDS = ("transcript", "notes", "feedback", "swot", "action_plan", "participants")
MAX_YAML_BYTES = 2_000_000
MAX_YAML_ALIASES = 100
MAX_YAML_NODES = 200_000  # values after aliases are expanded: a hand-written file has a few thousand
LIMIT_NAMES = ("file_mb", "decompressed_mb", "zip_entries", "rows", "cells", "unit_chars")

Int = Annotated[int, Field(strict=False, ge=-10**9, le=10**9)]
SmallInt = Annotated[int, Field(ge=0, le=10_000)]


def _words(v):
    """A list of words; numbers typed in it (``1300``) are words too."""
    if isinstance(v, list):
        return [str(x) if isinstance(x, (int, float)) and not isinstance(x, bool) else x for x in v]
    return v


Words = Annotated[list[str], BeforeValidator(_words)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, populate_by_name=True)


class KeyIssue(_Strict):
    label: str
    label_en: str | None = None
    description: str | None = None
    subprocesses: Words = Field(default_factory=list)
    seeds: Words = Field(default_factory=list)


class FileEntry(_Strict):
    path: str = Field(min_length=1, max_length=500)
    kind: Literal[FILE_KINDS] = "transcript"  # type: ignore[valid-type]
    group: Union[SmallInt, str, None] = None
    province: str | None = None
    agency: str | None = None
    key_issue: Annotated[int, Field(ge=1, le=99)] | None = None
    sheet: str | None = None
    sheets: Union[Literal["all"], list[str], None] = None
    header_row: Annotated[int, Field(ge=1, le=1000)] | None = None
    columns: dict[str, str] | None = None
    layout: Literal["long", "wide"] = "long"
    notes: str | None = None

    @field_validator("columns", mode="before")
    @classmethod
    def _columns_mapping(cls, v):
        if v is None:
            return v
        if not isinstance(v, dict):
            raise ValueError("must be a mapping from the file's header to a field, e.g. {ข้อความ: text}")
        return {str(k): str(x) for k, x in v.items()}

    @field_validator("group", mode="before")
    @classmethod
    def _group(cls, v):
        if isinstance(v, float):
            if v != v or v in (float("inf"), float("-inf")) or not v.is_integer():
                raise ValueError("must be a group number or name")
            return int(v)
        return v


class WorkshopDoc(_Strict):
    title: str | None = None
    title_en: str | None = None
    organiser: str | None = None
    date: Union[dt.date, str, int, None] = None
    venue: str | None = None
    region: str | None = None
    background: str | None = Field(default=None, max_length=20_000)   # ความเป็นมา, for the report
    objectives: Words = Field(default_factory=list)                     # วัตถุประสงค์, for the report
    synthetic: bool = False   # made-up data: the report says so on its cover
    participants_expected: SmallInt | None = None
    groups: Union[SmallInt, Words, dict[Union[int, str], Union[str, int, None]], None] = None  # a count or the groups' names
    provinces: Words = Field(default_factory=list)
    key_issues: dict[Annotated[int, Field(ge=1, le=99)], Union[KeyIssue, str]] = Field(default_factory=dict)
    plan_horizons: list[Annotated[int, Field(ge=1, le=120)]] = Field(default_factory=list)
    codebook: str | None = None
    gold: str | None = None
    theme_edits: str | None = None
    limits: dict[Literal[LIMIT_NAMES], Annotated[int, Field(strict=True, ge=1, le=10**12)]] = Field(  # type: ignore[valid-type]
        default_factory=dict)
    files: list[Union[FileEntry, str]] = Field(min_length=1)


class CodeThemeDoc(_Strict):
    label: str | None = None
    description: str | None = None
    seeds: Union[list[str], str] = Field(default_factory=list)
    key_issue: Annotated[int, Field(ge=1, le=99)] | None = None

    @field_validator("seeds", mode="before")
    @classmethod
    def _seeds(cls, v):
        if isinstance(v, list):
            return [str(s) for s in v]
        return v


class CodebookDoc(_Strict):
    key_issues: dict[Annotated[int, Field(ge=1, le=99)], Union[KeyIssue, str]] = Field(default_factory=dict)
    themes: dict[str, Union[CodeThemeDoc, None]] = Field(min_length=1)


class ThemeEditsDoc(_Strict):
    rename: dict[str, str] = Field(default_factory=dict)
    merge: dict[str, str] = Field(default_factory=dict)
    split: dict[str, Annotated[int, Field(ge=2, le=50)]] = Field(default_factory=dict)


# ---------------------------------------------------------------- reading
class _BoundedLoader:
    """A SafeLoader that refuses more than ``MAX_YAML_ALIASES`` alias uses (the
    'billion laughs' anchor bomb)."""

    @staticmethod
    def make():
        import yaml

        class Loader(yaml.SafeLoader):
            aliases_seen = 0

            def compose_node(self, parent, index):
                if self.check_event(yaml.AliasEvent):
                    Loader.aliases_seen += 1
                    if Loader.aliases_seen > MAX_YAML_ALIASES:
                        raise yaml.YAMLError(f"more than {MAX_YAML_ALIASES} aliases (*anchors)")
                return super().compose_node(parent, index)

        return Loader


def load_yaml(path: Path, what: str) -> Any:
    """Parse a hand-written YAML file with bounds; errors name the file and the line."""
    import yaml

    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError:
        raise InputError(path, f"{what} not found") from None
    if size > MAX_YAML_BYTES:
        raise InputError(path, f"{what} is {size:,} bytes; a hand-written file over {MAX_YAML_BYTES:,} bytes is refused")
    try:
        raw = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(path, f"{what} must be saved as UTF-8") from None
    Loader = _BoundedLoader.make()
    try:
        loader = Loader(raw)
        try:
            node = loader.get_single_node()
            if node is not None:
                n = _expanded_size(node)
                if n > MAX_YAML_NODES:
                    raise InputError(path, f"{what} expands to more than {MAX_YAML_NODES:,} values through its "
                                           "aliases (*anchors), which is refused (an alias bomb?)")
            try:
                return loader.construct_document(node) if node is not None else None
            except (ValueError, TypeError, OverflowError) as exc:  # e.g. an impossible date: 2566-02-30
                raise InputError(path, f"invalid value{_bad_scalar(node)}: {exc}; quote it (\"2566-02-30\") "
                                       "if it is meant as text, or correct it") from None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise InputError(path, f"invalid YAML{where}: {getattr(exc, 'problem', None) or exc}") from None
    except RecursionError:
        raise InputError(path, "invalid YAML: nested too deeply") from None


def _bad_scalar(root) -> str:
    """`` at line N ('value')`` for the first date-like scalar YAML cannot build."""
    import yaml

    seen, stack = set(), [root]
    loader = yaml.SafeLoader("")
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            if node.tag.endswith(":timestamp"):
                try:
                    loader.construct_yaml_timestamp(node)
                except (ValueError, TypeError, OverflowError):
                    return f" at line {node.start_mark.line + 1} ('{node.value[:40]}')"
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            stack.extend(x for kv in reversed(node.value) for x in reversed(kv))
    return ""


def _expanded_size(root, cap: int = MAX_YAML_NODES + 1) -> int:
    """How many values the YAML graph holds once every alias is expanded (memoised per
    node, so a bomb is measured without being expanded)."""
    import yaml

    def kids(node):
        if isinstance(node, yaml.SequenceNode):
            return node.value
        if isinstance(node, yaml.MappingNode):
            return [x for kv in node.value for x in kv]
        return None

    memo: dict[int, int] = {}
    open_: set[int] = set()  # nodes being measured (a recursive alias counts once)
    stack = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            memo[key] = min(cap, 1 + sum(memo.get(id(k), 1) for k in kids(node)))
            open_.discard(key)
            continue
        if key in memo or key in open_:
            continue
        ks = kids(node)
        if ks is None:
            memo[key] = 1
            continue
        open_.add(key)
        stack.append((node, True))
        stack.extend((k, False) for k in ks)
    return memo[id(root)]


def _loc(loc: tuple) -> str:
    out = ""
    for part in loc:
        if part == "[key]":
            continue
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in ("FileEntry", "str", "KeyIssue", "CodeThemeDoc", "int", "list[str]", "none",
                      "literal['all']", "date", "function-after[_columns_mapping(), dict[str,str]]") or "[" in str(part) and "]" in str(part) and "(" in str(part):
            continue
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


def _known_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    m: Any = model
    for part in loc[:-1]:
        if isinstance(part, int) or m is None:
            continue
        fld = getattr(m, "model_fields", {}).get(part)
        if fld is None:
            continue
        ann = fld.annotation
        m = None
        for cand in (FileEntry, KeyIssue, CodeThemeDoc):
            if cand.__name__ in repr(ann):
                m = cand
    return list(getattr(m, "model_fields", {})) if m is not None else []


def explain(exc: ValidationError, model: type[BaseModel]) -> str:
    """One line for the most useful error of a validation failure."""
    errors = exc.errors(include_url=False)
    # prefer the error of the most specific union member (a mapping entry over its str fallback)
    errors.sort(key=lambda e: (e["type"] in ("string_type", "literal_error") and len(errors) > 1, -len(e["loc"])))
    e = errors[0]
    where = _loc(e["loc"])
    if e["type"] == "extra_forbidden":
        key = str(e["loc"][-1])
        known = _known_keys(model, e["loc"])
        close = difflib.get_close_matches(key, known, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else (f"; known keys: {', '.join(known)}" if known else "")
        return f"unknown key '{where}'{hint}"
    if e["type"] == "missing":
        return f"missing key '{where}'"
    value = e.get("input")
    shown = repr(value) if not isinstance(value, (dict, list)) else type(value).__name__
    if len(shown) > 40:
        shown = shown[:37] + "..."
    return f"'{where}' = {shown}: {e['msg'][:1].lower() + e['msg'][1:]}"


def validate(path: Path, doc: Any, model: type[BaseModel], what: str):
    if doc is None:
        raise InputError(path, f"{what} is empty")
    if not isinstance(doc, dict):
        raise InputError(path, f"{what} must be a mapping of keys to values, not a {type(doc).__name__}")
    try:
        return model.model_validate(doc)
    except ValidationError as exc:
        raise InputError(path, explain(exc, model)) from None
    except (RecursionError, OverflowError, ValueError, TypeError) as exc:
        raise InputError(path, f"cannot read {what} ({type(exc).__name__})") from None


def read_workshop_doc(path: Path) -> WorkshopDoc:
    return validate(path, load_yaml(path, "workshop.yml"), WorkshopDoc, "workshop.yml")


def read_codebook_doc(path: Path) -> CodebookDoc:
    return validate(path, load_yaml(path, "the codebook"), CodebookDoc, "the codebook")


def read_theme_edits_doc(path: Path) -> ThemeEditsDoc:
    return validate(path, load_yaml(path, "themes.yml"), ThemeEditsDoc, "themes.yml")
