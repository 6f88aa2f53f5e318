"""The portal's data: evaluations and their items read from artifacts' JSON exports, with facet values.

Pure data for the page templates, the exports and the search index. An
evaluation written in fewer languages than the portal is shown, in a portal
language it lacks, in its own first language (`shown_lang`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from datetime import date
from typing import Iterable, Protocol, Sequence

from ..content import registry
from ..content.markdown import plain_text
from ..content.responses import KeyAction
from ..export import ExportJson
from ..followup import CLOSED_ACTION_STATUSES, ActionView, action_view
from ..urls import ITEM_PAGES, directory_url, section_page
from .artifacts import Artifact

# Facets of an evaluation from the value sets of its items that are not library items themselves
# (a criterion's rating): (facet = the value set's name, item kind, field).
VALUE_FACETS = tuple((role.name, t.kind, name) for t in registry.item_types() if t.item and not t.portal
                     for name, role in registry.value_set_fields(t.model).items())
EVALUATION_FACETS = ("year", "country", "type", "timing", "keywords", "language",
                     *dict.fromkeys(facet for facet, _, _ in VALUE_FACETS))
RECOMMENDATION_FACETS = EVALUATION_FACETS + ("addressee", "priority", "response", "follow_up")
LIST_KINDS = {t.kind: t.page[:-3] for t in registry.item_types() if t.portal == "list"}
# The library's items: what the lists show and the portal's search indexes. Findings and section
# narratives stay searchable in each evaluation's own site; in the portal they would multiply the
# index by four (96 more records per evaluation) for the evidence behind these items.
ITEM_KINDS = (*LIST_KINDS, *registry.kinds(portal="search"))
SEPARATORS = re.compile(r"\s*[;,]\s*")


class Faceted(Protocol):
    """An evaluation or an item: what has facet values."""

    facets: dict[str, list["FacetValue"]]


def slugify(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "x"


@dataclass(frozen=True)
class FacetValue:
    key: str                    # in URLs and data attributes (language-independent)
    labels: tuple[tuple[str, str], ...]  # ((lang, label), …)

    def label(self, lang: str) -> str:
        labels = dict(self.labels)
        return labels.get(lang) or next(iter(labels.values()), self.key)


@dataclass
class EvaluationRecord:
    slug: str
    artifact: Artifact
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)

    @property
    def code(self) -> str:
        return self.artifact.code

    @cached_property
    def languages(self) -> list[str]:
        return self.artifact.languages  # read on every card, label and text of the evaluation

    @property
    def data(self) -> ExportJson:
        evaluation: ExportJson = self.artifact.export.get("evaluation", {})
        return evaluation

    def shown_lang(self, lang: str) -> str:
        return lang if lang in self.languages else self.languages[0]

    def text(self, value: object, lang: str) -> str:
        """A localized text of the export in `lang`, else in the evaluation's own languages."""
        if not isinstance(value, dict):
            return "" if value is None else str(value)
        for candidate in (lang, *self.languages):
            if value.get(candidate):
                return str(value[candidate])
        return str(next((v for v in value.values() if v), ""))

    def search_text(self, name: str, lang: str) -> str:
        """A cover field only the search index shows (SEARCH_ONLY_COVER) in `lang`, as text."""
        value = self.data.get(name)
        if value is None:
            value = self.artifact.read_texts().get("evaluation", {}).get(name)
        return self.text(value, lang)

    def site_url(self, lang: str, page: str = "index.md", anchor: str = "") -> str:
        """A page of the evaluation's own site, relative to the portal root."""
        shown = self.shown_lang(lang)
        prefix = "" if shown == self.languages[0] else f"{shown}/"
        return f"e/{self.slug}/{prefix}{directory_url(page)}" + (f"#{anchor}" if anchor else "")


@dataclass(slots=True)  # tens of thousands in a library: no __dict__ each
class ItemRecord:
    evaluation: EvaluationRecord
    kind: str
    data: ExportJson
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    response: ExportJson | None = None
    actions: list[ActionView] = field(default_factory=list)   # of its key actions
    _plain: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)  # (field, lang) -> plain text

    @property
    def id(self) -> str:
        return str(self.data["id"])

    def title(self, lang: str) -> str:
        return self._text("title", lang)

    def body(self, lang: str) -> str:
        return self._text("text" if "text" in self.data or "text" in self._texts() else "narrative_text", lang)

    def raw(self, name: str) -> object:
        """A field of the item's data as exported; its body and a search-only item's fields are its
        evaluation's texts (split_texts), read when needed (one evaluation's at a time), never kept."""
        return self.data[name] if name in self.data else self._texts().get(name)

    def _texts(self) -> ExportJson:
        if self.kind not in ITEM_KINDS:
            return {}
        texts: ExportJson = self.evaluation.artifact.read_texts().get("items", {}).get(f"{self.kind}/{self.id}", {})
        return texts

    def _text(self, name: str, lang: str) -> str:
        """Plain text; a held field's (its title) computed once: an item is shown on its list, its facet
        pages and in the index. Its body is read when needed (raw) and not kept."""
        if name not in self.data:
            return plain_text(self.evaluation.text(self._texts().get(name), lang))
        if (name, lang) not in self._plain:
            self._plain[(name, lang)] = plain_text(self.evaluation.text(self.data.get(name), lang))
        return self._plain[(name, lang)]

    def url(self, lang: str) -> str:
        kind, item_id = self.kind, self.id
        if kind == "section":
            return self.evaluation.site_url(lang, section_page(item_id))
        if kind == "finding":
            return self.evaluation.site_url(lang, section_page(self.data["parent"]), item_id)
        return self.evaluation.site_url(lang, ITEM_PAGES[kind], item_id)


@dataclass
class Library:
    evaluations: list[EvaluationRecord]
    items: list[ItemRecord]
    build_date: date

    def of_kind(self, kind: str) -> list[ItemRecord]:
        return [item for item in self.items if item.kind == kind]

    def facet_values(self, records: Iterable["Faceted"], facet: str) -> list[FacetValue]:
        """The values of a facet that occur, sorted by key (years newest first)."""
        values = {v.key: v for record in records for v in record.facets.get(facet, [])}
        return sorted(values.values(), key=lambda v: v.key, reverse=facet == "year")


def table_page(export: ExportJson, table: ExportJson) -> str:
    """The page of the evaluation's site a table is on (urls.Linker.table_page, from the export): an
    annex table on the annexes page, any other on the first findings page that embeds it."""
    if table.get("page"):  # worked out before the export was slimmed (records.slim_export)
        return str(table["page"])
    if not table.get("annex"):
        embed = f"[[table:{table.get('id')}]]"
        for item in export.get("items", []):
            if item.get("type") == "section" and any(embed in (text or "")
                                                      for text in (item.get("narrative_text") or {}).values()):
                return section_page(item["id"])
    return "annexes.md"


def slim_export(export: ExportJson) -> ExportJson:
    """What the portal keeps of an evaluation's export: its cover, responses and value sets, and the items
    its pages, exports and index show (recommendations, lessons, good practices, conclusions, the
    institutions they address, the items of the value facets, and the table rows that follow up an
    earlier evaluation, with the page they are on). Findings and section narratives (about 85 % of an
    export) stay in the evaluation's own site; a library of thousands is not held in memory whole."""
    keep = {*ITEM_KINDS, "institution", *(kind for _, kind, _ in VALUE_FACETS)}
    items = []
    for item in export.get("items", []):
        if item.get("type") in keep:
            items.append({k: v for k, v in item.items() if k not in UNSHOWN_FIELDS})
        elif item.get("type") == "table" and any(row.get("follows_up") for row in item.get("rows", [])):
            items.append({**item, "rows": [row for row in item.get("rows", []) if row.get("follows_up")],
                          "page": table_page(export, item)})
    cover = {k: v for k, v in (export.get("evaluation") or {}).items() if k not in UNSHOWN_COVER}
    return {**export, "evaluation": cover, "items": items, "glossary": [], "charts": []}


# What the library holds of an item is what its cards, facets, follow-up links and the JSON export read
# without its body (HELD_FIELDS), and of the kinds only the search index shows (search.GROUPED_KINDS)
# STUB_FIELDS; the rest (its body, the wording of its addressees, priority, resources and timeframe,
# its links to criteria, lessons and good practices…), with the cover's summary, is read per evaluation
# when needed (split_texts, Artifact.read_texts; ItemRecord.raw reads both).
SEARCH_ONLY_KINDS = registry.kinds(portal="search")
STUB_FIELDS = ("id", "type", "parent", "follows_up")
HELD_FIELDS = (*STUB_FIELDS, "title", "addressees", "priority", "resources", "timeframe", "conclusions")
SEARCH_ONLY_COVER = ("summary_text",)


def split_texts(export: ExportJson) -> tuple[ExportJson, ExportJson]:
    """A slimmed export as (what the library holds, its texts: the cover's summary and the library
    items' fields but HELD_FIELDS (a search-only item's but its stub), keyed "KIND/ID"). The texts are about
    two thirds of a slimmed export; Artifact.read_texts reads them again when one evaluation's cards,
    record pages or export rows are made."""
    items, texts = [], {}
    for item in export.get("items", []):
        kind = item.get("type")
        if kind in ITEM_KINDS:
            held = STUB_FIELDS if kind in SEARCH_ONLY_KINDS else HELD_FIELDS
            items.append({k: v for k, v in item.items() if k in held})
            moved = {k: v for k, v in item.items() if k not in held}
            if moved:
                texts[f"{kind}/{item.get('id')}"] = moved
        else:
            items.append(item)
    cover = dict(export.get("evaluation") or {})
    cover_texts = {name: cover.pop(name) for name in SEARCH_ONLY_COVER if name in cover}
    return {**export, "evaluation": cover, "items": items}, {"evaluation": cover_texts, "items": texts}


# What the portal never shows of a kept item or of the cover (a lesson's or good practice's filled-in
# template form, backlinks, the translation note): about a fifth of a slimmed export, held per evaluation.
UNSHOWN_FIELDS = ("template", "template_title", "cited_by")
UNSHOWN_COVER = ("translation_note",)


def make_library(artifacts: list[Artifact], portal_languages: list[str], build_date: date,
                 vocabulary: "Vocabulary | None" = None) -> Library:
    evaluations, items = [], []
    used: set[str] = set()
    vocabulary = vocabulary or Vocabulary.from_catalogs(portal_languages)
    for artifact in artifacts:
        record = EvaluationRecord(_unique_slug(slugify(artifact.code), used), artifact)
        record.facets = evaluation_facets(record, portal_languages)
        evaluations.append(record)
    unify_facets(evaluations, TEXT_FACETS, vocabulary, portal_languages)
    for record in evaluations:
        items += item_records(record, build_date)
    unify_facets([item for item in items if item.facets is not item.evaluation.facets], ("addressee",), vocabulary,
                 portal_languages)
    return Library(evaluations, items, build_date)


def drop_library_inputs(library: Library) -> None:
    """What make_library alone reads of each export, dropped once the library is made (an assembly makes
    it once): the institutions (addressees' labels), the items of the value facets (a criterion's rating)
    and the value sets (labels), about a quarter of what the library would hold of each evaluation.
    Pages, exports and the search index read the cover, the library's items, the follow-up tables and the
    management responses."""
    keep = set(ITEM_KINDS)
    for record in library.evaluations:
        export = record.artifact.export
        items = [item for item in export.get("items", []) if item.get("type") in keep
                 or (item.get("type") == "table" and any(row.get("follows_up") for row in item.get("rows", [])))]
        record.artifact.export = {**{k: v for k, v in export.items() if k != "value_sets"}, "items": items}


# --- one value per meaning, labelled in every language ------------------------------------------

# Facets whose values are texts of the evaluations (not keys): the same value is written differently
# by each evaluation and in each language ("Perú" / "Peru", "Final" / "Finale").
TEXT_FACETS = ("country", "type", "timing", "keywords")
CATALOG_FACETS = ("type", "timing")  # known values: portal.values.<facet> in the interface texts
FALLBACK_MARK = "{label} ({lang})"  # a value with no label in the page's language: the original, marked


def fold(text: str) -> str:
    """A label compared across evaluations: no accents, no case, single spaces."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    return " ".join(re.sub(r"[^\w]+", " ", folded).split())


@dataclass
class Vocabulary:
    """Language-neutral keys for known values: {facet: {folded label: key}} and their labels
    {facet: {key: {lang: label}}} (evaluation types and timings from the catalogs, countries by ISO code)."""

    keys: dict[str, dict[str, str]]
    labels: dict[str, dict[str, dict[str, str]]]

    @classmethod
    def from_catalogs(cls, languages: list[str]) -> "Vocabulary":
        from ..i18n import Catalogs

        catalogs = Catalogs()
        keys: dict[str, dict[str, str]] = {facet: {} for facet in (*TEXT_FACETS, "addressee")}
        labels: dict[str, dict[str, dict[str, str]]] = {facet: {} for facet in keys}
        known = sorted(set(languages) | set(catalogs.languages()))
        for lang in known:
            try:
                values = catalogs.strings(lang).get("portal", {}).get("values", {})
            except Exception:  # noqa: BLE001 - a language without interface texts
                continue
            for facet in CATALOG_FACETS:
                for key, label in (values.get(facet) or {}).items():
                    keys[facet].setdefault(fold(str(label)), key)
                    keys[facet].setdefault(fold(key), key)
                    labels[facet].setdefault(key, {})[lang] = str(label)
        for lang in known:
            for code, name in _territories(lang).items():
                keys["country"].setdefault(fold(name), code.lower())
                labels["country"].setdefault(code.lower(), {})[lang] = name
        return cls(keys, labels)


def _territories(lang: str) -> dict[str, str]:
    """ISO 3166 country codes (and UN M.49 regions) with their names in `lang`, from Babel's CLDR data."""
    try:
        from babel import Locale

        return {code: name for code, name in Locale.parse(lang).territories.items()
                if code != "ZZ" and "-" not in code}
    except Exception:  # noqa: BLE001 - a language Babel does not know: no country names from it
        return {}


def unify_facets(records: Sequence["Faceted"], facets: tuple[str, ...], vocabulary: Vocabulary, languages: list[str]) -> None:
    """One FacetValue per meaning for each of `facets`: values that share a label (in any language, any
    evaluation) are one value; its key is the vocabulary's (a catalog key, an ISO code) when a label is
    known, else made from its English (else first) label; its labels are the vocabulary's, else the
    evaluations' own, else the original marked with its language."""
    for facet in facets:
        groups = _groups([v for record in records for v in record.facets.get(facet, [])])
        unified: dict[FacetValue, FacetValue] = {}
        for members in groups:
            value = _unified_value(facet, members, vocabulary, languages)
            unified.update((member, value) for member in members)
        for record in records:
            record.facets[facet] = list(dict.fromkeys(unified[v] for v in record.facets.get(facet, [])))


def _groups(values: list["FacetValue"]) -> list[list["FacetValue"]]:
    """Values joined when they share a folded label or key (union-find), in first-seen order."""
    parent: dict[int, int] = {}

    def find(i: int) -> int:
        while parent.setdefault(i, i) != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    unique = list(dict.fromkeys(values))
    seen: dict[str, int] = {}
    for index, value in enumerate(unique):
        find(index)
        for word in {fold(label) for _, label in value.labels if label} or {value.key}:
            if word in seen:
                parent[find(index)] = find(seen[word])
            else:
                seen[word] = index
    groups: dict[int, list[FacetValue]] = {}
    for index, value in enumerate(unique):
        groups.setdefault(find(index), []).append(value)
    return list(groups.values())


def _unified_value(facet: str, members: list["FacetValue"], vocabulary: Vocabulary,
                   languages: list[str]) -> FacetValue:
    own: dict[str, str] = {}
    for member in members:
        for lang, label in member.labels:
            if label and lang:
                own.setdefault(lang, label)
    known = vocabulary.keys.get(facet, {})
    key = next((known[fold(label)] for m in members for _, label in m.labels if fold(label) in known), None)
    if key is not None:
        labels = {**own, **vocabulary.labels.get(facet, {}).get(key, {})}
    else:
        original = own.get("en") or next(iter(own.values()), members[0].key)
        key = slugify(original) if own else members[0].key
        labels = own
    original_lang = members[0].labels[0][0] if members[0].labels else ""
    original_label = dict(members[0].labels).get(original_lang) or next(iter(labels.values()), key)
    same_everywhere = len(set(own.values())) == 1 and len(own) > 1  # an acronym, a name: no language of its own
    for lang in languages:
        if lang not in labels:
            labels[lang] = FALLBACK_MARK.format(label=original_label, lang=original_lang) \
                if original_lang and not same_everywhere else original_label
    return FacetValue(key, tuple(sorted(labels.items())))


def _unique_slug(slug: str, used: set[str]) -> str:
    candidate, n = slug, 2
    while candidate in used:
        candidate, n = f"{slug}-{n}", n + 1
    used.add(candidate)
    return candidate


def _split_values(record: EvaluationRecord, value: object, languages: list[str], split: bool) -> list[FacetValue]:
    """A (possibly comma-separated) localized field as facet values, keyed by the original language."""
    if not value:
        return []
    original = record.text(value, record.languages[0])
    keys = SEPARATORS.split(original) if split else [original]
    # Labels only in the languages the evaluation wrote (unify_facets labels the others).
    own = [lang for lang in record.languages if isinstance(value, dict) and value.get(lang)] or record.languages[:1]
    per_lang = {lang: SEPARATORS.split(record.text(value, lang)) if split else [record.text(value, lang)]
                for lang in own}
    result = []
    for index, key in enumerate(keys):
        if not key.strip():
            continue
        labels = tuple((lang, parts[index] if len(parts) == len(keys) else key) for lang, parts in per_lang.items())
        result.append(FacetValue(slugify(plain_text(key)), tuple((lang, plain_text(label)) for lang, label in labels)))
    return result


def evaluation_facets(record: EvaluationRecord, languages: list[str]) -> dict[str, list[FacetValue]]:
    data = record.data
    year = _year(record)
    return {
        "year": [FacetValue(year, tuple((lang, year) for lang in languages))] if year else [],
        "country": _split_values(record, data.get("country"), languages, split=True),
        "type": _split_values(record, data.get("type"), languages, split=False),
        "timing": _split_values(record, data.get("timing"), languages, split=False),
        "keywords": _split_values(record, data.get("keywords"), languages, split=True),
        "language": [FacetValue(lang, ()) for lang in record.languages],
        **_value_facets(record),
    }


def _value_facets(record: EvaluationRecord) -> dict[str, list[FacetValue]]:
    """The values of VALUE_FACETS the evaluation's items hold (labelled by the portal's interface texts,
    else as the evaluation's export labels them: a value a project adds is labelled by the project)."""
    found: dict[str, dict[str, FacetValue]] = {facet: {} for facet, _, _ in VALUE_FACETS}
    for data in record.artifact.export.get("items", []):
        for facet, kind, name in VALUE_FACETS:
            value = data.get(name)
            if data.get("type") == kind and isinstance(value, str) and value not in found[facet]:
                found[facet][value] = FacetValue(value, _value_set_labels(record, facet, value))
    return {facet: list(values.values()) for facet, values in found.items()}


def _year(record: EvaluationRecord) -> str | None:
    for name in ("completion_date", "approval_date"):
        years: list[str] = re.findall(r"\b(?:19|20)\d{2}\b", record.text(record.data.get(name), record.languages[0]))
        if years:
            return years[-1]
    return None


def item_records(record: EvaluationRecord, build_date: date) -> list[ItemRecord]:
    export = record.artifact.export
    institutions = {i["id"]: i for i in export.get("items", []) if i.get("type") == "institution"}
    responses = {r["recommendation"]: r for r in export.get("management_responses", [])}
    items = []
    for data in export.get("items", []):
        kind = data.get("type")
        if kind not in ITEM_KINDS:
            continue
        # Only a recommendation has facets of its own; the others share their evaluation's (tens of
        # thousands of items in a library: a copy each was a tenth of what the library held).
        item = ItemRecord(record, kind, data, facets=dict(record.facets) if kind == "recommendation" else record.facets)
        if kind == "recommendation":
            _add_recommendation_facets(item, institutions, responses.get(item.id), build_date)
        items.append(item)
    return items


def _add_recommendation_facets(item: ItemRecord, institutions: dict[str, ExportJson], response: ExportJson | None,
                               build_date: date) -> None:
    data, record = item.data, item.evaluation
    addressees = []
    for inst_id in data.get("addressees") or []:
        short = institutions.get(inst_id, {}).get("short")
        labels = tuple((lang, record.text(short, lang) or inst_id) for lang in record.languages) if short else ()
        addressees.append(FacetValue(slugify(inst_id), labels or (("", inst_id),)))
    item.facets["addressee"] = addressees
    item.facets["priority"] = [FacetValue(data["priority"], _value_set_labels(record, "priority", data["priority"]))
                               ] if data.get("priority") else []
    item.response = response
    item.facets["response"] = [FacetValue(response["status"].replace(" ", "-") if response else "none", ())]
    if response:
        item.actions = [action_view(item.id, KeyAction.model_validate(a), build_date)
                        for a in response.get("key_actions", [])]
    item.facets["follow_up"] = [FacetValue(follow_up_status(item.actions), ())]


def _value_set_labels(record: EvaluationRecord, name: str, value: str) -> tuple[tuple[str, str], ...]:
    """((lang, label), …) of a value of the evaluation's value set `name`, as its export labels it
    (a value a project adds in reportgen.yml is labelled by the project, not by the portal's texts)."""
    for entry in record.artifact.export.get("value_sets", {}).get(name, []):
        if entry.get("id") == value:
            labels = entry.get("label") or {}
            return tuple((lang, labels[lang]) for lang in record.languages if labels.get(lang))
    return ()


def follow_up_status(actions: list[ActionView]) -> str:
    """One word for a recommendation's key actions: overdue, completed, in-progress, not-started, no-actions."""
    if not actions:
        return "no-actions"
    if any(a.overdue for a in actions):
        return "overdue"
    if all(a.status in CLOSED_ACTION_STATUSES for a in actions):
        return "completed"
    if any(a.status != "not started" for a in actions):
        return "in-progress"
    return "not-started"
