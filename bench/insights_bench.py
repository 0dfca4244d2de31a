"""Insights engine benchmark: themes over many passages, suggestion latency, embedding overhead.

Run `python bench/insights_bench.py` (a few minutes on two CPU cores) or add `--small`.
Prints markdown tables; nothing is written to disk.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from balint.insights.engine import (
    CodeSuggester,
    DictCache,
    Embedder,
    Passage,
    candidate_themes,
    evaluate_classifier,
    evaluate_code_suggestions,
    evaluate_themes,
    semantic_available,
    starter_set,
    suggest_codes,
)
from balint.insights.engine.embeddings import load_model
from balint.insights.tests.planted import planted_passages

TEST_SET = Path(__file__).resolve().parent.parent / "src/balint/insights/tests/data/labelled.csv"


def timed(function: Callable[[], object]) -> tuple[float, object]:
    """Return the wall-clock seconds of one call and its result."""
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def median_seconds(function: Callable[[], object], repeats: int) -> float:
    """Return the median wall-clock seconds over repeats calls."""
    return statistics.median(timed(function)[0] for _ in range(repeats))


def theme_rows(n_passages: int) -> list[str]:
    """Return table rows for candidate themes over n planted passages with each available engine."""
    passages, truth = planted_passages(n_passages)
    rows = []
    engines = ["tfidf"] + (["semantic"] if semantic_available() else [])
    for engine in engines:
        cache = DictCache(max_entries=n_passages * 2)
        seconds, result = timed(
            lambda engine=engine, cache=cache: candidate_themes(passages, engine=engine, cache=cache)
        )
        by_id = {pid: theme.theme_id for theme in result for pid in theme.passage_ids}
        scores = evaluate_themes(truth, [by_id.get(p.id, -1) for p in passages])
        note = "cold cache" if engine == "semantic" else ""
        rows.append(
            f"| {engine} | {n_passages:,} | {seconds:.1f} | {result.n_themes_chosen} | "
            f"{scores.adjusted_rand_index:.3f} | {scores.normalized_mutual_info:.3f} | {note} |"
        )
        if engine == "semantic":
            warm, _ = timed(lambda cache=cache: candidate_themes(passages, engine="semantic", cache=cache))
            rows.append(f"| semantic | {n_passages:,} | {warm:.1f} | same | same | same | warm cache |")
    if not semantic_available():
        rows.append("| semantic | - | - | - | - | - | skipped: extra not installed |")
    return rows


def suggestion_rows(n_coded: int) -> list[str]:
    """Return table rows for the latency of one code suggestion against n coded passages."""
    passages, truth = planted_passages(n_coded, seed=1)
    coded = [(p.text, {theme}) for p, theme in zip(passages, truth, strict=True)]
    query = "The narcotic contract came up again and the visit felt like a trap."
    cold = median_seconds(lambda: suggest_codes(coded, query, k=5), 5)
    cold_linear = median_seconds(lambda: suggest_codes(coded, query, k=5, linear=True), 3)
    prepared = CodeSuggester(coded)
    warm = median_seconds(lambda: prepared.suggest(query, k=5), 50)
    return [
        f"| suggest_codes (fit + query) | {n_coded:,} | {cold * 1000:.0f} |",
        f"| suggest_codes linear=True (fit + query) | {n_coded:,} | {cold_linear * 1000:.0f} |",
        f"| CodeSuggester.suggest (already fitted) | {n_coded:,} | {warm * 1000:.1f} |",
    ]


class Precomputed:
    """A stand-in model that returns vectors already computed, so only the wrapper's own work is timed."""

    def __init__(self, vectors: np.ndarray) -> None:
        """Keep the vectors to hand back."""
        self.vectors = vectors

    def encode(self, texts: list[str], **kwargs: object) -> np.ndarray:
        """Return the first len(texts) stored vectors."""
        return self.vectors[: len(texts)]


def embedding_rows(n_texts: int, rounds: int = 3) -> list[str]:
    """Return table rows comparing our cached wrapper with sentence-transformers on the same batch."""
    if not semantic_available():
        return ["| skipped: semantic extra not installed | - | - | - |"]
    passages, _ = planted_passages(n_texts, seed=2)
    texts = [f"{p.text} ({p.id})" for p in passages]  # all distinct, so the cold wrapper encodes every text
    model = load_model()
    model.encode(texts[:32], batch_size=64, normalize_embeddings=True, show_progress_bar=False)  # warm-up
    directs, colds, ratios = [], [], []
    for _ in range(rounds):  # paired rounds: the median ratio resists noise from other work on the machine
        direct, vectors = timed(
            lambda: model.encode(
                texts,
                batch_size=64,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        )
        embedder = Embedder(cache=DictCache(max_entries=n_texts * 2), model=model)
        cold = timed(lambda embedder=embedder: embedder.encode(texts))[0]
        directs.append(direct)
        colds.append(cold)
        ratios.append(cold / direct)
    direct, cold, ratio = statistics.median(directs), statistics.median(colds), statistics.median(ratios)
    own = Embedder(cache=DictCache(max_entries=n_texts * 2), model=Precomputed(vectors))
    own_seconds = timed(lambda: own.encode(texts))[0]
    warm = timed(lambda: own.encode(texts))[0]
    return [
        f"| sentence-transformers encode (direct) | {n_texts:,} | {n_texts / direct:,.0f} | 1.00 |",
        f"| Embedder.encode, cold cache (median of {rounds} paired runs) | {n_texts:,} | "
        f"{n_texts / cold:,.0f} | {ratio:.2f} |",
        f"| Embedder overhead alone (hash, cache, stack) | {n_texts:,} | {n_texts / own_seconds:,.0f} | "
        f"{own_seconds / direct:.5f} |",
        f"| Embedder.encode, warm cache | {n_texts:,} | {n_texts / warm:,.0f} | {warm / direct:.5f} |",
    ]


def quality_rows() -> list[str]:
    """Return grouped cross-validation figures on the hand-written test set, beside the baselines."""
    with TEST_SET.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    groups = [row["source"] for row in rows]
    lines = []
    for task in ("category", "perspective"):
        for use_starter in (True, False):
            result = evaluate_classifier(
                [(r["text"], r[task]) for r in rows], groups, task, use_starter=use_starter
            )
            training = "program + starter" if use_starter else "program only"
            figures = f"{result.macro_f1:.3f} | {result.baseline_macro_f1:.3f}"
            lines.append(f"| classify {task} ({training}) | macro-F1 | {figures} |")
    sentences = [(r["text"], r["category"]) for r in rows] + starter_set("category")
    passages = [Passage(index, text) for index, (text, _) in enumerate(sentences)]
    for engine in ["tfidf"] + (["semantic"] if semantic_available() else []):
        result = candidate_themes(passages, engine=engine)
        by_id = {pid: theme.theme_id for theme in result for pid in theme.passage_ids}
        scores = evaluate_themes([label for _, label in sentences], [by_id.get(p.id, -1) for p in passages])
        lines.append(
            f"| candidate_themes {engine}, {len(passages)} hand-written sentences vs their categories "
            f"(k={result.n_themes_chosen}) | ARI | {scores.adjusted_rand_index:.3f} | 0.000 |"
        )
    codes = evaluate_code_suggestions([(r["text"], {r["category"]}) for r in rows], groups, k=3)
    lines.append(
        f"| suggest_codes | top-1 accuracy | {codes.top1_accuracy:.3f} | {codes.baseline_top1_accuracy:.3f} |"
    )
    lines.append(f"| suggest_codes | recall@3 | {codes.recall_at_k:.3f} | {codes.baseline_recall_at_k:.3f} |")
    return lines


def main() -> None:
    """Run every measurement and print markdown tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="1,000 passages instead of 10,000")
    args = parser.parse_args()
    n_passages, n_coded, n_texts = (1_000, 500, 256) if args.small else (10_000, 2_000, 1_000)
    start = time.perf_counter()

    print("## Candidate themes (planted themes, 6 true)\n")
    print("| engine | passages | seconds | themes chosen | ARI | NMI | note |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
    print("\n".join(theme_rows(n_passages)))
    print("\n## Code suggestion latency\n")
    print("| call | coded passages | ms (median) |")
    print("| --- | ---: | ---: |")
    print("\n".join(suggestion_rows(n_coded)))
    print("\n## Embedding throughput (all-MiniLM-L6-v2, CPU)\n")
    print("| how | texts | texts per second | time vs direct |")
    print("| --- | ---: | ---: | ---: |")
    print("\n".join(embedding_rows(n_texts)))
    print("\n## Quality on the hand-written test set (GroupKFold by source)\n")
    print("| what | measure | engine | baseline |")
    print("| --- | --- | ---: | ---: |")
    print("\n".join(quality_rows()))
    print(f"\nTotal {time.perf_counter() - start:.0f} s.")


if __name__ == "__main__":
    main()
