"""The HTML review report, opened in real headless Chromium (no network), screenshot checked."""
from __future__ import annotations

import base64
import os
import shutil

import pytest
from click.testing import CliRunner

from codeaudit.cli import main

CHROMIUM = os.environ.get("CODEAUDIT_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip

playwright_api = pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.skipif(not shutil.which(CHROMIUM), reason=f"{CHROMIUM} not installed (.ci/system-deps installs it)")


@pytest.fixture
def report(git_repo, tmp_path):
    (git_repo / "svc.py").write_text("import time\n\n\ndef ok():\n    return 1\n")
    (git_repo / "db.py").write_text("def q(cur):\n    return cur.execute('select 1')\n")
    git_repo.git("add", "-A")
    git_repo.git("commit", "-q", "-m", "base")
    base = git_repo.git("rev-parse", "HEAD").strip()
    (git_repo / "svc.py").write_text("import time\n\n\ndef ok():\n    return 1\n\n\nasync def handler():\n    time.sleep(1)\n")
    (git_repo / "db.py").write_text("def q(cur):\n    return cur.execute('select 1')\n\n\ndef total(a, b):\n    return a + b\n")
    git_repo.git("add", "-A")
    git_repo.git("commit", "-q", "-m", "risky")
    out = tmp_path / "review.html"
    result = CliRunner().invoke(main, ["review", "--repo", str(git_repo), base, "-f", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


# Pixel statistics of the screenshot, computed by the browser itself on a canvas (no image library needed).
_PIXELS = """async (src) => {
  const img = new Image(); img.src = src; await img.decode();
  const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
  const g = c.getContext('2d'); g.drawImage(img, 0, 0);
  const d = g.getImageData(0, 0, c.width, c.height).data;
  let finding = 0, code = 0, header = 0; const colours = new Set();
  for (let i = 0; i < d.length; i += 4) {
    const r = d[i], gg = d[i+1], b = d[i+2];
    colours.add((r >> 4) << 8 | (gg >> 4) << 4 | (b >> 4));
    if (r === 0xff && gg === 0xf4 && b === 0xf3) finding++;   // finding box background
    if (r === 0x0f && gg === 0x17 && b === 0x20) code++;      // code block background
    if (r === 0x1d && gg === 0x2a && b === 0x3a) header++;    // page header
  }
  return {width: c.width, height: c.height, finding, code, header, colours: colours.size};
}"""


def test_html_report_in_headless_chromium(report, tmp_path):
    html = report.read_text()
    assert "http://" not in html.replace("http://www.w3.org", "") and "https://" not in html  # self-contained
    requests: list[str] = []
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        page.on("request", lambda r: requests.append(r.url))
        page.goto(report.as_uri())
        assert "codeaudit review" in page.title()
        items = page.locator("section.item")
        assert items.count() == 2
        first = items.nth(0).inner_text()
        assert "svc.py" in first and "CON001" in first and "time.sleep(1)" in first
        shot = tmp_path / "review.png"
        page.screenshot(path=str(shot), full_page=True)
        data = "data:image/png;base64," + base64.b64encode(shot.read_bytes()).decode()
        stats = browser.new_page().evaluate(_PIXELS, data)  # a blank page: the report's CSP forbids images
        assert stats["width"] == 1100 and stats["colours"] > 20
        assert stats["finding"] > 500 and stats["code"] > 2000 and stats["header"] > 5000, stats
        # Filters: "only items with findings" hides the clean hunk; unticking the category hides the rest.
        page.check("#onlyfind")
        assert page.locator("#count").inner_text() == "1"
        assert not items.nth(1).is_visible()
        page.uncheck("input.cat[value=concurrency]")
        assert page.locator("#count").inner_text() == "0"
        page.uncheck("#onlyfind")
        page.check("input.cat[value=concurrency]")
        page.select_option("#minsev", "4")  # critical only: the HIGH finding hides
        assert page.locator("#count").inner_text() == "0"
        browser.close()
    assert all(u.startswith("file://") or u.startswith("data:") for u in requests), requests
