"""The room display's web server: aiohttp on its own thread and event loop (the adapter).

* ``GET /`` the page; ``GET /static/…`` its script and style (package data, served from
  memory: no external resource, works offline).
* ``GET /events`` server-sent events: after every change one message with the whole view
  (``view.payload``), and a comment every ``KEEPALIVE_S`` so a page notices a dead link.
* ``POST /api/command`` ``{"command": "next_step"}``: posted to the session as a
  ``CommandIssued`` from ``InputSource.SCREEN``; the session acknowledges it as any other.
* ``POST /api/answer`` ``{"question": "present:Anna", "answer": "yes"}`` (or ``"name"``): the
  answer to the device's open question, posted as ``AnswerGiven`` from the screen.
* ``POST /api/people`` ``{"kind": "join", "name": "Eva"}``: a change of people from the
  page's chooser, posted as ``PeopleChange`` from the screen (the name cleaned as the
  keyboard's; "" only for another case, when the group chooses later).
* ``POST /code`` the LAN code form (see ``access``).

What a request from the page becomes is read in ``inputs.py``.

The controller thread only calls ``publish`` (``call_soon_threadsafe``: never blocks).
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections.abc import Awaitable, Callable
from importlib import resources
from typing import Any

from aiohttp import web

from facilitator.events import Event, InputEvent, Post
from facilitator.roomscreen.access import COOKIE, Gate, host_allowed, same_origin
from facilitator.roomscreen.inputs import answer_event, command_event, people_event
from facilitator.roomscreen.texts import Texts
from facilitator.roomscreen.view import RoomState, apply, payload

log = logging.getLogger(__name__)

KEEPALIVE_S = 5.0  # a comment on an idle stream; the page reconnects after 3 missed
RETRY_MS = 1000  # how long a page waits before it reconnects
START_TIMEOUT_S = 10.0
STOP_TIMEOUT_S = 5.0
MAX_BODY = 4096  # bytes; a command or a code is a few dozen
SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        "img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
}
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _see_other(location: str) -> web.Response:
    return web.Response(status=303, headers={"Location": location})


def _static(name: str) -> str:
    return resources.files("facilitator.roomscreen").joinpath("static", name).read_text("utf-8")


class RoomServer:
    def __init__(
        self,
        *,
        host: str,
        port: int,
        texts: Texts,
        gate: Gate,
        post: Post,
        now: Callable[[], float],
        speed: float = 1.0,
    ) -> None:
        self.host = host
        self.port = port
        self._texts = texts
        self._gate = gate
        self._post = post
        self._now = now
        self._speed = speed
        self._state = RoomState()
        self._version = 0
        self._closing = False
        self._loop = asyncio.new_event_loop()
        self._changed: asyncio.Condition | None = None
        self._runner: web.AppRunner | None = None
        self._thread: threading.Thread | None = None
        self._files = self._load_files()

    def _load_files(self) -> dict[str, tuple[str, str]]:
        page = self._texts.for_page()
        data = json.dumps(page, ensure_ascii=False).replace("</", "<\\/")
        index = (
            _static("index.html")
            .replace("{{lang}}", page["lang"])
            .replace("{{title}}", self._texts.word("page_title"))
            .replace("{{texts}}", data)
        )
        code = _static("code.html").replace("{{lang}}", page["lang"])
        for key in ("code_title", "code_label", "code_help", "code_submit"):
            code = code.replace("{{" + key + "}}", self._texts.word(key))
        return {
            "index.html": (index, "text/html"),
            "code.html": (code, "text/html"),
            "app.js": (_static("app.js"), "text/javascript"),
            "people.js": (_static("people.js"), "text/javascript"),
            "style.css": (_static("style.css"), "text/css"),
        }

    # ------------------------------------------------------------------ life cycle
    def start(self) -> None:
        """Bind and serve; raises ``OSError`` when the address cannot be used."""
        started = threading.Event()
        failure: list[BaseException] = []

        def run() -> None:
            asyncio.set_event_loop(self._loop)
            try:
                self._loop.run_until_complete(self._serve())
            except OSError as err:
                failure.append(err)
                started.set()
                return
            started.set()
            self._loop.run_forever()
            self._loop.run_until_complete(self._stop())
            self._loop.close()

        self._thread = threading.Thread(target=run, name="roomscreen", daemon=True)
        self._thread.start()
        if not started.wait(START_TIMEOUT_S):
            raise TimeoutError("the room display did not start in time")
        if failure:
            self._loop.close()
            raise failure[0]

    async def _serve(self) -> None:
        self._changed = asyncio.Condition()
        app = web.Application(middlewares=[self._guard], client_max_size=MAX_BODY)
        app.router.add_get("/", self._index)
        app.router.add_get("/static/{name}", self._file)
        app.router.add_get("/events", self._events)
        app.router.add_post("/api/command", self._command)
        app.router.add_post("/api/answer", self._answer)
        app.router.add_post("/api/people", self._people)
        app.router.add_post("/code", self._code)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=STOP_TIMEOUT_S)
        await runner.setup()
        self._runner = runner
        site = web.TCPSite(runner, self.host, self.port)
        try:
            await site.start()
        except OSError:
            await runner.cleanup()
            raise
        self.port = int(runner.addresses[0][1])
        log.info("room display on %s:%d", self.host, self.port)

    async def _stop(self) -> None:
        self._closing = True
        await self._notify()
        if self._runner is not None:
            await self._runner.cleanup()

    def close(self) -> None:
        thread = self._thread
        if thread is None or not thread.is_alive():
            return
        self._loop.call_soon_threadsafe(self._loop.stop)
        thread.join(STOP_TIMEOUT_S * 2)

    # ------------------------------------------------------------------ events in
    def publish(self, event: Event) -> None:
        """From the controller thread: hand the event to the server's loop."""
        if self._loop.is_closed():
            return
        try:
            self._loop.call_soon_threadsafe(self._apply, event)
        except RuntimeError:  # the loop closed meanwhile: the session is ending
            log.debug("room display closed; %s dropped", event.type)

    def _apply(self, event: Event) -> None:
        state = apply(self._state, event, self._texts)
        if state is self._state:
            return
        self._state = state
        self._version += 1
        self._loop.create_task(self._notify())

    async def _notify(self) -> None:
        if self._changed is not None:
            async with self._changed:
                self._changed.notify_all()

    def message(self) -> str:
        return json.dumps(payload(self._state, self._now(), self._speed, self._texts))

    # ------------------------------------------------------------------ HTTP
    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if not host_allowed(request.host, self.port, lan=self._gate.needs_code):
            return web.Response(status=403, text="Onbekend adres.")
        open_paths = ("/code", "/static/style.css")
        if not self._gate.matches(request.cookies.get(COOKIE)) and request.path not in open_paths:
            given = request.query.get("code")
            if given is not None and self._gate.try_code(given):
                return self._with_cookie(_see_other("/"), given)
            if request.path == "/":
                return self._page("code.html", status=401)
            return web.Response(status=401, text="Code nodig.")
        response = await handler(request)
        response.headers.update(SECURITY_HEADERS)
        return response

    def _with_cookie(self, response: web.StreamResponse, code: str) -> web.StreamResponse:
        response.set_cookie(COOKIE, "".join(code.split()), httponly=True, samesite="Strict")
        response.headers.update(SECURITY_HEADERS)
        return response

    def _page(self, name: str, status: int = 200, error: str = "") -> web.Response:
        text, kind = self._files[name]
        text = text.replace("{{error}}", error)
        response = web.Response(text=text, content_type=kind, status=status)
        response.headers.update(SECURITY_HEADERS)
        return response

    async def _index(self, request: web.Request) -> web.StreamResponse:
        return self._page("index.html")

    async def _file(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info["name"]
        if name not in ("app.js", "people.js", "style.css"):
            raise web.HTTPNotFound()
        return self._page(name)

    async def _code(self, request: web.Request) -> web.StreamResponse:
        form = await request.post()
        given = str(form.get("code", ""))
        if self._gate.try_code(given):
            return self._with_cookie(_see_other("/"), given)
        if self._gate.locked():
            return self._page("code.html", 429, self._texts.word("code_wait"))
        return self._page("code.html", 401, self._texts.word("code_wrong"))

    async def _from_page(
        self, request: web.Request, parse: Callable[[Any], InputEvent]
    ) -> web.StreamResponse:
        """A JSON request from the page itself, posted to the session as ``parse`` reads it
        (403: not JSON, or from another origin; 400: ``parse`` finds it wrong)."""
        if request.content_type != "application/json" or not same_origin(
            request.headers.get("Origin"), request.host
        ):
            return web.json_response({"ok": False}, status=403)
        try:
            event = parse(await request.json())
        except (ValueError, KeyError, TypeError, AttributeError):
            return web.json_response({"ok": False}, status=400)
        self._post(event)
        return web.json_response({"ok": True}, status=202)

    async def _command(self, request: web.Request) -> web.StreamResponse:
        return await self._from_page(request, lambda body: command_event(body, self._texts))

    async def _answer(self, request: web.Request) -> web.StreamResponse:
        return await self._from_page(request, answer_event)

    async def _people(self, request: web.Request) -> web.StreamResponse:
        return await self._from_page(request, lambda body: people_event(body, self._texts))

    async def _wait_for_change(self, condition: asyncio.Condition, seen: int) -> bool:
        """Until the view changes (True) or ``KEEPALIVE_S`` passed (False)."""
        async with condition:
            try:
                await asyncio.wait_for(
                    condition.wait_for(lambda: seen != self._version or self._closing),
                    KEEPALIVE_S,
                )
            except TimeoutError:
                return False
        return True

    async def _events(self, request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(
            headers={"Content-Type": "text/event-stream", **SECURITY_HEADERS}
        )
        await response.prepare(request)
        await response.write(f"retry: {RETRY_MS}\n\n".encode())
        condition = self._changed
        assert condition is not None
        seen = -1
        try:
            while True:
                if seen != self._version:  # closing too: the last view (the end) goes out
                    seen = self._version
                    await response.write(f"data: {self.message()}\n\n".encode())
                    continue
                if self._closing:
                    break
                if not await self._wait_for_change(condition, seen):
                    await response.write(b"event: ping\ndata: \n\n")
        except (ConnectionResetError, ConnectionError):
            log.debug("a page went away")
        return response
