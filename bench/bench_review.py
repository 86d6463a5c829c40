"""Benchmark for course_utils.reviewer: import time, dictionary load, 1,000-word reviews (p50/p95), scored answers.

Run:  .venv/bin/python bench/bench_review.py [--runs 40] [--rebuild]

Times are printed in milliseconds and as ratios against baselines measured in the same run
(str.split over the same text, and textstat's Szigriszt-Pazos score alone), so numbers from
different machines can be compared.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TYPOS = ["aver", "haiga", "hechamos", "nueba", "revision", "tambien", "aqui", "grasias"]


def make_texts(n: int, words: int = 1000, seed: int = 7) -> list[str]:
    items = json.loads((ROOT / "tests/data/review_eval.json").read_text(encoding="utf-8"))
    pool = [i["text"] for i in items]
    rng = random.Random(seed)
    texts = []
    for _ in range(n):
        parts: list[str] = []
        count = 0
        while count < words:
            t = rng.choice(pool)
            parts.append(t)
            count += len(t.split())
        text = " ".join(parts).split()[:words]
        for k in range(3):  # a few fresh typos in every text
            text[rng.randrange(len(text))] = rng.choice(TYPOS) + ("s" if k == 2 else "")
        texts.append(" ".join(text))
    return texts


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def timed(fn, texts: list[str]) -> list[float]:
    out = []
    for t in texts:
        t0 = time.perf_counter()
        fn(t)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def cold(code: str, env: dict | None = None) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


LOAD = """
import json, resource, sys, time
sys.path.insert(0, '.')
t0 = time.perf_counter()
import course_utils.reviewer as rv
t1 = time.perf_counter()
heavy = [m for m in ('spylls', 'textstat') if m in sys.modules]
from course_utils.reviewer.lexicon import load_lexicon
load_lexicon()
t2 = time.perf_counter()
rv.review('Hola, aver si vienes. Marta')
t3 = time.perf_counter()
print(json.dumps({'import_ms': (t1-t0)*1000, 'import_heavy': heavy,
  'lexicon_ms': (t2-t1)*1000,
  'first_review_ms': (t3-t2)*1000, 'source': rv.load_info.get('source'),
  'words': rv.load_info.get('words'), 'bytes': rv.load_info.get('bytes'),
  'maxrss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024}))
"""
SPYLLS = """
import json, resource, time
t0 = time.perf_counter()
from spylls.hunspell import Dictionary
d = Dictionary.from_files('course_utils/data/es_ES')
t1 = time.perf_counter()
t2 = time.perf_counter(); s = list(d.suggest('hechamos')); t3 = time.perf_counter()
print(json.dumps({'spylls_load_ms': (t1-t0)*1000, 'spylls_suggest_ms': (t3-t2)*1000,
  'maxrss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024}))
"""
BASE = """
import json, resource, sys, time
t0 = time.perf_counter()
import json as _j
print(json.dumps({'maxrss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024}))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=40)
    ap.add_argument(
        "--rebuild",
        action="store_true",
        help="also time building the word cache from scratch (≈ 5 s)",
    )
    args = ap.parse_args()

    print("== Dictionary (fresh processes) ==")
    base = cold(BASE)
    if args.rebuild:
        with tempfile.TemporaryDirectory() as tmp:
            built = cold(LOAD, {"REDES_PYMES_CACHE_DIR": tmp})
        print(f"build word cache (first use on a machine): {built['lexicon_ms']:.0f} ms")
    warm = cold(LOAD)  # makes sure the cache exists
    warm = cold(LOAD)
    sp = cold(SPYLLS)
    print(
        f"import course_utils.reviewer: {warm['import_ms']:.1f} ms "
        f"(spylls/textstat loaded by the import: {warm['import_heavy'] or 'none'})"
    )
    print(
        f"cold load from cache: {warm['lexicon_ms']:.1f} ms ({warm['words']} forms, "
        f"{warm['bytes'] / 1e6:.1f} MB); process RSS {warm['maxrss_mb']:.0f} MB "
        f"(bare Python {base['maxrss_mb']:.0f} MB)"
    )
    print(f"first short review (textstat not needed): {warm['first_review_ms']:.0f} ms")
    print(
        f"spylls load for comparison: {sp['spylls_load_ms']:.0f} ms, RSS {sp['maxrss_mb']:.0f} MB;"
        f" one spylls suggest(): {sp['spylls_suggest_ms']:.0f} ms"
    )
    print(f"ratio cold load cache/spylls: {warm['lexicon_ms'] / sp['spylls_load_ms']:.3f}")

    from course_utils.reviewer import review
    from course_utils.reviewer.readability import readability_score

    texts = make_texts(args.runs)
    review(texts[0], "publicacion")  # warm up: dictionary and textstat loaded
    fresh = make_texts(args.runs, seed=11)
    split_ms = timed(str.split, fresh)
    textstat_ms = timed(readability_score, fresh)
    review_ms = timed(lambda t: review(t, "publicacion"), fresh)
    review2_ms = timed(lambda t: review(t, "respuesta"), fresh)  # word caches warm
    print(f"\n== 1,000-word texts, {args.runs} runs ==")
    for name, v in [
        ("str.split", split_ms),
        ("textstat alone", textstat_ms),
        ("review (publicacion)", review_ms),
        ("review again (respuesta)", review2_ms),
    ]:
        print(f"{name:26} p50 {pct(v, 0.5):8.2f} ms   p95 {pct(v, 0.95):8.2f} ms")
    p50, p95 = pct(review_ms, 0.5), pct(review_ms, 0.95)
    print(
        f"\nratio review/textstat: p50 {p50 / pct(textstat_ms, 0.5):.1f}x, "
        f"p95 {p95 / pct(textstat_ms, 0.95):.1f}x"
    )
    print(f"ratio review/str.split: p50 {p50 / pct(split_ms, 0.5):.0f}x")
    print(f"target p95 <= 200 ms: {'OK' if p95 <= 200 else 'NOT MET'} ({p95:.0f} ms)")

    # the exercises' written answers: the prose check, then the rubric (issue 20)
    from course_utils.grading import scoring
    from course_utils.reviewer.lexicon import verbs_info
    from course_utils.reviewer.prose import check_prose

    items = json.loads((ROOT / "tests/data/review_eval.json").read_text(encoding="utf-8"))
    answers = [i["text"] for i in items if len(i["text"].split()) >= 15]
    reply = scoring.reply_scorer_for("Nadie me avisó del retraso.", private=True)
    rewrite = scoring.rewrite_scorer("Somos los mejores del barrio.", min_words=15)
    print(f"\n== Scored written answers ({len(answers)} texts of 15 words or more) ==")
    for name, fn in [
        ("check_prose", check_prose),
        ("reply_scorer_for", reply),
        ("rewrite_scorer", rewrite),
        ("check_prose, 1,000 words", None),
    ]:
        v = timed(check_prose, fresh) if fn is None else timed(fn, answers)
        print(f"{name:26} p50 {pct(v, 0.5):8.2f} ms   p95 {pct(v, 0.95):8.2f} ms")
    print(
        f"verb forms loaded from {verbs_info.get('source')} in {verbs_info['seconds'] * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
