"""Published reflective-group quotes that nobody here wrote, for measuring the classifiers (never training).

Each corpus is a CSV in data/corpora with a `split` column: `tune` rows may be used to choose a threshold,
`heldout` rows never are. See data/corpora/README.md for where every quote comes from.

Corpora whose text may not be committed here are kept outside the repository and named by the environment
variable BALINT_CORPORA_DIR (directories separated by the path separator) or `balint evaluate --corpora-dir`;
`bench/cered_corpus.py` writes one from the Czech-English Reflective Dataset (CEReD) by the mapping rule
in `CERED_MAPPING`. A row whose perspective is empty is not counted for the perspective.
"""

from __future__ import annotations

import csv
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import accuracy_score, f1_score

from .classify import SWITCH_ON, TARGET_PRECISION, TASKS, resolve_engine, train_classifier
from .evaluate import choose_threshold, evaluate_themes, expected_calibration_error
from .themes import baseline_themes, candidate_themes
from .types import ENGINE_SEMANTIC, ENGINE_TFIDF, Passage

CORPORA_DIR = Path(__file__).resolve().parent.parent / "data" / "corpora"
CORPORA_ENV = "BALINT_CORPORA_DIR"
SPLITS = ("tune", "heldout")
# Rows of this split are never measured: they stand for a program's own codings in the learning curve
# (`learning_curve`), drawn N at a time, as a program that has coded N passages would have them.
CODINGS_SPLIT = "train"
# Program sizes (coded passages) of the learning curve, and draws of the codings per size (N > 0).
LEARNING_CURVE_SIZES = (0, 25, 50, 100, 200, 500)
LEARNING_CURVE_DRAWS = 3
# CEReD (Štefánik & Nehyba 2021, Apache-2.0): reflective diaries of student teachers, one label per sentence.
# Written before any prediction was looked at; labels without a counterpart among ours are left out.
# - Feeling (the writer's own emotion) -> well_being
# - Learning, Intention (what the writer learned about, or will do in, the role) -> professional_development
# - Experience (what happened with the pupils the writer taught, as patients are to a resident)
#   -> practical_patient_care
# - Belief, Reflection, Perspective, Difficulty, Other: no counterpart, left out.
# The authors' validation split is our tune split, their test split our held-out one; their train split
# stands for a program's own codings (split "train", drawn N at a time by `learning_curve`, never measured).
# Perspective is left empty (not measured): the labels say nothing of whose experience it is.
CERED_MAPPING = {
    "Feeling": "well_being",
    "Learning": "professional_development",
    "Intention": "professional_development",
    "Experience": "practical_patient_care",
}
CERED_SPLITS = {"train": CODINGS_SPLIT, "val": "tune", "test": "heldout"}


@dataclass(frozen=True)
class CorpusRow:
    """One published quote with our category and perspective for it."""

    id: str
    split: str
    text: str
    category: str
    perspective: str
    speaker: str
    source: str


def corpora_directories(extra: Sequence[Path | str] = ()) -> list[Path]:
    """The packaged corpora, then those named by BALINT_CORPORA_DIR, then extra (each once)."""
    named = [part for part in os.environ.get(CORPORA_ENV, "").split(os.pathsep) if part.strip()]
    found: list[Path] = []
    for directory in [CORPORA_DIR, *map(Path, named), *map(Path, extra)]:
        if directory.resolve() not in [d.resolve() for d in found]:
            found.append(directory)
    return found


def load_corpora(directory: Path | Sequence[Path] = CORPORA_DIR) -> dict[str, list[CorpusRow]]:
    """Return every corpus by file stem; refuses a row with an unknown split or label, or a missing folder."""
    directories = [directory] if isinstance(directory, Path | str) else list(directory)
    corpora: dict[str, list[CorpusRow]] = {}
    for folder in map(Path, directories):
        if not folder.is_dir():
            raise ValueError(f"No corpus folder {folder}.")
        for path in sorted(folder.glob("*.csv")):
            with path.open(newline="", encoding="utf-8") as handle:
                rows = [CorpusRow(**row) for row in csv.DictReader(handle)]
            for row in rows:
                if row.split not in (*SPLITS, CODINGS_SPLIT):
                    raise ValueError(f"{path.name} {row.id}: unknown split {row.split!r}")
                if row.category not in TASKS["category"]:
                    raise ValueError(f"{path.name} {row.id}: unknown category {row.category!r}")
                if row.perspective and row.perspective not in TASKS["perspective"]:
                    raise ValueError(f"{path.name} {row.id}: unknown perspective {row.perspective!r}")
            if path.stem in corpora:
                raise ValueError(f"Two corpora are named {path.stem}.")
            corpora[path.stem] = rows
    return corpora


def cered_rows(source: Path) -> list[CorpusRow]:
    """Map CEReD's English sentences (`<source>/{train,val,test}/sentences.tsv`) to corpus rows by
    CERED_MAPPING; a missing train file leaves the corpus without codings for the learning curve."""
    rows = []
    for their_split, split in CERED_SPLITS.items():
        path = Path(source) / their_split / "sentences.tsv"
        if split == CODINGS_SPLIT and not path.exists():
            continue
        with path.open(newline="", encoding="utf-8") as handle:
            for record in csv.DictReader(handle, delimiter="\t"):
                category = CERED_MAPPING.get(record["y"].strip())
                if category is None or not record["sentence"].strip():
                    continue
                rows.append(
                    CorpusRow(
                        id=f"cered-{their_split}-{record['idx']}",
                        split=split,
                        text=record["sentence"].strip(),
                        category=category,
                        perspective="",
                        speaker="",
                        source=f"CEReD en/{their_split} {record['y'].strip()}",
                    )
                )
    return rows


def write_corpus(rows: Sequence[CorpusRow], path: Path) -> None:
    """Write corpus rows as the CSV load_corpora reads."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(CorpusRow.__dataclass_fields__))
        writer.writeheader()
        writer.writerows(asdict(row) for row in rows)


def wilson_interval(successes: int, n: int, z: float = 1.96) -> tuple[float, float] | None:
    """Return the 95 % Wilson score interval of a proportion, or None for no trials.

    With a handful of quotes per split a proportion says little: the interval shows how little."""
    if n <= 0:
        return None
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return round(float(max(0.0, centre - half)), 4), round(float(min(1.0, centre + half)), 4)


def _figures(
    truth: list[str], results: list, labels: tuple[str, ...], *, trained_majority: str | None = None
) -> dict[str, Any]:
    """Accuracy, macro-F1, abstention, right when shown and ECE beside the majority label of these rows (the
    oracle majority); with trained_majority also beside the most common label of the codings trained on."""
    predicted = np.array([r.label for r in results], dtype=object)
    truth_array = np.array(truth, dtype=object)
    confidence = np.array([r.confidence for r in results])
    shown = np.array([not r.abstained for r in results])
    majority = sorted(Counter(truth).items(), key=lambda item: (-item[1], item[0]))[0][0]
    baseline = np.array([majority] * len(truth), dtype=object)
    present = sorted(set(truth))
    figures = {
        "n": len(truth),
        "accuracy": round(float(accuracy_score(truth_array, predicted)), 4),
        "n_right": int((predicted == truth_array).sum()),
        "accuracy_interval": wilson_interval(int((predicted == truth_array).sum()), len(truth)),
        "macro_f1": round(
            float(f1_score(truth_array, predicted, labels=present, average="macro", zero_division=0)), 4
        ),
        "baseline_label": majority,
        "baseline_accuracy": round(float(accuracy_score(truth_array, baseline)), 4),
        "baseline_macro_f1": round(
            float(f1_score(truth_array, baseline, labels=present, average="macro", zero_division=0)), 4
        ),
        "abstention_rate": round(1.0 - float(shown.mean()), 4),
        "coverage": round(float(shown.mean()), 4),
        # The majority label's accuracy on the same rows the suggestion answered: the baseline at the same
        # coverage (answering only where it is sure must beat guessing the commonest label there).
        "baseline_accuracy_shown": round(float((truth_array[shown] == majority).mean()), 4)
        if shown.any()
        else None,
        "n_shown": int(shown.sum()),
        "n_right_shown": int((predicted[shown] == truth_array[shown]).sum()),
        "precision_shown_interval": wilson_interval(
            int((predicted[shown] == truth_array[shown]).sum()), int(shown.sum())
        ),
        "precision_shown": round(float((predicted[shown] == truth_array[shown]).mean()), 4)
        if shown.any()
        else None,
        "calibration_error": expected_calibration_error(confidence, predicted == truth_array),
    }
    if trained_majority is not None:
        guess = np.array([trained_majority] * len(truth), dtype=object)
        figures |= {
            "trained_majority_label": trained_majority,
            "trained_majority_accuracy": round(float((truth_array == trained_majority).mean()), 4),
            "trained_majority_macro_f1": round(
                float(f1_score(truth_array, guess, labels=present, average="macro", zero_division=0)), 4
            ),
            "trained_majority_accuracy_shown": round(
                float((truth_array[shown] == trained_majority).mean()), 4
            )
            if shown.any()
            else None,
        }
    return figures


def theme_agreement(rows: list[CorpusRow], *, engine: str = "auto") -> dict[str, Any]:
    """How well candidate themes over the quotes recover our categories for them (ARI, NMI), for each engine
    and for the baseline (plain TF-IDF words and k-means), all told the number of categories present."""
    truth = [row.category for row in rows]
    n_themes = len(set(truth))
    if len(rows) < 6 or n_themes < 2:
        return {"skipped": "Needs at least six quotes of at least two categories."}
    engines = [ENGINE_TFIDF] + ([ENGINE_SEMANTIC] if resolve_engine(engine) == ENGINE_SEMANTIC else [])
    passages = [Passage(i, row.text) for i, row in enumerate(rows)]
    result: dict[str, Any] = {"n_samples": len(rows), "n_themes": n_themes, "engines": {}}
    for name in engines:
        found = candidate_themes(passages, n_themes=n_themes, engine=name)
        by_id = {pid: theme.theme_id for theme in found for pid in theme.passage_ids}
        result["engines"][name] = asdict(evaluate_themes(truth, [by_id.get(i, -1) for i in range(len(rows))]))
    baseline = baseline_themes([row.text for row in rows], n_themes)
    result["baseline"] = asdict(evaluate_themes(truth, list(baseline)))
    return result


def evaluate_corpora(
    *,
    engine: str = "auto",
    choose: bool = False,
    directories: Sequence[Path | str] = (),
    curve: bool = True,
    sizes: Sequence[int] = LEARNING_CURVE_SIZES,
    draws: int = LEARNING_CURVE_DRAWS,
) -> dict[str, Any]:
    """Measure categories and perspectives per corpus and split, trained on the starter set only.

    Candidate themes over each corpus are compared with its categories under result["themes"].
    With choose=True also report the threshold each task would get from the tune rows of all corpora.
    directories: more corpus folders besides the packaged one and BALINT_CORPORA_DIR. A corpus with
    CODINGS_SPLIT rows also gets a learning curve under result["learning_curves"] (unless curve=False).
    """
    everything = load_corpora(corpora_directories(directories))
    corpora = {name: [row for row in rows if row.split in SPLITS] for name, rows in everything.items()}
    result: dict[str, Any] = {"corpora": {}, "switch_on": {}}
    tune: dict[str, tuple[list, list]] = {task: ([], []) for task in TASKS}
    for task in TASKS:
        # The suggestion itself is measured; the product shows none below SWITCH_ON (result["switch_on"]).
        model = train_classifier([], task=task, engine=engine, switch_on=False)
        result["engine"] = model.engine
        result["switch_on"][task] = SWITCH_ON[model.engine][task]
        result.setdefault("provenance", {})[task] = model.provenance
        for name, all_rows in corpora.items():
            rows = [row for row in all_rows if getattr(row, task)]
            if not rows:
                continue
            results = model.explain([row.text for row in rows], keep_stop_words=task == "perspective")
            truth = [getattr(row, task) for row in rows]
            per_split = {"all": _figures(truth, results, TASKS[task])}
            for split in SPLITS:
                picked = [i for i, row in enumerate(rows) if row.split == split]
                if picked:
                    per_split[split] = _figures(
                        [truth[i] for i in picked], [results[i] for i in picked], TASKS[task]
                    )
                if split == "tune":
                    tune[task][0].extend(results[i].confidence for i in picked)
                    tune[task][1].extend(results[i].label == truth[i] for i in picked)
            result["corpora"].setdefault(name, {})[task] = per_split
    for name, rows in corpora.items():
        result.setdefault("themes", {})[name] = theme_agreement(rows, engine=engine)
    for name, rows in everything.items():
        for task in TASKS:
            if curve and any(row.split == CODINGS_SPLIT and getattr(row, task) for row in rows):
                result.setdefault("learning_curves", {}).setdefault(name, {})[task] = learning_curve(
                    rows, task=task, engine=engine, sizes=sizes, draws=draws
                )
    if choose:
        result["chosen_thresholds"] = {
            task: choose_threshold(np.array(conf), np.array(correct), TARGET_PRECISION)
            for task, (conf, correct) in tune.items()
        }
    return result


def _majority(labels: Sequence[str]) -> str | None:
    """The most common label (ties by name), or None for no labels."""
    counts = Counter(labels)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[0][0] if counts else None


def _mean_figures(draws: list[dict[str, Any]]) -> dict[str, Any]:
    """Average the numeric figures of several draws (a figure missing in a draw is left out of its mean)."""

    def numeric(value: Any) -> bool:
        return isinstance(value, int | float) and not isinstance(value, bool)

    keys = dict.fromkeys(key for draw in draws for key, value in draw.items() if numeric(value))
    mean: dict[str, Any] = {}
    for key in keys:
        values = [d[key] for d in draws if numeric(d.get(key))]
        mean[key] = round(float(np.mean(values)), 4) if values else None
    return mean


def beats_majority(figures: dict[str, Any]) -> bool:
    """Whether suggestions beat guessing the commonest label: at least its accuracy over all rows and, where
    something is shown, right more often than it on those same rows. The commonest label is that of the
    codings trained on when there are any, otherwise that of the measured rows themselves (the oracle)."""
    trained = figures.get("trained_majority_accuracy") is not None
    accuracy = figures["trained_majority_accuracy" if trained else "baseline_accuracy"]
    shown = figures["trained_majority_accuracy_shown" if trained else "baseline_accuracy_shown"]
    if figures.get("precision_shown") is None or shown is None:
        return False
    return figures["accuracy"] >= accuracy and figures["precision_shown"] > shown


def learning_curve(
    rows: Sequence[CorpusRow],
    *,
    task: str = "category",
    engine: str = "auto",
    sizes: Sequence[int] = LEARNING_CURVE_SIZES,
    draws: int = LEARNING_CURVE_DRAWS,
) -> dict[str, Any]:
    """Suggestions for a program that has coded N passages, for each N in sizes, measured per split.

    The program's codings are N rows drawn at random from the corpus's CODINGS_SPLIT rows (draws times with
    different seeds; once for N = 0), trained on as the product does (with the starter set and label
    descriptions). Each point gives the split's figures averaged over the draws, beside the majority label of
    the codings drawn (trained_majority_*) and of the measured rows (baseline_*, the oracle). A size larger
    than the pool is left out. "beats" says whether the suggestions beat the majority (`beats_majority`) in
    every draw. The suggestions are measured below the product's SWITCH_ON point too, which this curve sets.
    """
    pool = [row for row in rows if row.split == CODINGS_SPLIT and getattr(row, task)]
    measured = {split: [row for row in rows if row.split == split and getattr(row, task)] for split in SPLITS}
    measured = {split: found for split, found in measured.items() if found}
    points = []
    for n in sizes:
        if n > len(pool):
            continue
        per_split: dict[str, list[dict[str, Any]]] = {split: [] for split in measured}
        for draw in range(draws if n else 1):
            picked = np.random.default_rng(draw).choice(len(pool), n, replace=False) if n else []
            codings = [(pool[i].text, getattr(pool[i], task)) for i in sorted(picked)]
            model = train_classifier(codings, task=task, engine=engine, switch_on=False)
            majority = _majority([label for _, label in codings])
            for split, found in measured.items():
                results = model.explain([row.text for row in found], keep_stop_words=task == "perspective")
                truth = [getattr(row, task) for row in found]
                per_split[split].append(_figures(truth, results, TASKS[task], trained_majority=majority))
        point: dict[str, Any] = {"n_codings": n, "draws": draws if n else 1}
        for split, figures in per_split.items():
            point[split] = _mean_figures(figures) | {"beats": all(beats_majority(f) for f in figures)}
        points.append(point)
    return {"pool": len(pool), "points": points}
