"""codeaudit: find the defects AI assistants write, and rank changes for review."""

__version__ = "0.1.0"
