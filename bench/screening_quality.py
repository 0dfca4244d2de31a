"""Print the identifier screener's recall and precision per corpus, split, case style and kind.

    python bench/screening_quality.py [--small] [--deid DIR]

Corpora: the project's own 244 sentences (written by its engineers: a regression check only), and, when
DIR (or BALINT_DEID_DIR) holds PhysioNet deid's id.text and id-phi.phrase, its 2,434 nursing notes with
surrogate identifiers. That corpus may not be redistributed, so it stays outside the repository. Its
odd-numbered patients are the tuning split; the even-numbered ones were never looked at while tuning.
Each split is also run all lower-case and all capitals. --small skips the ablation.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from balint.privacy.screening import evaluate, load_corpus  # noqa: E402
from balint.privacy.screening.evaluation import case_variant, load_physionet_deid  # noqa: E402
from balint.privacy.screening.names import name_spans  # noqa: E402
from balint.privacy.screening.patterns import pattern_spans  # noqa: E402
from balint.privacy.screening.spans import resolve_overlaps  # noqa: E402
from balint.privacy.screening.uncased import uncased_spans  # noqa: E402


def table(title: str, report: dict[str, dict[str, float]]) -> str:
    """Render one evaluation report as a markdown table."""
    lines = [
        f"### {title}",
        "",
        "| kind | gold spans | predicted | recall | precision |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for kind, row in report.items():
        counts = f"| {kind} | {row['support']} | {row['predicted']} "
        lines.append(counts + f"| {row['recall']:.2f} | {row['precision']:.2f} |")
    return "\n".join(lines)


def without(part: str):  # noqa: ANN201
    """A screener with one part left out, for the ablation."""

    def screener(text: str, *, roster_names=()) -> list:  # noqa: ANN001
        candidates = []
        if part != "patterns":
            candidates += list(pattern_spans(text))
        if part != "capitalised names":
            candidates += list(name_spans(text, tuple(roster_names)))
        if part != "case-blind detectors":
            candidates += list(uncased_spans(text))
        return resolve_overlaps(candidates)

    return screener


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="skip the ablation")
    parser.add_argument("--deid", default=os.environ.get("BALINT_DEID_DIR"), help="folder with id.text")
    args = parser.parse_args()
    started = time.perf_counter()
    corpora = [("Own sentences", load_corpus())]
    if args.deid and (Path(args.deid) / "id.text").exists():
        corpora.append(("PhysioNet deid nursing notes", load_physionet_deid(Path(args.deid))))
    else:
        print("(PhysioNet deid corpus not found: pass --deid DIR or set BALINT_DEID_DIR)\n")
    for name, corpus in corpora:
        for split, label in (("tune", "tuning split"), ("heldout", "held-out split")):
            part = [r for r in corpus if r["split"] == split]
            for style in ("as written", "lower", "upper"):
                texts = part if style == "as written" else case_variant(part, style)
                print(table(f"{name}, {label}, {style} ({len(texts)} texts)", evaluate(texts)))
                print()
    if not args.small and len(corpora) > 1:
        heldout = [r for r in corpora[1][1] if r["split"] == "heldout"]
        print("### Ablation on the deid held-out split, as written (recall / precision)\n")
        print("| left out | NAME | DATE | LOCATION | PHONE | overall |")
        print("| --- | --- | --- | --- | --- | --- |")
        for part in ("nothing", "patterns", "capitalised names", "case-blind detectors"):
            report = evaluate(heldout, screener=without(part))
            cells = [
                f"{report[k]['recall']:.2f} / {report[k]['precision']:.2f}" if k in report else "-"
                for k in ("NAME", "DATE", "LOCATION", "PHONE", "overall")
            ]
            print(f"| {part} | " + " | ".join(cells) + " |")
        print()
    print(
        "A gold span counts as found when a prediction of the same kind overlaps it (a street address counts "
        f"as a place); 'overall' accepts any kind. Took {time.perf_counter() - started:.1f} s."
    )


if __name__ == "__main__":
    main()
