"""Write the CEReD evaluation corpus (outside the repository) for `balint evaluate --corpora`.

CEReD, the Czech-English Reflective Dataset (Štefánik & Nehyba 2021, Apache-2.0), holds sentences of
student teachers' reflective diaries, each labelled by its annotators with a kind of reflection. Its text is
not committed here: get the dataset's English sentences (`data/sentences/en/{train,val,test}/sentences.tsv`
of the public repository EduMUNI/reflection-classification, or the `en` configuration of CEReD on the dataset
hub) and run

    python bench/cered_corpus.py SENTENCES_DIR OUT_DIR
    BALINT_CORPORA_DIR=OUT_DIR balint evaluate --corpora

SENTENCES_DIR holds val/sentences.tsv and test/sentences.tsv, and train/sentences.tsv for the learning curve
(rows of split "train": a program's codings, never measured). The labels are mapped to our categories by the
rule written in `balint.insights.engine.corpora.CERED_MAPPING` (see insights/data/corpora/README.md).
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from balint.insights.engine.corpora import cered_rows, write_corpus


def main() -> None:
    """Map CEReD's sentences to corpus rows and write OUT_DIR/cered.csv with a PROVENANCE file."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("sentences_dir", type=Path)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--commit", default="", help="the dataset's commit or version, for the provenance")
    args = parser.parse_args()
    rows = cered_rows(args.sentences_dir)
    write_corpus(rows, args.out_dir / "cered.csv")
    counts = Counter((row.split, row.category) for row in rows)
    (args.out_dir / "PROVENANCE.md").write_text(
        "# cered.csv\n\n"
        "Source: Czech-English Reflective Dataset (CEReD), Štefánik M. & Nehyba J. (2021), "
        "doi:11372/LRT-3573; repository EduMUNI/reflection-classification"
        f"{' at ' + args.commit if args.commit else ''}, English sentences of the train, val and test "
        "splits.\n"
        "Licence: Apache-2.0 (the repository's licence, which the dataset README says defines the data's).\n"
        "Mapped by balint.insights.engine.corpora.CERED_MAPPING; train -> train (a program's codings for the "
        "learning curve, never measured), val -> tune, test -> heldout.\n\n"
        + "".join(f"- {split} {category}: {n}\n" for (split, category), n in sorted(counts.items())),
        encoding="utf-8",
    )
    print(f"{len(rows)} rows written to {args.out_dir / 'cered.csv'}")


if __name__ == "__main__":
    main()
