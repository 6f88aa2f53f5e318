"""The table of problem codes, the page generated from it, and every call site naming a declared code."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from reportgen.problem_codes import CODES, DOC_PATH, LEVELS, SECTIONS, TABLE, reference_markdown

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "reportgen"
REPORT_METHODS = {"error", "warning", "note"}


def test_codes_are_unique_dotted_and_described():
    assert len(CODES) == len(TABLE) == sum(len(codes) for _, codes in SECTIONS)
    for code in TABLE:
        assert re.fullmatch(r"[a-z]+(_[a-z]+)*(\.[a-z]+(_[a-z]+)*)+", code.name), code.name
        assert code.level in LEVELS[:3], code
        assert code.description and "\n" not in code.description and not code.description.endswith("."), code
        assert code.hint and "\n" not in code.hint, code
        assert code.lowerable or code.level == "error", f"{code.name}: only errors can be fixed at their level"


def test_only_errors_marked_so_refuse_a_lower_level():
    assert CODES["yaml.syntax"].refusal("warning") and CODES["yaml.syntax"].refusal("ignore")
    assert CODES["yaml.syntax"].refusal("error") is None          # its own level is fine
    assert CODES["round.unanswered"].refusal("ignore") is None     # an error that may be lowered
    assert CODES["text.untranslated"].refusal("ignore") is None
    assert CODES["acronym.undefined"].refusal("error") is None     # raising is always allowed
    assert "always an error" in CODES["link.unknown"].refusal("note")


def test_the_committed_reference_page_is_up_to_date():
    page = ROOT / DOC_PATH
    assert page.is_file() and page.read_text(encoding="utf-8") == reference_markdown(), (
        f"{DOC_PATH} is out of date: run python3 scripts/problem_codes_doc.py")
    for code in TABLE:
        assert f"| `{code.name}` | {code.level} |" in reference_markdown()


# --- every call site names a declared code (AST scan of src/) ------------------------------------

def _is_report_call(call: ast.Call) -> bool:
    """report.error(...), self.report.warning(...), ContentError.single(...), Problem(...)."""
    func = call.func
    if isinstance(func, ast.Name):
        return func.id == "Problem"
    if not isinstance(func, ast.Attribute):
        return False
    if func.attr == "single":
        return isinstance(func.value, ast.Name) and func.value.id == "ContentError"
    receiver = func.value
    name = receiver.id if isinstance(receiver, ast.Name) else receiver.attr if isinstance(receiver, ast.Attribute) \
        else ""
    return func.attr in REPORT_METHODS and name == "report"


def _calls():
    """(where, call, enclosing function's parameter names) of every call in src/reportgen."""
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        yield from _walk(tree, path.relative_to(ROOT), set())


def _walk(node, path, params):
    for child in ast.iter_child_nodes(node):
        inner = params
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            args = child.args
            inner = {a.arg for a in args.args + args.kwonlyargs + args.posonlyargs}
        if isinstance(child, ast.Call):
            yield f"{path}:{child.lineno}", child, inner
        yield from _walk(child, path, inner)


CALLS = list(_calls())


def test_the_scan_sees_the_call_sites():
    reporting = [where for where, call, _ in CALLS if _is_report_call(call)]
    assert len(reporting) > 100, reporting  # every report.error/warning/note, Problem and ContentError.single
    assert {where.split(":")[0] for where in reporting} >= {
        "src/reportgen/graph.py", "src/reportgen/content/loader.py", "src/reportgen/translate/writeback.py",
        "src/reportgen/portal/config.py", "src/reportgen/cli.py", "src/reportgen/project.py"}


def test_every_report_call_names_a_code():
    missing = [where for where, call, _ in CALLS if _is_report_call(call)
               and not any(k.arg == "code" for k in call.keywords)]
    assert not missing, "calls without code=: " + ", ".join(missing)


def test_every_code_named_in_src_is_declared():
    unknown, unforwarded = [], []
    for where, call, params in CALLS:
        for keyword in call.keywords:
            if keyword.arg != "code" or not (_is_report_call(call) or isinstance(keyword.value, ast.Constant)):
                continue
            value = keyword.value
            if isinstance(value, ast.Constant):
                if value.value not in CODES:
                    unknown.append(f"{where}: {value.value!r}")
            elif not (isinstance(value, ast.Name) and value.id in params):
                unforwarded.append(where)  # only a helper's own `code` parameter may be passed on
    assert not unknown, "codes not in problem_codes.TABLE: " + ", ".join(unknown)
    assert not unforwarded, "code= must be a literal or the enclosing function's parameter: " + ", ".join(unforwarded)


def _level_of_call(call: ast.Call) -> str | None:
    """The level a call reports at: report.error/warning/note, or graph_tables' _error/_warning helpers."""
    if _is_report_call(call) and isinstance(call.func, ast.Attribute) and call.func.attr in REPORT_METHODS:
        return call.func.attr
    if isinstance(call.func, ast.Name) and call.func.id in ("_error", "_warning"):
        return call.func.id[1:]
    return None


def test_each_method_matches_its_codes_default_level():
    wrong = [f"{where}: a {_level_of_call(call)} with code {k.value.value!r}, which the table says is a "
             f"{CODES[k.value.value].level}" for where, call, _ in CALLS if _level_of_call(call)
             for k in call.keywords if k.arg == "code" and isinstance(k.value, ast.Constant)
             and k.value.value in CODES and CODES[k.value.value].level != _level_of_call(call)]
    assert not wrong, "\n".join(wrong)


def test_every_declared_code_is_used():
    used = {k.value.value for _, call, _ in CALLS for k in call.keywords
            if k.arg == "code" and isinstance(k.value, ast.Constant)}
    assert not set(CODES) - used, f"declared but never reported: {sorted(set(CODES) - used)}"


@pytest.mark.parametrize("source, expected", [
    ("report.error('f', 1, 'm')", False),
    ("self.report.note('f', 1, 'm', code='acronym.undefined')", True),
    ("ContentError.single('f', 1, 'm')", False),
    ("logger.error('x')", None),
])
def test_the_scan_recognises_report_calls(source, expected):
    call = ast.parse(source).body[0].value
    if expected is None:
        assert not _is_report_call(call)
    else:
        assert _is_report_call(call) and any(k.arg == "code" for k in call.keywords) is expected
