"""Configuration: ``[tool.codeaudit]`` in pyproject.toml or a ``.codeaudit.toml``.

Found by walking up from the scan target. Unknown keys and bad values raise
ConfigError naming the key, so a typo never silently disables a rule.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from codeaudit.rule import Confidence, Severity

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

DEFAULT_MAX_FILE_SIZE = 1024 * 1024


#: The rule whose opt-in online mode the ``online`` / ``index-url`` keys set.
ONLINE_RULE = "AIT006"


class ConfigError(ValueError):
    pass


@dataclass(frozen=True)
class Override:
    """Settings for paths matching gitignore-style patterns (e.g. tests/ relaxes SEC)."""

    paths: tuple[str, ...]
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def matches(self, path: str) -> bool:
        import pathspec  # here, not at import: a pre-commit run without overrides never needs it

        return pathspec.GitIgnoreSpec.from_lines(self.paths).match_file(path)


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    min_severity: Severity | None = None
    min_confidence: Confidence | None = None
    fail_on: Severity = Severity.LOW
    exclude: tuple[str, ...] = ()
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    overrides: tuple[Override, ...] = ()
    rule_options: dict[str, dict[str, Any]] = field(default_factory=dict)
    rule_paths: tuple[str, ...] = ()
    bandit: bool = True
    source: str = ""  # the file it came from, for messages

    def with_cli(self, **values: Any) -> "Config":
        """Command-line values win over the file; None means "not given"."""
        return replace(self, **{k: v for k, v in values.items() if v is not None})

    def with_online(self, index_url: str | None = None) -> "Config":
        """Turn on the package-index check of hallucinated imports (AIT006)."""
        options = dict(self.rule_options.get(ONLINE_RULE, {}), online=True)
        if index_url:
            options["index-url"] = index_url
        return replace(self, rule_options={**self.rule_options, ONLINE_RULE: options})

    def fingerprint(self) -> str:
        """Stable text of every setting that changes findings (cache key)."""
        return repr(
            (self.select, self.ignore, self.min_severity, self.min_confidence, self.overrides,
             sorted((k, sorted(v.items())) for k, v in self.rule_options.items()), self.bandit)
        )  # fmt: skip


def _str_list(key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{key}: expected a list of strings, got {value!r}")
    return tuple(value)


def _enum(key: str, value: Any, enum_type: Any) -> Any:
    if not isinstance(value, str):
        raise ConfigError(f"{key}: expected a string, got {value!r}")
    try:
        return enum_type.parse(value)
    except ValueError as exc:
        raise ConfigError(f"{key}: {exc}") from None


def _override(index: int, table: Any) -> Override:
    key = f"overrides[{index}]"
    if not isinstance(table, dict):
        raise ConfigError(f"{key}: expected a table")
    unknown = set(table) - {"paths", "select", "ignore"}
    if unknown:
        raise ConfigError(f"{key}: unknown key {sorted(unknown)[0]!r} (allowed: paths, select, ignore)")
    if "paths" not in table:
        raise ConfigError(f"{key}: 'paths' is required")
    return Override(
        paths=_str_list(f"{key}.paths", table["paths"]),
        select=_str_list(f"{key}.select", table.get("select", [])),
        ignore=_str_list(f"{key}.ignore", table.get("ignore", [])),
    )


def _rule_options(value: Any) -> dict[str, dict[str, Any]]:
    if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
        raise ConfigError("rule-options: expected a table of tables, e.g. [tool.codeaudit.rule-options.ABS004]")
    return {code: dict(options) for code, options in value.items()}


def _bool(key: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{key}: expected true or false, got {value!r}")
    return value


def _size(key: str, value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ConfigError(f"{key}: expected a positive number of bytes, got {value!r}")
    return value


def _url(key: str, value: Any) -> str:
    if not isinstance(value, str) or not value.startswith(("http://", "https://")):
        raise ConfigError(f"{key}: expected an http:// or https:// URL of a PyPI-style JSON API "
                          f"(e.g. 'https://pypi.org/pypi'), got {value!r}")
    return value


_PARSERS = {
    "select": ("select", _str_list),
    "ignore": ("ignore", _str_list),
    "exclude": ("exclude", _str_list),
    "min-severity": ("min_severity", lambda k, v: _enum(k, v, Severity)),
    "min-confidence": ("min_confidence", lambda k, v: _enum(k, v, Confidence)),
    "fail-on": ("fail_on", lambda k, v: _enum(k, v, Severity)),
    "max-file-size": ("max_file_size", _size),
    "overrides": ("overrides", lambda k, v: tuple(_override(i, t) for i, t in enumerate(v))),
    "rule-options": ("rule_options", lambda k, v: _rule_options(v)),
    "rule-paths": ("rule_paths", _str_list),
    "bandit": ("bandit", _bool),
    "online": ("online", _bool),
    "index-url": ("index_url", _url),
}


def parse_table(table: dict[str, Any], source: str, base: Path) -> Config:
    values: dict[str, Any] = {"source": source}
    for key, value in table.items():
        if key not in _PARSERS:
            raise ConfigError(f"{source}: unknown key {key!r} in [tool.codeaudit] (known: {', '.join(sorted(_PARSERS))})")
        attr, parse = _PARSERS[key]
        try:
            values[attr] = parse(key, value)
        except ConfigError as exc:
            raise ConfigError(f"{source}: {exc}") from None
    online = {key: values.pop(attr) for key, attr in (("online", "online"), ("index-url", "index_url")) if attr in values}
    if online:
        rules = dict(values.get("rule_options", {}))
        rules[ONLINE_RULE] = {**rules.get(ONLINE_RULE, {}), **online}
        values["rule_options"] = rules
    if "rule_paths" in values:
        values["rule_paths"] = tuple(str((base / p).resolve()) for p in values["rule_paths"])
    return Config(**values)


def load_file(path: Path) -> Config:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc}") from None
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("codeaudit", {})
    else:
        table = data.get("tool", {}).get("codeaudit", data)
    return parse_table(table, str(path), path.parent)


def discover(start: Path) -> Config:
    """The nearest .codeaudit.toml, or pyproject.toml with a [tool.codeaudit] table."""
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        dotfile = candidate / ".codeaudit.toml"
        if dotfile.is_file():
            return load_file(dotfile)
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file():
            try:
                has_table = "codeaudit" in tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {})
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                has_table = False
            if has_table:
                return load_file(pyproject)
    return Config()
