"""Adding articles: the form (``/add``), ``POST /api/articles``, and where a queued add
can be seen (``/adds/{id}``, ``GET /api/adds/{id}``).

An add is a job for the writer (``writes.Writer``). The request waits for it unless
the store is held by another process (a long ``analyze``): then it is answered 202
with ``Location: /api/adds/{id}``, and the job runs when the lock frees. Statuses:
201 something added, 200 every article already stored, 422 none could be used (each
rejected input with its reason), 202 queued, 503 + Retry-After when the queue is full.
"""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from .. import pages, schemas
from ..bodies import parse_json, records_from_json
from ..errors import ApiError, SafeJSONResponse, as_api_error, html_response
from ..forms import read_form
from ..writes import FINISHED, AddJob, AddResult, Writer
from . import Context

JSON_TYPES = ("application/json",)
JSONL_TYPES = ("application/x-ndjson", "application/jsonl", "application/x-jsonlines", "application/json-seq")
QUEUED = "the store is held by another process (a long analyze?); this add is queued and runs when it is free"

ADD_DOC = (
    "Body: one record, a list of records, or {\"articles\": [...]} as application/json (the .json input "
    "format), JSON Lines as application/x-ndjson, or multipart/form-data with `files` (uploads) and/or "
    "`text` (+ title, source, url, published). Each record is judged alone: the good ones are stored and each "
    "bad one is listed in `rejected` with its reason (invalid characters such as a lone surrogate or NUL, a "
    "field of the wrong type, a date outside the accepted years). 201 when something was added, 200 when every "
    "article was already stored, 422 when none could be used. 202 when the store is held by another process: "
    "the add is queued, and `Location` (/api/adds/{id}) shows its result once it ran. 503 with Retry-After "
    "when too many adds wait. Refused with 403 on a --read-only server."
)


async def settle(writer: Writer, job: AddJob) -> AddJob:
    """Submit ``job`` and wait until it finished, or until it waits on another process's lock."""
    loop = asyncio.get_running_loop()
    changed = asyncio.Event()

    def wake() -> None:
        try:
            loop.call_soon_threadsafe(changed.set)
        except RuntimeError:  # the loop is gone (the server stopped); the job goes on
            pass

    job.listen(wake)
    writer.submit(job)
    while not (job.state in FINISHED or job.state == "waiting" or (job.state == "queued" and writer.blocked)):
        await changed.wait()
        changed.clear()
    return job


def outcome(job: AddJob) -> AddResult:
    """A finished job's result, or its error raised (``errors.install`` answers it)."""
    if job.error is not None:
        raise job.error
    assert job.result is not None
    return job.result


def routes(ctx: Context) -> APIRouter:
    router = APIRouter()
    service = ctx.service
    web = ctx.web

    def job_body(job: AddJob) -> dict[str, Any]:
        out: dict[str, Any] = {"id": job.id, "state": job.state, "url": "/api/adds/" + quote(job.id, safe=""),
                               "status": None, "result": None, "error": None}
        if job.result is not None:
            out["status"] = job.result.status
            out["result"] = ctx.result_body(job.result)
        elif job.error is not None:
            err = as_api_error(job.error, retry_after=1, max_body=0, body_timeout=0) or ApiError(
                500, f"internal error ({type(job.error).__name__}); the server log has the details")
            out["status"] = err.status
            out["error"] = {"status": err.status, "code": err.code, "message": err.message,
                            **{k: v for k, v in err.extra.items() if v is not None}}
        return out

    def find(job_id: str) -> AddJob:
        job = service.writer.job(job_id)
        if job is None:
            raise ApiError(404, f"no add {job_id!r} (results are kept for the last {int(web['kept_adds'])} adds)")
        return job

    @router.get("/add", include_in_schema=False)
    def add_form() -> Response:
        return html_response(pages.add_page(read_only=ctx.read_only, limits=ctx.limits))

    @router.post("/add", include_in_schema=False)
    async def add_submit(request: Request) -> Response:
        sent = await read_form(request, web)
        if sent.empty:
            message = "Paste an article's text or choose a file to upload."
            return html_response(pages.add_page(read_only=ctx.read_only, limits=ctx.limits, message=message), 400)
        job = await settle(service.writer, await run_in_threadpool(service.form_job, sent.text, sent.fields, sent.uploads))
        if job.state not in FINISHED:
            return html_response(pages.queued_page(job.id, job.state, QUEUED, read_only=ctx.read_only), 202)
        return await _form_result(outcome(job))

    async def _form_result(result: AddResult) -> Response:
        if len(result.stories) == 1 and not result.rejected and (result.added or result.existing):
            query = "&".join("added=" + quote(a, safe="") for a in result.added or result.existing)
            return RedirectResponse(f"/stories/{quote(result.stories[0], safe='')}?{query}", status_code=303)
        body = await run_in_threadpool(ctx.result_body, result)
        return html_response(pages.result_page(body, read_only=ctx.read_only, status=result.status), result.status)

    @router.get("/adds/{job_id}", include_in_schema=False)
    async def job_page(job_id: str) -> Response:
        job = find(job_id)
        if job.state not in FINISHED:
            return html_response(pages.queued_page(job.id, job.state, QUEUED, read_only=ctx.read_only))
        return await _form_result(outcome(job))

    @router.get(
        "/api/adds/{job_id}", summary="Where a queued add stands, and its result once it ran",
        responses={200: {"model": schemas.AddJobOut}, 404: {"model": schemas.ErrorOut, "description": "no such add"}},
    )
    async def api_job(job_id: str) -> Response:
        job = find(job_id)
        return SafeJSONResponse(await run_in_threadpool(job_body, job))

    @router.post(
        "/api/articles",
        summary="Add articles; each joins its story (or opens one), which is updated at once",
        description=ADD_DOC,
        status_code=201,
        responses={
            201: {"model": schemas.AddOut, "description": "added (bad records listed in `rejected`)"},
            200: {"model": schemas.AddOut, "description": "already stored: nothing new"},
            202: {"model": schemas.AddJobOut, "description": "queued behind another process's write; see Location"},
            400: {"model": schemas.ErrorOut, "description": "malformed body"},
            403: {"model": schemas.ErrorOut, "description": "read-only server, or a cross-site request"},
            408: {"model": schemas.ErrorOut, "description": "body not sent within web.body_timeout_s"},
            413: {"model": schemas.ErrorOut, "description": "body over web.max_request_bytes"},
            415: {"model": schemas.ErrorOut, "description": "unsupported Content-Type"},
            422: {"model": schemas.ErrorOut, "description": "no article could be used"},
            503: {"model": schemas.ErrorOut, "description": "too many adds waiting (Retry-After)"},
        },
        openapi_extra={"requestBody": {"required": True, "content": {
            "application/json": {"schema": {"oneOf": [
                {"$ref": "#/components/schemas/ArticleRecordIn"},
                {"type": "array", "items": {"$ref": "#/components/schemas/ArticleRecordIn"}},
                {"$ref": "#/components/schemas/ArticlesIn"},
            ]}},
            "application/x-ndjson": {"schema": {"type": "string", "description": "one ArticleRecordIn per line"}},
            "multipart/form-data": {"schema": {"type": "object", "properties": {
                "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
                "text": {"type": "string"}, "title": {"type": "string"}, "source": {"type": "string"},
                "url": {"type": "string"}, "published": {"type": "string"},
            }}},
        }}},
    )
    async def api_add(request: Request) -> Response:
        job = await _job_of(request)
        job = await settle(service.writer, job)
        if job.state not in FINISHED:
            body = await run_in_threadpool(job_body, job)
            return SafeJSONResponse(body | {"message": QUEUED}, status_code=202, headers={"Location": body["url"]})
        result = outcome(job)
        out = await run_in_threadpool(ctx.result_body, result)
        if result.status == 422:
            raise ApiError(422, "no article in the request could be used; see `rejected` for each reason", "nothing_added",
                           rejected=out["rejected"])
        headers = {"Location": "/api/stories/" + quote(result.stories[0], safe="")} if result.stories else None
        return SafeJSONResponse(out, status_code=result.status, headers=headers)

    async def _job_of(request: Request) -> AddJob:
        """The add a request asks for, read and checked (``InputProblem`` when it cannot be read)."""
        ctype = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if ctype in JSON_TYPES:
            body = await request.body()
            # malformed, not UTF-8 or nested too deeply (400); an empty list (400); over the cap (413)
            records = await run_in_threadpool(lambda: records_from_json(parse_json(body), int(web["max_records"])))
            return await run_in_threadpool(service.records_job, records)
        if ctype in JSONL_TYPES:
            body = await request.body()
            if not body.strip():
                raise ApiError(400, "no articles in the request (an empty body)")
            return await run_in_threadpool(service.jsonl_job, body)  # counts and checks the lines (413, 400)
        if ctype == "multipart/form-data":
            sent = await read_form(request, web)
            if sent.empty:
                raise ApiError(400, "no articles in the request: send `files` and/or `text`")
            return await run_in_threadpool(service.form_job, sent.text, sent.fields, sent.uploads)
        raise ApiError(
            415, f"unsupported Content-Type {ctype or '(none)'!r}: send application/json, application/x-ndjson or multipart/form-data"
        )

    return router
