#!/usr/bin/env bash
# Install the project into .venv, build the demo warehouse if there is none, start the dashboard.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e .
if [ ! -f "${COMMUNITY_PULSE_DB:-data/community.duckdb}" ]; then
  .venv/bin/python -m pipelines demo
fi
exec .venv/bin/streamlit run app.py "$@"
