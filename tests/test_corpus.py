"""The bad-input corpus: broken and hostile content sets, run through the real CLI.

Every case is a folder tests/corpus/<category>/<name>/ holding a `case.yaml` that says
how to turn a copy of tests/fixtures/sample into the broken set (`steps`) and what must
happen (`expect`); tests/corpus/README.md documents the format. For each case:

- the sample is copied, the steps are applied, and a previous good build of the sample
  is copied into `<tmp>/site`;
- `reportgen build --out <tmp>/site` runs through the real CLI in a subprocess, inside a
  small wrapper that measures its wall time and peak memory; `reportgen check` runs
  through the same entry point (reportgen.cli.main) in this process, except for the
  isolated cases (timed ones, and inputs that may crash the interpreter), where both
  commands run as measured subprocesses, one after the other;
- neither may print "Traceback"; both must exit with the expected code and name every
  expected problem (file, line, column, item, words);
- when the build must fail, every file of the previous site is byte-identical afterwards
  and no staging folder is left behind; when it must succeed, the new site must be inert:
  no script other than the theme's, no event-handler attribute, no javascript:/data: URL,
  no page replaced by the 404 template, and the hostile text visible as text.

The other cases' builds run concurrently (a few at a time) in one session fixture; the
isolated ones run alone, so that their timings mean something.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import csv
import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, copy_content, run_cli

CORPUS = Path(__file__).resolve().parent / "corpus"
SAMPLE = FIXTURES / "sample"
DEFAULT_TIMEOUT = 180          # seconds per command when a case sets no max_seconds
CONCURRENT_CASES = 3           # pooled cases build this many at a time
SUCCESS_BUILD_ARGS = ["--no-downloads"]  # successful builds skip the PDF unless a case asks otherwise


# --- the cases ------------------------------------------------------------------------------

def load_cases() -> list[dict]:
    cases = []
    for path in sorted(CORPUS.glob("*/*/case.yaml")):
        case = yaml.safe_load(path.read_text(encoding="utf-8"))
        case["id"] = f"{path.parent.parent.name}/{path.parent.name}"
        case["category"] = path.parent.parent.name
        case["folder"] = path.parent
        cases.append(case)
    return cases


CASES = load_cases()
# Timed cases, and cases that may crash the interpreter, run alone and only in subprocesses.
ISOLATED = [c for c in CASES if "max_seconds" in c["expect"] or c.get("isolated")]
POOLED = [c for c in CASES if c not in ISOLATED]


def _params(cases):
    return [pytest.param(c, id=c["id"], marks=[pytest.mark.xfail(strict=True, reason=" ".join(c["xfail"].split()))]
                         if c.get("xfail") else []) for c in cases]


# --- applying a case to a copy of the sample --------------------------------------------------

class Workspace:
    def __init__(self, root: Path):
        self.root = root
        self.content = copy_content(root)           # <root>/content
        self.outside = root / "outside"             # a folder next to content/, for escapes
        self.outside.mkdir()
        self.site = root / "site"

    def fill(self, text: str) -> str:
        return text.replace("{tmp}", str(self.root)).replace("{outside}", str(self.outside)) \
                   .replace("{content}", str(self.content))

    def path(self, relative: str) -> Path:
        return self.content / relative


def apply_steps(case: dict, ws: Workspace) -> None:
    for step in case.get("steps", []):
        (op, args), = step.items()
        STEPS[op](ws, **args)


def _replace(ws, file, old, new, encoding="utf-8", count="one"):
    path = ws.path(file)
    data = path.read_bytes()
    old_b, new_b = ws.fill(old).encode("utf-8"), ws.fill(new).encode(encoding)
    found = data.count(old_b)
    if count == "one":
        assert found == 1, f"corpus step: {old!r} occurs {found} times in {file}"
        data = data.replace(old_b, new_b)
    else:
        assert found >= 1, f"corpus step: {old!r} not in {file}"
        data = data.replace(old_b, new_b, 1)
    path.write_bytes(data)


def _write(ws, file, text, encoding="utf-8"):
    path = ws.path(file)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(ws.fill(text).encode(encoding))


def _reencode(ws, file, encoding, newline="\n"):
    path = ws.path(file)
    path.write_bytes(path.read_text(encoding="utf-8").replace("\n", newline).encode(encoding))


def _outside(ws, file, text):
    (ws.outside / file).write_text(text, encoding="utf-8")


def _symlink(ws, file, target):
    ws.path(file).symlink_to(ws.fill(target))


def _mkdir(ws, file):
    ws.path(file).mkdir(parents=True)


def _delete(ws, file):
    ws.path(file).unlink()


FILLER = ("El equipo evaluador reviso los documentos del proyecto y entrevisto a las personas "
          "responsables de cada componente para entender los cambios logrados. ")  # ASCII: cut anywhere


def _generate(ws, kind, file, size_mb=None, count=None, depth=None):
    path = ws.path(file)
    if kind == "paragraphs":
        paragraph = (FILLER * 6).strip() + "\n\n"
        block = "### Apartado\n\n" + paragraph * 20
        size = int(size_mb * 1024 * 1024)
        text = block * (size // len(block) + 1)
        path.write_bytes(text.encode("ascii")[:size])
    elif kind == "long_line":
        size = int(size_mb * 1024 * 1024)
        path.write_bytes((FILLER * (size // len(FILLER) + 1)).encode("ascii")[:size - 1] + b"\n")
    elif kind == "findings":
        text = path.read_text(encoding="utf-8")
        extra = "".join(f"  - id: HX{i}\n    text:\n      es: Hallazgo generado número {i}.\n"
                        f"      en: Generated finding number {i}.\n" for i in range(count))
        assert text.count("  narrative:\n") == 1
        path.write_text(text.replace("  narrative:\n", extra + "  narrative:\n"), encoding="utf-8")
    elif kind == "table_rows":  # a table of `count` rows, embedded, charted and referred to by a row ID
        rows = "".join(f"  - {{id: ROW{i}, cells: {{a: v{i}, n: {i}}}}}\n" for i in range(count))
        path.write_text("tables:\n- id: huge\n  title: {es: Grande, en: Huge}\n  columns:\n"
                        "  - {id: a, label: {es: A, en: A}}\n  - {id: n, label: {es: N, en: N}, type: number}\n"
                        f"  rows:\n{rows}charts:\n- {{id: huge-chart, table: huge, label_column: a, value_columns: [n], "
                        "title: {es: G, en: G}, annex: true}\n", encoding="utf-8")
    elif kind == "long_text":  # R1's English text, `count` characters long
        line = "    en: Projects should be designed starting from the results (see [[C1]]).\n"
        text = path.read_text(encoding="utf-8")
        assert text.count(line) == 1
        path.write_text(text.replace(line, "    en: " + ("word " * (count // 5)).strip() + "\n"), encoding="utf-8")
    elif kind == "nested_flow":
        path.write_text("glossary: " + "[" * depth + "]" * depth + "\n", encoding="utf-8")
    else:
        raise ValueError(f"unknown generator {kind!r}")


STEPS = {"replace": _replace, "write": _write, "reencode": _reencode, "outside": _outside,
         "symlink": _symlink, "mkdir": _mkdir, "delete": _delete, "generate": _generate}


def expected_line(ws: Workspace, file: str, spec) -> int | None:
    """A line given as a number, or as {find: TEXT, offset: N, occurrence: K} in the broken file."""
    if spec is None or isinstance(spec, int) or spec == "any":
        return spec
    path = ws.root / file  # problems name files as content/...
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    lines = text.replace("\r\n", "\n").split("\n")
    needle = spec["find"]
    found = [i + 1 for i, line in enumerate(lines) if needle in line]
    occurrence = spec.get("occurrence", 1)
    assert len(found) >= occurrence, f"{needle!r} is on lines {found} of {file}"
    if "occurrence" not in spec:
        assert len(found) == 1, f"{needle!r} is on lines {found} of {file}: not unique"
    return found[occurrence - 1] + spec.get("offset", 0)


# --- running the CLI, measured ----------------------------------------------------------------

# Runs one command in its own session; reports exit code, wall time, peak memory (of the
# command and everything it waited for) and output as JSON. Kills the whole group on timeout.
_MEASURE = r"""
import json, os, resource, signal, subprocess, sys, time
timeout, cwd, cmd = float(sys.argv[1]), sys.argv[2], sys.argv[3:]
start = time.perf_counter()
proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
try:
    out, err = proc.communicate(timeout=timeout)
    timed_out = False
except subprocess.TimeoutExpired:
    os.killpg(proc.pid, signal.SIGKILL)
    out, err = proc.communicate()
    timed_out = True
json.dump({"rc": proc.returncode, "seconds": time.perf_counter() - start, "timed_out": timed_out,
           "maxrss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
           "stdout": out.decode("utf-8", "replace"), "stderr": err.decode("utf-8", "replace")}, sys.stdout)
"""


def start_measured(args, cwd: Path, timeout: float) -> subprocess.Popen:
    cmd = [sys.executable, "-c", _MEASURE, str(timeout), str(cwd), sys.executable, "-m", "reportgen", *map(str, args)]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def finish_measured(proc: subprocess.Popen, timeout: float) -> dict:
    out, err = proc.communicate(timeout=timeout + 60)
    assert proc.returncode == 0, f"measuring wrapper failed: {err.decode(errors='replace')}"
    return json.loads(out)


def tree_hashes(folder: Path) -> dict[str, str]:
    """{relative path: sha256 (or 'dir' / 'link -> target')} of everything under `folder`."""
    result = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            result[rel] = f"link -> {path.readlink()}"
        elif path.is_dir():
            result[rel] = "dir"
        else:
            result[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return result


def prepare(case: dict, root: Path, good_site: Path) -> dict:
    """Apply the case to a copy of the sample; put a copy of a good site where the build will write."""
    ws = Workspace(root)
    apply_steps(case, ws)
    shutil.copytree(good_site, ws.site, symlinks=True)
    return {"ws": ws, "before": tree_hashes(ws.site)}


def cli_args(case: dict, ws: Workspace) -> tuple[list, list]:
    common = ["--project", ws.root, "--content", ws.content]
    build_args = case.get("build_args", SUCCESS_BUILD_ARGS if case["expect"]["exit"] == 0 else [])
    return ["check", *common], ["build", *common, "--out", ws.site, *build_args]


def finish(outcome: dict) -> dict:
    ws = outcome["ws"]
    outcome["after"] = tree_hashes(ws.site) if ws.site.exists() else None
    # The lock file beside the output stays by design (deleting it would race); nothing else may.
    outcome["leftovers"] = sorted(p.name for p in ws.root.iterdir()
                                  if p.name.startswith(".site") and p.name != ".site.lock")
    return outcome


def run_case(case: dict, root: Path, good_site: Path) -> dict:
    """Both commands in measured subprocesses, one after the other (for the isolated cases)."""
    outcome = prepare(case, root, good_site)
    timeout = case["expect"].get("max_seconds", DEFAULT_TIMEOUT)
    for command, args in zip(("check", "build"), cli_args(case, outcome["ws"])):
        outcome[command] = finish_measured(start_measured(args, root, timeout), timeout)
    return finish(outcome)


def run_in_process(args) -> dict:
    """`reportgen ARGS` through reportgen.cli.main in this process (no interpreter start-up)."""
    from reportgen import cli

    out, err = io.StringIO(), io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            rc = cli.main([str(a) for a in args])
        except SystemExit as exc:
            rc = exc.code
        except BaseException:  # shows up as "Traceback" in the output, which every case forbids
            traceback.print_exc()
            rc = None
    return {"rc": rc, "seconds": time.perf_counter() - start, "timed_out": False, "maxrss_mb": 0.0,
            "stdout": out.getvalue(), "stderr": err.getvalue()}


@pytest.fixture(scope="session")
def good_site(tmp_path_factory) -> Path:
    """A complete build of the sample (downloads included): the 'previous site' of every case."""
    root = tmp_path_factory.mktemp("corpus-good")
    result = run_cli("build", "--project", root, "--content", SAMPLE, "--out", root / "site", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.fixture(scope="session")
def clean_scripts(good_site) -> set[str]:
    """The theme's own scripts, as they appear in a clean build (normalised)."""
    scripts = set()
    for page in good_site.rglob("*.html"):
        scan = scan_page(page)
        assert not scan.bad, f"the clean build is not inert? {page}: {scan.bad}"
        scripts |= {normalise_script(s) for s in scan.scripts}
    return scripts


@pytest.fixture(scope="session")
def pooled_runs(tmp_path_factory, good_site) -> dict[str, dict]:
    """Every pooled case; {case id: outcome, or the exception raised while running it}.

    `check` runs in this process (it only reads), one case after another; the builds run
    through the real CLI in subprocesses, a few cases at a time.
    """
    base = tmp_path_factory.mktemp("corpus")
    outcomes: dict[str, object] = {}
    for case in POOLED:
        root = Path(tempfile.mkdtemp(prefix=case["id"].replace("/", "--") + "-", dir=base))
        try:
            outcome = prepare(case, root, good_site)
            outcome["check"] = run_in_process(cli_args(case, outcome["ws"])[0])
            outcomes[case["id"]] = outcome
        except Exception as exc:  # reported by the case's own test
            outcomes[case["id"]] = exc

    def build(case):
        outcome = outcomes[case["id"]]
        if isinstance(outcome, Exception):
            return
        try:
            proc = start_measured(cli_args(case, outcome["ws"])[1], outcome["ws"].root, DEFAULT_TIMEOUT)
            outcome["build"] = finish_measured(proc, DEFAULT_TIMEOUT)
            finish(outcome)
        except Exception as exc:
            outcomes[case["id"]] = exc

    with concurrent.futures.ThreadPoolExecutor(CONCURRENT_CASES) as pool:
        list(pool.map(build, POOLED))
    return outcomes


# --- what a run must look like ----------------------------------------------------------------

def output_of(run: dict) -> str:
    return run["stdout"] + run["stderr"]


def problem_lines(run: dict) -> list[str]:
    """Lines that report a problem; `build` prefixes warnings with 'warning: '."""
    lines = []
    for line in run["stderr"].splitlines() + run["stdout"].splitlines():
        if line.startswith("warning: ") and re.match(r"^warning: \S+?(:\d+)*: (error|warning|note) ", line):
            line = line[len("warning: "):]
        if re.match(r"^\S+?(:\d+)*: (error|warning|note) ", line):
            lines.append(line)
    return lines


def assert_problem(run: dict, ws: Workspace, spec: dict, command: str) -> None:
    file = spec["file"]
    line = expected_line(ws, file, spec.get("line"))
    severity = spec.get("severity", "error")
    tail = f": {severity} " + (f"[{spec['item']}] " if spec.get("item") else "") + (
        f"{spec['code']}: " if spec.get("code") else "")
    where = file if line is None else f"{file}:{line}" + (f":{spec['column']}" if "column" in spec else "")
    # The column is optional in a report; a spec without one accepts any.
    at = re.escape(where) + ("" if "column" in spec else r"(:\d+)?") + re.escape(tail)
    candidates = problem_lines(run)
    if line is None:
        matching = [p for p in candidates if re.match(re.escape(file) + r"(:\d+)*" + re.escape(tail), p)]
    elif line == "any":  # some line, which one is not defined (e.g. where an alias bomb hits the limit)
        matching = [p for p in candidates if re.match(re.escape(file) + r":\d+(:\d+)?" + re.escape(tail), p)]
    else:
        matching = [p for p in candidates if re.match(at, p)]
    if spec.get("line_may_be_in_message") and line is not None:
        matching += [p for p in candidates if re.match(re.escape(file) + r"(:\d+)*" + re.escape(tail), p)
                     and re.search(rf"\bline {line}\b", p)]
    matching = [p for p in matching if all(word in p for word in spec.get("words", []))]
    assert matching, (f"{command}: no problem at {where!r}{tail.rstrip()} with words {spec.get('words')};\n"
                      f"exit code {run['rc']}; problems reported:\n" + "\n".join(candidates or [output_of(run)]))


def check_run_basics(case: dict, run: dict, command: str) -> None:
    expect = case["expect"]
    assert not run["timed_out"], (f"{command} did not finish within {expect.get('max_seconds', DEFAULT_TIMEOUT)} s "
                                  f"(peak memory so far {run['maxrss_mb']:.0f} MB)")
    assert "Traceback" not in output_of(run), f"{command} crashed:\n{output_of(run)[-3000:]}"
    allowed = expect["exit"] if isinstance(expect["exit"], list) else [expect["exit"]]
    assert run["rc"] in allowed, f"{command}: exit code {run['rc']}, expected {allowed}:\n{output_of(run)[-3000:]}"
    if "max_seconds" in expect:
        assert run["seconds"] < expect["max_seconds"], f"{command} took {run['seconds']:.1f} s"
    if "max_rss_mb" in expect:
        assert run["maxrss_mb"] < expect["max_rss_mb"], f"{command} peaked at {run['maxrss_mb']:.0f} MB"
    for text in expect.get("absent_in_output", []):
        assert text not in output_of(run), f"{command} printed {text!r}:\n{output_of(run)[-2000:]}"


def verify(case: dict, outcome, clean_scripts: set[str]) -> None:
    if isinstance(outcome, Exception):
        raise outcome
    ws, expect = outcome["ws"], case["expect"]
    for command in ("check", "build"):
        run = outcome[command]
        check_run_basics(case, run, command)
        specs = expect.get("problems", [])
        if run["rc"] == 1 and "when_rejected" in expect:
            specs = expect["when_rejected"]
        for spec in specs:
            assert_problem(run, ws, spec, command)
    if "no_file" in expect:
        assert not Path(ws.fill(expect["no_file"])).exists(), "a command in the content was executed"
    assert outcome["leftovers"] == [], f"staging folders left behind: {outcome['leftovers']}"
    if outcome["build"]["rc"] != 0:
        assert outcome["after"] == outcome["before"], "the previous site changed although the build failed:\n" + \
            "\n".join(sorted(k for k in set(outcome["before"]) | set(outcome["after"] or {})
                             if (outcome["after"] or {}).get(k) != outcome["before"].get(k)))
        assert "nothing was built" in outcome["build"]["stderr"]
        return
    if expect.get("inert"):
        assert_inert_site(ws.site, clean_scripts)
    for spec in expect.get("visible", []):
        text = page_text(ws.site / spec["page"])
        assert squash(spec["text"]) in text, f"{spec['page']} does not show {spec['text']!r} as text"
    for spec in expect.get("absent_visible", []):
        text = page_text(ws.site / spec["page"])
        assert squash(spec["text"]) not in text, f"{spec['page']} shows {spec['text']!r}"
    for needle in expect.get("absent_in_site", []) + expect.get("absent_in_output", []):
        hits = [p.relative_to(ws.site).as_posix() for p in ws.site.rglob("*")
                if p.is_file() and p.suffix in TEXT_SUFFIXES and needle.encode("utf-8") in p.read_bytes()]
        assert not hits, f"{needle!r} found in {hits}"
    if expect.get("spreadsheets_inert"):
        assert_spreadsheets_inert(ws.site)


TEXT_SUFFIXES = {".html", ".json", ".xml", ".js", ".css", ".md", ".txt", ".csv", ".svg"}


# --- inert HTML -------------------------------------------------------------------------------

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "background", "data", "srcset"}
BAD_SCHEME = re.compile(r"^(javascript|vbscript|data):", re.IGNORECASE)
EMBEDDING_TAGS = {"iframe", "frame", "object", "embed"}
# A <base> that stays inside the site ("./", "../../"): the 404 pages' own (site.relative_404), whose
# links are relative to the site's root. Any other <base> would redirect every relative link.
SITE_BASE = re.compile(r"(?:\./|(?:\.\./)+)")


class Scan(HTMLParser):
    """Scripts, dangerous attributes and visible text of one HTML document."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts: list[tuple[str | None, str]] = []
        self.script_tags = 0
        self.bad: list[str] = []
        self.text: list[str] = []
        self.h1: list[str] = []
        self._script: list | None = None
        self._skip = 0
        self._in_h1 = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = value or ""
            if re.fullmatch(r"on\w+", name):
                self.bad.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES and BAD_SCHEME.match(re.sub(r"[\x00-\x20]", "", value)):
                self.bad.append(f"<{tag} {name}={value!r}>")
            if name == "srcdoc":
                self.bad.append(f"<{tag} srcdoc>")
            if tag == "meta" and name == "http-equiv" and value.lower() == "refresh":
                self.bad.append("<meta http-equiv=refresh>")
        if tag in EMBEDDING_TAGS or (tag == "base" and not SITE_BASE.fullmatch(dict(attrs).get("href") or "")):
            self.bad.append(f"<{tag}>")
        if tag == "script":
            self.script_tags += 1
            self._script = [dict(attrs).get("src"), ""]
        if tag in ("script", "style", "title"):
            self._skip += 1
        if tag == "h1":
            self._in_h1 = True

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in ("script", "style", "title"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script[0], self._script[1]))
            self._script = None
        if tag in ("script", "style", "title") and self._skip:
            self._skip -= 1
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data):
        if self._script is not None:
            self._script[1] += data
        elif not self._skip:
            self.text.append(data)
        if self._in_h1:
            self.h1.append(data)


def scan_html(html: str) -> Scan:
    scan = Scan()
    scan.feed(html)
    scan.close()
    raw = len(re.findall(r"<script\b", html, re.IGNORECASE))
    if raw != scan.script_tags:
        scan.bad.append(f"'<script' appears {raw} times but only {scan.script_tags} script elements were parsed")
    return scan


def normalise_script(script: tuple[str | None, str]) -> str:
    src, body = script
    if src:
        return "src:" + re.sub(r"^(\.\./|\./|/en/|/)+", "", src)
    body = re.sub(r'new URL\("[^"]*"', 'new URL(""', body)
    body = re.sub(r'"base": ?"[^"]*"', '"base": ""', body)
    return "inline:" + re.sub(r"\s+", " ", body).strip()


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def page_text(page: Path) -> str:
    return squash("".join(scan_page(page).text))


_SCANS: dict[bytes, Scan] = {}  # page digest -> scan: pages that no case changed are parsed once


def scan_page(page: Path) -> Scan:
    data = page.read_bytes()
    key = hashlib.sha256(data).digest()
    if key not in _SCANS:
        _SCANS[key] = scan_html(data.decode("utf-8"))
    return _SCANS[key]


def assert_inert_site(site: Path, clean_scripts: set[str]) -> None:
    problems = []
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site).as_posix()
        scan = scan_page(page)
        problems += [f"{rel}: {b}" for b in scan.bad]
        problems += [f"{rel}: script not in the clean build: {normalise_script(s)[:160]!r}"
                     for s in scan.scripts if normalise_script(s) not in clean_scripts]
        if not rel.endswith("404.html") and squash("".join(scan.h1)).startswith("404"):
            problems.append(f"{rel}: the page was replaced by the 404 page")
    for index in site.rglob("search_index.json"):
        for doc in json.loads(index.read_text(encoding="utf-8")).get("docs", []):
            for key in ("title", "text"):
                scan = scan_html(doc.get(key) or "")
                problems += [f"{index.relative_to(site)} [{doc.get('location')}].{key}: {b}"
                             for b in scan.bad + [f"<script> {s}" for s in scan.scripts]]
    assert not problems, "the site is not inert:\n" + "\n".join(sorted(set(problems))[:40])


def assert_spreadsheets_inert(site: Path) -> None:
    formula = re.compile(r"^[=+@\t\r]|^-[^\d\s]")
    problems = []
    for path in site.rglob("*.csv"):
        for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))):
            problems += [f"{path.name}: {cell[:60]!r}" for cell in row if formula.match(cell)]
    openpyxl = pytest.importorskip("openpyxl")
    for path in site.rglob("*.xlsx"):
        for sheet in openpyxl.load_workbook(path):
            for row in sheet.iter_rows():
                problems += [f"{path.name}!{sheet.title}!{c.coordinate}: formula {str(c.value)[:60]!r}"
                             for c in row if c.data_type == "f"]
    csvs = list(site.rglob("*.csv"))
    assert csvs, "no CSV download was built"
    assert not problems, "spreadsheet downloads hold live formulas from the content:\n" + "\n".join(problems)


# --- the tests --------------------------------------------------------------------------------

def test_corpus_is_large_enough():
    categories = {}
    for case in CASES:
        categories.setdefault(case["category"], []).append(case["id"])
        assert case["expect"]["exit"] in (0, 1, [0, 1]), case["id"]
        assert case.get("description"), case["id"]
    assert len(CASES) >= 40
    assert all(len(ids) >= 3 for ids in categories.values()), {k: len(v) for k, v in categories.items()}


def test_clean_build_passes_the_inert_checks(good_site, clean_scripts):
    """The detector itself: a clean build is inert, and the theme has scripts to compare with."""
    assert any(s.startswith("src:") for s in clean_scripts)
    assert_inert_site(good_site, clean_scripts)
    assert_spreadsheets_inert(good_site)


@pytest.mark.parametrize("case", _params(POOLED))
def test_corpus_case(case, pooled_runs, clean_scripts):
    verify(case, pooled_runs[case["id"]], clean_scripts)


@pytest.mark.parametrize("case", _params(ISOLATED))
def test_isolated_corpus_case(case, tmp_path, good_site, clean_scripts):
    verify(case, run_case(case, tmp_path, good_site), clean_scripts)
