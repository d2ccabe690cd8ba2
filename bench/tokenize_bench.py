"""Tokenizer benchmark: accuracy against human segmentation, and speed, in one process.

    python bench/tokenize_bench.py            (or: make bench)

Data: ../shared/benchmarks/wisesight-tokenization (993 lines of social-media Thai, segmented
by people) and the sample workshop's statements. Compared in the same run:

- newmm      PyThaiNLP's default ``word_tokenize`` (the common recipe)
- nlpo3-raw  ``nlpo3.segment`` with PyThaiNLP's word list (no wrapper)
- lessons    ``lessons`` segmentation: nlpo3 + PyThaiNLP's words + the domain dictionary

Accuracy: boundary-level (character) and word-level precision/recall/F1 from
``pythainlp.benchmarks.word_tokenization``. Speed: characters per second on one core
(best of 3), and the speed-up of ``tokenize_many`` over two cores on a larger input.
Results go to bench/results/tokenize.json and are printed as a Markdown table.
"""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

WISESIGHT = ROOT.parent / "shared" / "benchmarks" / "wisesight-tokenization"


def load_wisesight():
    raw = (WISESIGHT / "wisesight-1000-samples-tokenised.txt").read_text(encoding="utf-8").splitlines()
    gold = (WISESIGHT / "wisesight-1000-samples-tokenised.label").read_text(encoding="utf-8").splitlines()
    pairs = [(r, g) for r, g in zip(raw, gold) if r.strip() and g.replace("|", "") == r]
    return [p[0] for p in pairs], [p[1] for p in pairs]


def f1_scores(gold, pred_tokens):
    from pythainlp.benchmarks.word_tokenization import benchmark

    df = benchmark(gold, ["|".join(t) for t in pred_tokens])
    tot = df.sum(numeric_only=True)

    def prf(tp, fp, fn):
        p = tp / max(1, tp + fp)
        r = tp / max(1, tp + fn)
        return p, r, 2 * p * r / max(1e-12, p + r)

    _, _, f_char = prf(tot["char_level:tp"], tot["char_level:fp"], tot["char_level:fn"])
    wp = tot["word_level:correctly_tokenized_words"] / max(1, tot["word_level:total_words_in_sample"])
    wr = tot["word_level:correctly_tokenized_words"] / max(1, tot["word_level:total_words_in_ref_sample"])
    f_word = 2 * wp * wr / max(1e-12, wp + wr)
    return round(float(f_char), 4), round(float(f_word), 4)


def speed(fn, texts, repeat=7):
    texts = texts * 5
    chars = sum(map(len, texts))
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        for x in texts:
            fn(x)
        best = min(best, time.perf_counter() - t)
    return chars / best


def main():
    import nlpo3
    from pythainlp.corpus.common import thai_words
    from pythainlp.tokenize import word_tokenize

    from lessons.text.normalize import normalize
    from lessons.text.tokenize import Tokenizer, _nlpo3_dict, tokenize_many
    from lessons.workshop import load_workshop

    raw, gold = load_wisesight()
    ws = load_workshop(ROOT / "data" / "sample" / "workshop.yml")
    sample = ws.statements["text"].tolist()
    ours = Tokenizer(keep_stopwords=True)
    base_dict = _nlpo3_dict("pythainlp-words", tuple(sorted(thai_words())))

    engines = {
        "newmm (PyThaiNLP default)": lambda t: word_tokenize(t, engine="newmm"),
        "nlpo3-raw (nlpo3.segment)": lambda t: nlpo3.segment(t, base_dict),
        "lessons segmentation (nlpo3 + domain dictionary)": ours.segment,
    }
    full = Tokenizer(keep_stopwords=False)
    results = {"wisesight_lines": len(raw), "sample_statements": len(sample), "engines": {}}
    for name, fn in engines.items():
        pred = [fn(t) for t in raw]
        fc, fw = f1_scores(gold, pred)
        results["engines"][name] = {
            "wisesight_char_f1": fc, "wisesight_word_f1": fw,
            "chars_per_s_wisesight": round(speed(fn, raw)),
            "chars_per_s_sample": round(speed(fn, sample)),
        }
    results["engines"]["lessons.tokenize (segmentation + synonyms + filters)"] = {
        "chars_per_s_wisesight": round(speed(full, raw)), "chars_per_s_sample": round(speed(full, sample)),
        "wisesight_char_f1": None, "wisesight_word_f1": None}
    # normalisation: evaluated on the lines where normalising the whole line equals
    # normalising each gold word (so the gold boundaries still apply)
    norm_pairs = []
    for r, g in zip(raw, gold):
        words = [normalize(w) if w.strip() else w for w in g.split("|")]
        if normalize(r) == "".join(words).strip() and "\n" not in r:
            norm_pairs.append((normalize(r), "|".join(w for w in words if w)))
    if norm_pairs:
        fc_raw, fw_raw = f1_scores([g for _, g in norm_pairs], [ours.segment(r) for r, _ in norm_pairs])
        results["normalised_subset"] = {"lines": len(norm_pairs), "lessons_char_f1": fc_raw, "lessons_word_f1": fw_raw}
    # dictionary effect on the sample: how many domain terms come out whole
    domain = ["ค้ามนุษย์", "ผู้เสียหาย", "คัดแยก", "สหวิชาชีพ", "สถานคุ้มครอง", "ส่งกลับ", "One Home"]
    whole = {}
    for name, fn in engines.items():
        toks = [x for t in sample for x in fn(t)]
        whole[name] = {w: toks.count(w) for w in domain}
    results["domain_terms_whole_on_sample"] = whole
    # two cores
    big = [f"{t} {i}" for i, t in enumerate((sample * 20)[:20000])]  # distinct texts: no de-duplication
    t = time.perf_counter()
    tokenize_many(big, cache=False, workers=1)
    one = time.perf_counter() - t
    t = time.perf_counter()
    tokenize_many(big, cache=False, workers=2, parallel_threshold=1000)
    two = time.perf_counter() - t
    results["two_cores"] = {"texts": len(big), "seconds_one_core": round(one, 2), "seconds_two_cores": round(two, 2),
                            "speedup": round(one / two, 2)}
    import resource

    results["peak_memory_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    out = ROOT / "bench" / "results" / "tokenize.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")

    newmm = results["engines"]["newmm (PyThaiNLP default)"]
    raw3 = results["engines"]["nlpo3-raw (nlpo3.segment)"]
    print("| engine | wisesight boundary F1 | wisesight word F1 | chars/s wisesight | chars/s sample | vs newmm | vs raw nlpo3 |")
    print("|---|---|---|---|---|---|---|")
    for name, r in results["engines"].items():
        fc = "-" if r["wisesight_char_f1"] is None else f"{r['wisesight_char_f1']:.3f}"
        fw = "-" if r["wisesight_word_f1"] is None else f"{r['wisesight_word_f1']:.3f}"
        print(f"| {name} | {fc} | {fw} | "
              f"{r['chars_per_s_wisesight']:,} | {r['chars_per_s_sample']:,} | "
              f"{r['chars_per_s_wisesight'] / newmm['chars_per_s_wisesight']:.1f}x | "
              f"{r['chars_per_s_wisesight'] / raw3['chars_per_s_wisesight']:.2f} |")
    if "normalised_subset" in results:
        ns = results["normalised_subset"]
        print(f"\nnormalised subset ({ns['lines']} lines): boundary F1 {ns['lessons_char_f1']:.3f}, word F1 {ns['lessons_word_f1']:.3f}")
    tc = results["two_cores"]
    print(f"two cores: {tc['texts']} texts, {tc['seconds_one_core']} s on one core, {tc['seconds_two_cores']} s on two: {tc['speedup']}x")
    print("domain terms kept whole on the sample:", json.dumps(whole, ensure_ascii=False))
    print(f"peak memory of this process: {results['peak_memory_mb']} MB")


if __name__ == "__main__":
    main()
