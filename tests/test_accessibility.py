"""Every page of the built site, in light and in dark mode, has no WCAG 2.1 A/AA violation axe-core finds.

axe-core is the npm release AXE_CORE_VERSION, kept in tests/data/axe-core (axe.min.js and its
licence, from ``npm pack axe-core@VERSION``), so the test runs offline and checks the current
rules (the 4.4.3 that axe-core-python ships misses colour-contrast failures that 4.14 finds).
To check with another axe-core build, point ``AXE_CORE_JS`` at its axe.min.js.

Nothing is excluded: what the theme or docutils got wrong is fixed in the build
(fc_to_conv.sphinxext.a11y), not switched off here.
"""

import os
from pathlib import Path

import pytest
import yaml

from conftest import REPO
from test_browser import browser  # noqa: F401  (the headless Chromium fixture)

pytestmark = pytest.mark.slow

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
#: The axe-core release in tests/data/axe-core (the current npm release when it was last updated).
AXE_CORE_VERSION = "4.14.1"
MODES = ["light", "dark"]


def site_pages():
    """The site's pages: every page in the table of contents, the search page and the index."""
    toc = yaml.safe_load((REPO / "_toc.yml").read_text())
    names = [toc["root"]] + [entry["file"] for entry in toc["chapters"]]
    return [f"{name}.html" for name in names] + ["search.html", "genindex.html"]


def axe_source():
    """axe.min.js: from $AXE_CORE_JS if set, else the release kept in tests/data/axe-core."""
    path = Path(os.environ.get("AXE_CORE_JS") or REPO / "tests" / "data" / "axe-core" / "axe.min.js")
    if not path.is_file():
        pytest.fail(f"no axe-core script at {path}")
    return path.read_text(encoding="utf-8")


#: Resolves, once the page has loaded, the theme shows the mode asked for (waiting up to 5 s: a
#: reload may still be on its way) and every CSS transition has finished (mid-transition colours
#: give false contrast failures), with the theme the page shows.
SETTLED = """
const [mode, done] = arguments;
const themed = (tries = 50) => document.documentElement.dataset.theme === mode || !tries
  ? Promise.resolve() : new Promise(resolve => setTimeout(resolve, 100)).then(() => themed(tries - 1));
const animations = () => Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)));
const pause = () => new Promise(resolve => setTimeout(resolve, 200));
const settle = () => themed().then(animations).then(pause).then(animations)
  .then(() => done(document.documentElement.dataset.theme));
if (document.readyState === 'complete') settle(); else window.addEventListener('load', settle);
"""

RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, arguments[0])
  .then(results => done({violations: results.violations, version: axe.version}))
  .catch(error => done({error: String(error)}));
"""


def open_in_mode(browser, url, mode):
    """Open ``url`` in the theme's ``mode`` (as chosen with its colour-mode button) and wait for it to settle."""
    browser.get(url)
    for _ in range(3):  # under load a reload now and then still shows the mode stored before: reload again
        browser.execute_script("localStorage.setItem('mode', arguments[0]); localStorage.setItem('theme', arguments[0]);", mode)
        browser.refresh()
        theme = browser.execute_async_script(SETTLED, mode)
        if theme == mode:
            break
    return theme


def run_axe(browser, script):
    browser.execute_script(script)
    result = browser.execute_async_script(RUN_AXE, {"runOnly": {"type": "tag", "values": WCAG_21_AA},
                                                    "resultTypes": ["violations"]})
    assert "error" not in result, result.get("error")
    return result


def describe(violations):
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {node['target']}: {node.get('failureSummary', '').splitlines()[-1].strip()}")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def axe(browser):  # noqa: F811
    browser.set_script_timeout(120)
    return axe_source()


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("page", site_pages())
def test_page_has_no_wcag_21_aa_violations(browser, axe, built_book, page, mode):  # noqa: F811
    theme = open_in_mode(browser, (built_book / page).as_uri(), mode)
    assert theme == mode, f"{page} shows the {theme} theme, not {mode}"
    background = browser.execute_script(
        "return getComputedStyle(document.body).backgroundColor.match(/\\d+/g).slice(0, 3).map(Number)")
    assert (sum(background) < 3 * 128) == (mode == "dark"), f"{page} in {mode} mode has background {background}"
    result = run_axe(browser, axe)
    if not os.environ.get("AXE_CORE_JS"):
        assert result["version"] == AXE_CORE_VERSION
    assert result["violations"] == [], (
        f"axe-core {result['version']} finds in {page} ({mode} mode):\n{describe(result['violations'])}"
    )


def test_axe_reports_a_planted_violation(browser, axe, built_book):  # noqa: F811
    """Control: the same run reports an image without alt text and an unnamed button."""
    open_in_mode(browser, (built_book / "book" / "introduction.html").as_uri(), "light")
    browser.execute_script(
        "const article = document.querySelector('article');"
        "article.insertAdjacentHTML('beforeend', '<img src=\"x.svg\"><button></button>');"
    )
    found = {violation["id"] for violation in run_axe(browser, axe)["violations"]}
    assert {"image-alt", "button-name"} <= found, found
