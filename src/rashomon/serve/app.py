"""The Starlette application: routes, the shared token, security headers and the allowed hosts.

Every response carries a Content-Security-Policy that allows scripts from this server only (no
inline script, no eval: charts use Vega's expression interpreter), no framing and no plugins.
With a token, every request must carry it: the `X-Rashomon-Token` header, or the cookie set by a
first visit to any page with `?token=…`. POSTs from another origin are refused."""

from __future__ import annotations

import hmac
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from spacy.language import Language
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..config import Settings
from ..knowledge import load_knowledge
from . import views
from .database import SQL_ROW_LIMIT, SQL_TIME_LIMIT, Database
from .jobs import Jobs
from .state import STATIC, State, templates

COOKIE = "rashomon_token"
HEADER = "x-rashomon-token"
LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "[::1]", "::1"]
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
# Referrer-Policy no-referrer would make Chromium send `Origin: null` with the forms' POSTs.
SECURITY_HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
                    "Referrer-Policy": "same-origin", "X-Frame-Options": "DENY",
                    "Cross-Origin-Opener-Policy": "same-origin"}

Next = Callable[[Request], Awaitable[Response]]


class Guard(BaseHTTPMiddleware):
    """The token (when one is set), same-origin POSTs, and the security headers."""

    def __init__(self, app: object, token: str | None) -> None:
        super().__init__(app)  # type: ignore[arg-type]
        self.token = token

    async def dispatch(self, request: Request, call_next: Next) -> Response:
        if self.token is not None:
            given = request.query_params.get("token")
            if given is not None and hmac.compare_digest(given, self.token):
                return self._remember(request)
            sent = request.headers.get(HEADER) or request.cookies.get(COOKIE) or ""
            if not hmac.compare_digest(sent, self.token):
                return self._secure(PlainTextResponse("a token is needed: open the address printed by "
                                                      "`rashomon serve`", status_code=401))
        origin = request.headers.get("origin")
        if request.method == "POST" and origin and urlsplit(origin).netloc != request.headers.get("host"):
            return self._secure(PlainTextResponse("cross-origin request refused", status_code=403))
        return self._secure(await call_next(request))

    def _remember(self, request: Request) -> Response:
        """The same address without the token, with the token as an HttpOnly, same-site cookie."""
        rest = urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "token"])
        response = RedirectResponse(request.url.path + (f"?{rest}" if rest else ""), status_code=303)
        response.set_cookie(COOKIE, self.token or "", httponly=True, samesite="strict")
        return self._secure(response)

    @staticmethod
    def _secure(response: Response) -> Response:
        response.headers.update(SECURITY_HEADERS)
        return response


def create_app(db_path: Path, *, token: str | None = None, settings: Settings | None = None,
               load_nlp: Callable[[], Language] | None = None, allowed_hosts: list[str] | None = None,
               sql_limits: tuple[int, float] = (SQL_ROW_LIMIT, SQL_TIME_LIMIT)) -> Starlette:
    """The workbench over the store at `db_path` (created if missing). `load_nlp` builds the spaCy
    pipeline for the Add page when it is first needed (default: `pipeline.build_nlp`)."""
    settings = settings or Settings(db=db_path)
    db = Database(db_path)
    knowledge = load_knowledge(settings.kb_overlay)

    def default_nlp() -> Language:
        from ..pipeline import build_nlp

        return build_nlp(settings, knowledge)

    jobs = Jobs(db, settings, knowledge, load_nlp or default_nlp)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        jobs.shutdown()
        db.close()

    routes = [
        Route("/", views.stories_page), Route("/search", views.search_page),
        Route("/stories/{story_id}", views.story_page), Route("/documents/{document_id}", views.document_page),
        Route("/actors/{actor_id}", views.actor_page), Route("/events", views.events_page),
        Route("/events.{format:str}", views.events_export),
        Route("/add", views.add_page), Route("/add", views.add_submit, methods=["POST"]),
        Route("/add/jobs/{job_id}", views.job_page),
        Route("/sql", views.sql_page), Route("/sql", views.sql_submit, methods=["POST"]),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    app = Starlette(routes=routes, lifespan=lifespan, middleware=[
        Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts or LOOPBACK_HOSTS),
        Middleware(Guard, token=token)])
    app.state.workbench = State(db, settings, knowledge.kb, jobs, templates(), sql_limits)
    return app
