#!/usr/bin/env bash
# The other CI leg: the suite on the NEWEST versions pyproject.toml allows (no constraints.txt),
# in a fresh virtual environment with a regular (non-editable) install, so that a release of a
# dependency that breaks reportgen is seen before users see it. Debian packages as in setup.sh.
#   bash scripts/ci-newest.sh [VENV_DIR] [pytest args...]
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${1:-.venv-newest}"
shift || true

bash scripts/setup.sh --debian-only
python3 -m venv --clear "$venv"
pip_quiet() { "$venv/bin/python" -m pip install -q --disable-pip-version-check "$@" 2>&1 | grep -v "is ignored: it is neither" || true; }
pip_quiet --upgrade pip
pip_quiet --upgrade ".[test]"
"$venv/bin/python" -m pip freeze --exclude reportgen > "$venv/versions.txt"
echo "ci-newest: versions installed in $venv/versions.txt; differences from constraints.txt:"
diff <(grep -v '^#' constraints.txt | sed 's/\[.*\]//' | tr 'A-Z_' 'a-z-' | sort) \
     <(tr 'A-Z_' 'a-z-' < "$venv/versions.txt" | sort) | grep '^[<>]' || true
# The checkout's tests against the installed package: the tests start `python -m reportgen`
# with sys.executable, which is the venv's Python here.
"$venv/bin/python" -m pytest -q -p no:cacheprovider "$@"
