"""Who may change data: a role per deployment (viewer or analyst), enforced where writes happen.

The role comes from Streamlit secrets (`role = "viewer"` in .streamlit/secrets.toml) or the
environment (COMMUNITY_PULSE_ROLE); a local install with neither is an analyst's own machine.
Every write action calls require_analyst() itself, so hiding a button is never the only guard.
"""

from __future__ import annotations

import os

import streamlit as st

ROLES = ("viewer", "analyst")
ROLE_ENV_VAR = "COMMUNITY_PULSE_ROLE"


class NotAllowed(PermissionError):
    """A viewer tried a write action."""


def current_role() -> str:
    role = os.environ.get(ROLE_ENV_VAR) or _secret_role() or "analyst"
    role = role.strip().lower()
    return role if role in ROLES else "viewer"  # an unknown role gets the least rights


def is_analyst() -> bool:
    return current_role() == "analyst"


def require_analyst() -> None:
    if not is_analyst():
        raise NotAllowed("only an analyst can change data; this dashboard runs with the viewer role")


def _secret_role() -> str | None:
    try:
        return st.secrets.get("role")
    except Exception:  # no secrets file at all
        return None
