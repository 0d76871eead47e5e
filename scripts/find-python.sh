#!/usr/bin/env bash
# Prints the path of a Python 3.12+ interpreter, or fails with a message saying what to install.
set -u
ok() { "$1" -c 'import sys, venv; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }
for cand in "${LAPOR_PYTHON:-}" python3.13 python3.12 python3; do
  [ -n "$cand" ] || continue
  path=$(command -v "$cand" 2>/dev/null) || continue
  if ok "$path"; then echo "$path"; exit 0; fi
done
# pyenv keeps versions that are installed but not selected; use one of those if present.
for path in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[2-9]*/bin/python3; do
  if [ -x "$path" ] && ok "$path"; then echo "$path"; exit 0; fi
done
echo "lapor needs Python 3.12 or newer with the venv module; none was found on PATH." >&2
echo "Install one (e.g. apt-get install -y python3.12 python3.12-venv) or set LAPOR_PYTHON." >&2
exit 1
