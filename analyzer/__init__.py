"""stackfit: which backend stack should our next service use? Evidence from git history."""

from __future__ import annotations

__version__ = "0.1.0"
