"""Faults a user or the machine can cause: each one a clear message, nothing lost.

Every case runs the real CLI in a subprocess on a copy of the sample and checks the
exit code, the one-line message (what went wrong, what to do), that no traceback is
printed and that the previous site (and every other file) is byte-identical.
"""

from __future__ import annotations

import concurrent.futures
import fcntl
import hashlib
import json
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT

SAMPLE = FIXTURES / "sample"
ROUNDS = FIXTURES / "rounds"
SRC = ROOT / "src"


def cli(*args, cwd=None, env=None, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "reportgen", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, timeout=600, env=env, **kwargs)


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_clean_failure(result, code: int, *words: str) -> None:
    output = result.stdout + result.stderr
    assert result.returncode == code, output
    assert "Traceback" not in output, output
    for word in words:
        assert word in result.stderr, (word, result.stderr)


@pytest.fixture
def content_only(tmp_path) -> Path:
    """PROJECT/content (the sample), nothing built: for checks."""
    root = tmp_path / "project"
    shutil.copytree(SAMPLE, root / "content")
    return root


@pytest.fixture
def project(tmp_path) -> Path:
    """PROJECT/content (the sample), PROJECT/templates (one override), and a built PROJECT/site."""
    root = tmp_path / "project"
    shutil.copytree(SAMPLE, root / "content")
    (root / "templates" / "pages").mkdir(parents=True)
    shutil.copy(ROOT / "templates" / "pages" / "home.md.j2", root / "templates" / "pages" / "home.md.j2")
    (root / "notes.txt").write_text("the team's notes\n", encoding="utf-8")
    result = cli("build", "--project", root, "--no-downloads")
    assert result.returncode == 0, result.stderr
    return root


# --- 3. --out never replaces what reportgen did not make ----------------------------------------

@pytest.mark.parametrize("target", [".", "content", "templates", "content/findings", "..", "notes.txt",
                                    "elsewhere"])
def test_out_refuses_sources_files_and_foreign_folders(project, target):
    (project.parent / "elsewhere").mkdir()
    (project.parent / "elsewhere" / "thesis.docx").write_bytes(b"years of work")
    before = tree(project.parent)
    out = project.parent / "elsewhere" if target == "elsewhere" else project / target
    result = cli("build", "--project", project, "--no-downloads", "--out", out)
    assert_clean_failure(result, 2, "--out", "nothing was touched")
    assert tree(project.parent) == before


def test_out_accepts_the_default_site_a_new_folder_and_an_old_unmarked_site(project, tmp_path):
    assert (project / "site" / ".reportgen-site").is_file()
    old = tmp_path / "old-site"
    shutil.copytree(project / "site", old)
    (old / ".reportgen-site").unlink()  # a site written before the marker existed
    for out in (project / "site", tmp_path / "new" / "site", old):
        result = cli("build", "--project", project, "--no-downloads", "--out", out)
        assert result.returncode == 0, result.stderr
        assert (out / ".reportgen-site").is_file() and (out / "index.html").is_file()


# --- 4. one build at a time per output folder -----------------------------------------------------

def test_a_second_build_stops_while_another_holds_the_output(project):
    before = tree(project / "site")
    with open(project / ".site.lock", "r+") as lock:
        fcntl.lockf(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        lock.seek(0)
        lock.truncate()
        lock.write("4242\n")
        lock.flush()
        result = cli("build", "--project", project, "--no-downloads")
    assert_clean_failure(result, 1, f"another build is writing {project / 'site'} (pid 4242)")
    assert tree(project / "site") == before


def _with_internal_item(content: Path) -> None:
    shutil.copy(ROUNDS / "round1.yaml", content / "round1.yaml")
    (content / "secret.es.md").write_text("Nombre Secreto de una Persona Entrevistada\n", encoding="utf-8")
    (content / "secret.en.md").write_text("Secret Name of an Interviewee\n", encoding="utf-8")
    (content / "secret.yaml").write_text(
        "documents:\n  - id: ANX9\n    visibility: internal\n    title: {es: Anexo interno, en: Internal annex}\n"
        "    body: {es: secret.es.md, en: secret.en.md}\n", encoding="utf-8")


INTERNAL_WORDS = ("Secret Name of an Interviewee", "Nombre Secreto", "ANX9")


def test_ten_concurrent_review_public_pairs_never_mix_editions(project):
    _with_internal_item(project / "content")
    runs = [("review" if i % 2 == 0 else "public") for i in range(20)]
    with concurrent.futures.ThreadPoolExecutor(len(runs)) as pool:
        results = list(pool.map(lambda edition: (edition, cli("build", "--project", project, "--no-downloads",
                                                               "--edition", edition)), runs))
    written = []
    for edition, result in results:
        assert "Traceback" not in result.stderr, result.stderr
        if result.returncode == 0:
            assert f"{edition} edition written" in result.stdout
            written.append(edition)
        else:
            assert result.returncode == 1 and "another build is writing" in result.stderr, result.stderr
    assert written, "no build succeeded"
    site = project / "site"
    texts = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*")
                      if p.suffix in (".html", ".json", ".xml", ".csv"))
    # One edition, whole: a review site has the comments log and the internal annex, a public one
    # neither, and no internal word anywhere.
    is_review = (site / "comments" / "index.html").is_file()
    assert (site / "annexes" / "ANX9" / "index.html").is_file() == is_review
    if is_review:
        assert "Secret Name of an Interviewee" in texts
    else:
        assert not [w for w in INTERNAL_WORDS if w in texts]
    assert "Persona Revisora Uno" not in texts  # a reviewer's name is never published
    for page in ("index.html", "en/index.html", "recommendations/index.html", "search/search_index.json"):
        assert (site / page).is_file(), page
    assert not list(project.glob(".site.building*")) and not list(project.glob(".site.old*"))


def test_public_build_after_review_build_leaks_nothing(project):
    _with_internal_item(project / "content")
    assert cli("build", "--project", project, "--no-downloads").returncode == 0
    result = cli("build", "--project", project, "--edition", "public")
    assert result.returncode == 0, result.stderr
    site = project / "site"
    texts = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*")
                      if p.suffix in (".html", ".json", ".xml", ".csv"))
    assert not [w for w in INTERNAL_WORDS if w in texts]


# --- 4. workers die with their parent ---------------------------------------------------------------

def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has finished; only its exit status is left


def _ctrl_c_as_a_terminal_has_it() -> None:
    """A child's Ctrl-C as in a terminal: a test run started in the background by a shell without job
    control has SIGINT ignored, and the child would inherit that (Python then raises no KeyboardInterrupt)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _wait_for_workers(process, count: int = 1, seconds: float = 400) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        workers = _children(process.pid)
        if len(workers) >= count:
            return workers
        assert process.poll() is None, process.stderr.read()
        time.sleep(0.05)
    raise AssertionError("the build started no worker process")


def _big_project(tmp_path) -> Path:
    """The bundled evaluation: its MkDocs builds last long enough to be interrupted."""
    root = tmp_path / "big"
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copy(ROOT / "reportgen.yml", root / "reportgen.yml")
    return root


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
def test_build_workers_end_with_the_build_and_the_previous_site_stays(tmp_path, sig):
    project = _big_project(tmp_path)
    site = tmp_path / "site"
    assert cli("build", "--project", project, "--no-downloads", "--out", site).returncode == 0
    before = tree(site)
    process = subprocess.Popen([sys.executable, "-m", "reportgen", "build", "--project", str(project),
                                "--no-downloads", "--out", str(site)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, preexec_fn=_ctrl_c_as_a_terminal_has_it)
    workers = _wait_for_workers(process, 2)
    time.sleep(0.3)
    process.send_signal(sig)
    _, stderr = process.communicate(timeout=60)
    deadline = time.monotonic() + 5
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [w for w in workers if _alive(w)], "worker processes outlived the build"
    assert tree(site) == before
    if sig != signal.SIGKILL:
        assert "Traceback" not in stderr, stderr
        assert "interrupted; the previous site is untouched" in stderr, stderr
        assert process.returncode == 130
        assert not list(tmp_path.glob(".site.building*"))
    else:  # nothing could clean up: the next build removes the staging folder
        assert cli("build", "--project", project, "--no-downloads", "--out", site).returncode == 0
        assert not list(tmp_path.glob(".site.building*")) and not list(tmp_path.glob(".site.old*"))



def _driver(pid: int) -> int | None:
    """The PDFs' browser driver (Playwright's, started by the build while MkDocs runs), if running."""
    for child in _children(pid):
        try:
            if b"run-driver" in Path(f"/proc/{child}/cmdline").read_bytes():
                return child
        except OSError:
            continue
    return None


def test_ctrl_c_while_the_pdfs_browser_starts_beside_mkdocs_is_the_one_line_message(tmp_path):
    """A terminal's Ctrl-C reaches the whole process group, the browser's driver too: the build still
    ends with its one line and 130, and leaves no driver, browser or staging folder behind."""
    project = _big_project(tmp_path)
    site = tmp_path / "site"
    process = subprocess.Popen([sys.executable, "-m", "reportgen", "build", "--project", str(project),
                                "--out", str(site)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=_ctrl_c_as_a_terminal_has_it, start_new_session=True)
    deadline = time.monotonic() + 400
    while (driver := _driver(process.pid)) is None or not _children(driver):  # the browser launched
        assert process.poll() is None and time.monotonic() < deadline, process.stderr.read()
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert "Traceback" not in stderr and "exception" not in stderr.lower(), stderr
    assert stderr.strip().endswith("reportgen: interrupted; the previous site is untouched"), stderr
    assert process.returncode == 130
    deadline = time.monotonic() + 5
    while _alive(driver) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(driver), "the browser's driver outlived the build"
    assert not site.exists() and not list(tmp_path.glob(".site.building*"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_serve_workers_end_with_serve(project, sig):
    process = subprocess.Popen([sys.executable, "-m", "reportgen", "serve", "--project", str(project),
                                "--port", str(_free_port())], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    try:
        line = process.stdout.readline()
        while line and "reportgen serve: http" not in line:
            line = process.stdout.readline()
        assert line, process.stderr.read()
        workers = _children(process.pid)
        assert workers, "serve keeps its build workers between rebuilds"
        process.send_signal(sig)
        process.wait(timeout=30)
        deadline = time.monotonic() + 5
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [w for w in workers if _alive(w)], "worker processes outlived serve"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


# --- 8. every failure is a message -----------------------------------------------------------------

def test_file_size_limit_is_a_message_and_the_previous_site_stays(project):
    before = tree(project / "site")
    limit = 64 * 1024  # the search index is larger
    result = subprocess.run([sys.executable, "-m", "reportgen", "build", "--project", str(project),
                             "--no-downloads"], capture_output=True, text=True, timeout=600,
                            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit)))
    assert_clean_failure(result, 1, "File too large", "ulimit -f", "the previous site is untouched")
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert tree(project / "site") == before


@pytest.mark.parametrize("override, words", [
    ("{% if %}\n", ["template error in", "home.md.j2:1", "remove the overriding copy"]),
    ("line one\n{{ ctx.no_such_helper() }}\n", ["template error in", "home.md.j2:2", "no_such_helper"]),
    ("{{ nosuchvariable }}\n", ["template error in", "home.md.j2:1", "nosuchvariable"]),
])
def test_broken_override_template_is_a_message(project, override, words):
    before = tree(project / "site")
    (project / "templates" / "pages" / "home.md.j2").write_text(override, encoding="utf-8")
    result = cli("build", "--project", project, "--no-downloads")
    assert_clean_failure(result, 1, *words, "nothing was built")
    assert tree(project / "site") == before


def test_templates_option_is_relative_to_the_working_directory(project, tmp_path):
    mine = tmp_path / "mine" / "pages"
    mine.mkdir(parents=True)
    shutil.copy(ROOT / "templates" / "pages" / "home.md.j2", mine / "home.md.j2")
    with open(mine / "home.md.j2", "a", encoding="utf-8") as handle:
        handle.write("\nOVERRIDE-MARK-FROM-CWD\n")
    result = cli("build", "--project", project, "--no-downloads", "--templates", "mine", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "OVERRIDE-MARK-FROM-CWD" in (project / "site" / "index.html").read_text(encoding="utf-8")


def test_corrupt_snapshot_is_a_message(project):
    before = tree(project / "site")
    (project / "snapshots").mkdir()
    (project / "snapshots" / "round-1.json").write_text('{"format": "reportgen/1", "items": [', encoding="utf-8")
    result = cli("build", "--project", project, "--no-downloads")
    assert_clean_failure(result, 2, "snapshot", "round-1.json", "cannot be read")
    assert tree(project / "site") == before


@pytest.mark.parametrize("since", ["--output=VICTIM", "-h", "../../etc/passwd"])
def test_since_never_reaches_git_as_an_option(project, since):
    victim = project / "VICTIM"
    victim.write_text("keep me\n", encoding="utf-8")
    before = tree(project)
    result = cli("build", "--project", project, "--no-downloads", f"--since={since}", cwd=project)
    assert_clean_failure(result, 2, "--since")
    assert tree(project) == before


def test_export_into_a_missing_folder_is_a_message(project):
    result = cli("export", "json", "--project", project, "-o", project / "no" / "such" / "model.json")
    assert_clean_failure(result, 2, "does not exist", "create it first")


def test_ctrl_c_before_mkdocs_is_a_message_too(project):
    """SIGINT while the content is read: the same one line, exit 130."""
    process = subprocess.Popen([sys.executable, "-c", "import os, signal, reportgen.cli as c; "
                                "import reportgen.project as p; orig = p.check\n"
                                "def check(*a, **k):\n    os.kill(os.getpid(), signal.SIGINT)\n"
                                "    return orig(*a, **k)\n"
                                "p.check = check\nraise SystemExit(c.main())",
                                "build", "--project", str(project), "--no-downloads"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=_ctrl_c_as_a_terminal_has_it)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    assert stderr.strip() == "reportgen: interrupted; the previous site is untouched"


# --- 7. no silent loss ---------------------------------------------------------------------------

def test_folder_link_leaving_content_is_an_error(project, tmp_path):
    outside = tmp_path / "outside"
    shutil.move(project / "content" / "findings", outside)
    (project / "content" / "findings").symlink_to(outside, target_is_directory=True)
    before = tree(project / "site")
    result = cli("build", "--project", project, "--no-downloads")
    assert_clean_failure(result, 1, "content/findings: error path.outside: this folder is a link to a folder outside")
    assert tree(project / "site") == before


@pytest.mark.parametrize("new_id, words", [
    ("index", ["ID 'index' is the name of a page or folder"]),
    ("en", ["ID 'en' is the name of a page or folder"]),
    ("r1", ["ID 'r1' differs from 'R1'", "only by upper/lower case"]),
])
def test_ids_that_would_replace_a_page_are_errors(content_only, new_id, words):
    (content_only / "content" / "extra.yaml").write_text(
        f"lessons:\n  - id: {new_id}\n    title: {{es: Lección, en: Lesson}}\n", encoding="utf-8")
    result = cli("check", "--project", content_only)
    assert_clean_failure(result, 1, "content/extra.yaml:2: error [", *words)


# --- 9. messages that teach, one per mistake --------------------------------------------------------

@pytest.mark.parametrize("name, old, new, expected", [
    ("recommendations.yaml", "  priority: high\n", "  priority: no\n",
     ['content/recommendations.yaml:28: error [R1] yaml.implicit_type: priority: YAML reads no as false',
      'quote it: "no"']),
    ("evaluation.yaml", "en: 15 January 2025}", "en: 2025-01-15}",
     ['content/evaluation.yaml:24:', 'the date 2025-01-15 is not quoted', 'quote the date: "2025-01-15"']),
    ("recommendations.yaml", "  priority: high\n", "  priority: .nan\n",
     ['content/recommendations.yaml:28:', "'.nan' is not a number reportgen accepts"]),
])
def test_yaml_surprises_are_one_clear_error(content_only, name, old, new, expected):
    path = content_only / "content" / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    result = cli("check", "--project", content_only)
    assert_clean_failure(result, 1, *expected)
    errors = [line for line in result.stderr.splitlines() if ": error " in line]
    assert len(errors) == 1, result.stderr


@pytest.mark.parametrize("yaml_text, words", [
    ("charts:\n  - id: CHX\n    table: t\n    label_column: a\n    value_columns: [b]\n    title: {es: T, en: T}\n"
     "    reference: mucho\n",
     ["content/extra.yaml:7: error [CHX] schema.invalid: reference: expected a number, got 'mucho'", "write a number"]),
    ("criteria:\n  - id: CRX\n    name: [a, b]\n",
     ["content/extra.yaml:3: error [CRX] schema.invalid: name:", "localized texts"]),
])
def test_pydantic_wording_is_rewritten(content_only, yaml_text, words):
    (content_only / "content" / "extra.yaml").write_text(yaml_text, encoding="utf-8")
    result = cli("check", "--project", content_only)
    assert_clean_failure(result, 1, *words)
    assert "Input should" not in result.stderr and "should be" not in result.stderr, result.stderr


# --- 10. editions everywhere ----------------------------------------------------------------------

def test_export_public_equals_the_public_sites_json_and_leaks_nothing(project):
    _with_internal_item(project / "content")
    review = cli("export", "json", "--project", project)
    public = cli("export", "json", "--project", project, "--edition", "public")
    assert review.returncode == 0 and public.returncode == 0, review.stderr + public.stderr
    assert "ANX9" in review.stdout
    assert not [w for w in INTERNAL_WORDS if w in public.stdout]
    assert cli("build", "--project", project, "--edition", "public").returncode == 0
    site_json = (project / "site" / "downloads" / "evaluation.json").read_text(encoding="utf-8")
    assert json.loads(site_json) == json.loads(public.stdout)


def test_no_downloads_leaves_no_link_to_a_missing_file(project):
    site = project / "site"  # built with --no-downloads by the fixture
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for marker in ('downloads/report-', 'downloads/recommendations-', 'downloads/evaluation.json',
                       'downloads/templates/', 'downloads/comments-'):
            assert marker not in html, f"{page.relative_to(site)} links to {marker}"
    assert not (site / "downloads" / "evaluation.json").exists()


def test_serve_shows_a_template_error_in_its_banner_and_keeps_the_last_good_preview(project, tmp_path):
    from reportgen.project import Project
    from reportgen.serve import PreviewState, rebuild

    preview = tmp_path / "preview"
    state = PreviewState()
    rebuild(Project(project), preview, state)
    assert state.errors == [] and state.build == 1
    before = tree(preview)
    (project / "templates" / "pages" / "home.md.j2").write_text("{% if %}\n", encoding="utf-8")
    rebuild(Project(project), preview, state)
    assert len(state.errors) == 1 and "template error in" in state.errors[0] and "home.md.j2:1" in state.errors[0]
    assert state.build == 1 and tree(preview) == before
