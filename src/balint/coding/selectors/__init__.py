"""Reads for the analysis workspace, each a fixed number of queries whatever the amount of coding.

workspace: the workspace pages and the coding page; views: filters, timelines, co-occurrence and cached
aggregates; agreement: agreement between coders; reports: coded passages as plain rows for reports.
"""

from balint.coding.selectors.agreement import (  # noqa: F401
    Agreement,
    DisagreementRow,
    agreement,
    memos_for,
)
from balint.coding.selectors.reports import (  # noqa: F401
    CodingRow,
    categories_in_order,
    coding_rows,
    quote_texts,
    source_counts,
    themes_by_id,
)
from balint.coding.selectors.views import (  # noqa: F401
    CACHE_SECONDS,
    CATEGORY_COLOURS,
    CoOccurrence,
    Filters,
    ThemeViews,
    Timeline,
    cached,
    co_occurrence,
    data_version,
    perspective_counts,
    theme_frequency_by_month,
    theme_views,
)
from balint.coding.selectors.workspace import (  # noqa: F401
    CodingPage,
    ThemePage,
    WorkspaceSummary,
    active_themes,
    categories,
    codebook,
    coders,
    coding_in,
    coding_page,
    notes_waiting,
    quotes,
    retired_themes,
    round_before,
    rounds,
    source_list,
    source_memos,
    sources_narrowed,
    theme_coders,
    theme_of,
    theme_page,
    workspace_summary,
)
