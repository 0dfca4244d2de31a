"""Pages to import a scored instrument's wording or a set of scores: upload → preview → confirm.

The preview writes nothing; it lists every row with its problems. Only a file without a problem can be
confirmed, and the confirmation carries the checked file back signed (so nothing is kept between the two
requests) and imports it all, or nothing.
"""

from __future__ import annotations

import datetime
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from balint.core.errors import ApplicationError
from balint.core.spreadsheets import csv_bytes
from balint.programs.access import Roles, get_program_for
from balint.programs.models import Cohort, Group, Program
from balint.surveys.scales.definitions import DEFINITIONS, ScaleDefinition, definition_for, item_labels
from balint.surveys.scales.forms import ScoreUploadForm, WordingUploadForm
from balint.surveys.scales.models import ScoreSet
from balint.surveys.scales.services import (
    PLACEHOLDER,
    score_check,
    score_rows_parse,
    score_set_create,
    scored_instrument_import,
    upload_text,
    wording_check,
)

WORDING_SALT = "balint.surveys.scales.wording"
SCORES_SALT = "balint.surveys.scales.scores"
PREVIEW_MAX_AGE = 3600  # seconds a preview can be confirmed


def can_import_scales(roles: Roles) -> bool:
    """Administrators and leaders put instruments to residents and enter the program's scores."""
    return roles.is_admin or roles.is_leader


def _program(request: HttpRequest, slug: str) -> tuple[Program, Roles]:
    return get_program_for(request, slug, can_import_scales)


def _signed(request: HttpRequest, salt: str, program: Program) -> dict | None:
    """The checked file a preview signed for this program, or None if it expired or was changed."""
    try:
        data = signing.loads(request.POST["confirm"], salt=salt, max_age=PREVIEW_MAX_AGE)
    except (signing.BadSignature, KeyError, TypeError):
        return None
    return data if isinstance(data, dict) and data.get("program") == str(program.code) else None


@login_required
@require_http_methods(["GET", "POST"])
def wording_import(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = _program(request, slug)
    if request.method == "POST" and "confirm" in request.POST:
        data = _signed(request, WORDING_SALT, program)
        if data is None:
            messages.error(request, _("The preview expired or was changed; upload the file again."))
            return redirect("surveys:scale_wording", slug=program.slug)
        try:
            instrument = scored_instrument_import(
                program=program,
                scale_key=data["scale"],
                content=data["content"],
                name=data["name"],
                person=roles.person,
            )
        except ApplicationError as error:
            messages.error(request, _("Nothing was imported: {reason}").format(reason=error.message))
            return redirect("surveys:scale_wording", slug=program.slug)
        messages.success(
            request,
            _(
                "“{name}” is ready with your wording; open a survey with it for a group and its scores "
                "appear under Reports › Scored scales once enough residents have answered."
            ).format(name=instrument.name),
        )
        return redirect("surveys:instrument", code=instrument.code)
    form = WordingUploadForm(request.POST or None, request.FILES or None)
    check, signed, status = None, "", 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            upload = form.cleaned_data["file"]
            definition = definition_for(form.cleaned_data["scale"])
            try:
                content = upload_text(content=upload.read(upload.size + 1))
                check = wording_check(definition=definition, content=content, name=upload.name)
            except ApplicationError as error:
                error.add_to(form)
            else:
                if check.ok:
                    status = 200
                    signed = signing.dumps(
                        {
                            "program": str(program.code),
                            "scale": definition.key,
                            "name": upload.name,
                            "content": content,
                        },
                        salt=WORDING_SALT,
                        compress=True,
                    )
    return render(
        request,
        "surveys/scale_wording_import.html",
        {"program": program, "form": form, "check": check, "signed": signed, "definitions": _wordable()},
        status=status,
    )


def _wordable() -> list[ScaleDefinition]:
    return [d for d in DEFINITIONS.values() if not d.score_only]


def _scores_data(form: ScoreUploadForm, content: str) -> dict:
    data = form.cleaned_data
    return {
        "program": str(form.program.code),
        "scale": data["scale"],
        "title": data["title"],
        "collected_on": data["collected_on"].isoformat(),
        "cohort": str(data["cohort"].code) if data["cohort"] else "",
        "group": str(data["group"].code) if data["group"] else "",
        "invited": data["invited"],
        "uses_codes": data["uses_codes"],
        "content": content,
    }


@login_required
@require_http_methods(["GET", "POST"])
def scores_import(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = _program(request, slug)
    if request.method == "POST" and "confirm" in request.POST:
        data = _signed(request, SCORES_SALT, program)
        if data is None:
            messages.error(request, _("The preview expired or was changed; upload the file again."))
            return redirect("surveys:scale_scores", slug=program.slug)
        try:
            definition = definition_for(data["scale"])
            if definition is None:
                raise ApplicationError(_("There is no scale with that key."))
            score_set = score_set_create(
                program=program,
                scale_key=data["scale"],
                title=data["title"],
                collected_on=datetime.date.fromisoformat(data["collected_on"]),
                rows=score_rows_parse(definition=definition, content=data["content"]),
                cohort=Cohort.objects.filter(program=program, code=data["cohort"]).first()
                if data["cohort"]
                else None,
                group=Group.objects.filter(program=program, code=data["group"]).first()
                if data["group"]
                else None,
                invited=data["invited"],
                uses_codes=data["uses_codes"],
                source=ScoreSet.Source.IMPORTED,
                person=roles.person,
            )
        except ApplicationError as error:
            messages.error(request, _("Nothing was imported: {reason}").format(reason=error.message))
            return redirect("surveys:scale_scores", slug=program.slug)
        messages.success(
            request,
            _("“{title}”: {count} respondents' scores were imported.").format(
                title=score_set.title, count=score_set.rows.count()
            ),
        )
        return redirect("reports:scales", slug=program.slug)
    form = ScoreUploadForm(request.POST or None, request.FILES or None, program=program)
    check, signed, status = None, "", 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            upload = form.cleaned_data["file"]
            definition = definition_for(form.cleaned_data["scale"])
            try:
                content = upload_text(content=upload.read(upload.size + 1))
                check = score_check(
                    definition=definition, content=content, uses_codes=form.cleaned_data["uses_codes"]
                )
                invited = form.cleaned_data["invited"]
                if check.ok and invited is not None and invited < len(check.lines):
                    raise ApplicationError(
                        _("{count} respondents but only {invited} asked.").format(
                            count=len(check.lines), invited=invited
                        ),
                        extra={"field": "invited"},
                    )
            except ApplicationError as error:
                error.add_to(form)
                check = None
            else:
                if check.ok:
                    status = 200
                    signed = signing.dumps(_scores_data(form, content), salt=SCORES_SALT, compress=True)
    return render(
        request,
        "surveys/scale_scores_import.html",
        {
            "program": program,
            "form": form,
            "check": check,
            "signed": signed,
            "definitions": list(DEFINITIONS.values()),
        },
        status=status,
    )


TEMPLATE_KINDS = {"wording.csv", "wording.json", "scores.csv"}


@login_required
@require_GET
def template_download(request: HttpRequest, slug: str, key: str, kind: str) -> HttpResponse:
    """A file to fill in: the item keys and our neutral descriptions, or the subscale columns; no wording."""
    program, _ = _program(request, slug)
    definition = definition_for(key)
    if (
        definition is None
        or kind not in TEMPLATE_KINDS
        or (kind.startswith("wording") and definition.score_only)
    ):
        raise Http404("No such template.")
    if kind == "scores.csv":
        header = [s.key for s in definition.subscales] + ["code"]
        body, content_type = csv_bytes(header, []), "text/csv; charset=utf-8"
    else:
        items = [
            (
                item.key,
                f"{PLACEHOLDER} item {item.key} from your copy: {item.about}>",
                list(item_labels(definition, item)),
            )
            for item in definition.items
        ]
        open_text = f"{PLACEHOLDER} the open question from your copy: {definition.open_question}>"
        if kind == "wording.csv":
            rows = [(key, text, "|".join(labels)) for key, text, labels in items]
            if definition.open_question:
                rows.append(("open", open_text, ""))
            body, content_type = csv_bytes(["item", "text", "options"], rows), "text/csv; charset=utf-8"
        else:
            data = {"items": [{"item": key, "text": text, "options": labels} for key, text, labels in items]}
            if definition.open_question:
                data["open"] = open_text
            body = json.dumps(data, indent=2, ensure_ascii=False).encode()
            content_type = "application/json"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{definition.key}-{kind}"'
    return response
