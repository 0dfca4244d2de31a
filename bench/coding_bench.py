"""Time the analysis workspace at scale and count its queries (SQLite, or PostgreSQL through DATABASE_URL).

1. open a 50,000-word source with 5,000 codings (the coding page, as a browser would ask for it);
2. add one coding to it (the JSON endpoint the page calls);
3. agreement over 1,000 sources x 3 coders (paragraph units, uncoded text left out);
4. the theme timeline (and categories over time) over 10,000 codings;
5. the highlight workload: N highlight requests of 1-3 of 20 themes over 100 documents, one request each
   (as coding.js sends them, through the whole middleware stack), with the CPU per request (process time,
   the fair figure on a shared machine), p50/p95 wall time and the queries of each request.

Usage: .venv/bin/python bench/coding_bench.py [--repeat 3] [--highlights 500] [--small] [--only-highlights]
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balint.config.settings.test")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from bench._corpus import WORDS  # noqa: E402


def _measure(fn, repeat: int) -> tuple[float, int, object]:
    times, queries, result = [], 0, None
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            result = fn()
            times.append(time.perf_counter() - started)
        queries = len(captured)
    return statistics.median(times), queries, result


def _text(rng: random.Random, words: int, paragraph_words: int = 120) -> str:
    paragraphs, count = [], 0
    while count < words:
        sentences = []
        for _ in range(paragraph_words // 12):
            sentence = " ".join(rng.choice(WORDS) for _ in range(12))
            sentences.append(sentence.capitalize() + ".")
        paragraphs.append(" ".join(sentences))
        count += paragraph_words
    return "\n\n".join(paragraphs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--highlights", type=int, default=1000, help="highlight requests in part 5")
    parser.add_argument("--small", action="store_true", help="part 5 only, 300 highlights (make bench)")
    parser.add_argument("--only-highlights", action="store_true", help="part 5 only")
    args = parser.parse_args()
    if args.small:
        args.only_highlights, args.highlights = True, min(args.highlights, 300)
    setup_test_environment()
    call_command("migrate", verbosity=0)

    from conftest import make_person

    from balint.coding import selectors, services
    from balint.coding.models import Coding, CodingDone, Source, Theme
    from balint.coding.units import split_units
    from balint.programs.models import Program, Role

    rng = random.Random(7)
    Program.objects.filter(slug="bench").delete()
    program = Program.objects.create(name="Bench", slug="bench", institution="Bench")
    coders = [
        make_person(program, f"bench-coder-{i}-{rng.randrange(10**9)}", Role.LEADER, f"Coder {i}")
        for i in range(3)
    ]
    services.codebook_starter_create(program=program)
    themes = list(Theme.objects.filter(program=program, active=True))
    rows = []
    if args.only_highlights:
        _highlights(program, coders[0], themes, args.highlights, rng)
        Program.objects.filter(slug="bench").delete()
        return

    # 1-2: one 50,000-word source with 5,000 codings.
    text = _text(rng, 50_000)
    big = services.source_create(
        program=program, kind=Source.Kind.DOCUMENT, title="Big", text=text, deidentified=True
    )
    codings = []
    for _ in range(5_000):
        start = rng.randrange(0, len(text) - 400)
        end = start + rng.randrange(20, 400)
        codings.append(
            Coding(
                source=big,
                theme=rng.choice(themes),
                coder=rng.choice(coders),
                start=start,
                end=end,
                quote=text[start:end],
            )
        )
    Coding.objects.bulk_create(codings, batch_size=2000, ignore_conflicts=True)
    client = Client()
    client.force_login(coders[0].user)
    url = reverse("coding:source", args=[big.code])
    seconds, queries, response = _measure(lambda: client.get(url), args.repeat)
    rows.append(
        (
            f"open a {len(text.split()):,}-word source with 5,000 codings "
            f"(page {len(response.content) // 1024} KB)",
            seconds,
            queries,
        )
    )
    add_url = reverse("coding:coding_create", args=[big.code])
    counter = iter(range(10**6))

    def add_one():
        offset = 1000 + next(counter) * 7
        return client.post(
            add_url,
            {
                "start": offset,
                "end": offset + 50,
                "themes": [str(themes[0].code)],
                "quote": text[offset : offset + 50],
            },
        )

    seconds, queries, response = _measure(add_one, args.repeat)
    assert response.status_code == 201, response.content
    rows.append(("add one coding (JSON endpoint)", seconds, queries))

    # 3: agreement over 1,000 sources x 3 coders.
    sources = []
    day = datetime.date(2025, 1, 1)
    for i in range(1_000):
        sources.append(
            Source(
                program=program,
                kind=Source.Kind.SESSION_NOTE,
                title=f"Note {i}",
                text=_text(rng, 240, 60),
                date=day + datetime.timedelta(days=i % 540),
                deidentified=True,
            )
        )
    Source.objects.bulk_create(sources, batch_size=500)
    many = []
    for source in sources:
        paragraphs = [(p.start, p.end) for p in split_units(text=source.text, granularity="paragraph")]
        for start, end in paragraphs:
            shared = rng.sample(themes, 2)
            for coder in coders:
                for theme in shared:
                    if rng.random() < 0.8:
                        many.append(
                            Coding(
                                source=source,
                                theme=theme,
                                coder=coder,
                                start=start,
                                end=end,
                                quote=source.text[start:end],
                            )
                        )
    Coding.objects.bulk_create(many, batch_size=5000, ignore_conflicts=True)
    CodingDone.objects.bulk_create(
        [CodingDone(source=s, coder=c) for s in sources for c in coders], batch_size=5000
    )
    note_sources = Source.objects.filter(program=program, kind=Source.Kind.SESSION_NOTE)
    seconds, queries, result = _measure(
        lambda: selectors.agreement(
            program=program, sources=note_sources, coders=coders, granularity="paragraph", uncoded="exclude"
        ),
        args.repeat,
    )
    rows.append(
        (
            f"agreement over {result.sources:,} sources x 3 coders ({len(many):,} codings, "
            f"alpha {result.report.pooled.krippendorff_alpha.value:.2f})",
            seconds,
            queries,
        )
    )

    # 4: timeline over 10,000 codings (the first 10,000 of the dated notes' codings).
    cutoff = (
        Coding.objects.filter(source__kind=Source.Kind.SESSION_NOTE)
        .order_by("pk")
        .values_list("pk", flat=True)[9_999]
    )
    ten_thousand = Coding.objects.filter(source__kind=Source.Kind.SESSION_NOTE, pk__lte=cutoff)
    seconds, queries, timeline = _measure(
        lambda: selectors.theme_frequency_by_month(program=program, codings=ten_thousand), args.repeat
    )
    rows.append(
        (f"theme timeline over {timeline.total:,} codings ({len(timeline.months)} months)", seconds, queries)
    )
    views_url = reverse("coding:views", args=[program.slug])
    seconds, queries, _ = _measure(lambda: client.get(views_url), args.repeat)
    rows.append(
        (
            f"views page (timeline, categories, co-occurrence) over all {Coding.objects.count():,} codings",
            seconds,
            queries,
        )
    )

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"### Coding workspace on {engine} (median of {args.repeat})\n")
    print("| operation | time | queries |")
    print("| --- | ---: | ---: |")
    for name, seconds, queries in rows:
        print(f"| {name} | {seconds * 1000:,.0f} ms | {queries} |")
    print()
    _highlights(program, coders[0], themes, args.highlights, rng)
    Program.objects.filter(slug="bench").delete()


def _highlights(program, coder, themes, count: int, rng: random.Random) -> None:
    """Part 5: `count` highlight requests over 100 documents of 1,000 words with 20 themes."""
    from balint.coding import services
    from balint.coding.models import Source, Theme

    themes = list(themes)
    for i in range(len(themes), 20):
        themes.append(Theme.objects.create(program=program, name=f"Bench theme {i}", position=i))
    themes = themes[:20]
    documents = [
        services.source_create(
            program=program,
            kind=Source.Kind.DOCUMENT,
            title=f"Document {i:03d}",
            text=_text(rng, 1_000),
            deidentified=True,
        )
        for i in range(100)
    ]
    plan = []
    for _ in range(count):
        source = rng.choice(documents)
        start = rng.randrange(0, len(source.text) - 300)
        end = start + rng.randrange(20, 300)
        picked = rng.sample(themes, rng.randint(1, 3))
        plan.append((source, start, end, picked))
    client = Client()
    client.force_login(coder.user)
    client.get(reverse("coding:source", args=[documents[0].code]))  # warm: URL conf, templates, caches
    csrf = client.cookies["csrftoken"].value if "csrftoken" in client.cookies else ""
    walls, queries = [], []
    cpu_started = time.process_time()
    for source, start, end, picked in plan:
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            response = client.post(
                reverse("coding:coding_create", args=[source.code]),
                urlencode(
                    {
                        "start": start,
                        "end": end,
                        "quote": source.text[start:end],
                        "themes": [str(t.code) for t in picked],
                        "perspective": "",
                    },
                    doseq=True,
                ),
                content_type="application/x-www-form-urlencoded",  # coding.js sends URLSearchParams
                HTTP_ACCEPT="application/json",
                HTTP_X_CSRFTOKEN=csrf,
            )
            walls.append(time.perf_counter() - began)
        assert response.status_code == 201, response.content
        queries.append(len(captured))
    cpu = time.process_time() - cpu_started
    walls.sort()
    p95 = walls[min(len(walls) - 1, int(len(walls) * 0.95))]
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"### Highlight requests on {engine}: {count} requests of 1-3 of 20 themes over 100 documents\n")
    print("| CPU per request | p50 | p95 | queries per request (min-max) | load average |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    print(
        f"| {cpu / count * 1000:.1f} ms | {statistics.median(walls) * 1000:.1f} ms | {p95 * 1000:.1f} ms "
        f"| {min(queries)}-{max(queries)} | {os.getloadavg()[0]:.1f} |"
    )


if __name__ == "__main__":
    main()
