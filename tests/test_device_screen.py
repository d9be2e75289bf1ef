"""Screen alone: a group sets up a session on the room display's page in a real headless
Chromium, clicking the answer buttons of the device's questions; the real server posts the
answers to a real controller running the device."""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from facilitator.device import choices
from facilitator.device.core import Device, DeviceParts
from facilitator.events import AnswerTaken, Event, InputSource, Listener, SessionStarted
from facilitator.phrases.setup import DutchSetup
from facilitator.roomscreen import RoomScreen, RoomScreenOptions
from facilitator.session.clock import MonotonicClock
from facilitator.session.controller import Controller
from facilitator.session.engine import Session
from facilitator.session.plan import SessionPlan, SessionSettings
from facilitator.session.store import SavedState
from tests.support.browser import axe_violations, missing_reason

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(missing_reason() is not None, reason=str(missing_reason())),
]

WAIT_MS = 5000
GROUP = ("Anna", "Bram", "Cem")


class Rig:
    def __init__(self) -> None:
        self.clock = MonotonicClock()
        self.events: list[Event] = []
        self.screen = RoomScreen(RoomScreenOptions(port=0), now=self.clock.now)
        self.screen.start()

        def make_session(
            plan: SessionPlan, saved: SavedState | None, out: Listener, minutes: float | None
        ) -> Session:
            settings = SessionSettings(roll_call=True)
            return Session(
                plan, clock=self.clock, listeners=[out], restore=saved, settings=settings
            )

        parts = DeviceParts(
            context=lambda: choices.context(None, GROUP, "5-stappen", DutchSetup()),
            make_plan=choices.make_plan,
            make_session=make_session,
            plan_line=choices.plan_line(DutchSetup(), datetime.now),
        )
        self.device = Device(parts, self.clock, [self.events.append, self.screen])
        self.controller = Controller(self.device, self.clock)
        for listener in self.screen.attach(self.controller.post):
            self.device.add_listener(listener)
        self.thread = self.controller.start_thread()
        self.url = f"http://127.0.0.1:{self.screen.port}/"

    def close(self) -> None:
        from facilitator.events import Shutdown

        self.controller.post(Shutdown("test"))
        self.thread.join(5)
        self.screen.close()


def test_a_group_sets_up_by_screen_alone(browser: Any, tmp_path: Path) -> None:
    rig = Rig()
    try:
        page = browser.new_page(viewport={"width": 800, "height": 480}, bypass_csp=True)
        page.goto(rig.url)

        def click(label: str, question: str) -> None:
            page.wait_for_function(
                f"document.querySelector('#question-text')?.textContent === {question!r}",
                timeout=WAIT_MS,
            )
            page.get_by_role("button", name=label, exact=True).click()

        click("Intervisie beginnen", "Zeg: intervisie beginnen.")
        assert axe_violations(page) == []  # the question and its buttons are accessible
        click("Ja", "Is Anna er?")
        click("Nee", "Is Bram er?")
        click("Ja", "Is Cem er?")
        click("Ja", "Doen we de Vijfstappenmethode? Ja of nee.")
        click("Een uur", "Hoeveel tijd hebben jullie? Een uur, anderhalf uur of twee uur?")
        click("Cem", "Anna, heb jij een casus?")  # a name button
        page.wait_for_function(
            "document.querySelector('#question').hidden === true", timeout=WAIT_MS
        )
        page.wait_for_function("document.body.dataset.seq !== ''", timeout=WAIT_MS)
        page.close()
    finally:
        rig.close()
    started = [e for e in rig.events if isinstance(e, SessionStarted)]
    assert [(s.participants, s.casusinbrenger, s.planned_minutes) for s in started] == [
        (("Anna", "Cem"), "Cem", 60.0)
    ]
    taken = [e for e in rig.events if isinstance(e, AnswerTaken)]
    assert {e.source for e in taken} == {InputSource.SCREEN}
    assert [e.answer for e in taken] == ["begin", "yes", "no", "yes", "yes", "minutes_60", "@Cem"]


def test_the_answer_endpoint_refuses_what_is_not_an_answer() -> None:
    import http.client
    import json

    from facilitator.events import Answer, AnswerGiven, InputEvent

    posted: list[InputEvent] = []
    screen = RoomScreen(RoomScreenOptions(port=0), now=time.monotonic)
    screen.start()
    screen.attach(posted.append)
    try:

        def post(body: object, origin: str | None = None) -> int:
            conn = http.client.HTTPConnection("127.0.0.1", screen.port, timeout=5)
            headers = {"Content-Type": "application/json"}
            if origin:
                headers["Origin"] = origin
            conn.request("POST", "/api/answer", json.dumps(body), headers)
            status = conn.getresponse().status
            conn.close()
            return status

        assert post({"question": "present:Anna", "answer": "perhaps"}) == 400
        assert post({"question": "present:Anna", "name": 7}) == 400
        assert post({"answer": "yes"}) == 400
        assert post({"question": "present:Anna", "answer": "yes"}, "http://evil.example") == 403
        assert [e for e in posted if isinstance(e, AnswerGiven)] == []
        assert post({"question": "present:Anna", "answer": "yes"}) == 202
    finally:
        screen.close()
    answers = [e for e in posted if isinstance(e, AnswerGiven)]
    assert answers == [AnswerGiven("present:Anna", Answer.YES, InputSource.SCREEN)]
