"""Exchange pages: exports (as background jobs), table downloads, REFI-QDA import with preview, backup."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from balint.core.downloads import download_response
from balint.core.errors import ApplicationError
from balint.core.jobs import job_enqueue
from balint.core.services import get_object
from balint.exchange import qda
from balint.exchange.forms import ImportForm
from balint.exchange.models import PendingImport
from balint.exchange.services import pending_import_create, pending_import_map, table_export
from balint.exchange.spreadsheets.tables import TABLES
from balint.exchange.tasks import backup_task, export_task, import_task
from balint.privacy.audit import client_ip
from balint.programs.access import get_program_for, person_for, programs_for
from balint.programs.models import Membership

EXPORT_FORMATS = {"qdpx": gettext_lazy("REFI-QDA project"), "qdc": gettext_lazy("REFI-QDA codebook")}
# The unit a target tool counts selection positions in; the first is the default.
POSITION_UNITS = [
    ("utf16", gettext_lazy("NVivo, ATLAS.ti, MAXQDA and others (UTF-16 code units)")),
    ("codepoints", gettext_lazy("QualCoder (Unicode code points)")),
]


def _page(
    request: HttpRequest, program, roles, form: ImportForm | None = None, status: int = 200
) -> HttpResponse:
    scope = qda.export_scope(program, roles)
    context = {
        "program": program,
        "roles": roles,
        "tables": [t for t in TABLES.values() if t.allowed(roles)],
        "identities": scope.identities,
        "source_count": scope.sources.count(),
        "form": form or ImportForm(),
        "can_import": roles.can_code(),
        "can_backup": roles.can_manage_program(),
        "position_units": POSITION_UNITS,
    }
    return render(request, "exchange/home.html", context, status=status)


@login_required
def home(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_program_for(request, slug, lambda r: r.can_view_program())
    return _page(request, program, roles)


@require_POST
@login_required
def export(request: HttpRequest, slug: str, file_format: str) -> HttpResponse:
    program, roles = get_program_for(request, slug, lambda r: r.can_view_program())
    if file_format not in EXPORT_FORMATS:
        raise Http404(_("No such format."))
    position_unit = request.POST.get("positions") or POSITION_UNITS[0][0]
    if position_unit not in dict(POSITION_UNITS):
        raise Http404(_("No such position unit."))
    job = job_enqueue(
        kind=f"exchange.export.{file_format}",
        title=_("{export} of {name}").format(export=EXPORT_FORMATS[file_format], name=program.name),
        task=export_task,
        program=program,
        person=roles.person,
        requested_from=client_ip(request),
        program_code=str(program.code),
        person_code=str(roles.person.code),
        file_format=file_format,
        position_unit=position_unit,
    )
    return redirect(job.get_absolute_url())


@login_required
def table(request: HttpRequest, slug: str, key: str, extension: str) -> HttpResponse:
    found = TABLES.get(key)
    program, roles = get_program_for(request, slug, lambda r: found is not None and found.allowed(r))
    try:
        file = table_export(
            program=program, roles=roles, key=key, extension=extension, request=request, stream=True
        )
    except ApplicationError as error:
        raise Http404(error.message) from None
    return download_response(file)


@login_required
def import_upload(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_program_for(request, slug, lambda r: r.can_code())
    if request.method != "POST":
        return redirect("exchange:home", slug=program.slug)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, program, roles, form=form, status=422)
    upload = form.cleaned_data["file"]
    data = upload.read()
    deidentified = form.cleaned_data["deidentified"] or not roles.is_leader
    try:
        summary = qda.refi_import(
            program=program,
            data=data,
            file_format=upload.balint_format,
            importer=roles.person,
            deidentified=deidentified,
            dry_run=True,
        )
    except ApplicationError as error:
        element = error.extra.get("element")
        form.add_error("file", f"{error.message}{f' ({element})' if element else ''}")
        return _page(request, program, roles, form=form, status=422)
    pending = pending_import_create(
        program=program,
        person=roles.person,
        file_name=upload.name,
        file_format=upload.balint_format,
        data=data,
        deidentified=deidentified,
        preview=summary.as_dict(),
    )
    return redirect("exchange:import_preview", code=pending.code)


def _pending_for(request: HttpRequest, code: UUID) -> PendingImport:
    """The uploader's own pending import in a program where they still code (else 404 / 403)."""
    person = person_for(request.user)
    pending = get_object(
        PendingImport.objects.filter(program__in=programs_for(request.user)).select_related("program"),
        code=code,
    )
    if person is None or pending.uploaded_by_id != person.pk:
        raise Http404(_("No such import."))
    _program, roles = get_program_for(request, pending.program.slug, lambda r: r.can_code())
    return pending


def _confirmed_mapping(request: HttpRequest, pending: PendingImport) -> dict[str, str]:
    """The coder attributions a leader confirmed (file user GUID -> member code); others may confirm none.

    Only a leader of the program may attribute imported work to a member; the member must belong to the
    program and the GUID must be one of the file's users. Anything else is refused, not silently dropped.
    """
    wanted = {
        key.removeprefix("map-"): value
        for key, value in request.POST.items()
        if key.startswith("map-") and value
    }
    if not wanted:
        return {}
    _program, roles = get_program_for(request, pending.program.slug, lambda r: r.can_code())
    if not roles.is_leader:
        raise PermissionDenied(_("Only a leader of the program may attribute imported work to a member."))
    users = {coder["guid"] for coder in pending.preview.get("coders", [])}
    members = {
        str(code)
        for code in Membership.objects.filter(program=pending.program).values_list("person__code", flat=True)
    }
    for guid, member in wanted.items():
        if guid not in users or member not in members:
            raise PermissionDenied(
                _("That person is not a member of this program, or not a coder of the file.")
            )
    return wanted


@login_required
def import_preview(request: HttpRequest, code: UUID) -> HttpResponse:
    pending = _pending_for(request, code)
    if request.method == "POST":
        if pending.imported_at is not None:
            messages.info(request, _("This file was already imported."))
            return redirect("exchange:home", slug=pending.program.slug)
        if pending.expired:
            messages.error(request, _("This upload is more than a day old; upload the file again."))
            return redirect("exchange:home", slug=pending.program.slug)
        mapping = _confirmed_mapping(request, pending)
        pending_import_map(pending=pending, mapping=mapping)
        job = job_enqueue(
            kind="exchange.import",
            title=_("Import of {name}").format(name=pending.file_name),
            task=import_task,
            program=pending.program,
            person=pending.uploaded_by,
            pending_code=str(pending.code),
        )
        return redirect(job.get_absolute_url())
    _program, roles = get_program_for(request, pending.program.slug, lambda r: r.can_code())
    members = (
        Membership.objects.filter(program=pending.program)
        .select_related("person")
        .order_by("person__full_name")
        .distinct()
        if roles.is_leader
        else []
    )
    return render(
        request,
        "exchange/import_preview.html",
        {
            "pending": pending,
            "program": pending.program,
            "p": pending.preview,
            "can_map": roles.is_leader,
            "members": list({m.person.code: m.person for m in members}.values()),
        },
    )


@require_POST
@login_required
def backup(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_program_for(request, slug, lambda r: r.can_manage_program())
    if roles.person is None:
        raise PermissionDenied
    job = job_enqueue(
        kind="exchange.backup",
        title=_("Backup of {name}").format(name=program.name),
        task=backup_task,
        program=program,
        person=roles.person,
        requested_from=client_ip(request),
        program_code=str(program.code),
        person_code=str(roles.person.code),
    )
    return redirect(job.get_absolute_url())
