"""cli.py: the arguments each command takes, their defaults, and the usage errors (exit 2, a hint)
that are decided before any content is read. No site is built here."""

from __future__ import annotations

import errno
import sys
from pathlib import Path

import pytest

from reportgen import __version__
from reportgen.cli import EXIT_USAGE, _parser, main, os_problem


def parse(*argv: str):
    return _parser().parse_args(list(argv))


def test_check_defaults():
    args = parse("check")
    assert (args.command, args.project, args.content, args.templates) == ("check", Path("."), None, [])
    assert (args.strict, args.edition, args.round, args.final) == (False, "review", None, False)


def test_build_arguments():
    args = parse("build", "--project", "p", "--out", "o", "--edition", "public", "--since", "round-1",
                 "--no-downloads", "--strict", "--templates", "a", "--templates", "b")
    assert (args.project, args.out, args.edition, args.since) == (Path("p"), Path("o"), "public", "round-1")
    assert (args.no_downloads, args.strict, args.templates) == (True, True, [Path("a"), Path("b")])
    assert parse("build").out is None and parse("build").no_downloads is False


def test_serve_export_snapshot_schema_new_import_portal():
    serve = parse("serve", "--port", "8123")
    assert (serve.port, serve.host, serve.out) == (8123, "127.0.0.1", None)
    export = parse("export", "json", "-o", "x.json", "--edition", "public")
    assert (export.format, export.output, export.edition) == ("json", Path("x.json"), "public")
    assert parse("snapshot", "round-1").name == "round-1"
    assert parse("schema", "--out", "s").out == Path("s")
    new = parse("new", "eval")
    assert (new.folder, new.languages) == (Path("eval"), "en")
    imported = parse("import", "report.docx", "--out", "proj", "--language", "fr")
    assert (imported.source, imported.out, imported.language) == (Path("report.docx"), Path("proj"), "fr")
    portal = parse("portal", "build", "lib", "--from-artifacts", "arts")
    assert (portal.portal_command, portal.portal_dir, portal.out, portal.from_artifacts) == (
        "build", Path("lib"), None, Path("arts"))


def test_translate_subcommands():
    export = parse("translate", "export", "--out", "en.po", "--language", "en")
    assert (export.translate_command, export.out, export.language) == ("export", Path("en.po"), "en")
    imported = parse("translate", "import", "en.xlf", "--accept-fuzzy")
    assert (imported.translate_command, imported.file, imported.accept_fuzzy) == ("import", Path("en.xlf"), True)
    assert parse("translate", "status", "--project", "p").project == Path("p")


@pytest.mark.parametrize("argv,message", [
    ([], "the following arguments are required: command"),
    (["publish"], "invalid choice: 'publish'"),
    (["check", "--edition", "final"], "invalid choice: 'final'"),
    (["build", "--unknown"], "unrecognized arguments: --unknown"),
    (["serve", "--port", "eighty"], "invalid int value: 'eighty'"),
    (["export", "yaml"], "invalid choice: 'yaml'"),
    (["import", "r.docx"], "the following arguments are required: --out"),
    (["import", "r.docx", "--out", "p", "--language", "de"], "invalid choice: 'de'"),
    (["translate"], "the following arguments are required: {export,import,status}"),
    (["translate", "export"], "the following arguments are required: --out"),
    (["portal"], "the following arguments are required: portal_command"),
    (["new"], "the following arguments are required: folder"),
])
def test_usage_errors_exit_2_and_say_where_help_is(argv, message, capsys):
    with pytest.raises(SystemExit) as exit_:
        parse(*argv)
    assert exit_.value.code == EXIT_USAGE
    err = capsys.readouterr().err
    assert message in err and "(see 'reportgen --help')" in err


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        parse("--version")
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"reportgen {__version__}"


def test_a_missing_content_folder_is_a_usage_error(tmp_path, capsys):
    assert main(["check", "--project", str(tmp_path)]) == EXIT_USAGE
    assert f"content folder {tmp_path.resolve() / 'content'} not found" in capsys.readouterr().err


def test_a_missing_templates_folder_is_a_usage_error(tmp_path, capsys):
    (tmp_path / "content").mkdir()
    assert main(["check", "--project", str(tmp_path), "--templates", str(tmp_path / "nope")]) == EXIT_USAGE
    assert f"templates folder {tmp_path / 'nope'} not found" in capsys.readouterr().err


def test_final_needs_a_round(tmp_path, capsys):
    (tmp_path / "content").mkdir()
    assert main(["check", "--project", str(tmp_path), "--final"]) == EXIT_USAGE
    assert "--final needs --round NAME" in capsys.readouterr().err


def test_since_cannot_look_like_an_option(tmp_path, capsys):
    (tmp_path / "content").mkdir()
    assert main(["build", "--project", str(tmp_path), "--out", str(tmp_path / "site"), "--since=-x"]) == EXIT_USAGE
    assert "cannot start with '-'" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()


def test_a_missing_portal_folder_is_a_usage_error(tmp_path, capsys):
    assert main(["portal", "build", str(tmp_path / "nope")]) == EXIT_USAGE
    assert "portal folder" in capsys.readouterr().err


def test_export_to_a_missing_folder(tmp_path, capsys):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "e.yaml").write_text('evaluation:\n  title: {en: "T"}\n  code: X\n', encoding="utf-8")
    code = main(["export", "json", "--project", str(tmp_path), "-o", str(tmp_path / "no" / "x.json")])
    assert code == EXIT_USAGE
    assert f"folder {tmp_path / 'no'} does not exist (create it first)" in capsys.readouterr().err


@pytest.mark.parametrize("number,hint", [
    (errno.ENOSPC, "free some disk space"), (errno.EROFS, "choose a writable output folder with --out"),
    (errno.EACCES, "check the folder's permissions"), (errno.ENOENT, "check the path and try again"),
])
def test_os_problems_in_plain_words(number, hint):
    text = os_problem(OSError(number, "Some error", "/out/a.html"))
    assert text.startswith("cannot write /out/a.html: Some error (") and hint in text


def test_a_copy_names_its_target():
    assert os_problem(OSError(errno.ENOSPC, "No space", "src.txt", None, "dst.txt")).startswith("cannot write dst.txt")
    assert os_problem(OSError("plain")).startswith("a file operation failed: plain")


@pytest.fixture
def places(tmp_path):
    """An existing project (a reportgen.yml and content/), a file, and the tree before any command."""
    (tmp_path / "proj" / "content").mkdir(parents=True)
    (tmp_path / "proj" / "reportgen.yml").write_text("languages: [en]\n", encoding="utf-8")
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    return tmp_path


SOURCE = Path(__file__).resolve().parents[1] / "fixtures" / "import" / "midterm-en.md"


@pytest.mark.parametrize("argv,words", [
    (["new", "{t}/proj/content/new"], "inside the content folder of the project"),
    (["new", "{t}/proj/deeper/new"], "is inside the project"),
    (["new", "{t}/afile"], "is a file, not a folder"),
    (["new", "{t}/afile/sub"], "which is a file"),
    (["import", str(SOURCE), "--out", "{t}/proj/content/imported"], "inside the content folder of the project"),
    (["import", str(SOURCE), "--out", "{t}/afile/sub"], "which is a file"),
    (["import", str(SOURCE), "--out", "{t}/afile"], "is a file, not a folder"),
    (["schema", "--project", "{t}/proj", "--out", "{t}/proj/content/schemas"], "inside the content folder"),
    (["schema", "--project", "{t}/proj", "--out", "{t}/afile"], "is a file, not a folder"),
    (["schema", "--project", "{t}/proj", "--out", "{t}/afile/sub"], "which is a file"),
])
def test_new_import_and_schema_refuse_targets_in_a_project_or_under_a_file(places, capsys, argv, words):
    before = sorted(p.relative_to(places) for p in places.rglob("*"))
    assert main([a.replace("{t}", str(places)) for a in argv]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and words in err and "nothing was written" in err and "Traceback" not in err
    assert sorted(p.relative_to(places) for p in places.rglob("*")) == before


def test_schema_writes_into_its_own_project_below_other_projects(places, capsys):
    inner = places / "proj" / "sub"
    (inner / "content").mkdir(parents=True)
    (inner / "reportgen.yml").write_text("languages: [en]\n", encoding="utf-8")
    assert main(["schema", "--project", str(inner)]) == 0
    assert (inner / "schemas" / "content.schema.json").is_file()


def test_ctrl_c_while_the_commands_load_is_an_interruption_not_a_traceback(monkeypatch, capsys):
    """`reportgen` loads its commands' modules first (a moment on a busy machine): Ctrl-C then exits 130."""
    import reportgen.__main__ as entry

    class Interrupting:  # (Ctrl-C arriving while Python looks for reportgen.cli)
        def find_spec(self, name, path=None, target=None):
            if name == "reportgen.cli":
                raise KeyboardInterrupt
            return None

    monkeypatch.delitem(sys.modules, "reportgen.cli")
    monkeypatch.setattr(sys, "meta_path", [Interrupting(), *sys.meta_path])
    assert entry.run() == 130
    assert capsys.readouterr().err == "reportgen: interrupted\n"
