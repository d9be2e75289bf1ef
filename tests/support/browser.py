"""A real headless Chromium for page tests: Debian's ``chromium`` driven by Playwright.

Playwright's own browser download cannot be fetched on these machines, so it launches the
system browser (``scripts/setup.sh --test`` installs it). Without it the tests skip and say
why. Also: axe-core (the copy the ``axe-playwright-python`` package ships) injected into a
page, and a check that no text on a page overflows or is clipped.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SERIOUS = ("serious", "critical")


def chromium_path() -> str | None:
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


def missing_reason() -> str | None:
    """Why browser tests cannot run here (``None``: they can)."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (bash scripts/setup.sh --test)"
    if chromium_path() is None:
        return "Chromium is not installed (bash scripts/setup.sh --test installs Debian's chromium)"
    return None


@contextmanager
def chromium() -> Iterator[Any]:
    """A launched browser (Playwright ``Browser``)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def axe_source() -> str:
    return resources.files("axe_playwright_python").joinpath("axe.min.js").read_text("utf-8")


def axe_violations(page: Any, impacts: tuple[str, ...] = SERIOUS) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.x A/AA violations of ``impacts`` on the page as it is now."""
    page.add_script_tag(content=axe_source())
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                            "best-practice"]},
            resultTypes: ["violations"]})"""
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
        if v["impact"] in impacts
    ]


#: Every visible element with text of its own: is its text cut off? Scroll containers (the
#: captions list) may scroll vertically; nothing may stick out sideways or beyond the screen.
OVERFLOW_JS = """(fitsScreen) => {
  const problems = [];
  const scrolls = (el) => ["auto", "scroll"].includes(getComputedStyle(el).overflowY);
  const inScroller = (el) => {
    for (let p = el.parentElement; p; p = p.parentElement) if (scrolls(p)) return p;
    return null;
  };
  const own = (el) => Array.from(el.childNodes).some(
    (n) => n.nodeType === 3 && n.textContent.trim());
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (el.className && typeof el.className === "string" ? "." + el.className.split(" ")[0] : "");
  const doc = document.documentElement;
  if (doc.scrollWidth > innerWidth + 1) problems.push(`page ${doc.scrollWidth}px wide`);
  if (fitsScreen && doc.scrollHeight > innerHeight + 1)
    problems.push(`page ${doc.scrollHeight}px high`);
  for (const el of document.body.querySelectorAll("*")) {
    if (!own(el) || !el.getClientRects().length) continue;
    if (getComputedStyle(el).visibility === "hidden") continue;
    if (el.closest(".visually-hidden")) continue;
    let box = el;
    while (box && getComputedStyle(box).display === "inline") box = box.parentElement;
    if (box.scrollWidth > box.clientWidth + 1)
      problems.push(`${name(box)}: text ${box.scrollWidth}px in ${box.clientWidth}px`);
    if (!scrolls(box) && box.scrollHeight > box.clientHeight + 1)
      problems.push(`${name(box)}: text ${box.scrollHeight}px high in ${box.clientHeight}px`);
    const r = el.getBoundingClientRect();
    const scroller = inScroller(el);
    const frame = scroller ? scroller.getBoundingClientRect()
      : {left: 0, top: 0, right: innerWidth, bottom: fitsScreen ? innerHeight : doc.scrollHeight};
    if (r.left < frame.left - 1 || r.right > frame.right + 1 ||
        (!scroller && (r.top < frame.top - 1 || r.bottom > frame.bottom + 1)))
      problems.push(`${name(el)}: outside ${scroller ? name(scroller) : "the screen"}`);
  }
  return problems;
}"""


def overflow_problems(page: Any, fits_screen: bool) -> list[str]:
    problems: list[str] = page.evaluate(OVERFLOW_JS, fits_screen)
    return problems


# The people chooser is shut and the page has handled it (focus back to the opener,
# data-kind cleared). The page does that in the same task as the dialog shuts; this waits on
# the page's own marker rather than on that, so a test does not depend on it.
CHOOSER_HANDLED_JS = (
    "(() => { const d = document.getElementById('chooser');"
    " return !d.open && !('kind' in d.dataset); })()"
)


def wait_chooser_closed(page: Any, timeout_ms: float) -> None:
    page.wait_for_function(CHOOSER_HANDLED_JS, timeout=timeout_ms)
