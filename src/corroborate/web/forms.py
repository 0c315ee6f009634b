"""The one form reader: a multipart (or URL-encoded) add form as pasted text, its fields and uploads.

Both the page form (``POST /add``) and ``POST /api/articles`` with
``multipart/form-data`` read forms here, with the same caps: ``web.max_upload_files``
files, ``web.max_field_bytes`` per part, 20 fields. An empty file part (a form sent
with no file chosen) is no upload. A malformed form is an ``InputProblem`` (400).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from fastapi import Request
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException

from .errors import InputProblem

FIELDS = ("title", "source", "url", "published")


@dataclass(slots=True)
class Submission:
    """What an add form sent: pasted text, its metadata fields, and ``(client file name, bytes)`` uploads."""

    text: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    uploads: list[tuple[str | None, bytes]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.text.strip() and not self.uploads


async def read_form(request: Request, web: Mapping[str, Any]) -> Submission:
    """The add form of ``request``, within the ``[web]`` caps."""
    try:
        form = await request.form(
            max_files=int(web["max_upload_files"]), max_fields=20, max_part_size=int(web["max_field_bytes"])
        )
    except MultiPartException as exc:
        raise InputProblem(f"malformed form: {exc.message}") from exc
    try:
        out = Submission(str(form.get("text") or ""), {k: str(form.get(k) or "") for k in FIELDS})
        for part in form.getlist("files"):
            if not isinstance(part, UploadFile) or (not part.filename and not part.size):
                continue
            out.uploads.append((part.filename, await part.read()))
    finally:
        await form.close()
    return out
