#!/usr/bin/env bash
# Install everything reportgen needs on a fresh Debian machine (run as root or with sudo):
#   - Debian packages: chromium (browser tests, PDF), poppler-utils (PDF checks), fonts,
#     gettext (msgfmt checks the PO files of `reportgen translate` in the tests), pandoc (import of .docx),
#     libreoffice-writer-nogui (the tests convert `reportgen export docx` output to PDF: a check that it opens),
#     libreoffice-calc-nogui (the tests re-save the comments matrix .xlsx as an office would)
#   - the Python package in editable mode, with its test dependencies at the tested versions
#     (not with --debian-only, which scripts/ci-newest.sh uses: it installs into its own venv)
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi

need_apt=""
for pkg in chromium poppler-utils fonts-dejavu-core gettext pandoc libreoffice-writer-nogui libreoffice-calc-nogui; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need_apt="$need_apt $pkg"
done
if [ -n "$need_apt" ]; then
  echo "setup: installing Debian packages:$need_apt"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q $need_apt
fi

if [ "${1:-}" = "--debian-only" ]; then exit 0; fi

# constraints.txt pins the versions the suite passed with (a new machine gets the same ones).
python3 -m pip install -q --disable-pip-version-check -c constraints.txt -e ".[test]"
echo "setup: done ($(python3 -m reportgen --version), $(/usr/bin/chromium --version 2>/dev/null || echo 'no chromium'))"
