"""HTTP routes beside the Gradio app: a checklist made when its link is clicked.

    GET /checklist?ids=svc-…,svc-…&format=pdf|md   → the file, as an attachment
    GET /admin/export/<ticket>                      → an admin export, once (webapp.admin_access)

Every answer about services links here, so an earlier answer's checklist is one click away
while later answers exist; the file is made on the first click and then served from the
cache (one file per set of services, format and day). Only services of the knowledge base
are accepted, at most ``MAX_SERVICES``; anything else is a 4xx with a short message.
"""
from __future__ import annotations

import logging
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import FileResponse, Response

from kb.facts import Service
from webapp.admin_access import EXPORT_ROUTE, Exports
from webapp.chat import MAX_SERVICES
from webapp.handlers import ChatHandlers

log = logging.getLogger("kb.app")
MEDIA = {"pdf": "application/pdf", "md": "text/markdown; charset=utf-8"}


def checklist_router(handlers: ChatHandlers) -> APIRouter:
    router = APIRouter()

    @router.get("/checklist")
    def checklist(ids: str = Query(..., max_length=400), format: str = Query("pdf", pattern="^(pdf|md)$")):
        wanted = [i for i in ids.split(",") if i][:MAX_SERVICES + 1]
        if len(wanted) > MAX_SERVICES:
            raise HTTPException(400, f"一份清单最多{MAX_SERVICES}项业务")
        services = [handlers.bot.by_id.get(i) for i in wanted]
        if not wanted or not all(isinstance(s, Service) for s in services):
            raise HTTPException(404, "没有这些业务，请重新提问后再下载清单")
        fmt = format if format == "md" or handlers.pdf_ok else "md"
        try:
            path = handlers.checklist_file([s for s in services if isinstance(s, Service)], fmt)
        except Exception:
            log.exception("checklist for %s failed", wanted)
            raise HTTPException(500, "办事清单暂时无法生成，请稍后再试") from None
        return FileResponse(path, media_type=MEDIA[fmt], headers=_attachment(path.name))

    return router


def export_router(exports: Exports) -> APIRouter:
    router = APIRouter()

    @router.get(EXPORT_ROUTE + "/{ticket}")
    def export(ticket: str):
        """The export the 管理 tab made, handed out once: a second request, a guessed or an
        expired ticket is 404. Not cached by the browser or a proxy."""
        item = exports.take(ticket)
        if item is None:
            raise HTTPException(404, "下载链接已失效，请在管理页重新导出")
        return Response(item.data, media_type=item.media_type,
                        headers={**_attachment(item.filename), "Cache-Control": "no-store"})

    return router


def _attachment(filename: str) -> dict[str, str]:
    """The header that makes a browser save the response as ``filename`` (Chinese names too)."""
    return {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}"}
