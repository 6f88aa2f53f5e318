"""The portal (reportgen portal build): three evaluations built for real, pages, follow-up, search, cache, leaks.

The portal (languages es, en, fr) holds the bundled evaluation (with test management
responses and its Table 4 linked to the mid-term evaluation), and two projects started
with `reportgen new`: a mid-term evaluation in English and French, and one in Spanish
and English carrying the leak-scan content (tests/portal_support/projects.py).
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import run_cli, serve_folder
from portal_support.links import broken_links
from portal_support.projects import FINAL_CODE, LINKED_ROWS, MIDTERM_CODE, OTHER_CODE, SLUGS
from test_rounds import scan

CODES = (FINAL_CODE, MIDTERM_CODE, OTHER_CODE)


@pytest.fixture(scope="module")
def portal(built_portal) -> Path:
    return built_portal  # the session's portal (tests/conftest.py), shared with tests/test_portal_hosting.py


@pytest.fixture(scope="module")
def site(portal) -> Path:
    return portal / "site"


@pytest.fixture(scope="module")
def export(site) -> dict:
    return json.loads((site / "downloads/recommendations.json").read_text(encoding="utf-8"))


def text_of(path: Path) -> str:
    html = path.read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_portal_pages_sites_and_exports(site, export):
    for lang in ("es", "en", "fr"):
        for page in ("index.html", "evaluations/index.html", "recommendations/index.html", "lessons/index.html",
                     "good-practices/index.html", "follow-up/index.html", "search/index.html"):
            html = (site / lang / page).read_text(encoding="utf-8")
            assert f'<html lang="{lang}">' in html, page
        assert (site / f"downloads/recommendations-{lang}.csv").is_file()
        assert (site / f"downloads/recommendations-{lang}.xlsx").read_bytes()[:2] == b"PK"
    # Each evaluation's site in its own languages: the first at its root, the others under <lang>/.
    for slug, other in ((SLUGS[FINAL_CODE], "en"), (SLUGS[MIDTERM_CODE], "fr"), (SLUGS[OTHER_CODE], "en")):
        assert (site / "e" / slug / "index.html").is_file() and (site / "e" / slug / other / "index.html").is_file()
        assert not (site / "e" / SLUGS[MIDTERM_CODE] / "en").exists()
        for lang in ("es", "en", "fr"):
            assert (site / lang / "evaluations" / slug / "index.html").is_file()
    assert {r["evaluation"] for r in export["recommendations"]} == set(CODES)
    r4 = next(r for r in export["recommendations"] if r["evaluation"] == FINAL_CODE and r["id"] == "R4")
    assert r4["management_response"]["status"] == "partially accepted"
    assert r4["overdue_actions"] == ["KA4.1"] and r4["follow_up"] == "overdue"
    assert r4["url"]["en"] == "e/per-17-51-usa/en/recommendations/#R4"
    csv = (site / "downloads/recommendations-en.csv").read_text(encoding="utf-8-sig")
    assert "Partly accepted" in csv and "KA4.1: In progress · Overdue" in csv


def test_every_link_of_the_portal_resolves(site):
    """A link checker: every relative link and anchor of every page (the portal's and the three
    evaluations' sites) reaches a file and an element with that id."""
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 300
    assert broken_links(site, pages) == []


def test_each_facet_has_one_option_per_value_in_each_language(site):
    """Evaluations written in es+en, en+fr and es+en: one option per country, type, timing, theme and
    addressee in every portal language, labelled in that language (else the original, marked)."""
    expected = {"en": {"country": ["Exampleland (a fictitious country)", "Peru"], "type": ["Project"],
                       "timing": ["Final", "Mid-term"]},
                "es": {"country": ["Ejemplandia (país ficticio)", "Perú"], "type": ["Proyecto"],
                       "timing": ["De medio término", "Final"]},
                "fr": {"country": ["Exemplie (pays fictif)", "Pérou"], "type": ["Projet"],
                       "timing": ["À mi-parcours", "Finale"]}}
    for lang, facets in expected.items():
        html = (site / lang / "evaluations/index.html").read_text(encoding="utf-8")
        for facet, labels in facets.items():
            found = re.findall(rf'href="[^"]*/evaluations/{facet}/([^/"]+)/index.html">([^<]+)<', html)
            assert sorted(label for _, label in found) == sorted(labels), (lang, facet, found)
            assert len({key for key, _ in found}) == len(found)
        # The same keys in every language: a filter page per value, each listing its evaluations.
        assert (site / lang / "evaluations/country/pe/index.html").is_file()
        assert (site / lang / "evaluations/timing/midterm/index.html").is_file()
        recs = (site / lang / "recommendations/index.html").read_text(encoding="utf-8")
        addressees = re.findall(r'/recommendations/addressee/([^/"]+)/index.html">([^<]+)<', recs)
        assert len({k for k, _ in addressees}) == len(addressees) and len({v for _, v in addressees}) == len(addressees)
    peru = (site / "en/evaluations/country/pe/index.html").read_text(encoding="utf-8")
    assert "per-17-51-usa--" not in peru and 'href="../../../../en/evaluations/per-17-51-usa/index.html"' in peru
    search = (site / "en/search/index.html").read_text(encoding="utf-8")
    assert '<option value="pe">Peru</option>' in search and "Perú" not in search


def test_item_links_reach_their_place_in_the_evaluation_site(site):
    html = (site / "en/recommendations/index.html").read_text(encoding="utf-8")
    links = set(re.findall(r'href="\.\./\.\./(e/[^"#]+)#(R\d+)"', html))
    assert len(links) >= 3
    for page, anchor in links:
        target = site / page / "index.html"
        assert target.is_file(), page
        assert f'id="{anchor}"' in target.read_text(encoding="utf-8")


def test_follow_up_links_between_evaluations(site):
    final = text_of(site / "en/evaluations/per-17-51-usa/index.html")
    # Table 4 of the final evaluation: rows whose earlier recommendation is in the portal are links.
    for n in range(1, LINKED_ROWS + 1):
        assert f"MTR{n} → Follows up {MIDTERM_CODE} R{n}" in final
    assert f"{MIDTERM_CODE} R3. " not in final  # untitled: shown by its ID alone
    assert "MTR4 →" not in final  # not linked: a table row in the evaluation's own site only
    html = (site / "en/evaluations/per-17-51-usa/index.html").read_text(encoding="utf-8")
    assert 'href="../../../e/test-mte-01/recommendations/#R1"' in html  # English is the mid-term's first language
    # The mid-term's R1 says where it was followed up, in every portal language.
    midterm = text_of(site / "en/evaluations/test-mte-01/index.html")
    assert f"Followed up in: {FINAL_CODE} MTR1" in midterm
    # Table 4 stays a table in the evaluation's own site (its annexes); the portal adds the links.
    annexes = (site / "e/per-17-51-usa/en/annexes/index.html").read_text(encoding="utf-8")
    assert 'id="MTR1"' in annexes and 'id="MTR4"' in annexes and "<table" in annexes


def test_dashboard_shows_the_overdue_action(site):
    for lang, overdue, status in (("en", "Actions overdue as of", "In progress"),
                                  ("es", "Acciones vencidas al", "En curso")):
        page = text_of(site / lang / "follow-up/index.html")
        assert overdue in page
        assert re.search(rf"{re.escape(FINAL_CODE)} R4 KA4.1 .* ILO Lima 2025-06-30 {status} 2025-05-20", page)
        assert "KA1.1" not in page.split("Total")[0].split(overdue)[1]  # due in 2030: not overdue
    row = re.search(r'per-17-51-usa/index.html">PER/17/51/USA</a></th>((?:<td[^>]*>\d+</td>)+)',
                    (site / "en/follow-up/index.html").read_text(encoding="utf-8"))
    assert [int(n) for n in re.findall(r">(\d+)<", row.group(1))] == [1, 1, 0, 7, 1, 1, 1, 0, 1]


def test_evaluation_site_shows_responses_and_its_follow_up_page(site):
    recs = text_of(site / "e/per-17-51-usa/en/recommendations/index.html")
    # Dates in the page's language (Babel), as everywhere on the evaluation's site (issue 25).
    assert "Management response: Partially accepted (response of February 10, 2025)" in recs
    assert "KA4.1 Submit a budget proposal to MININTER ILO Lima June 30, 2025 In progress · Overdue" in recs
    follow = text_of(site / "e/per-17-51-usa/follow-up/index.html")
    assert "Aceptada 1" in follow and "Parcialmente aceptada 1" in follow and "Sin respuesta 7" in follow
    table4 = text_of(site / "e/per-17-51-usa/en/annexes/index.html") + text_of(
        site / "e/per-17-51-usa/en/findings/S4/index.html")
    assert f"Follows up: {MIDTERM_CODE}, recommendation R1" in table4


def test_follow_up_over_time(site):
    """Every dated update, newest first, on the evaluation's follow-up page and as a timeline on the
    portal's recommendation pages; one CSV row per update; internal notes and actions only in review."""
    follow = text_of(site / "e/per-17-51-usa/en/follow-up/index.html")
    updates = follow.split("Updates, newest first")[-1]
    assert updates.index("May 20, 2025: Second version") < updates.index("April 2, 2025: Draft sent")
    assert "Public note on the response" in updates and "LEAKMARKER" not in follow and "KA4.3" not in follow
    card = text_of(site / "en/recommendations/index.html").split("R4. ")[1].split("R5. ")[0]
    timeline = card.split("Follow-up timeline")[1]
    dates = re.findall(r"\d{4}-\d{2}-\d{2}", timeline)
    assert dates[:4] == ["2025-05-20", "2025-05-10", "2025-04-02", "2025-02-10"], timeline
    import csv

    rows = list(csv.reader((site / "downloads/follow-up-en.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0][:5] == ["Evaluation", "Recommendation", "Management response", "Response date", "Key action"]
    assert rows[0][10:] == ["Update date", "Status after the update", "Update"]
    assert [(row[10], row[12]) for row in rows if row[4] == "KA4.1"] == [
        ("2025-05-20", "Second version after the consultation"), ("2025-04-02", "Draft sent for consultation")]
    assert not [row for row in rows if "LEAKMARKER" in ",".join(row) or row[4] == "KA4.3"]
    assert (site / "downloads/follow-up-en.xlsx").read_bytes()[:2] == b"PK"
    header = (site / "downloads/recommendations-en.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header == ("Evaluation,ID,Title,Text,Addressees,Priority,Management response,Text of the response,"
                      "Key actions,Status of each key action,Follow-up,Link on the site")


def test_no_js_facet_pages_list_exactly_the_matching_items(site, export):
    high = {(r["evaluation"], r["id"]) for r in export["recommendations"] if r["priority"] == "high"}
    page = (site / "en/recommendations/priority/high/index.html").read_text(encoding="utf-8")
    cards = set(re.findall(r'<li class="card" id="([^"]+)"', page))
    slugs = {slug: code for code, slug in SLUGS.items()}
    assert {(slugs[c.split("--")[0]], c.split("--")[1]) for c in cards} == high
    listing = (site / "en/recommendations/index.html").read_text(encoding="utf-8")
    for facet in ("year", "country", "timing", "language", "addressee", "priority", "response", "follow_up"):
        assert f'href="../../en/recommendations/{facet}/' in listing, facet
    assert 'href="../../en/recommendations/follow_up/overdue/index.html"' in listing


@pytest.fixture(scope="module")
def base(site):
    server = serve_folder(site)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.browser
def test_facet_filtering_in_chromium_with_and_without_javascript(base, export, browser):
    # The session's browser (tests/conftest.py): a second Playwright in the same process would fail.
    high = sum(r["priority"] == "high" for r in export["recommendations"])
    page = browser.new_page()
    page.goto(f"{base}/en/recommendations/index.html")
    total = page.locator("#items > .card").count()
    page.select_option('select[data-facet="priority"]', "high")
    assert page.locator("#items > .card:visible").count() == high < total
    assert page.locator(".count").inner_text() == f"{high} of {total}"
    assert "priority=high" in page.url
    page.select_option('select[data-facet="response"]', "partially-accepted")
    assert page.locator("#items > .card:visible").count() == 1
    page.goto(f"{base}/es/recommendations/index.html#follow_up=overdue")
    assert page.locator("#items > .card:visible").count() == 1
    nojs = browser.new_context(java_script_enabled=False).new_page()
    nojs.goto(f"{base}/en/recommendations/index.html")
    assert not nojs.locator("#filters").is_visible()
    nojs.click('.facet-pages a[href$="priority/high/index.html"]')
    assert nojs.locator("#items > .card").count() == high
    page.close()
    nojs.context.close()


@pytest.mark.browser
def test_pagefind_search_per_language(base, browser):
    # The session's browser (tests/conftest.py): a second Playwright in the same process would fail.
    page = browser.new_page()
    loaded: list[str] = []
    page.on("response", lambda r: loaded.append(r.url) if "/pagefind/" in r.url else None)

    def search(lang: str, query: str, **filters) -> list[tuple[str, str]]:
        params = "&".join(f"{k}={v}" for k, v in filters.items())
        page.goto(f"{base}/{lang}/search/index.html" + (f"?{params}" if params else ""))
        loaded.clear()
        page.fill("#q", query)
        page.press("#q", "Enter")
        page.wait_for_selector("#search-results .card a", timeout=60000)
        page.wait_for_load_state("networkidle")
        links = page.locator("#search-results .card h3 a")
        return [(links.nth(i).inner_text(), links.nth(i).get_attribute("href")) for i in range(links.count())]

    # The content writes only "institucionalización": the unaccented query finds it.
    unaccented = search("es", "institucionalizacion")
    marks = {m.lower() for m in page.locator("#search-results mark").all_inner_texts()}
    assert unaccented and "institucionalización" in marks, marks
    # A query without filters loads no filter file and no worker script: what it loads stays small
    # however many evaluations the portal holds (benchmarks/portal_bench.py measures it).
    assert loaded and not [u for u in loaded if "/filter/" in u or "worker" in u], loaded
    english = search("en", "trafficking")
    assert english and all("/en/" in href for _, href in english if "/per-17-51-usa/" in href)
    r4 = search("en", f"R4 {FINAL_CODE}")
    assert r4[0][0].startswith(f"{FINAL_CODE} · R4.")
    assert r4[0][1].endswith("/e/per-17-51-usa/en/recommendations/#R4")
    assert "q=R4" in page.url  # the query is in the address, so a search can be shared
    # A filter from the address: conclusions only; they lead to the conclusion that matched.
    conclusions = search("en", "trafficking", kind="conclusion")
    assert page.locator('select[name="kind"]').input_value() == "conclusion"
    assert [u for u in loaded if "/filter/" in u]  # the chosen filter's file, loaded when chosen
    assert conclusions and all(" · Conclusions · C" in title for title, _ in conclusions)
    assert all(re.search(r"/e/per-17-51-usa/en/conclusions/#C\d+$", href) for _, href in conclusions)
    # French portal pages search the French index; the mid-term evaluation is written in French.
    french = search("fr", "jeunes")
    assert any(title.startswith(f"{MIDTERM_CODE} · ") and "/e/test-mte-01/fr/" in href for title, href in french)
    page.goto(base + r4[0][1])
    assert page.locator("#R4").count() == 1
    # A key action's ID finds its recommendation.
    action = search("en", "KA4.1")
    assert action and action[0][0].startswith(f"{FINAL_CODE} · R4.")
    page.close()


@pytest.mark.browser
def test_the_dashboard_as_of_an_earlier_date(base, browser):
    page = browser.new_page()
    page.goto(f"{base}/en/follow-up/index.html")
    assert page.locator("#overdue-count").inner_text() == "1"
    page.goto(f"{base}/en/follow-up/index.html?as_of=2025-05-01")  # KA4.1 is due on 2025-06-30
    assert page.locator("#overdue-count").inner_text() == "0"
    assert page.locator("#no-overdue").is_visible() and "as of 2025-05-01" in page.locator("#overdue").inner_text()
    page.fill("#as_of", "2025-07-01")
    page.click("#as-of button")
    assert page.locator("#overdue-count").inner_text() == "1" and "as_of=2025-07-01" in page.url
    assert "KA4.1" in page.locator("#overdue-rows").inner_text()
    page.close()


def pagefind_texts(site: Path) -> dict[str, str]:
    """The search index's files unpacked (Pagefind gzips every index, filter and fragment file)."""
    return {p.relative_to(site).as_posix(): gzip.decompress(p.read_bytes()).decode("utf-8", errors="replace")
            for p in (site / "pagefind").rglob("*.pf_*")}


def test_public_portal_holds_nothing_internal(site):
    count, found = scan(site)
    assert count > 900  # every file of the portal: its pages, the three sites, exports, the index
    kinds = {p.suffix for p in site.rglob("*") if p.is_file()}
    assert {".html", ".json", ".csv", ".xlsx", ".js", ".css", ".pf_fragment", ".pf_index"} <= kinds, kinds
    assert not found, {marker: sorted(files)[:5] for marker, files in found.items()}
    index = pagefind_texts(site)
    fragments = "".join(text for name, text in index.items() if name.endswith(".pf_fragment"))
    assert OTHER_CODE in fragments and "institucionalización" in fragments  # the scan reads them
    assert not [name for name, text in index.items() if re.search("leakmarker", text, re.I)]


def test_from_artifacts_assembles_the_same_portal(portal, site, tmp_path):
    out = tmp_path / "assembled"
    result = run_cli("portal", "build", portal, "--out", out, "--from-artifacts",
                     portal / ".reportgen-portal" / "artifacts")
    assert result.returncode == 0, result.stderr
    pages = lambda root: sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html"))  # noqa: E731
    assert pages(out) == pages(site)
    # Two assemblies of the same artifacts are byte-identical (workbook dates, Pagefind's maps).
    again = tmp_path / "again"
    assert run_cli("portal", "build", portal, "--out", again, "--from-artifacts",
                   portal / ".reportgen-portal" / "artifacts").returncode == 0
    files = lambda root: {p.relative_to(root).as_posix(): p.read_bytes()  # noqa: E731
                          for p in sorted(root.rglob("*")) if p.is_file()}
    first, second = files(out), files(again)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []
    assert broken_links(out) == []


def test_an_evaluation_in_fewer_languages_is_labelled(site):
    # The mid-term evaluation is written in English and French; the portal's first language is Spanish.
    page = (site / "es/evaluations/test-mte-01/index.html").read_text(encoding="utf-8")
    assert "Disponible solo en inglés, francés" in page and '<h1 lang="en">Example: final evaluation' in page
    assert 'href="../../../e/test-mte-01/"' in page  # its English site (the first of its languages)
    french = (site / "fr/evaluations/test-mte-01/index.html").read_text(encoding="utf-8")
    assert "Disponible en" not in french and "évaluation finale du projet" in french
    assert 'href="../../../e/test-mte-01/fr/"' in french
    bundled = text_of(site / "fr/evaluations/per-17-51-usa/index.html")
    assert "Disponible en espagnol, anglais uniquement" in bundled


def test_an_edit_rebuilds_only_that_evaluation(portal, tmp_path):
    artifacts = portal / ".reportgen-portal" / "artifacts"
    before = {name: (artifacts / name / "artifact.json").stat().st_mtime_ns for name in ("final", "midterm")}
    path = portal / "evaluations/other/content/recommendations.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("title:", "title:", 1) + "\n# edited\n",
                    encoding="utf-8")
    result = run_cli("portal", "build", portal, "--out", tmp_path / "rebuilt")
    assert result.returncode == 0, result.stderr
    assert "(1 built, 2 unchanged)" in result.stdout
    assert {name: (artifacts / name / "artifact.json").stat().st_mtime_ns for name in before} == before


def test_duplicate_codes_and_missing_artifacts_are_clear_errors(portal, tmp_path):
    artifacts = tmp_path / "artifacts"
    shutil.copytree(portal / ".reportgen-portal" / "artifacts", artifacts)
    export_path = artifacts / "midterm" / "evaluation.json"
    data = json.loads(export_path.read_text(encoding="utf-8"))
    data["evaluation"]["code"] = FINAL_CODE
    export_path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run_cli("portal", "build", portal, "--out", tmp_path / "out", "--from-artifacts", artifacts)
    assert result.returncode == 1 and not (tmp_path / "out").exists()
    assert (f"portal/portal.yml:7: error portal.duplicate_code: evaluation code '{FINAL_CODE}' of midterm is "
            f"already used by final "
            "(line 6)") in result.stderr
    shutil.rmtree(artifacts / "other" / "site")
    result = run_cli("portal", "build", portal, "--out", tmp_path / "out", "--from-artifacts", artifacts)
    assert result.returncode == 1
    assert "portal/portal.yml:8: error portal.artifact: artifact " in result.stderr
    assert "incomplete artifact: needs evaluation.json and site/" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_follow_up_date_is_decided_once_per_portal_build(portal, tmp_path):
    """An evaluation's own follow-up page inside the portal and the portal's dashboard speak for the same
    date: an artifact whose pages show it is rebuilt for another date; the others are reused."""
    def as_of(path: Path) -> set[str]:
        """The dates a page gives as "as of …": ISO (the portal's pages) or in English words (an evaluation's
        own pages, which write dates in their language)."""
        import datetime

        text = text_of(path)
        found = set(re.findall(r"as of (\d{4}-\d{2}-\d{2})", text))
        return found | {datetime.datetime.strptime(words, "%B %d, %Y").date().isoformat()
                        for words in re.findall(r"as of ([A-Z][a-z]+ \d{1,2}, \d{4})", text)}

    out = tmp_path / "dated"
    result = run_cli("portal", "build", portal, "--out", out, "--date", "2025-06-01")
    assert result.returncode == 0, result.stderr
    assert "(1 built, 2 unchanged)" in result.stdout  # only the evaluation with a follow-up
    assert as_of(out / "e/per-17-51-usa/en/follow-up/index.html") == as_of(out / "en/follow-up/index.html") \
        == {"2025-06-01"}
    # KA4.1 is due on 2025-06-30: not overdue yet, on both.
    assert "Overdue" not in text_of(out / "e/per-17-51-usa/en/recommendations/index.html").split("KA4.1")[1][:80]
    assert "PER/17/51/USA R4 KA4.1" not in text_of(out / "en/follow-up/index.html")
    assembled = tmp_path / "assembled"
    result = run_cli("portal", "build", portal, "--out", assembled, "--from-artifacts",
                     portal / ".reportgen-portal" / "artifacts")
    assert result.returncode == 0, result.stderr
    assert as_of(assembled / "en/follow-up/index.html") == {"2025-06-01"}  # the artifacts' own date
    result = run_cli("portal", "build", portal, "--out", tmp_path / "today")
    assert "(1 built, 2 unchanged)" in result.stdout
    assert as_of(tmp_path / "today/e/per-17-51-usa/en/follow-up/index.html") == \
        as_of(tmp_path / "today/en/follow-up/index.html") != {"2025-06-01"}
    assert broken_links(out) == [] and broken_links(assembled) == []


CI = Path(__file__).resolve().parents[1] / "examples" / "ci"


def test_the_ci_examples_commands_build_the_portal_in_separate_processes(portal, site, tmp_path):
    """examples/ci/github-actions.yml run here as its jobs would run: the plan step as written (its
    outputs read back), each evaluation's job in its own process, then the assembling job; GitLab's
    file runs the same commands for the same evaluations."""
    import os
    import subprocess
    import sys

    import yaml

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "reportgen"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m reportgen "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    work = tmp_path / "repo"
    work.mkdir()
    (work / "portal").symlink_to(portal, target_is_directory=True)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
           "PYTHONPATH": os.pathsep.join(sys.path), "GITHUB_OUTPUT": str(tmp_path / "github-output")}

    def sh(script: str) -> str:
        done = subprocess.run(["bash", "-ec", script], cwd=work, env=env, capture_output=True, text=True, timeout=900)
        assert done.returncode == 0, (script, done.stdout, done.stderr)
        return done.stdout

    jobs = yaml.safe_load((CI / "github-actions.yml").read_text(encoding="utf-8"))["jobs"]
    runs = {name: [step["run"] for step in job["steps"] if "run" in step and "reportgen portal" in step["run"]]
            for name, job in jobs.items()}
    sh(runs["plan"][0])
    outputs = dict(line.split("=", 1) for line in (tmp_path / "github-output").read_text().splitlines())
    evaluations = json.loads(outputs["evaluations"])
    assert evaluations == ["final", "midterm", "other"]
    commands = []
    for evaluation in evaluations:  # one job, one process each
        command = runs["evaluation"][0].replace("${{ matrix.evaluation }}", evaluation).replace(
            "${{ needs.plan.outputs.date }}", outputs["date"])
        commands.append(command)
        assert f"{evaluation} written to" in sh(command)
    sh(runs["assemble"][0])
    built = work / "site"
    pages = lambda root: sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html"))  # noqa: E731
    assert pages(built) == pages(site)
    assert broken_links(built) == []
    # GitLab: the same evaluations and the same commands.
    gitlab = yaml.safe_load((CI / "gitlab-ci.yml").read_text(encoding="utf-8"))
    assert gitlab["evaluation"]["parallel"]["matrix"][0]["EVALUATION"] == evaluations
    script = gitlab["evaluation"]["script"][0]
    assert [script.replace('"$EVALUATION"', f'"{e}"').replace('"${PORTAL_DATE%%T*}"', f'"{outputs["date"]}"')
            for e in evaluations] == commands
    assert gitlab["pages"]["script"][0] == runs["assemble"][0].replace("--out site", "--out public")
