"""Print the identifier screener's recall and precision per kind on the labelled corpus, both halves."""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from balint.privacy.screening import evaluate, load_corpus  # noqa: E402


def table(title: str, report: dict[str, dict[str, float]]) -> str:
    """Render one evaluation report as a markdown table."""
    lines = [
        f"### {title}",
        "",
        "| kind | gold spans | predicted | recall | precision |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for kind, row in report.items():
        lines.append(
            f"| {kind} | {row['support']} | {row['predicted']} "
            f"| {row['recall']:.2f} | {row['precision']:.2f} |"
        )
    return "\n".join(lines)


def main() -> None:
    """Evaluate the tuning half, the held-out half and the whole corpus."""
    started = time.perf_counter()
    for title, split in (("Tuning half", "tune"), ("Held-out half", "heldout"), ("Whole corpus", None)):
        corpus = load_corpus(split=split)
        empty = sum(1 for record in corpus if not record["spans"])
        print(table(f"{title} ({len(corpus)} texts, {empty} without identifiers)", evaluate(corpus)))
        print()
    print(
        f"Recall and precision count a span found when a prediction of the same kind overlaps it; "
        f"'overall' accepts any kind. Took {time.perf_counter() - started:.2f} s."
    )


if __name__ == "__main__":
    main()
