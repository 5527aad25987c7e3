"""AI coding agents: never people, never credited; their commits are the team's AI assistance.

An agent is known by its identity, never by a first name: a person called Claude stays a
person. Addresses are exact (lower case); names are whole author names (lower case) that no
person bears; logins are GitHub logins seen in noreply addresses. Sources: each vendor's
documented commit identity (Claude Code's `Co-Authored-By: Claude <noreply@anthropic.com>`,
GitHub Copilot's coding agent, Cursor's background agent, Aider's `aider (model)` trailer, ...).
"""

from __future__ import annotations

# Agent → exact addresses it commits or co-authors under.
AGENT_EMAILS: dict[str, tuple[str, ...]] = {
    "Claude": ("noreply@anthropic.com", "claude@anthropic.com"),
    "GitHub Copilot": ("copilot@github.com",),
    "Cursor": ("cursoragent@cursor.com", "cursor@cursor.com", "agent@cursor.com"),
    "OpenAI Codex": ("codex@openai.com", "noreply@openai.com"),
    "Devin": (
        "devin-ai-integration@cognition.ai",
        "devin@cognition.ai",
        "devin@cognition-labs.com",
    ),
    "Gemini": ("gemini-code-assist@google.com", "jules@google.com"),
    "Aider": ("noreply@aider.chat", "aider@aider.chat"),
    "OpenHands": ("openhands@all-hands.dev",),
    "Amazon Q": ("amazon-q-developer@amazon.com",),
    "Windsurf": ("windsurf@codeium.com", "cascade@codeium.com"),
}

# Agent → GitHub logins (the part before @users.noreply.github.com, lower case, id dropped).
AGENT_LOGINS: dict[str, tuple[str, ...]] = {
    "Claude": ("claude", "claude[bot]"),
    "GitHub Copilot": ("copilot", "copilot-swe-agent[bot]", "copilot-pull-request-reviewer[bot]"),
    "Cursor": ("cursor[bot]", "cursoragent", "cursor-agent"),
    "OpenAI Codex": ("chatgpt-codex-connector[bot]", "codex[bot]"),
    "Devin": ("devin-ai-integration[bot]",),
    "Gemini": ("gemini-code-assist[bot]", "google-labs-jules[bot]"),
    "OpenHands": ("openhands-agent", "openhands-ai[bot]"),
    "Amazon Q": ("amazon-q-developer[bot]",),
    "Sweep": ("sweep-ai[bot]",),
}

# Agent → whole author names no person bears (a lone "Claude" or "Devin" is not one of them).
AGENT_NAMES: dict[str, tuple[str, ...]] = {
    "Claude": ("claude code", "claude[bot]", "anthropic claude"),
    "GitHub Copilot": ("github copilot", "copilot", "copilot-swe-agent", "copilot-swe-agent[bot]"),
    "Cursor": ("cursor agent", "cursoragent", "cursor[bot]"),
    "OpenAI Codex": ("openai codex", "chatgpt codex", "codex[bot]"),
    "Devin": ("devin ai", "devin-ai-integration", "devin-ai-integration[bot]"),
    "Gemini": ("gemini code assist", "gemini-code-assist[bot]", "google-labs-jules[bot]"),
    "Aider": ("aider",),
    "OpenHands": ("openhands", "openhands-agent"),
    "Amazon Q": ("amazon q developer", "amazon-q-developer[bot]"),
    "Sweep": ("sweep ai", "sweep-ai[bot]"),
}

# Agents whose name carries the model in brackets or after a space: "aider (gpt-4o)",
# "Claude Opus 4.1" with any address is not enough, but these prefixes are no person's name.
AGENT_NAME_PREFIXES: dict[str, tuple[str, ...]] = {
    "Aider": ("aider (",),
    "Claude": ("claude code (",),
}
