"""Forms behind the staff workflow in the admin."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from timeline.extract.readers import SUPPORTED, read_file
from timeline.extract.types import Document
from timeline.models import Contact, Leader

# Fields a person may pin; review status is a person's decision too.
PINNABLE = (*Contact.EDITABLE_FIELDS, "review_status")

# What ``manage.py ingest`` reads; a file with no extension is read as plain text.
UPLOAD_SUFFIXES = (*SUPPORTED, "")


class ContactAdminForm(forms.ModelForm):
    human_fields = forms.MultipleChoiceField(
        label=_("fields set by a person"),
        choices=[(name, name) for name in PINNABLE],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Extraction never changes a ticked field. Any field you edit is ticked when you "
            "save; untick one to hand it back to extraction."
        ),
    )

    class Meta:
        model = Contact
        fields = [
            "date",
            "date_precision",
            "medium",
            "initiator",
            "topics",
            "historical",
            "review_status",
            "human_fields",
        ]


class LinesField(forms.CharField):
    """A list of strings edited as one per line."""

    widget = forms.Textarea(attrs={"rows": 4, "dir": "auto"})

    def prepare_value(self, value: object) -> object:
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value: object) -> list[str]:
        text = super().to_python(value) or ""
        lines = (" ".join(line.split()) for line in str(text).splitlines())
        return list(dict.fromkeys(line for line in lines if line))


class LeaderAdminForm(forms.ModelForm):
    aliases_ar = LinesField(
        label=_("Arabic spellings"),
        required=False,
        help_text=_("One spelling per line. Extraction finds the leader under any of them."),
    )

    class Meta:
        model = Leader
        fields = [
            "slug",
            "name_en",
            "name_ar",
            "aliases_ar",
            "country",
            "kind",
            "office",
            "term_start",
            "term_end",
            "is_candidate",
        ]


class MergeLeaderForm(forms.Form):
    into = forms.ModelChoiceField(
        label=_("the same person as"),
        queryset=Leader.objects.filter(is_candidate=False),
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: object, initial: object = None) -> list[UploadedFile]:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


class ArticleAddForm(forms.Form):
    """Paste one article, or upload files in any format ``manage.py ingest`` reads."""

    text = forms.CharField(
        label=_("article text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14, "dir": "rtl", "lang": "ar"}),
    )
    title = forms.CharField(label=_("title"), max_length=500, required=False)
    published = forms.DateField(
        label=_("published"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_('Relative dates ("yesterday", "on Monday") count from this day.'),
    )
    url = forms.URLField(label=_("URL"), max_length=1000, required=False, assume_scheme="https")
    outlet = forms.CharField(label=_("outlet"), max_length=120, required=False)
    files = MultipleFileField(
        label=_("or files"),
        required=False,
        help_text=_("Plain text, HTML, JSON Lines or TREC <DOC> files."),
    )

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("text", "").strip() and not data.get("files"):
            raise forms.ValidationError(_("Paste an article or choose files."))
        if data.get("text", "").strip() and not data.get("published"):
            self.add_error("published", _("A pasted article needs its publication date."))
        for upload in data.get("files") or []:
            if Path(upload.name).suffix.lower() not in UPLOAD_SUFFIXES:
                self.add_error(
                    "files", _("%(name)s: unsupported file type") % {"name": upload.name}
                )
        return data

    def documents(self) -> list[Document]:
        """The documents to ingest; raises ``ReadError`` for a file that cannot be read."""
        data = self.cleaned_data
        docs = []
        if data.get("text", "").strip():
            docs.append(
                Document(
                    text=data["text"].replace("\r\n", "\n"),
                    title=data.get("title", ""),
                    published=data.get("published"),
                    url=data.get("url", ""),
                    outlet=data.get("outlet", ""),
                    source_name=data.get("title", "")[:300],
                )
            )
        for upload in data.get("files") or []:
            docs.extend(read_upload(upload, published=data.get("published"), outlet=data["outlet"]))
        return docs


def read_upload(
    upload: UploadedFile, *, published: dt.date | None, outlet: str = ""
) -> list[Document]:
    """Read an uploaded file with the same readers as ``manage.py ingest``."""
    name = Path(upload.name).name.lstrip(".") or "upload.txt"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        return read_file(path, published=published, outlet=outlet)
