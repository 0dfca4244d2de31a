"""balint evaluate: how well suggestions match a program's human codings, cross-validated by source."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from balint.core.errors import ApplicationError
from balint.insights.evaluation import program_evaluate
from balint.insights.management.commands.suggest import program_or_error


class Command(BaseCommand):
    help = (
        "Measure code, category and perspective suggestions against a program's human codings "
        "(macro-F1, per-class precision and recall, folds grouped by source, beside a majority baseline) "
        "and how well candidate themes match the human themes (adjusted Rand index, NMI).\n\n"
        "Examples:\n"
        "  balint evaluate --program demo\n"
        "  balint evaluate --program demo --json > quality.json\n"
        "  balint evaluate --corpora            (published quotes nobody here wrote, per split)\n"
        "The result is also shown on the program's Assistance page."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--program", help="the program's slug")
        parser.add_argument(
            "--corpora",
            action="store_true",
            help="measure categories and perspectives on the published quotes in insights/data/corpora",
        )
        parser.add_argument(
            "--engine", choices=["auto", "semantic", "tfidf"], default="auto", help="with --corpora"
        )
        parser.add_argument(
            "--corpora-dir",
            action="append",
            default=[],
            metavar="DIR",
            help="with --corpora: another folder of corpus CSVs kept outside the repository (repeatable; "
            "BALINT_CORPORA_DIR names more), e.g. the one bench/cered_corpus.py writes",
        )
        parser.add_argument("--json", action="store_true", help="print the figures as JSON")
        parser.add_argument("--again", action="store_true", help="measure even if the data has not changed")

    def handle(self, *args, **options) -> None:

        if options["corpora"]:
            self._corpora(options)
            return
        if not options["program"]:
            raise CommandError("Give --program SLUG or --corpora.")
        program = program_or_error(options["program"])
        try:
            evaluation, _ = program_evaluate(program=program, reuse=not options["again"])
        except ApplicationError as error:
            raise CommandError(error.message) from None
        result = evaluation.result
        if options["json"]:
            self.stdout.write(json.dumps(result, indent=2, sort_keys=True))
            return
        self.stdout.write(
            f"Quality of suggestions for {program.slug}: {result['n_coded']} coded passages in "
            f"{result['n_sources']} de-identified sources; folds grouped by source."
        )
        for name, title in [
            ("code", "Codes (top suggestion)"),
            ("category", "Category"),
            ("perspective", "Perspective"),
        ]:
            figures = result[name]
            self.stdout.write(f"\n{title}")
            if "skipped" in figures:
                self.stdout.write(f"  not measured: {figures['skipped']}")
                continue
            self.stdout.write(
                f"  macro-F1 {figures['macro_f1']:.3f}  "
                f"(majority baseline {figures['baseline_macro_f1']:.3f}); "
                f"accuracy {figures['accuracy']:.3f} (baseline {figures['baseline_accuracy']:.3f}); "
                f"{figures['n_samples']} passages, {figures['n_splits']} folds"
            )
            if "abstention_rate" in figures:
                self.stdout.write(
                    f"  no suggestion for {figures['abstention_rate']:.0%} of passages; right when shown "
                    f"{figures['precision_shown']:.3f}; "
                    f"calibration error (ECE) {figures['calibration_error']:.3f}"
                )
            if figures.get("baseline_accuracy_shown") is not None:
                self.stdout.write(
                    f"  the majority label on the same passages would be right "
                    f"{figures['baseline_accuracy_shown']:.3f}"
                )
            width = max(len(label) for label in figures["per_class"])
            self.stdout.write(f"  {'class':<{width}}  precision  recall  support")
            for label, counts in figures["per_class"].items():
                self.stdout.write(
                    f"  {label:<{width}}  {counts['precision']:>9.3f}  "
                    f"{counts['recall']:>6.3f}  {counts['support']:>7}"
                )
            if name == "code":
                ranking = figures["ranking"]
                self.stdout.write(
                    f"  right theme among the first {ranking['k']}: {ranking['recall_at_k']:.3f} "
                    f"(baseline {ranking['baseline_recall_at_k']:.3f})"
                )
        themes = result["themes"]
        self.stdout.write("\nCandidate themes against the human themes")
        if "skipped" in themes:
            self.stdout.write(f"  not measured: {themes['skipped']}")
        else:
            self.stdout.write(f"  {themes['n_samples']} passages, {themes['n_themes']} human themes")
            for engine, scores in themes.get("engines", {themes["engine"]: themes}).items():
                self.stdout.write(
                    f"  {engine:<9} adjusted Rand index {scores['adjusted_rand_index']:.3f}, "
                    f"NMI {scores['normalized_mutual_info']:.3f}"
                )
            if "baseline_adjusted_rand_index" in themes:
                self.stdout.write(
                    f"  baseline  adjusted Rand index {themes['baseline_adjusted_rand_index']:.3f}, "
                    f"NMI {themes['baseline_normalized_mutual_info']:.3f} (plain TF-IDF words, k-means)"
                )

    def _corpora(self, options: dict) -> None:
        from balint.insights.engine.corpora import evaluate_corpora

        try:
            result = evaluate_corpora(
                engine=options["engine"], choose=True, directories=options["corpora_dir"]
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        if options["json"]:
            self.stdout.write(json.dumps(result, indent=2, sort_keys=True))
            return
        self.stdout.write(
            f"Real text nobody here wrote, engine {result['engine']}; trained on the starter set and "
            "label descriptions only."
        )
        self.stdout.write(
            "The product shows no suggestion of a task before the program has coded its switch-on number of "
            "passages (chosen on CEReD's tune rows by its learning curve, see BENCHMARKS.md): "
            + ", ".join(f"{task} {n}" for task, n in result["switch_on"].items())
            + "; the figures measure the suggestion itself."
        )
        for name, tasks in result["corpora"].items():
            for task, splits in tasks.items():
                self.stdout.write(f"\n{name} · {task}")
                for split, f in splits.items():
                    shown = (
                        "–"
                        if f["precision_shown"] is None
                        else f"{f['n_right_shown']}/{f['n_shown']} {_interval(f['precision_shown_interval'])}"
                    )
                    accuracy = f"{f['accuracy']:.3f} {_interval(f['accuracy_interval'])}"
                    self.stdout.write(
                        f"  {split:<8} n={f['n']:<3} accuracy {accuracy} "
                        f"(majority {f['baseline_accuracy']:.3f}) macro-F1 {f['macro_f1']:.3f} "
                        f"(majority {f['baseline_macro_f1']:.3f}) no suggestion {f['abstention_rate']:.0%} "
                        f"right when shown {shown} ECE {f['calibration_error']:.3f}"
                    )
                    if f["baseline_accuracy_shown"] is not None:
                        self.stdout.write(
                            f"  {'':<8} coverage {f['coverage']:.0%}: right when shown "
                            f"{f['precision_shown']:.3f} against the majority label on the same rows "
                            f"{f['baseline_accuracy_shown']:.3f}"
                        )
            self._corpus_themes(name, result["themes"][name])
        for name, tasks in result.get("learning_curves", {}).items():
            for task, curve in tasks.items():
                self._learning_curve(name, task, curve)
        chosen = result["chosen_thresholds"]
        self.stdout.write(
            f"\nThresholds the tune rows would choose (precision >= target): category {chosen['category']}, "
            f"perspective {chosen['perspective']}"
        )

    def _learning_curve(self, name: str, task: str, curve: dict) -> None:
        self.stdout.write(
            f"\n{name} · {task} · learning curve: a program with N codings drawn from the corpus's "
            f"{curve['pool']} training rows (mean of the draws), beside the majority of those codings "
            "(trained) and of the measured rows (oracle)"
        )
        for point in curve["points"]:
            for split in ("tune", "heldout"):
                f = point.get(split)
                if f is None:
                    continue
                trained = f.get("trained_majority_accuracy")
                shown = "–" if f["precision_shown"] is None else f"{f['precision_shown']:.3f}"
                same = (
                    f.get("trained_majority_accuracy_shown")
                    if trained is not None
                    else f.get("baseline_accuracy_shown")
                )
                self.stdout.write(
                    f"  N={point['n_codings']:<4} {split:<8} accuracy {f['accuracy']:.3f} (trained majority "
                    f"{'–' if trained is None else f'{trained:.3f}'}, oracle {f['baseline_accuracy']:.3f}) "
                    f"macro-F1 {f['macro_f1']:.3f} (trained majority "
                    f"{'–' if trained is None else format(f['trained_majority_macro_f1'], '.3f')}, oracle "
                    f"{f['baseline_macro_f1']:.3f}) no suggestion {f['abstention_rate']:.0%} "
                    f"right when shown {shown} (majority on the same rows "
                    f"{'–' if same is None else f'{same:.3f}'}) ECE {f['calibration_error']:.3f}; "
                    + ("beats the majority" if f["beats"] else "does not beat the majority")
                )

    def _corpus_themes(self, name: str, themes: dict) -> None:
        self.stdout.write(f"\n{name} · candidate themes against our categories")
        if "skipped" in themes:
            self.stdout.write(f"  not measured: {themes['skipped']}")
            return
        self.stdout.write(f"  {themes['n_samples']} quotes, {themes['n_themes']} categories")
        rows = [*themes["engines"].items(), ("baseline", themes["baseline"])]
        for engine, scores in rows:
            note = " (plain TF-IDF words, k-means)" if engine == "baseline" else ""
            self.stdout.write(
                f"  {engine:<9} adjusted Rand index {scores['adjusted_rand_index']:.3f}, "
                f"NMI {scores['normalized_mutual_info']:.3f}{note}"
            )


def _interval(bounds: list[float] | tuple[float, float] | None) -> str:
    """A 95 % interval as [low–high], or nothing."""
    return "" if bounds is None else f"[{bounds[0]:.2f}–{bounds[1]:.2f}]"
