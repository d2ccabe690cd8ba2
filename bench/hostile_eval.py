"""Hostile and careless inputs (issue 8): every case of ``tests/hostile_cases.py`` run as
a user would run it, with its exit code, first line, wall time and peak memory.

    .venv/bin/python bench/hostile_eval.py [--only TEXT] [--json bench/results/hostile.json]

``LESSONS_BIN=/path/to/lessons`` measures another build (an older commit, say).
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from hostile_cases import CASES, run_case  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", help="run only cases whose id contains this text")
    ap.add_argument("--skip", action="append", default=[], help="skip cases whose id contains this text")
    ap.add_argument("--json", type=Path, help="save the table here")
    ap.add_argument("--timeout", type=float, default=60.0)
    args = ap.parse_args()
    rows = []
    for case in CASES:
        if args.only and args.only not in case.id or any(s in case.id for s in args.skip):
            continue
        with tempfile.TemporaryDirectory(prefix="hostile-") as d:
            o, fails = run_case(case, Path(d), timeout=args.timeout)
        first = o.lines[0] if o.lines else ""
        first = first.replace(d, "…")[:150]
        rows.append({"case": case.id, "class": case.klass, "exit": o.code if not o.killed else o.killed,
                     "first_line": first, "seconds": round(o.seconds, 2), "peak_mb": round(o.peak_mb),
                     "pass": not fails, "failures": fails})
        r = rows[-1]
        print(f"{'PASS' if r['pass'] else 'FAIL'} {r['case']:<44} {str(r['exit']):>7} {r['seconds']:>6.1f}s "
              f"{r['peak_mb']:>5} MB  {'; '.join(fails) or first[:70]}", flush=True)
    if not rows:
        print("no case matches")
        return 1
    n = sum(r["pass"] for r in rows)
    print(f"\n{n}/{len(rows)} cases pass; median {sorted(r['seconds'] for r in rows)[len(rows) // 2]:.1f} s; "
          f"peak {max(r['peak_mb'] for r in rows)} MB")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
