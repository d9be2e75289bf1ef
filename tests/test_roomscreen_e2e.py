"""A whole real session with ``--kamerscherm``, followed and steered from a real headless
Chromium: the page follows the session within a second, its buttons steer the session
(acknowledged like any other input, with their own source in the event log), and a session
can be stopped by touch alone."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from facilitator.methods.registry import find_method
from tests.support.browser import chromium, missing_reason
from tests.support.process import REPO, ProductProcess, home_env

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(missing_reason() is not None, reason=str(missing_reason())),
]

START_TIMEOUT_S = 30.0
# The page must show a change within this. It is a bound for "it follows at all", not the
# speed target: that is scripts/bench_roomscreen.py's (p95 within 200 ms); here the figure is
# printed, and a busy shared machine must not fail the test.
FOLLOW_S = 10.0
STOP_TIMEOUT_S = 15.0
URL = re.compile(r"Kamerscherm: (http://127\.0\.0\.1:\d+/)")
CODE = re.compile(r"\(code (\d{3}) (\d{3})\)")
DIGITS = ("nul", "één", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen")
TITLES = [step.title for step in find_method("5-stappen").steps]


def room_url(product: ProductProcess) -> str:
    """The room display's address, once the product printed it."""
    found = URL.search(product.wait_for(URL, START_TIMEOUT_S))
    assert found is not None
    return found.group(1)


def run_product(
    tmp_path: Path, *room: str, method: str = "5-stappen", group: Sequence[str] = ()
) -> Iterator[ProductProcess]:
    """A session of four (Anna brings the case) without speech or listening, its room
    display as ``room`` says; with ``group``, of a standing group "Team" of those members."""
    env = home_env(tmp_path / "home")
    if group:
        subprocess.run(
            [sys.executable, "-m", "facilitator", "groep", "maak", "Team",
             "--deelnemers", ",".join(group)],
            env=env, cwd=REPO, check=True, capture_output=True, timeout=START_TIMEOUT_S,
        )  # fmt: skip
    event_log = tmp_path / "events.jsonl"
    with ProductProcess(
        "start", method, *(("--groep", "Team") if group else ()),
        "--deelnemers", "Anna,Bram,Cem,Dirk", "--inbrenger", "Anna",
        "--plain", "--geen-spraak", "--geen-luisteren",
        *room, "--poort", "0", "--event-log", str(event_log),
        env=env,
        event_log=event_log,
    ) as product:  # fmt: skip
        yield product


@pytest.fixture
def product(tmp_path: Path) -> Iterator[ProductProcess]:
    yield from run_product(tmp_path, "--kamerscherm")


@pytest.fixture
def lan_product(tmp_path: Path) -> Iterator[ProductProcess]:
    yield from run_product(tmp_path, "--kamerscherm-lan")


def wait_title(page: Any, title: str) -> float:
    """Seconds until the page shows ``title`` (fails past ``FOLLOW_S``)."""
    start = time.monotonic()
    page.wait_for_function(
        "(t) => document.getElementById('step-title').textContent === t",
        arg=title,
        timeout=FOLLOW_S * 1000,
    )
    return time.monotonic() - start


def test_the_page_follows_and_steers_a_real_session(product: ProductProcess) -> None:
    url = room_url(product)
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 800, "height": 480}, bypass_csp=True)
        page.goto(url)
        page.wait_for_selector("body[data-seq]", timeout=START_TIMEOUT_S * 1000)
        page.wait_for_function(
            "(t) => document.getElementById('step-title').textContent === t",
            arg=TITLES[0],
            timeout=START_TIMEOUT_S * 1000,
        )
        assert re.fullmatch(r"\d\d:\d\d", page.inner_text("#countdown"))
        assert page.inner_text("#step-label") == f"Stap 1 van {len(TITLES)}"
        assert page.is_hidden(".cmd-someone_joins")  # only the device goes round the names
        page.wait_for_selector("#captions li")
        spoken = [e["text"] for e in product.events() if e["type"] == "say"]
        assert page.inner_text("#captions li:last-child") in spoken  # exactly a spoken line

        product.key("v")  # the terminal's key: the page follows
        took_key = wait_title(page, TITLES[1])
        page.wait_for_selector(".cmd-next_step:not([disabled])")
        page.click(".cmd-next_step")  # the on-screen "volgende stap": the session follows
        took_touch = wait_title(page, TITLES[2])
        print(f"page followed a key in {took_key:.3f} s, a touch in {took_touch:.3f} s")

        page.click(".cmd-toggle_pause")
        page.wait_for_function("document.body.dataset.phase === 'paused'", timeout=1000)
        page.click(".cmd-toggle_pause")
        page.wait_for_function("document.body.dataset.phase !== 'paused'", timeout=1000)

        page.click(".cmd-stop")  # stop by touch alone, with confirmation
        page.wait_for_selector("#confirm:not([hidden]) .cmd-confirm:not([disabled])")
        page.click(".cmd-confirm")
        page.wait_for_function("document.body.dataset.phase === 'ended'", timeout=2000)
        page.close()
    assert product.wait_exit(STOP_TIMEOUT_S) == 0
    accepted = [
        (e["command"], e["source"]) for e in product.events() if e["type"] == "command_accepted"
    ]
    assert accepted[0] == ("next_step", "keyboard")
    assert ("next_step", "screen") in accepted
    assert accepted[-2:] == [("stop", "screen"), ("confirm", "screen")]
    stdout = product.output()
    assert "Opdracht: volgende stap (kamerscherm)" in stdout


def test_lan_mode_refuses_without_the_code_and_says_it_after_help(
    lan_product: ProductProcess,
) -> None:
    url = room_url(lan_product)
    found = CODE.search(lan_product.output())
    assert found, lan_product.output()
    code = found.group(1) + found.group(2)
    for path, method in (("", "GET"), ("events", "GET"), ("api/command", "POST")):
        request = urllib.request.Request(
            url + path, method=method, data=b"{}" if method == "POST" else None
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=FOLLOW_S * 5)
        assert refused.value.code == 401
        body = refused.value.read().decode()
        assert "Anna" not in body and TITLES[0] not in body  # nothing of the session
    browser_like = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    with browser_like.open(f"{url}?code={code}", timeout=FOLLOW_S * 5) as page:
        assert page.status == 200 and "Volgende stap" in page.read().decode()
    lan_product.key("?")  # help: the code is said after the help
    spoken = f"De code voor het kamerscherm is: {', '.join(DIGITS[int(d)] for d in code)}."
    lan_product.wait_until(
        lambda events: any(e.get("text") == spoken for e in events), START_TIMEOUT_S
    )
    said = [e["text"] for e in lan_product.events() if e["type"] == "say"]
    assert spoken in said, said[-5:]
    help_at = next(i for i, e in enumerate(lan_product.events()) if e.get("command") == "help")
    after = [e["text"] for e in lan_product.events()[help_at:] if e["type"] == "say"]
    assert after[-1] == spoken and len(after) > 1  # after the help itself
