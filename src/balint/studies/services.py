"""Writing studies: creating one with its workspace, consent, contributions, withdrawal, codebook import.

The rules of what may leave a program live here once (`contribution_refusal`, `shared_form`); the preview
page and the contribution both call them, so the preview shows exactly what is shared.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from balint.coding.models import CaseSpan, Source
from balint.coding.services import categories_ensure, source_create
from balint.core.errors import ApplicationError
from balint.core.services import model_update, validated
from balint.exchange import refi_qda as refi
from balint.exchange.qda import ImportSummary, export_scope, project_build, refi_import
from balint.meetings.models import MeetingNote
from balint.privacy.audit import audit_record
from balint.privacy.names import mask_names
from balint.privacy.services import roster_names
from balint.programs.access import forget_access, roles_for
from balint.programs.models import Membership, Person, Program, Role
from balint.programs.services import membership_grant, person_create
from balint.studies.models import Contribution, Study, StudyMember, Withdrawal
from balint.surveys.models import Survey, Transcript
from balint.surveys.selectors import threshold
from balint.surveys.services import question_sources_refusals

STUDY_FIELDS = ["title", "aims", "approval_reference", "starts_on", "ends_on"]
SITE_ATTRIBUTE = "site"
KIND_ATTRIBUTE = "source kind"
# Shown on the join page in the administrator's language and stored as agreed (see `consent_text`).
CONSENT_TEXT = gettext_noop(
    "On behalf of {program}, I agree that the program takes part in “{study}” (approval {approval}). "
    "Only the de-identified sources an administrator chooses will be shared, named by site and never by "
    "person; the program can withdraw them at any time, and their codings then leave the study."
)


# ---- the study ---------------------------------------------------------------------------------------


@transaction.atomic
def study_create(
    *,
    owner: Person,
    title: str,
    aims: str,
    approval_reference: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
) -> Study:
    """A study and its workspace program (where the pooled analysis lives); the owner joins no program."""
    code = uuid.uuid4()
    workspace = Program(
        name=f"Study: {title.strip()}"[:200],
        slug=f"study-{code.hex[:12]}",
        institution="Multi-site study",
        specialty="Multi-site study",
    )
    validated(workspace)
    workspace.save()
    categories_ensure(program=workspace)
    study = Study(
        code=code,
        title=title.strip(),
        aims=aims.strip(),
        approval_reference=approval_reference.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        owner=owner,
        workspace=workspace,
        invitation=uuid.uuid4(),
    )
    validated(study)
    study.save()
    return study


@transaction.atomic
def study_update(*, study: Study, data: dict) -> Study:
    study, changed = model_update(instance=study, data=data, fields=STUDY_FIELDS)
    if changed and "title" in data:
        Program.objects.filter(pk=study.workspace_id).update(name=f"Study: {study.title}"[:200])
        forget_access()
    return study


@transaction.atomic
def study_analyst_add(*, study: Study, email: str, full_name: str = "") -> Person:
    """Make a person an analyst of the study (of its workspace); someone without an account gets one."""
    email = (email or "").strip()
    if not email:
        raise ApplicationError(_("Give the analyst's e-mail."), extra={"field": "email"})
    person = Person.objects.filter(email__iexact=email).order_by("pk").first()
    if person is None:
        if not full_name.strip():
            raise ApplicationError(
                _("No one has an account with this e-mail; give their name to create one."),
                extra={"field": "full_name"},
            )
        return person_create(
            program=study.workspace,
            full_name=full_name.strip(),
            email=email,
            username=email,
            role=Role.ANALYST,
        )
    membership_grant(program=study.workspace, person=person, role=Role.ANALYST)
    return person


@transaction.atomic
def study_analyst_remove(*, study: Study, person: Person) -> None:
    Membership.objects.filter(program=study.workspace, person=person, role=Role.ANALYST).update(active=False)
    forget_access()


def study_analysts(*, study: Study) -> list[Person]:
    return list(
        Person.objects.filter(
            memberships__program=study.workspace, memberships__role=Role.ANALYST, memberships__active=True
        ).order_by("full_name")
    )


@transaction.atomic
def study_codebook_import(*, study: Study, data: bytes, importer: Person | None) -> ImportSummary:
    """Import a .qdc codebook into the study's shared codebook (all or nothing, as every REFI-QDA import)."""
    return refi_import(program=study.workspace, data=data, file_format="qdc", importer=importer)


# ---- consent -----------------------------------------------------------------------------------------


def consent_text(*, study: Study, program: Program) -> str:
    return _(CONSENT_TEXT).format(program=program.name, study=study.title, approval=study.approval_reference)


def _next_site(study: Study) -> str:
    taken = set(StudyMember.objects.filter(study=study).values_list("site", flat=True))
    number = 0
    while True:
        letters, n = "", number
        while True:
            letters = chr(ord("A") + n % 26) + letters
            n = n // 26 - 1
            if n < 0:
                break
        if f"Site {letters}" not in taken:
            return f"Site {letters}"
        number += 1


@transaction.atomic
def study_join(*, study: Study, program: Program, consented_by: Person, consent: bool) -> StudyMember:
    """The program joins the study by its administrator's explicit consent; a withdrawn site may rejoin."""
    if not roles_for(consented_by.user, program).can_join_studies():
        raise ApplicationError(_("Only the program's administrators can consent for it."))
    if Study.objects.filter(workspace=program).exists():
        raise ApplicationError(_("A study's own workspace cannot join a study."))
    if not consent:
        raise ApplicationError(_("Tick the consent box to join the study."), extra={"field": "consent"})
    member = StudyMember.objects.select_for_update().filter(study=study, program=program).first()
    if member is not None and member.is_active:
        raise ApplicationError(_("This program already takes part in the study."))
    if member is None:
        member = StudyMember(study=study, program=program, site=_next_site(study))
    member.consented_by = consented_by
    member.consented_at = timezone.now()
    member.consent_text = consent_text(study=study, program=program)
    member.withdrawn_at = None
    validated(member)
    member.save()
    _audit(member, consented_by, f"Consented to the study “{study.title}” as {member.site}.")
    return member


def _audit(member: StudyMember, person: Person | None, detail: str) -> None:
    """On the program's own audit trail: what the program agreed to, gave or took back (never any text)."""
    audit_record(
        action="changed",
        person=person,
        object_type="study",
        object_code=str(member.study.code),
        program=member.program,
        detail=detail[:300],
    )


# ---- what may leave a program, and in what form ------------------------------------------------------


def contribution_refusals(sources: Iterable[Source]) -> dict[int, str | None]:
    """For each source (by id), why it may not be contributed, or None when it may; a fixed number of queries.

    Only de-identified sources: session notes sent from a session's screened notes (never an autosaved
    draft, which stays on the note), approved survey transcripts of a survey past its answer threshold,
    and documents marked de-identified on import.
    """
    sources = list(sources)
    origins: dict[int, tuple[str, uuid.UUID | None]] = {}
    for source in sources:
        origin_kind, _sep, key = source.origin.partition(":")
        origins[source.pk] = (origin_kind, _uuid(key))
    notes = set(
        MeetingNote.objects.filter(
            meeting__code__in=[k for kind, k in origins.values() if kind == "meetings.note" and k]
        ).values_list("meeting__code", "meeting__group__program_id")
    )
    transcripts = {
        row[0]: row[1:]
        for row in Transcript.objects.filter(
            pk__in=[k for kind, k in origins.values() if kind == "surveys.transcript" and k]
        ).values_list(
            "pk", "approved", "answer__response__survey_id", "answer__response__survey__group__program_id"
        )
    }
    surveys = {
        survey.pk: survey
        for survey in Survey.objects.filter(pk__in={t[1] for t in transcripts.values()}).annotate(
            answered=Count("responses")
        )
    }
    spans: dict[int, set[str]] = {s.pk: set() for s in sources if s.origin.startswith("surveys.question:")}
    for source_id, case_origin in CaseSpan.objects.filter(source_id__in=list(spans)).values_list(
        "source_id", "case__origin"
    ):
        spans[source_id].add(case_origin)
    by_question = question_sources_refusals(
        sources={s.pk: (s.program_id, s.origin, spans[s.pk]) for s in sources if s.pk in spans}
    )
    found: dict[int, str | None] = {}
    for source in sources:
        origin_kind, key = origins[source.pk]
        if not source.deidentified:
            found[source.pk] = _("Not de-identified: identified material never leaves the program.")
        elif source.kind == Source.Kind.SESSION_NOTE:
            ok = origin_kind == "meetings.note" and (key, source.program_id) in notes
            found[source.pk] = None if ok else _("Not sent from a session's screened notes.")
        elif source.kind == Source.Kind.TRANSCRIPT and source.pk in by_question:
            found[source.pk] = by_question[source.pk]
        elif source.kind == Source.Kind.TRANSCRIPT:
            row = transcripts.get(key) if origin_kind == "surveys.transcript" else None
            if row is None or row[2] != source.program_id:
                found[source.pk] = _("Not an approved survey transcript.")
            elif not row[0]:
                found[source.pk] = _("The transcript is not approved.")
            elif surveys[row[1]].answered < threshold(surveys[row[1]]):
                found[source.pk] = _("The survey has fewer answers than its threshold.")
            else:
                found[source.pk] = None
        elif source.kind == Source.Kind.DOCUMENT:
            found[source.pk] = None
        else:
            found[source.pk] = _("Unknown kind of source.")
    return found


def contribution_refusal(source: Source) -> str | None:
    """Why this one source may not be contributed, or None (see `contribution_refusals`)."""
    return contribution_refusals([source])[source.pk]


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except (ValueError, TypeError):
        return None


@dataclass(frozen=True)
class SharedForm:
    """Exactly what the study receives for one source: no person, no group, names masked."""

    title: str
    kind: str
    kind_label: str
    date: datetime.date | None
    attributes: dict[str, str]
    text: str


def shared_form(*, member: StudyMember, source: Source, names: Iterable[str] | None = None) -> SharedForm:
    """The source as the study would get it; every person of the program masked by the one name rule."""
    names = list(roster_names(member.program) if names is None else names)
    attributes = {SITE_ATTRIBUTE: member.site, KIND_ATTRIBUTE: source.get_kind_display()}
    for key, value in (source.attributes or {}).items():
        key = mask_names(str(key), names)
        if key.casefold() not in {SITE_ATTRIBUTE, KIND_ATTRIBUTE}:
            attributes[key] = mask_names(str(value), names)
    # A session's title names its group; the study gets the session's date instead.
    if source.kind == Source.Kind.SESSION_NOTE:
        title = f"Session note {source.date:%Y-%m-%d}" if source.date else "Session note"
    else:
        title = mask_names(source.title, names)
    return SharedForm(
        title=f"{member.site} · {title}"[:200],
        kind=source.kind,
        kind_label=source.get_kind_display(),
        date=source.date,
        attributes=attributes,
        text=mask_names(source.text, names),
    )


# ---- contributing and withdrawing --------------------------------------------------------------------


def _check_member(member: StudyMember) -> None:
    if not member.is_active:
        raise ApplicationError(_("The program has withdrawn from this study; join again to contribute."))


@transaction.atomic
def contributions_add(
    *, member: StudyMember, sources: Iterable[Source], contributed_by: Person
) -> list[Contribution]:
    """Contribute these sources to the study, all or none; a refused source names why, and nothing is kept."""
    member = (
        StudyMember.objects.select_for_update()
        .select_related("study__workspace", "program")
        .get(pk=member.pk)
    )
    _check_member(member)
    sources = list(sources)
    if not sources:
        raise ApplicationError(_("Choose at least one source to contribute."), extra={"field": "sources"})
    names = roster_names(member.program)
    live = set(
        Contribution.objects.filter(member=member, withdrawn_at__isnull=True).values_list(
            "origin_source_id", flat=True
        )
    )
    added = []
    refusals = contribution_refusals(sources)
    for source in sources:
        if source.program_id != member.program_id:
            raise ApplicationError(
                _("A source of another program cannot be contributed."), extra={"field": "sources"}
            )
        refusal = refusals[source.pk]
        if refusal:
            raise ApplicationError(
                _("“{title}” cannot be contributed: {refusal}").format(title=source.title, refusal=refusal),
                extra={"field": "sources"},
            )
        if source.pk in live:
            raise ApplicationError(
                _("“{title}” is already in the study.").format(title=source.title), extra={"field": "sources"}
            )
        form = shared_form(member=member, source=source, names=names)
        contribution = Contribution(
            member=member,
            origin_source=source,
            kind=form.kind,
            title=form.title,
            date=form.date,
            contributed_by=contributed_by,
        )
        contribution.save()
        contribution.study_source = source_create(
            program=member.study.workspace,
            kind=form.kind,
            title=form.title,
            text=form.text,
            date=form.date,
            attributes=form.attributes,
            origin=f"studies.contribution:{contribution.code}",
            deidentified=True,
        )
        contribution.save(update_fields=["study_source", "updated_at"])
        live.add(source.pk)
        added.append(contribution)
    _audit(member, contributed_by, f"Contributed {len(added)} sources to the study “{member.study.title}”.")
    return added


def _take_back(contributions: list[Contribution], withdrawn_by: Person) -> tuple[int, int, int]:
    """Delete the study's copies (their codings, done marks and memos go with them); keep the records."""
    ids = [c.study_source_id for c in contributions if c.study_source_id]
    counts = {
        row["pk"]: row
        for row in Source.objects.filter(pk__in=ids)
        .annotate(n_codings=Count("codings", distinct=True), n_memos=Count("memos", distinct=True))
        .values("pk", "n_codings", "n_memos")
    }
    now = timezone.now()
    codings = memos = 0
    for contribution in contributions:
        row = counts.get(contribution.study_source_id, {"n_codings": 0, "n_memos": 0})
        contribution.codings_removed, contribution.memos_removed = row["n_codings"], row["n_memos"]
        codings += row["n_codings"]
        memos += row["n_memos"]
        contribution.withdrawn_at, contribution.withdrawn_by = now, withdrawn_by
        contribution.study_source = None
        contribution.save()
    Source.objects.filter(pk__in=ids).delete()
    return len(contributions), codings, memos


@transaction.atomic
def contribution_withdraw(*, contribution: Contribution, withdrawn_by: Person) -> Withdrawal:
    """Take one source back from the study; its codings there go too, the record stays without the text."""
    contribution = Contribution.objects.select_for_update().get(pk=contribution.pk)
    if contribution.withdrawn_at is not None:
        raise ApplicationError(_("This source was already withdrawn."))
    sources, codings, memos = _take_back([contribution], withdrawn_by)
    _audit(contribution.member, withdrawn_by, f"Withdrew “{contribution.title}” ({codings} codings removed).")
    return Withdrawal.objects.create(
        member=contribution.member, withdrawn_by=withdrawn_by, sources=sources, codings=codings, memos=memos
    )


@transaction.atomic
def member_withdraw(*, member: StudyMember, withdrawn_by: Person) -> Withdrawal:
    """The program leaves the study: all it gave and every coding on it leave; the audit record stays."""
    member = StudyMember.objects.select_for_update().get(pk=member.pk)
    _check_member(member)
    live = list(Contribution.objects.filter(member=member, withdrawn_at__isnull=True))
    sources, codings, memos = _take_back(live, withdrawn_by)
    member.withdrawn_at = timezone.now()
    member.save(update_fields=["withdrawn_at", "updated_at"])
    _audit(member, withdrawn_by, f"Left the study: {sources} sources and {codings} codings removed.")
    return Withdrawal.objects.create(
        member=member,
        withdrawn_by=withdrawn_by,
        whole_site=True,
        sources=sources,
        codings=codings,
        memos=memos,
    )


# ---- export ------------------------------------------------------------------------------------------


def study_qdpx(*, study: Study, person: Person) -> bytes:
    """The pooled study as .qdpx for one of its analysts: coders as pseudonyms, each site a REFI-QDA case
    (with the site as its variable and its sources), and the site also a variable of every source."""
    roles = roles_for(person.user, study.workspace)
    if not roles.can_analyse_study():
        raise ApplicationError(_("Only the study's analysts export its material."))
    project = project_build(study.workspace, export_scope(study.workspace, roles))
    by_site: dict[str, list[str]] = {}
    for source in project.sources:
        site = source.variables.get(SITE_ATTRIBUTE)
        if isinstance(site, str) and site:
            by_site.setdefault(site, []).append(source.guid)
    project.cases = [
        refi.Case(
            guid=refi.derived_guid("balint-study-site", str(study.code), site),
            name=site,
            variables={SITE_ATTRIBUTE: site},
            source_guids=guids,
        )
        for site, guids in sorted(by_site.items())
    ]
    try:
        return refi.qdpx_bytes(project)
    except refi.RefiQdaError as error:
        raise ApplicationError(
            _("The study could not be exported: {error}").format(error=error),
            extra={"element": error.element},
        ) from None
