"""Score the redactor on labelled sentence sets (JSONL: text, spans [{type, value}]).

    .venv/bin/python bench/pii_eval.py tests/fixtures/pii_heldout2.jsonl [--misses]

A labelled value counts as found when at least 80 % of its non-space characters fall
inside redacted spans (the same rule as ``lessons.text.redact.evaluate``). Structured
identifiers are ID and pink-card numbers, phones, e-mails, LINE ids, passports, bank
accounts, hospital numbers and social-media handles; addresses, plates and case numbers
are reported as a group of their own; names on their own. For case and hospital
numbers only the digits must be covered (a label such as ``คดีอาญาที่`` may be kept). A negative sentence (no spans)
counts as changed when anything in it is redacted.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

STRUCTURED = {"national_id", "pink_card", "phone", "email", "line", "line_id", "passport", "bank_account", "hn",
              "social"}
LOCATORS = {"address", "plate", "case_no", "case_number"}


def score(records, find_pii) -> dict:
    found, total = Counter(), Counter()
    neg = neg_changed = 0
    misses, false_pos = [], []
    for rec in records:
        text = rec["text"]
        pred = find_pii(text)
        covered = set()
        for s in pred:
            covered.update(range(s.start, s.end))
        if not rec["spans"]:
            neg += 1
            if pred:
                neg_changed += 1
                false_pos.append((rec.get("id"), [(text[s.start:s.end], s.type) for s in pred]))
            continue
        for g in rec["spans"]:
            group = "structured" if g["type"] in STRUCTURED else "locators" if g["type"] in LOCATORS else "names"
            total[group] += 1
            total[g["type"]] += 1
            start = text.find(g["value"])
            idx = [i for i in range(start, start + len(g["value"])) if not text[i].isspace()] if start >= 0 else []
            if g["type"] in ("case_no", "case_number", "hn") and any(text[i].isdigit() for i in idx):
                idx = [i for i in idx if text[i].isdigit()]  # the number identifies; the label word does not
            if idx and sum(i in covered for i in idx) / len(idx) >= 0.8:
                found[group] += 1
                found[g["type"]] += 1
            else:
                misses.append((rec.get("id"), g["type"], g["value"]))
    return {
        "structured": (found["structured"], total["structured"]),
        "names": (found["names"], total["names"]),
        "locators": (found["locators"], total["locators"]),
        "by_type": {t: (found[t], total[t]) for t in sorted(total) if t not in ("structured", "names", "locators")},
        "negatives": (neg_changed, neg), "misses": misses, "false_positives": false_pos,
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--misses", action="store_true")
    a = ap.parse_args(argv)
    from lessons.text.redact import find_pii

    for f in a.files:
        recs = [json.loads(x) for x in f.read_text(encoding="utf-8").splitlines() if x.strip()]
        r = score(recs, find_pii)
        fmt = lambda p: f"{p[0]}/{p[1]} = {p[0] / max(1, p[1]):.3f}"  # noqa: E731
        print(f"{f.name}: structured {fmt(r['structured'])}; names {fmt(r['names'])}; "
              f"addresses/plates/cases {fmt(r['locators'])}; negatives changed {fmt(r['negatives'])}")
        print("  by type: " + ", ".join(f"{t} {p[0]}/{p[1]}" for t, p in r["by_type"].items()))
        if a.misses:
            for m in r["misses"]:
                print("  MISS", *m)
            for fp in r["false_positives"]:
                print("  FALSE", *fp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
