#!/usr/bin/env bash
# Validate every .hwpx file under the given paths with python-hwpx (scripts/hwpx/validate.py),
# failing on any error or warning. Creates the virtualenv and installs python-hwpx on first
# use. The venv lives in $HWPX_VENV (default: /work/hwpx-venv, or .venv-hwpx at the repository
# root when /work is not writable).
#   scripts/hwpx/validate.sh DIR_OR_FILE...
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
default_venv=/work/hwpx-venv
[ -w /work ] || default_venv="$here/../../.venv-hwpx"
venv="${HWPX_VENV:-$default_venv}"
if ! "$venv/bin/python" -c 'import hwpx' >/dev/null 2>&1; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check 'python-hwpx>=6.9,<7'
fi
exec "$venv/bin/python" "$here/validate.py" "$@"
