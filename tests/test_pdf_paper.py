"""The PDF on paper: contents with the right page numbers, a bare cover, the draft mark; whole footnote
numbers under their chapter, bookmarks with the headings' words, the document information, the cover's
fields, a list of tables and figures, no page holding only a heading, a chart in parts of a page, and a
rebuild that prints only the PDFs whose inputs changed.

Reads the PDFs of the session's bundled build (review edition) and of the sample
content built as the public edition, with poppler (pdftotext -layout) and pypdf.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from conftest import FIXTURES, ROOT, run_cli
from reportgen.downloads.pdf import fingerprint_path

LANGS = ("es", "en")


def strings(lang: str) -> dict:
    return yaml.safe_load((ROOT / "templates" / "i18n" / f"{lang}.yaml").read_text(encoding="utf-8"))


def prefix(lang: str) -> str:
    return "" if lang == "es" else f"{lang}/"


def pdf_of(site: Path, lang: str) -> Path:
    return site / f"{prefix(lang)}downloads/report-{lang}.pdf"


def page_text(pdf: Path, page: int, layout: bool = False) -> str:
    options = ["-layout"] if layout else []
    return subprocess.run(["pdftotext", *options, "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


def flat(text: str) -> str:
    return " ".join(text.split())


def contents_entries(site: Path, lang: str) -> list[tuple[str, str]]:
    """(anchor, title) of every entry of the one-page edition's contents list."""
    page = (site / f"{prefix(lang)}print/index.html").read_text(encoding="utf-8")
    block = page[page.index('id="print-contents"'):]
    block = block[:block.index('class="rg-chapter"')]
    return [(anchor, flat(html.unescape(re.sub(r"<[^>]+>", "", title))))
            for anchor, title in re.findall(r'<a href="#([^"]+)">(.*?)</a>', block)]


def heading_pages(pdf: Path) -> dict[str, int]:
    reader = PdfReader(str(pdf))
    return {str(name).lstrip("/"): reader.get_destination_page_number(dest) + 1
            for name, dest in reader.named_destinations.items()}


def shown_number(contents: str, title: str) -> int | None:
    """The number at the end of the entry's first line (-layout keeps a line's words together)."""
    for line in contents.splitlines():
        found = re.fullmatch(r"\s*(.*?)\s+(\d+)\s*", line)
        if found and (flat(found.group(1)) == title or len(found.group(1)) > 40 and title.startswith(flat(found.group(1)))):
            return int(found.group(2))
    return None


@pytest.mark.parametrize("lang", LANGS)
def test_contents_page_numbers_are_the_pages_of_the_headings(built_site, lang):
    pdf = pdf_of(built_site, lang)
    entries = contents_entries(built_site, lang)
    assert len(entries) > 30, entries
    pages = heading_pages(pdf)
    contents = page_text(pdf, 2, layout=True) + page_text(pdf, 3, layout=True)
    wrong = []
    for anchor, title in entries:
        shown = shown_number(contents, title)
        target = pages.get(anchor)
        if shown is None or shown != target or title[:30] not in flat(page_text(pdf, target)):
            wrong.append((anchor, title[:50], shown, target))
    assert not wrong, f"contents entries whose page number is missing or wrong: {wrong}"


@pytest.mark.parametrize("lang", LANGS)
def test_cover_has_no_running_header_or_page_number(built_site, lang):
    s = strings(lang)
    pdf = pdf_of(built_site, lang)
    cover, second = flat(page_text(pdf, 1)), flat(page_text(pdf, 2))
    page_word = s["download_texts"]["page"]
    assert f"{page_word} 1 " not in cover and f"{page_word} 2 {s['download_texts']['of']}" in second
    assert "PER/17/51/USA ·" in second and "PER/17/51/USA ·" not in cover.replace("PER/17/51/USA · Final", "")


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_of_the_review_pdf_carries_the_draft_mark(built_site, lang):
    pdf = pdf_of(built_site, lang)
    mark = strings(lang)["draft_mark_no_round"]
    reader = PdfReader(str(pdf))
    assert len(reader.pages) > 50
    unmarked = [n for n, page in enumerate(reader.pages, 1) if mark + " —" not in page.extract_text()]
    assert not unmarked, f"pages without '{mark}': {unmarked}"


@pytest.fixture(scope="module")
def public_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("public") / "site"
    result = run_cli("build", "--project", ROOT, "--content", FIXTURES / "sample", "--edition", "public",
                     "--out", out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_no_page_of_the_public_pdf_carries_the_draft_mark(public_site, lang):
    mark = strings(lang)["draft_mark_no_round"]
    reader = PdfReader(str(pdf_of(public_site, lang)))
    assert len(reader.pages) > 3
    texts = [page.extract_text() for page in reader.pages]
    assert strings(lang)["download_texts"]["page"] + " 2" in texts[1]  # the margins are printed
    assert not [n for n, text in enumerate(texts, 1) if mark in text]


# --- the PDF an ILO reader expects (issue 25.1) -------------------------------------------------

def print_html(site: Path, lang: str) -> str:
    return (site / f"{prefix(lang)}print/index.html").read_text(encoding="utf-8")


def words_of(fragment: str) -> str:
    return flat(html.unescape(re.sub(r"<[^>]+>", " ", fragment)))


def page_texts(pdf: Path) -> list[str]:
    """The flat text of every page (pdftotext; index 0 = page 1)."""
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [flat(page) for page in text.split("\f")][:len(PdfReader(str(pdf)).pages)]


def html_headings(site: Path, lang: str) -> list[str]:
    page = print_html(site, lang)
    page = re.sub(r'<a class="headerlink"[^>]*>.*?</a>', "", page)
    # A heading's words as the browser reads them (textContent: tags add no space).
    return [flat(html.unescape(re.sub(r"<[^>]+>", "", body)))
            for _, body in re.findall(r"<h([1-6])\b[^>]*>(.*?)</h\1>", page, flags=re.S)]


def outline_titles(pdf: Path) -> list[str]:
    titles: list[str] = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)
    walk(PdfReader(str(pdf)).outline)
    return titles


def footnotes(site: Path, lang: str) -> list[tuple[str, int, str]]:
    """(note ID, number the text shows, first words) of every footnote of the one-page edition."""
    page = print_html(site, lang)
    numbers = {ident: int(n) for ident, n in
               re.findall(r'<a class="footnote-ref" href="#([^"]+)">(\d+)</a>', page)}
    notes = []
    for ident, body in re.findall(r'<li id="(fn:[^"]+)">(.*?)</li>', page, flags=re.S):
        words = words_of(re.sub(r'<a class="footnote-backref".*?</a>', "", body, flags=re.S)).split()
        notes.append((ident, numbers[ident], " ".join(words[:4])))
    return notes


def printed_notes(site: Path, lang: str) -> list[tuple[int, str, list[tuple[int, int]], int | None]]:
    """(number, first words, (page, offset in its flat text) where the whole number is followed by those
    words, page of the first citation) of every footnote of the PDF."""
    pdf = pdf_of(site, lang)
    texts = page_texts(pdf)
    destinations = heading_pages(pdf)
    found_notes = []
    for ident, number, words in footnotes(site, lang):
        # The whole number, then the note's first words (compared without spaces: a URL or a code
        # broken over two lines is one word in the HTML).
        start = "".join(words.split())[:20]
        found = [(page, m.start()) for page, text in enumerate(texts, 1)
                 for m in re.finditer(rf"(?<!\S){number}\. ", text)
                 if "".join(text[m.end():m.end() + 60].split()).startswith(start)]
        found_notes.append((number, words, found, destinations.get(ident.replace("fn:", "fnref:", 1))))
    return found_notes


def chapter_starts(site: Path, lang: str) -> list[tuple[int, str]]:
    """(page, title) of every entry of the contents: chapters start a page; the criteria, parts and
    sections of the findings chapter follow on, each with its notes at its end."""
    destinations = heading_pages(pdf_of(site, lang))
    return sorted({(destinations[anchor], title) for anchor, title in contents_entries(site, lang)})


def _after_next_start(note_page: int, offset: int, cited: int, starts, texts: list[str]) -> bool:
    """Is a note printed after the heading of the block that follows the one citing it?"""
    for page, title in starts:
        if cited < page < note_page:
            return True
        if cited < page == note_page:  # a block that starts on the note's page: the note must come first
            heading = texts[page - 1].find(title[:40])
            if 0 <= heading < offset:
                return True
    return False


@pytest.mark.parametrize("lang", LANGS)
def test_every_footnote_number_is_whole_and_in_its_chapter(built_site, lang):
    texts = page_texts(pdf_of(built_site, lang))
    starts = chapter_starts(built_site, lang)
    notes = printed_notes(built_site, lang)
    numbers = sorted(number for number, _, _, _ in notes)
    assert numbers == list(range(1, len(notes) + 1)) and len(notes) > 100  # 1 to 109 in the bundled report
    heading = strings(lang)["download_texts"]["pdf_notes"]
    wrong = []
    for number, words, places, cited in notes:
        found = [page for page, _ in places]
        if not found or cited is None:
            wrong.append((number, words, found, cited))
            continue
        # After the first citation, before the next chapter (or block) starts, under its "Notes" heading.
        page, offset = places[0]
        if page < cited or _after_next_start(page, offset, cited, starts, texts):
            wrong.append((number, words, found, cited))
    assert not wrong, f"footnotes cut, missing or outside their chapter (number, words, pages, cited on): {wrong}"
    assert sum(heading in text.split() for text in texts) >= 10


def notes_heading_pages(pdf: Path, heading: str) -> list[int]:
    """The pages of the bookmarks titled `heading` (each chapter's notes heading is one)."""
    reader = PdfReader(str(pdf))
    pages = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            elif item.title == heading:
                pages.append(reader.get_destination_page_number(item) + 1)
    walk(reader.outline)
    return sorted(pages)


@pytest.mark.parametrize("lang", LANGS)
def test_each_chapter_s_notes_sit_under_its_notes_heading(built_site, lang):
    """Each note's nearest notes heading before it is in the note's chapter, and precedes the note on its page."""
    pdf = pdf_of(built_site, lang)
    heading = strings(lang)["download_texts"]["pdf_notes"]
    headings = notes_heading_pages(pdf, heading)
    texts = page_texts(pdf)
    starts = chapter_starts(built_site, lang)
    chapters_with_notes = set()
    wrong = []
    for number, words, places, cited in printed_notes(built_site, lang):
        if not places or cited is None:
            wrong.append((number, words, places, cited))
            continue
        page, offset = places[0]
        chapter = max(start for start, _ in starts if start <= cited)
        under = [at for at in headings if chapter <= at <= page]
        # On the note's own page, the heading comes before the note (the last one before it).
        if not under or (under[-1] == page and texts[page - 1].rfind(heading, 0, offset) < 0):
            wrong.append((number, words, places, chapter, headings))
        chapters_with_notes.add(chapter)
    assert not wrong, f"notes not under their chapter's notes heading (number, words, pages, chapter): {wrong}"
    # One notes heading per block (chapter, or criterion, part or section of the findings) that first
    # cites a note: several blocks may start on one page, so they are counted in the page's HTML.
    assert len(headings) == len(blocks_citing_notes(built_site, lang)) and len(chapters_with_notes) >= 10


def blocks_citing_notes(site: Path, lang: str) -> set[int]:
    """The one-page edition's blocks (`.rg-chapter`, by position) that cite a footnote first."""
    first: dict[str, int] = {}
    for index, block in enumerate(print_html(site, lang).split('<div class="rg-chapter')[1:]):
        for note in re.findall(r'class="footnote-ref"[^>]*href="#(fn:[^"]+)"|href="#(fn:[^"]+)"[^>]*class="footnote-ref"', block):
            first.setdefault(note[0] or note[1], index)
    return set(first.values())


@pytest.mark.parametrize("lang", LANGS)
def test_bookmarks_carry_the_headings_words(built_site, lang):
    pdf = pdf_of(built_site, lang)
    titles = outline_titles(pdf)
    d = strings(lang)["download_texts"]
    headings = set(html_headings(built_site, lang)) | {d["pdf_notes"], d["pdf_figures"]}
    assert len(titles) > 150
    wrong = [title for title in titles if title not in headings]
    assert not wrong, f"bookmarks that are not a heading's words: {wrong[:10]}"


@pytest.mark.parametrize("lang", LANGS)
def test_document_information_is_set(built_site, lang):
    reader = PdfReader(str(pdf_of(built_site, lang)))
    info = reader.metadata
    evaluation = yaml.safe_load((ROOT / "content" / "evaluation.yaml").read_text(encoding="utf-8"))["evaluation"]
    assert info.title == evaluation["title"][lang]
    assert info.author == "; ".join(e["name"] for e in evaluation["evaluators"])
    assert "PER/17/51/USA" in info.subject and strings(lang)["download_texts"]["docx_report"] in info.subject
    assert "PER/17/51/USA" in info["/Keywords"] and evaluation["country"][lang] in info["/Keywords"]
    assert reader.trailer["/Root"]["/Lang"] == lang


@pytest.mark.parametrize("lang", LANGS)
def test_cover_holds_the_summary_fields(built_site, lang):
    cover = flat(page_text(pdf_of(built_site, lang), 1))
    fields = strings(lang)["cover_fields"]
    for name in ("code", "administrative_office", "donor_budget", "evaluators", "evaluation_manager"):
        assert fields[name] in cover, name
    assert "USD 7,940,000" in cover and "Red2Red" in cover
    assert strings(lang)["cover"] not in flat(page_text(pdf_of(built_site, lang), 4))


@pytest.mark.parametrize("lang", LANGS)
def test_list_of_tables_and_figures_gives_their_pages(built_site, lang):
    pdf = pdf_of(built_site, lang)
    heading = strings(lang)["download_texts"]["pdf_figures"]
    front = page_text(pdf, 2, layout=True) + page_text(pdf, 3, layout=True) + page_text(pdf, 4, layout=True)
    listed = front[front.index(heading) + len(heading):].split("\f")[0]
    entries = re.findall(r"^\s*(\S.*?)\s{2,}(\d+)\s*$", listed, flags=re.M)
    assert len(entries) >= 7, listed
    wrong = [(title, n) for title, n in entries if flat(title)[:25] not in flat(page_text(pdf, int(n)))]
    assert not wrong, f"tables and figures listed with a page that does not hold them: {wrong}"


@pytest.mark.parametrize("lang", LANGS)
def test_no_page_holds_only_headings_and_captions(built_site, lang):
    pdf = pdf_of(built_site, lang)
    titles = sorted(set(outline_titles(pdf)), key=len, reverse=True)
    d, mark = strings(lang)["download_texts"], strings(lang)["draft_mark_no_round"]
    css = re.search(r'@top-left\{content:"([^"]*)"', print_html(built_site, lang)).group(1)
    header = flat(re.sub(r"\\([0-9a-fA-F]{1,6}) ?", lambda m: chr(int(m.group(1), 16)), css))  # CSS escapes
    lonely = []
    for number, text in enumerate(page_texts(pdf)[2:], 3):
        body = text.replace(header, " ").replace(mark, " ")
        body = re.sub(rf"{d['page']} \d+ {d['of']} \d+", " ", body)
        for title in titles:
            body = body.replace(title, " ")
        body = re.sub(rf"({'|'.join(['Tabla', 'Table', 'Gráfico', 'Figure', 'Chart'])}) \d+\.[^.]*", " ", body)
        if len(body.split()) < 4:
            lonely.append((number, text[-200:]))
    assert not lonely, f"pages with only a heading or a caption: {lonely}"


def test_the_indicators_chart_fits_the_page_in_parts(built_site):
    page = print_html(built_site, "es")
    parts = re.findall(r'<svg class="rg-chart rg-chart--page"[^>]*viewBox="0 0 (\d+) (\d+)"[^>]*'
                       r'aria-labelledby="annexes-chart-outcome-indicators', page)
    assert 2 <= len(parts) <= 5 and all(int(w) == 640 and int(h) <= 860 for w, h in parts), parts


def _public_build(content: Path, out: Path):
    result = run_cli("build", "--project", ROOT, "--content", content, "--edition", "public", "--out", out)
    assert result.returncode == 0, result.stderr


def test_a_rebuild_takes_the_unchanged_pdfs_and_prints_the_changed(public_site, tmp_path):
    # Nothing changed: the new site holds the previous site's PDFs (the same files: nothing printed).
    again = tmp_path / "again"
    shutil.copytree(public_site, again)
    files = {lang: pdf_of(again, lang).stat().st_ino for lang in LANGS}
    _public_build(FIXTURES / "sample", again)
    assert {lang: pdf_of(again, lang).stat().st_ino for lang in LANGS} == files
    assert all(fingerprint_path(pdf_of(again, lang)).is_file() for lang in LANGS)
    # A sentence added to the Spanish summary: that PDF is printed again and holds it.
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "sample", content)
    summary = content / "summary.es.md"
    summary.write_text(summary.read_text(encoding="utf-8") + "\n\nFrase añadida zumbido.\n", encoding="utf-8")
    changed = tmp_path / "changed"
    shutil.copytree(public_site, changed)
    before = pdf_of(changed, "es").stat().st_ino
    _public_build(content, changed)
    assert pdf_of(changed, "es").stat().st_ino != before
    assert "zumbido" in subprocess.run(["pdftotext", str(pdf_of(changed, "es")), "-"], capture_output=True,
                                       text=True, check=True).stdout


def test_when_the_contents_pages_would_move_the_whole_document_is_printed_again(public_site, tmp_path,
                                                                                monkeypatch):
    """The fallback of the short second print: the numbers still match the headings' pages."""
    from reportgen.downloads import pdf as printing

    monkeypatch.setattr(printing, "_same_layout", lambda *args: False)
    d = strings("es")["download_texts"]
    job = printing.PdfJob(source=public_site / "print/index.html", target=tmp_path / "report-es.pdf", lang="es",
                          title="T", texts={"notes": d["pdf_notes"], "figures": d["pdf_figures"]})
    assert printing.print_pdfs([job], public_site, "/usr/bin/chromium") == [job]
    pages = heading_pages(job.target)
    contents = "".join(page_text(job.target, n, layout=True) for n in (2, 3))
    entries = contents_entries(public_site, "es")
    assert entries and all(shown_number(contents, title) == pages[anchor] for anchor, title in entries)


def test_the_build_starts_the_pdfs_browser_while_mkdocs_builds_and_prints_with_it(tmp_path, monkeypatch):
    """`reportgen build` starts Chromium once the MkDocs builds are under way (not after them), prints both
    PDFs with that browser (the PDF step starts none of its own) and closes it; a rebuild of the same
    pages starts none."""
    import reportgen.project as building
    from reportgen.downloads import pdf as printing

    events: list[str] = []

    class Recorded(printing.Printer):
        def __init__(self, *args):
            events.append("browser started")
            super().__init__(*args)

        def print(self, jobs, *args):
            events.append("printed " + " ".join(job.lang for job in jobs))
            super().print(jobs, *args)

        def close(self):
            events.append("browser closed")
            super().close()

    site_build = building.build_site

    def build_site(*args, **kwargs):
        result = site_build(*args, **kwargs)
        events.append("site built")
        return result
    monkeypatch.setattr(building, "Printer", Recorded)
    monkeypatch.setattr(printing, "Printer", Recorded)  # a browser the PDF step would start itself is seen too
    monkeypatch.setattr(building, "build_site", build_site)
    project = building.Project(ROOT, FIXTURES / "sample")
    building.build(project, tmp_path / "site", edition="public")
    assert events == ["browser started", "site built", "printed es en", "browser closed"]
    assert all(pdf_of(tmp_path / "site", lang).stat().st_size > 10_000 for lang in LANGS)
    # The same pages again: their PDFs will be the previous ones, so no browser is started at all.
    events.clear()
    files = {lang: pdf_of(tmp_path / "site", lang).stat().st_ino for lang in LANGS}
    building.build(project, tmp_path / "site", edition="public")
    assert events == ["site built"]
    assert {lang: pdf_of(tmp_path / "site", lang).stat().st_ino for lang in LANGS} == files


def test_a_browser_that_cannot_start_is_a_build_error_naming_it(tmp_path):
    from reportgen.downloads import pdf as printing
    from reportgen.errors import BuildError

    missing = str(tmp_path / "no-chromium")
    job = printing.PdfJob(source=tmp_path / "print/index.html", target=tmp_path / "report-es.pdf", lang="es", title="T")
    with printing.Printer(missing, ["es"]) as printer:
        with pytest.raises(BuildError, match=re.escape(f"cannot make the PDF downloads with {missing}: ")):
            printer.print([job], "http://127.0.0.1:9/", tmp_path)
    assert not printer._thread.is_alive() and not job.target.exists()
