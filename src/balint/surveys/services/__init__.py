"""Writes for instruments, surveys, invitations, anonymous answers and transcripts.

Nothing here logs, audits or timestamps an answer (an export of approved transcripts is audited, as every
export is, with the survey and the person who exported): the only trace of a submission is the new
`Response`/`Answer` rows (random keys, no time, re-stored in key order) and the `answered` flag
on the person's invitation, which holds no reference to those rows.

One module per step: `instruments` (and their questions), `invitations` (opening a survey, its e-mails and
one-time links), `answers`, `transcripts` (saving, export, sending to analysis).
"""

from balint.surveys.services.answers import (
    AnswerValue,
    invitation_for_token,
    response_import,
    response_submit,
)
from balint.surveys.services.instruments import (
    instrument_create,
    instrument_create_ready_made,
    instrument_has_answers,
    instrument_update,
    question_add,
    question_delete,
    question_update,
)
from balint.surveys.services.invitations import (
    invitation_link,
    invitation_token,
    survey_close,
    survey_open,
    survey_remind,
    token_hash,
)
from balint.surveys.services.transcripts import (
    question_sources_refusals,
    respondent_origin,
    transcript_save,
    transcripts_export,
    transcripts_send_to_analysis,
)

__all__ = [
    "instrument_create",
    "instrument_create_ready_made",
    "instrument_has_answers",
    "instrument_update",
    "question_add",
    "question_update",
    "question_delete",
    "invitation_token",
    "token_hash",
    "invitation_link",
    "survey_open",
    "survey_remind",
    "survey_close",
    "AnswerValue",
    "invitation_for_token",
    "response_submit",
    "response_import",
    "transcript_save",
    "transcripts_export",
    "respondent_origin",
    "question_sources_refusals",
    "transcripts_send_to_analysis",
]
