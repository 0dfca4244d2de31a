"""Measure the screener against a labelled corpus: recall and precision per kind."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from balint.privacy.screening.screener import screen
from balint.privacy.screening.spans import KINDS, Span

CORPUS_PATH = Path(__file__).resolve().parents[1] / "tests" / "data" / "screening_corpus.jsonl"
MARK = re.compile(r"\[\[([A-Z]+):(.+?)\]\]")

Record = dict[str, Any]


def parse_marked(marked: str) -> tuple[str, list[dict[str, Any]]]:
    """Turn text with [[KIND:words]] marks into plain text and labelled spans."""
    parts: list[str] = []
    spans: list[dict[str, Any]] = []
    cursor = 0
    length = 0
    for match in MARK.finditer(marked):
        before = marked[cursor : match.start()]
        parts.append(before)
        length += len(before)
        kind, words = match.group(1), match.group(2)
        if kind not in KINDS:
            raise ValueError(f"Unknown kind {kind!r} in {marked!r}")
        spans.append({"start": length, "end": length + len(words), "kind": kind, "text": words})
        parts.append(words)
        length += len(words)
        cursor = match.end()
    parts.append(marked[cursor:])
    return "".join(parts), spans


def load_corpus(path: Path = CORPUS_PATH, split: str | None = None) -> list[Record]:
    """Read the labelled corpus, optionally one split ("tune" or "heldout")."""
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in records if split is None or r["split"] == split]


# The PhysioNet deid gold standard's PHI types, as the screener's kinds.
DEID_KINDS = {
    "PTName": "NAME",
    "PTNameInitial": "NAME",
    "HCPName": "NAME",
    "RelativeProxyName": "NAME",
    "Date": "DATE",
    "DateYear": "DATE",
    "Location": "LOCATION",
    "Phone": "PHONE",
    "Age": "AGE",
    "Other": "ID",
}
DEID_RECORD = re.compile(r"START_OF_RECORD=(\d+)\|\|\|\|(\d+)\|\|\|\|\n(.*?)\|\|\|\|END_OF_RECORD", re.S)

# Kinds counted as the same when a prediction is matched to a gold span: a street address is a place.
SAME_KIND = {"ADDRESS": "LOCATION"}


def _deid_split(patient: int) -> str:
    return "tune" if patient % 2 else "heldout"


def load_physionet_deid(directory: Path, splits: Iterable[str] = ("tune", "heldout")) -> list[Record]:
    """Read PhysioNet deid's gold-standard nursing notes (id.text, id-phi.phrase) from a folder.

    The corpus may not be redistributed, so it is never copied into the repository. Patients with an odd
    number form the "tune" split (looked at while tuning), even numbers the "heldout" split (only reported).
    Notes of a split not asked for are skipped while the files are read, before any of their text is kept.
    """
    wanted = set(splits)
    text = (directory / "id.text").read_text(encoding="latin-1")
    records: dict[tuple[int, int], Record] = {}
    for match in DEID_RECORD.finditer(text):
        patient, note = int(match.group(1)), int(match.group(2))
        if _deid_split(patient) not in wanted:
            continue
        records[(patient, note)] = {
            "id": f"deid-{patient}-{note}",
            "patient": patient,
            "split": _deid_split(patient),
            "source": "physionet_deid_nursing_note",
            "text": match.group(3),
            "spans": [],
        }
    del text
    for line in (directory / "id-phi.phrase").read_text(encoding="latin-1").splitlines():
        patient, note, start, end, kind, words = line.split(" ", 5)
        if _deid_split(int(patient)) not in wanted:
            continue
        record = records[(int(patient), int(note))]
        start_at, end_at = int(start), int(end)
        if record["text"][start_at:end_at] != words:
            raise ValueError(f"Gold span does not match the text: {line!r}")
        record["spans"].append({"start": start_at, "end": end_at, "kind": DEID_KINDS[kind], "text": words})
    return list(records.values())


def case_variant(corpus: Iterable[Record], style: str) -> list[Record]:
    """The same texts all lower-case or all capitals (texts whose length would change are left out)."""
    change = str.lower if style == "lower" else str.upper
    variants = []
    for record in corpus:
        text = change(record["text"])
        if len(text) != len(record["text"]):
            continue
        spans = [{**span, "text": text[span["start"] : span["end"]]} for span in record["spans"]]
        variants.append({**record, "id": f"{record['id']}-{style}", "text": text, "spans": spans})
    return variants


def _same(gold_kind: str, predicted_kind: str) -> bool:
    """Tell whether a prediction's kind counts as the gold span's kind."""
    return SAME_KIND.get(predicted_kind, predicted_kind) == SAME_KIND.get(gold_kind, gold_kind)


def _overlaps(a: Any, b: Any) -> bool:
    """Tell whether two spans share at least one character."""
    return a["start"] < b.end and b.start < a["end"]


def evaluate(
    corpus: Iterable[Record], *, screener: Callable[..., list[Span]] | None = None
) -> dict[str, dict[str, float]]:
    """Return recall and precision per kind (same kind, overlapping) and overall (any kind, overlapping)."""
    if screener is None:
        screener = screen
    counts = {kind: {"gold": 0, "found": 0, "predicted": 0, "correct": 0} for kind in (*KINDS, "overall")}
    for record in corpus:
        predicted = screener(record["text"], roster_names=record.get("roster", ()))
        gold = record["spans"]
        for g in gold:
            row = counts[g["kind"]]
            row["gold"] += 1
            row["found"] += any(_same(g["kind"], p.kind) and _overlaps(g, p) for p in predicted)
            counts["overall"]["gold"] += 1
            counts["overall"]["found"] += any(_overlaps(g, p) for p in predicted)
        for p in predicted:
            row = counts[p.kind]
            row["predicted"] += 1
            row["correct"] += any(_same(g["kind"], p.kind) and _overlaps(g, p) for g in gold)
            counts["overall"]["predicted"] += 1
            counts["overall"]["correct"] += any(_overlaps(g, p) for g in gold)
    report: dict[str, dict[str, float]] = {}
    for kind, row in counts.items():
        if not row["gold"] and not row["predicted"]:
            continue
        report[kind] = {
            "support": row["gold"],
            "predicted": row["predicted"],
            "found": row["found"],
            "correct": row["correct"],
            "recall": row["found"] / row["gold"] if row["gold"] else 1.0,
            "precision": row["correct"] / row["predicted"] if row["predicted"] else 1.0,
        }
    return report


def missed_and_spurious(
    corpus: Iterable[Record],
) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """List gold spans nobody found and predictions that match no gold span, for tuning."""
    missed: list[tuple[str, str, str]] = []
    spurious: list[tuple[str, str, str]] = []
    for record in corpus:
        predicted = screen(record["text"], roster_names=record.get("roster", ()))
        for g in record["spans"]:
            if not any(_same(g["kind"], p.kind) and _overlaps(g, p) for p in predicted):
                missed.append((record["id"], g["kind"], g["text"]))
        for p in predicted:
            if not any(_overlaps(g, p) for g in record["spans"]):
                spurious.append((record["id"], p.kind, p.text))
    return missed, spurious
