"""Every kind of problem reportgen reports, declared once: code → default level, description, hint.

A code is dotted and stable (`link.unknown`, `text.untranslated`): tools, editors and a
project's `validation:` settings in reportgen.yml name problems by it, so a code is never
renamed or reused for something else. Every `report.error/warning/note`, `Problem(...)` and
`ContentError.single` call names one of these (tests/unit/test_problem_codes.py checks every
call site); docs/problems.md is generated from this table (`python3 scripts/problem_codes_doc.py`).

`lowerable=False` marks problems a build cannot go on with (a broken YAML file, a link to
nothing): a project may raise any level, but these stay errors whatever reportgen.yml says.
"""

from __future__ import annotations

from dataclasses import dataclass

LEVELS = ("error", "warning", "note", "ignore")  # most to least severe; "ignore" drops the problem
_RANK = {level: rank for rank, level in enumerate(LEVELS)}


@dataclass(frozen=True)
class Code:
    name: str
    level: str          # the default level: error, warning or note
    description: str    # one line: what the problem is
    hint: str           # one line: what to do about it in general
    lowerable: bool = True  # False: always an error (the build cannot go on with it)

    @property
    def group(self) -> str:
        return self.name.split(".", 1)[0]

    def refusal(self, level: str) -> str | None:
        """Why this code cannot be set to `level` (None when it can)."""
        if self.lowerable or _RANK[level] <= _RANK[self.level]:
            return None
        return f"{self.name} is always an error ({self.description}): the build cannot go on with it"


def _error(name: str, description: str, hint: str, lowerable: bool = False) -> Code:
    return Code(name, "error", description, hint, lowerable)


def _warning(name: str, description: str, hint: str) -> Code:
    return Code(name, "warning", description, hint)


def _note(name: str, description: str, hint: str) -> Code:
    return Code(name, "note", description, hint)


SECTIONS: tuple[tuple[str, tuple[Code, ...]], ...] = (
    ("Files and YAML", (
        _error("file.unreadable", "a file or folder cannot be read (permissions, vanished, not a file)",
               "make it readable (chmod u+r) or remove it"),
        _error("file.too_large", "a content or Markdown file is larger than reportgen reads",
               "split it into several files"),
        _error("file.encoding", "a file is not UTF-8 text (or holds a NUL byte)", "save it as UTF-8 text"),
        _error("text.control_character", "a text holds a control character (other than tab and line break), which "
               "Word and spreadsheet files cannot hold", "delete it: the message names the character and its line"),
        _warning("file.empty", "a content file holds nothing", "delete it or add content"),
        _error("path.outside", "a file, folder or Markdown path leads outside the content folder",
               "copy the file into the content folder instead of linking to it"),
        _error("yaml.syntax", "the file is not valid YAML", "check indentation, colons and quotes near the line"),
        _error("yaml.too_deep", "the YAML nests deeper than content files may",
               "content files are lists of items with a few levels of fields"),
        _error("yaml.too_large", "aliases (*name) expand the file past the limits, or it holds too many values",
               "write the items out instead of repeating them through aliases"),
        _error("yaml.unsupported", "a YAML feature content files do not use (tags, merge keys, recursive aliases, "
               "non-text keys)", "write plain text, numbers, lists and mappings"),
        _error("yaml.duplicate_key", "a mapping has the same key twice (YAML keeps only one)",
               "delete or rename one of them"),
        _error("yaml.implicit_type", "YAML reads an unquoted value as another type (a date, true/false, infinity)",
               "quote the value"),
    )),
    ("The content folder and its files", (
        _error("content.not_found", "the content folder does not exist", "give the folder with --content"),
        _error("content.empty", "the content folder holds no YAML file", "add the content files"),
        _error("content.no_evaluation", "no file has the 'evaluation:' block", "add it, with at least title and code"),
        _error("content.structure", "a content file or collection has the wrong shape (not a mapping, not a list)",
               "a file is a mapping of collections; a collection is a list of items"),
        _error("content.unknown_collection", "a content file has a top-level key that is no collection",
               "use one of the collection names (did-you-mean is given)"),
        _error("content.duplicate_block", "a block that exists once ('evaluation:', 'chapters:') is written twice",
               "keep only one"),
        _error("markdown.missing", "a Markdown file named in the YAML does not exist", "create it or correct the path"),
        _error("markdown.wrong_type", "a Markdown file field names a folder or a file that is not .md",
               "name a .md file"),
        _error("markdown.brackets", "so many nested or unclosed '[' that Markdown would take minutes to render",
               "remove the brackets or escape them as \\["),
        _error("markdown.local_path", "a link or image points to the build machine's files or outside the content "
               "folder", "use a path relative to the text's file, inside the content folder"),
        _error("markdown.remote_image", "an image is on another site (the site must work offline)",
               "copy the image into the content folder, or set 'allow_remote_images: true'"),
        _error("markdown.image_file", "an image of the content folder is missing, or in a format browsers do not "
               "show (EMF, WMF, TIFF…)", "correct the path, or save the picture as PNG, JPEG, GIF or SVG"),
    )),
    ("Fields of items", (
        _error("schema.unknown_key", "an item has a field the content model does not know",
               "correct the spelling (did-you-mean is given) or remove the field"),
        _error("schema.missing_field", "a required field is missing", "add it"),
        _error("schema.invalid", "a field holds the wrong type of value (text for a number, a list for a mapping…)",
               "write the value the field takes"),
        _error("id.invalid", "an ID uses characters IDs may not have",
               "IDs start with a letter and use letters, digits, '.', '_' and '-'"),
        _error("value.unknown", "a field holds a value outside its allowed values (or the project's value sets)",
               "use an allowed value, or add it under value_sets in reportgen.yml"),
        _error("custom_field.undeclared", "an item uses a custom field reportgen.yml does not declare",
               "declare it under custom_fields in reportgen.yml"),
        _error("date.invalid", "a date is not a calendar date", "write it as \"YYYY-MM-DD\""),
    )),
    ("IDs and links", (
        _error("id.duplicate", "two items (or comments, key actions, charts, columns) have the same ID",
               "IDs must be unique; rename one"),
        _error("id.reserved", "an ID is the name of a page or folder of the site", "choose another ID"),
        _error("id.case_clash", "two IDs differ only by upper/lower case", "rename one of them"),
        _error("glossary.duplicate_term", "a glossary term is defined twice", "keep one definition"),
        _error("link.unknown", "a link field names an ID no item has", "correct the ID (did-you-mean is given)"),
        _error("link.wrong_kind", "a link field names an item of the wrong type",
               "link to an item of the type the field takes"),
        _error("link.internal", "a link to an internal item, which the public edition leaves out",
               "remove the link or make the target public"),
        _error("reference.unknown", "a [[ID]] reference in a text names no item", "correct the ID"),
        _error("reference.no_page", "a [[ID]] reference names an item that has no page",
               "refer to an item with a page"),
        _error("embed.unknown", "an [[table:…]] or [[chart:…]] embed names no table or chart", "correct the name"),
        _warning("reference.lookalike", "a [[ID]] reference holds a character that only looks like the one an ID has "
                 "(Cyrillic С, Greek Ο, Roman numeral Ⅽ, a letter l for a digit 1: Unicode's confusables); the "
                 "message names it and the ID", "retype the ID as the message gives it"),
        _warning("reference.invisible", "a [[ID]] reference holds an invisible character (zero-width space, "
                 "direction mark)", "retype the reference; the message names the character"),
        _warning("reference.malformed", "a [[…]] is not a reference: what is inside is no ID (a path, spaces, "
                 "punctuation), so the page shows the brackets as text", "write [[ID]] with an item's ID, or "
                 "escape the brackets as \\[\\[ if they are meant as text"),
        _error("id.old_id_live", "an item's old_ids names an ID that a live item has (two elements would get one "
               "id, links would land on the wrong item)", "remove it from old_ids"),
    )),
    ("Texts and translations", (
        _error("text.missing_original", "a text has no version in the report's original language",
               "write the original text (the first language in reportgen.yml)"),
        _error("text.unknown_language", "a text is written in a language that is not one of the project's",
               "add the language to 'languages' in reportgen.yml, or remove the text", lowerable=True),
        _warning("text.untranslated", "a text has no translation in one of the project's languages (the page shows "
                 "the original with a notice)",
                 "translate it, or write 'LANG: null' to mark it knowingly untranslated"),
        _note("text.untranslated_knowingly", "a text is marked 'LANG: null': knowingly left untranslated",
              "translate it when the time comes"),
        _note("acronym.undefined", "an acronym is used in the texts but not in the acronym list (glossary)",
              "add it to 'glossary:' (term and expansion)"),
        _note("acronym.no_list", "the texts use acronyms and the report has no acronym list",
              "add 'glossary:' entries (term, expansion)"),
        _warning("text.too_long_for_cell", "a text is longer than a spreadsheet cell holds (32,767 characters): "
                 "the XLSX download cuts it", "shorten the text, or move its detail into a Markdown file"),
        _warning("text.too_long_for_template", "a title or the template evaluator is longer than a Word document "
                 "property holds (255 characters): the ILO templates cut it there", "shorten it"),
        _warning("import.note", "an item still carries the note 'reportgen import' left on a guess",
                 "confirm the guess and delete import_note"),
    )),
    ("Tables and charts", (
        _warning("table.unused", "a table is embedded nowhere and is not an annex",
                 "embed it with [[table:ID]] or set 'annex: true'"),
        _warning("chart.unused", "a chart is embedded nowhere and is not an annex",
                 "embed it with [[chart:ID]] or set 'annex: true'"),
        _error("table.columns", "a table's columns are inconsistent (a column under a missing one, every column "
               "under another)", "correct the 'under' of the columns"),
        _error("table.unknown_column", "a row has a cell for a column the table does not define",
               "correct the column ID (did-you-mean is given)"),
        _error("table.cell_type", "a cell holds text in a number column or a number in a text column",
               "write the value the column's type takes, or change the type"),
        _error("table.row_group", "a row names a row group that does not exist, or is in none while the table has "
               "groups", "add 'group:' with one of the table's groups"),
        _error("table.row_label", "a subtotal or total row has no label", "add a label"),
        _warning("table.sum_mismatch", "a subtotal or total written by the author differs from its rows' sum",
                 "correct the figure, or leave it out to have it computed"),
        _error("chart.invalid", "a chart cannot be drawn from its table (missing table or column, text column, "
               "mixed units, negative values in a pie)", "correct the chart's table or columns"),
    )),
    ("Comment rounds and management responses", (
        _error("comment.unknown_round", "a comment names a round that is not defined", "add the round to 'rounds:'"),
        _error("comment.unknown_target", "a comment targets an item or page that does not exist",
               "use an item ID or page:NAME"),
        _error("comment.unknown_reply_to", "a comment's reply_to names no comment",
               "name the comment this one answers"),
        _note("comment.unplaced", "a comment is not placed on any item or page yet (no target)",
              "add 'target:' (an item ID or page:NAME) once you know what it is about"),
        _error("comment.unknown_changed", "a comment's response.changed lists an ID that is not an item",
               "list deleted items under response.removed"),
        _error("round.unanswered", "check --final: a comment of the round has no response",
               "add 'response:' with status and text before the round is closed", lowerable=True),
        _error("response.unknown_recommendation", "a management response answers no recommendation",
               "correct the recommendation ID"),
        _error("response.duplicate", "a second management response to one recommendation",
               "keep one response; record later progress as key-action updates"),
        _error("action.due_too_early", "a key action is due before management's response date",
               "correct one of the dates", lowerable=True),
        _error("action.update_in_future", "a key-action update is dated after the build date",
               "correct its date", lowerable=True),
    )),
    ("Reviewers' comments (reportgen comments import)", (
        _error("review.comments_file", "a reviewer's comments file (Word, matrix, or the review site's JSON) "
               "cannot be read, or holds an invalid comment", "give the file as the reviewer saved it"),
        _error("review.matrix_row", "a row of a comments matrix cannot be read", "correct the row in the matrix"),
        _error("review.duplicate_file_name", "two comments files of one import have the same name (comments are "
               "told apart by file name)", "rename one copy and import again"),
    )),
    ("reportgen.yml and interface texts", (
        _error("config.invalid", "reportgen.yml is not a valid configuration (not a mapping, no languages, a "
               "repeated language, field or value)", "correct reportgen.yml"),
        _error("config.validation", "reportgen.yml's 'validation:' names an unknown code or lowers one that must "
               "stay an error", "use the codes of docs/problems.md"),
        _error("config.site_url", "site_url is not a web address (http:// or https://)",
               "write the address the site is published at, e.g. https://example.org/evaluations/x/"),
        _error("interface.placeholder", "an interface text overridden by the project (vocabulary: or templates/i18n/) "
               "has other {placeholders} than the built-in text", "keep the built-in text's placeholders, spelled "
               "as they are (they are not translated)"),
        _error("language.no_texts", "no interface texts (menus, headings) for one of the project's languages",
               "add templates/i18n/LANG.yaml to the project (a copy of en.yaml, translated)"),
    )),
    ("Translators' files (reportgen translate)", (
        _error("catalog.format", "a translation file is not a PO or XLIFF file", "give a .po or .xlf file"),
        _error("catalog.syntax", "a PO or XLIFF file is broken", "repair it in the translation tool, or export again"),
        _error("catalog.language", "a translation file's language is missing or not a target language",
               "give --language LANG"),
        _error("catalog.duplicate_entry", "a translation file has two entries for one text", "keep only one"),
        _error("catalog.unknown_context", "a translation file has an entry for a text the content does not have",
               "export again"),
        _error("catalog.outdated", "the original of a translated text changed since the file was exported",
               "export again, or import with --accept-fuzzy"),
        _error("catalog.markdown_file", "a translated Markdown file cannot be written as the file asks",
               "name the file in the YAML or translate every paragraph"),
        _error("catalog.block_shape", "a translated paragraph is not one block of the same kind as the original",
               "keep one block: no blank lines, the same heading level"),
        _error("catalog.write_failed", "a translation cannot be written into the YAML", "edit the file by hand"),
        _error("catalog.project", "a translation file was exported from another project (its "
               "Project-Id-Version or XLIFF file@original is not this evaluation's code)",
               "import the file into the project it was exported from, or export again from this one"),
        _error("catalog.truncated", "a translation file ends before its closing entry (it was cut short)",
               "ask for the whole file again, or export again"),
        _error("catalog.too_large", "a translation file, or a text in it, is larger than reportgen accepts",
               "give the file written by 'reportgen translate export'"),
        _error("catalog.stale", "a translation file is older than the translation in the content: importing "
               "it would overwrite a newer translation", "export again and merge, or import with --force"),
        _error("catalog.tags", "a translation misses, repeats or adds an inline tag (bold, italics, a link, a "
               "footnote reference, an [[ID]] reference) of its original",
               "put every tag of the original in the translation, once"),
        _warning("catalog.content_language", "the texts of a translation file look like another language "
                 "than the one it declares", "check the file's Language: / target-language and --language"),
        _note("catalog.fuzzy_skipped", "an entry still marked fuzzy (or needing review) was not imported",
              "clear the mark once reviewed, or import with --accept-fuzzy"),
        _note("catalog.partial", "a translation file holds part of the exported entries (a partial delivery)",
              "import the other parts when they arrive"),
        _error("sidecar.invalid", "the translation fingerprints file (.translations/) is broken",
               "restore it from version control"),
        _error("terms.invalid", "the term base (content/terms.yaml) has an entry reportgen cannot read",
               "write each term as in docs/translation.md"),
        _warning("terms.forbidden", "a translation uses a variant of a term that the term base forbids",
                 "write the term base's equivalent"),
        _warning("terms.missing", "a translation holds none of the term base's equivalents of a term of its "
                 "original", "use the equivalent, or add the wording to the term's equivalents"),
    )),
    ("The portal", (
        _error("portal.config", "portal.yml is missing or not a valid portal configuration", "correct portal.yml"),
        _error("portal.evaluation", "an evaluation of the portal does not build", "run reportgen check on it"),
        _error("portal.artifact", "an evaluation artifact is missing, broken or of the wrong edition",
               "build it again with reportgen portal build"),
        _error("portal.duplicate_code", "two evaluations of the portal have the same evaluation code",
               "give each evaluation its own code"),
        _error("portal.output", "the portal's output folder holds something else than a portal",
               "choose another --out folder"),
    )),
)
TABLE: tuple[Code, ...] = tuple(code for _, codes in SECTIONS for code in codes)

CODES: dict[str, Code] = {code.name: code for code in TABLE}
# Problems a build (and the live preview) counts instead of listing: one line for all of them
# ('reportgen check' lists them).
UNTRANSLATED = ("text.untranslated", "text.untranslated_knowingly")


DOC_PATH = "docs/problems.md"  # generated by reference_markdown(); tests/unit/test_problem_codes.py compares

_DOC_HEAD = """\
# Problems and their codes

<!-- Generated from src/reportgen/problem_codes.py by `python3 scripts/problem_codes_doc.py`; do not edit. -->

Every problem `reportgen check` (and `build`, `translate import`, `comments import`, `portal build`)
reports carries a **code**: dotted, stable, the same in every language and release. It appears in
each line of the output, after the level and the item:

```text
content/recommendations.yaml:12: error [R3] link.unknown: R3.findings → H99: no item with ID 'H99' (did you mean 'H9'?)
```

`reportgen check --format json` prints the problems as a JSON array on standard output, for tools
and editors: one object per problem with `file`, `line`, `column`, `item`, `code`, `level`,
`message` and `hint` (the problem's own hint, or the code's general one). The summary line goes to
standard error and the exit code is the same as with the text output: 0 clean, 1 errors (or
warnings with `--strict`), 2 a usage error (a wrong option, no content folder), which is said on
standard error with no JSON.

## Levels

Each code has a default level:

- **error**: the content cannot be built as it is; `check` and `build` fail.
- **warning**: worth fixing; the build goes on. `--strict` turns warnings into errors.
- **note**: worth knowing (a text knowingly left untranslated, an acronym not in the list); never a failure.

A project sets other levels per code in `reportgen.yml`, under `validation:`. The levels are
`error`, `warning`, `note` and `ignore` (the problem is not reported at all; `check` counts the
ignored ones in its summary line):

```yaml
validation:
  text.untranslated: error      # every text must be translated before the build
  acronym.undefined: ignore     # this report does not keep an acronym list
  table.unused: note
```

Any code can be **raised** (a note made a warning or an error). Only the codes marked *can be
lowered* below can be set below their default level when that level is error: the others describe
content the build cannot go on with (a broken YAML file, a link to no item), and `check` refuses
such a setting with a `config.validation` error at its line in reportgen.yml. An unknown code is
refused the same way, with the nearest known code suggested. `--strict` applies after the
project's levels: a code the project lowered to a warning fails a strict build; one lowered to a
note or ignored does not.

The levels apply wherever the project is checked: `check`, `build`, `serve`, `snapshot` and
`export` (a code raised to error stops the build). `reportgen schema` writes them into
`schemas/config.schema.json`, so an editor completes the codes under `validation:`. `build`
lists each warning in full, and counts the rest per code: one line for the untranslated texts
(`text.untranslated` and `text.untranslated_knowingly`), one for the notes (e.g.
`12 acronym.undefined`); `reportgen check` lists them all.

## The codes

"""


def reference_markdown() -> str:
    """docs/problems.md: the levels and every code, by subject."""
    parts = [_DOC_HEAD, f"{len(TABLE)} codes, by subject.\n"]
    for title, codes in SECTIONS:
        parts.append(f"\n### {title}\n\n| Code | Level | Can be lowered | What it means | What to do |\n"
                     "|---|---|---|---|---|\n")
        for code in codes:
            parts.append(_row(code))
    return "".join(parts)


def _row(code: Code) -> str:
    lowerable = "yes" if code.lowerable or code.level != "error" else "no"
    cells = [f"`{code.name}`", code.level, lowerable, code.description, code.hint]
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |\n"
