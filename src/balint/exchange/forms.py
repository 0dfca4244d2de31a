"""The import upload form: a .qdpx or .qdc file within the upload limit, checked by name and by content."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from balint.core.uploads import LimitedFileField


class ImportForm(forms.Form):
    file = LimitedFileField(help_text=gettext_lazy("A REFI-QDA project (.qdpx) or codebook (.qdc)."))
    deidentified = forms.BooleanField(
        required=False,
        label=gettext_lazy("These texts are de-identified (analysts may see them)"),
        help_text=gettext_lazy(
            "A Balint export says so itself for each source; this applies to files from other tools."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if name.endswith(".qdpx"):
            fmt = "qdpx"
        elif name.endswith(".qdc"):
            fmt = "qdc"
        else:
            raise forms.ValidationError(_("Choose a .qdpx project or a .qdc codebook."))
        head = upload.read(8)
        upload.seek(0)
        if fmt == "qdpx" and not head.startswith(b"PK"):
            raise forms.ValidationError(_("This .qdpx is not a zip archive."))
        if fmt == "qdc" and not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
            raise forms.ValidationError(_("This .qdc is not an XML file."))
        upload.balint_format = fmt
        return upload
