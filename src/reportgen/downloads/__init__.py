"""Downloadable files made at build time: PDF, data (JSON/CSV/XLSX), ILO templates (DOCX).

For each language, into its `downloads/` folder (`downloads/` for the original language, `fr/downloads/`…):

- report-L.pdf                      the one-page edition printed by Chromium
- draft-L.docx / report-L.docx      the whole report as an editable Word document (review edition: the
                                    draft sent out for comments; public edition: the report)
- evaluation.json                   the validated model (`reportgen export json`)
- recommendations-L.csv / .xlsx     one row per recommendation, management-response columns to fill in
- lessons-good-practices-L.csv      one row per lesson learned / good practice, every ILO template field
- templates/ID-L.docx               each lesson / good practice in the ILO template (Word)
- comments-L.csv                    the comments log (review edition only)
"""

from __future__ import annotations

import time
from pathlib import Path

from ..content import registry
from ..graph import Graph
from ..i18n import Catalogs

from .common import Output, TemplateWords, Texts, downloads_dir, print_page
from .comments import comments_csv
from .csvfile import table_csv
from .data import JSON_NAME, evaluation_json
from .docx_templates import template_docx
from .pdf import PdfJob, Printer, print_pdfs
from .reproducible import fix_pdf_dates
from .tables import lessons_table, recommendations_table
from .xlsx import recommendations_xlsx


def write_downloads(graph: Graph, catalogs: Catalogs, site: Path, previous: Path | None = None,
                    printer: Printer | None = None) -> dict[str, int]:
    """Write every download into the built `site` (before it is swapped into place).

    `previous`: the site this build replaces; a PDF whose inputs did not change is copied from it.
    `printer`: the PDFs' browser, started earlier (pdf.Printer). Returns {relative path: size in bytes} of the files written. Raises
    BuildError (from the PDF step) when Chromium cannot be used.
    """
    from .docx_report import report_docx, report_docx_name  # python-docx: loaded when downloads are made

    out = Output(site, graph.ctx.source_epoch)
    if "pdf" in graph.ctx.downloads:
        write_pdfs(graph, catalogs, out, previous, printer)
    for lang in graph.ctx.languages:
        texts = Texts(graph, catalogs, lang)
        folder = downloads_dir(graph, lang)
        out.write(folder + JSON_NAME, evaluation_json(graph, catalogs))
        sent_for = graph.ctx.config.open_round if graph.ctx.edition == "review" else None
        out.write(folder + report_docx_name(graph.ctx.edition, lang), report_docx(graph, texts, sent_for).data)
        write_tables(graph, texts, out, folder)
        write_templates(graph, texts, out, folder)
        if graph.content.comments:  # only the review edition has them
            out.write(f"{folder}comments-{lang}.csv", comments_csv(graph, texts))
    return dict(sorted(out.written.items()))


def pdf_name(lang: str) -> str:
    return f"report-{lang}.pdf"


def pdf_paths(graph: Graph, site: Path) -> dict[str, Path]:
    """{language: its PDF in `site`}."""
    return {lang: site / downloads_dir(graph, lang) / pdf_name(lang) for lang in graph.ctx.languages}


def write_pdfs(graph: Graph, catalogs: Catalogs, out: Output, previous: Path | None = None,
               printer: Printer | None = None) -> list[PdfJob]:
    """Print the PDFs (or take the previous site's, when their inputs did not change); the jobs printed
    (their `steps`: the seconds of each step). `printer`: a browser started earlier, else one is started."""
    jobs = [pdf_job(graph, Texts(graph, catalogs, lang), out) for lang in graph.ctx.languages]
    earlier = pdf_paths(graph, previous) if previous is not None else None
    printed = print_pdfs(jobs, out.site, graph.ctx.chromium, earlier, printer)
    for job in printed:
        start = time.perf_counter()
        fix_pdf_dates(job.target, graph.ctx.source_epoch)
        job.steps["dates and node IDs fixed"] = time.perf_counter() - start
    for lang in graph.ctx.languages:
        out.record(downloads_dir(graph, lang) + pdf_name(lang))
    return printed


def pdf_job(graph: Graph, texts: Texts, out: Output) -> PdfJob:
    """The PDF of one language: where from, where to, its document information and printed headings."""
    evaluation = graph.content.evaluation
    assert evaluation is not None, "checked content without errors has an evaluation"
    lang, d = texts.lang, texts.d
    facts = [texts.plain(value) for value in (evaluation.type, evaluation.timing, evaluation.nature)
             if value is not None and texts.plain(value)]
    subject = " · ".join([d["docx_report"], evaluation.code, *facts])
    keywords = texts.plain(evaluation.keywords) if evaluation.keywords is not None else ""
    if not keywords.strip():
        words = [evaluation.code] + [texts.plain(value) for value in (evaluation.country, evaluation.technical_office)
                                     if value is not None]
        keywords = ", ".join(word for word in words if word.strip())
    return PdfJob(source=out.site / print_page(graph, lang),
                  target=out.path(downloads_dir(graph, lang) + pdf_name(lang)), lang=lang,
                  title=texts.plain(evaluation.title),
                  author="; ".join(e.name for e in evaluation.evaluators),
                  subject=subject, keywords=keywords, epoch=graph.ctx.source_epoch,
                  texts={"notes": d["pdf_notes"], "figures": d["pdf_figures"]})


def write_tables(graph: Graph, texts: Texts, out: Output, folder: str) -> None:
    lang, d = texts.lang, texts.d
    evaluation = graph.content.evaluation
    assert evaluation is not None, "check stops a build without an evaluation block (content.no_evaluation)"
    recommendations = recommendations_table(graph, texts)
    out.write(f"{folder}recommendations-{lang}.csv", table_csv(recommendations))
    out.write(f"{folder}recommendations-{lang}.xlsx", recommendations_xlsx(
        recommendations, d["recommendations_sheet"], texts.plain(evaluation.title),
        d["response_values"], d["response_prompt"]))
    out.write(f"{folder}lessons-good-practices-{lang}.csv", table_csv(lessons_table(graph, texts)))


def write_templates(graph: Graph, texts: Texts, out: Output, folder: str) -> None:
    evaluation = graph.content.evaluation
    assert evaluation is not None, "check stops a build without an evaluation block (content.no_evaluation)"
    for item_type in registry.ilo_template_types():
        words = TemplateWords.of(texts, item_type)
        for item in getattr(graph.content, item_type.collection_key):
            if item.template is not None:  # only the items the report gives an ILO template for
                out.write(f"{folder}templates/{item.id}-{texts.lang}.docx",
                          template_docx(item, words, texts, evaluation))
