"""Retrain the kind classifier that ships with the package.

    python -m lessons.themes.train_kinds [WORKSHOP_YML] [--out FILE]

Trains on the gold annotations of the bundled sample workshop (default) and the
labelled statements of ``data/train_kinds/*.csv``, and writes
``src/lessons/resources/models/kinds.json``; a test checks that the shipped file is what
this script produces.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from .. import config


def build(workshop: Path | None = None) -> dict:
    from .pipeline import train_kind_model

    return train_kind_model(workshop or config.sample_workshop()).to_dict()


def background_lines(corpus_dir: Path | None = None) -> list[str]:
    """The training statements as the background corpus synthesis fits on (normalised,
    redacted, one per line)."""
    import pandas as pd

    from ..text.normalize import normalize
    from ..text.redact import redact

    corpus_dir = corpus_dir or config.sample_workshop().parents[1] / "train_kinds"
    out = []
    for f in sorted(Path(corpus_dir).glob("*.csv")):
        d = pd.read_csv(f, dtype=str, keep_default_na=False)
        out += [" ".join(normalize(redact(t)).split()) for t in d["text"] if t.strip()]
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m lessons.themes.train_kinds")
    ap.add_argument("workshop", nargs="?", type=Path)
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "resources" / "models" / "kinds.json")
    ap.add_argument("--background", action="store_true",
                    help="write resources/corpus/background.txt (the synthesis background corpus) instead")
    a = ap.parse_args(argv)
    if a.background:
        out = Path(__file__).resolve().parents[1] / "resources" / "corpus" / "background.txt"
        lines = background_lines()
        out.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"wrote {out} ({len(lines)} lines)")
        return 0
    d = build(a.workshop)
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(json.dumps(d, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {a.out} ({len(d['words'])} words, {len(d['chars'])} character n-grams, classes {d['classes']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
