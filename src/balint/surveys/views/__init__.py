"""Survey pages: instruments, opening a survey, answering through a link, transcription, results, exports.

The answering views are wrapped in `sensitive_post_parameters` / `sensitive_variables`, so even an
error report never carries what a resident wrote, and they write nothing to the session.

One module per subject: `instruments` (and questions), `surveys` (open, remind, close, results, exports),
`answering` (the resident's pages), `transcription`.
"""

from balint.surveys.views.answering import (
    answer_by_link,
    answer_signed_in,
    thanks,
)
from balint.surveys.views.instruments import (
    instrument_detail,
    instrument_list,
    instrument_ready_made,
    question_add,
    question_delete,
    question_edit,
)
from balint.surveys.views.surveys import (
    survey_close,
    survey_create,
    survey_detail,
    survey_export,
    survey_list,
    survey_remind,
    survey_results,
    survey_send_to_analysis,
)
from balint.surveys.views.transcription import (
    transcribe,
    transcription_queue,
)

__all__ = [
    "instrument_list",
    "instrument_ready_made",
    "instrument_detail",
    "question_add",
    "question_edit",
    "question_delete",
    "survey_list",
    "survey_create",
    "survey_detail",
    "survey_remind",
    "survey_close",
    "survey_results",
    "survey_export",
    "survey_send_to_analysis",
    "answer_by_link",
    "answer_signed_in",
    "thanks",
    "transcription_queue",
    "transcribe",
]
