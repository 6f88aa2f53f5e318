"""A synthetic library of evaluations for the portal benchmark, made from the bundled one.

Evaluation i is a copy of the bundled content with its own code, year, country,
timing, type and keywords, its own words in every recommendation, lesson and
good practice (a per-evaluation token woven into each sentence, as in
synthetic.py), and management responses whose statuses, dates and key actions
vary with i (some actions overdue). Item IDs stay R1…R9 as in real reports, so
`R4` exists in every evaluation and is found together with the code.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
COUNTRIES = [("Perú", "Peru"), ("Bolivia", "Bolivia"), ("Colombia", "Colombia"), ("Ecuador", "Ecuador"),
             ("Chile", "Chile"), ("Paraguay", "Paraguay"), ("México", "Mexico"), ("Guatemala", "Guatemala"),
             ("Honduras", "Honduras"), ("Argentina", "Argentina"), ("Brasil", "Brazil"), ("Uruguay", "Uruguay")]
TIMINGS = [("Final", "Final"), ("Intermedia", "Mid-term")]
TYPES = [("Proyecto", "Project"), ("Programa", "Programme"), ("Clúster", "Cluster")]
KEYWORDS = [("trata de personas", "human trafficking"), ("trabajo infantil", "child labour"),
            ("empleo juvenil", "youth employment"), ("protección social", "social protection"),
            ("migración laboral", "labour migration"), ("género", "gender")]
MONTHS = [("Marzo", "March"), ("Junio", "June"), ("Septiembre", "September"), ("Diciembre", "December")]
STATUSES = ["accepted", "partially accepted", "not accepted", "accepted"]
ACTION_STATUSES = ["completed", "in progress", "not started", "in progress", "no longer applicable"]


def _vary(text, token: str):
    if isinstance(text, dict):
        return {lang: _vary(value, token) for lang, value in text.items()}
    if not isinstance(text, str):
        return text
    return re.sub(r"([.;:])( |$)", lambda m: f" {token}{m.group(1)}{m.group(2)}", text)


def _rewrite(path: Path, collections: tuple[str, ...], token: str) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key in collections:
        for item in data.get(key) or []:
            for name in ("title", "text"):
                if name in item:
                    item[name] = _vary(item[name], token)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")


def _cover(path: Path, i: int) -> None:
    year = 2015 + i % 10
    country, timing, kind = COUNTRIES[i % len(COUNTRIES)], TIMINGS[i % 2], TYPES[i % 3]
    month = MONTHS[i % 4]
    words = [KEYWORDS[i % 6], KEYWORDS[(i * 5 + 1) % 6]]
    text = path.read_text(encoding="utf-8")
    fields = {
        "code": f'"SYN/{year % 100:02d}/{i:03d}/ILO"',
        "country": "{es: %s, en: %s}" % country,
        "timing": "{es: %s, en: %s}" % timing,
        "type": "{es: %s, en: %s}" % kind,
        "completion_date": "{es: %s %d, en: %s %d}" % (month[0], year, month[1], year),
    }
    for name, value in fields.items():
        text = re.sub(rf"^  {name}: .*$", f"  {name}: {value}", text, count=1, flags=re.M)
    text = re.sub(r"^  keywords:\n(    .*\n)+", "", text, flags=re.M)
    text = re.sub(r"^  keywords: .*\n", "", text, flags=re.M)
    keywords = "{es: \"%s\", en: \"%s\"}" % (", ".join(k[0] for k in words), ", ".join(k[1] for k in words))
    text = text.replace("\n  code:", f"\n  keywords: {keywords}\n  code:", 1)
    path.write_text(text, encoding="utf-8")


def _responses(i: int, year: int) -> dict:
    responses = []
    for n in range(1, 1 + i % 7):  # 0 to 6 of the 9 recommendations answered
        status = STATUSES[(i + n) % 4]
        actions = []
        for a in range(1, 1 + (i + n) % 3 + (status != "not accepted")):
            due_year = year + 2 + (i + a) % 3  # after the response (year + 1, February)
            action_status = ACTION_STATUSES[(i + n + a) % 5]
            actions.append({
                "id": f"KA{n}.{a}",
                "text": {"es": f"Acción clave {a} de la recomendación R{n}, evaluación {i}",
                         "en": f"Key action {a} of recommendation R{n}, evaluation {i}"},
                "unit": ["ILO country office", "Project team", "Ministry of Labour"][(i + a) % 3],
                "due": f"{due_year}-{1 + (i + a) % 12:02d}-28", "status": action_status,
                "updates": [{"date": f"{year + 1}-06-{10 + a:02d}", "text": {
                    "es": f"Avance registrado para la acción {a}", "en": f"Progress recorded for action {a}"}}],
            })
        responses.append({"recommendation": f"R{n}", "status": status, "date": f"{year + 1}-02-15",
                          "text": {"es": f"Respuesta de la gerencia a R{n}.", "en": f"Management response to R{n}."},
                          "key_actions": actions})
    return {"management_responses": responses}


def make_evaluation(i: int, folder: Path, source: Path = ROOT / "content") -> Path:
    """PROJECT folder `folder` holding evaluation i of the synthetic library."""
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(source, folder / "content")
    content = folder / "content"
    _cover(content / "evaluation.yaml", i)
    token = f"variante{i}"
    _rewrite(content / "recommendations.yaml", ("recommendations",), token)
    _rewrite(content / "lessons.yaml", ("lessons",), token)
    _rewrite(content / "good-practices.yaml", ("good_practices",), token)
    year = 2015 + i % 10
    (content / "management-responses.yaml").write_text(
        yaml.safe_dump(_responses(i, year), allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


def write_portal_yml(portal: Path, folders: list[Path], title: str = "Synthetic library") -> None:
    """portal.yml naming the evaluation folders (given as paths: made absolute)."""
    write_portal_entries(portal, [str(Path(f).resolve()) for f in folders], title)


def write_portal_entries(portal: Path, entries: list[str], title: str = "Synthetic library") -> None:
    lines = [f"title: {{es: {title}, en: {title}}}", "languages: [es, en]", "edition: public", "downloads: false",
             "evaluations:"] + [f"  - {entry}" for entry in entries]
    portal.mkdir(parents=True, exist_ok=True)
    (portal / "portal.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def clone_artifacts(seeds: list[Path], n: int, target: Path) -> list[Path]:
    """N artifacts for an assembly-only benchmark, cloned from a few built for real (`seeds`): artifact i
    is seed i % len(seeds) with its own code (CLN/i/ILO), title (the seed's + " #i") and country; its
    site is hard-linked (the portal links evaluation sites, it never reads them), its evaluation.json
    and artifact.json are rewritten. No project folders: assembled with --from-artifacts."""
    import json
    import os

    folders = []
    for i in range(n):
        folder = target / f"c{i:04d}"
        folders.append(folder)
        if (folder / "artifact.json").is_file():
            continue
        seed = seeds[i % len(seeds)]
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(seed / "site", folder / "site", copy_function=os.link)
        export = json.loads((seed / "evaluation.json").read_text(encoding="utf-8"))
        cover = export["evaluation"]
        cover["code"] = f"CLN/{i:04d}/ILO"
        cover["title"] = {lang: f"{text} #{i}" for lang, text in (cover.get("title") or {}).items() if text}
        country = COUNTRIES[(i * 7) % len(COUNTRIES)]
        cover["country"] = {lang: country[k] for k, lang in enumerate(("es", "en")) if lang in export["languages"]}
        (folder / "evaluation.json").write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
        meta = json.loads((seed / "artifact.json").read_text(encoding="utf-8"))
        meta["code"] = cover["code"]
        (folder / "artifact.json").write_text(json.dumps(meta), encoding="utf-8")
    return folders

