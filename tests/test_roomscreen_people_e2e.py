"""Changes of people by touch alone, in a whole real session with ``--kamerscherm`` and a
real headless Chromium: a latecomer of the standing group joins, the casusinbrenger is
chosen in the choosing step, Escape cancels, and a change the session refuses shows its
reason; each change is confirmed like any other (a spoken line, its caption) and recorded in
the event log with the screen as its source."""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from facilitator.cli.parser import EXIT_INTERRUPTED
from facilitator.methods.registry import find_method
from tests.support.browser import chromium, missing_reason, wait_chooser_closed
from tests.support.process import ProductProcess
from tests.test_roomscreen_e2e import FOLLOW_S, START_TIMEOUT_S, room_url, run_product

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(missing_reason() is not None, reason=str(missing_reason())),
]

METHOD = "incidentmethode"  # its second step is the one in which the group chooses the case
TITLES = [step.title for step in find_method(METHOD).steps]
MEMBERS = ("Anna", "Bram", "Cem", "Dirk", "Eva")  # the standing group; Eva is not there


@pytest.fixture
def product(tmp_path: Path) -> Iterator[ProductProcess]:
    yield from run_product(tmp_path, "--kamerscherm", method=METHOD, group=MEMBERS)


def wait_text(page: Any, selector: str, fragment: str) -> float:
    """Seconds until ``selector`` shows ``fragment`` (fails past ``FOLLOW_S``)."""
    start = time.monotonic()
    page.wait_for_function(
        "([s, f]) => document.querySelector(s).textContent.includes(f)",
        arg=[selector, fragment],
        timeout=FOLLOW_S * 1000,
    )
    return time.monotonic() - start


def test_a_latecomer_and_the_casusinbrenger_by_touch(product: ProductProcess) -> None:
    url = room_url(product)
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 800, "height": 480}, bypass_csp=True)
        page.goto(url)
        page.wait_for_function(
            "(t) => document.getElementById('step-title').textContent === t",
            arg=TITLES[0],
            timeout=START_TIMEOUT_S * 1000,
        )
        assert "Eva" not in page.inner_text("#people")
        page.click(".change-join")  # "iemand doet mee": the absent member of the group
        page.wait_for_selector("#chooser[open]")
        names = page.eval_on_selector_all(
            "#chooser-names .choice", "els => els.map(e => e.textContent)"
        )
        assert names == ["Eva"]
        page.click("#chooser-names .choice >> text=Eva")
        took = wait_text(page, "#people", "Eva")
        wait_text(page, "#captions", "Eva doet mee.")  # confirmed: said, and captioned
        print(f"the page showed the join in {took:.3f} s")

        assert page.is_hidden(".change-presenter")  # not in the choosing step yet
        page.click(".cmd-next_step")
        page.wait_for_selector(".change-presenter:not([hidden])", timeout=FOLLOW_S * 1000)
        page.click(".change-presenter")
        page.wait_for_selector("#chooser[open]")
        page.keyboard.press("Escape")  # cancelled: nothing changes
        wait_chooser_closed(page, FOLLOW_S * 1000)
        assert page.evaluate("document.activeElement.dataset.change") == "presenter"
        page.keyboard.press("Enter")  # the same button again, by keyboard
        page.wait_for_selector("#chooser[open]")
        page.click("#chooser-names .choice >> text=Bram")
        took = wait_text(page, "#people", "Casus 1: Bram")
        wait_text(page, "#captions", "Bram brengt de casus in.")
        print(f"the page showed the casusinbrenger in {took:.3f} s")

        page.click(".cmd-next_step")  # the case is told: its casusinbrenger cannot leave
        wait_text(page, "#step-title", TITLES[2])
        page.click(".change-leave")
        page.wait_for_selector("#chooser[open]")
        page.click("#chooser-names .choice >> text=Bram")
        wait_text(page, "#message", "Niet gedaan: Iemand gaat weg — Bram brengt de casus in.")
        assert "Bram" in page.inner_text("#people")  # nothing changed
        page.close()
    code, stderr = product.stop(signal.SIGTERM)
    assert code == EXIT_INTERRUPTED, stderr
    changed = [
        (e["kind"], e["name"], e["source"])
        for e in product.events()
        if e["type"].startswith("people_")
    ]
    assert changed == [
        ("join", "Eva", "screen"),
        ("presenter", "Bram", "screen"),
        ("leave", "Bram", "screen"),
    ]
    types = [e["type"] for e in product.events() if e["type"].startswith("people_")]
    assert types == ["people_changed", "people_changed", "people_change_refused"]
