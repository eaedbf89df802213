"""tree-sitter grammars (from PyPI packages), parsers and combined queries."""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Sequence

from tree_sitter import Language, Parser, Query, QueryCursor

#: Grammar loaders by language name; each import happens on first use.
_GRAMMARS = {
    "python": ("tree_sitter_python", "language"),
    "javascript": ("tree_sitter_javascript", "language"),
    "typescript": ("tree_sitter_typescript", "language_typescript"),
    "tsx": ("tree_sitter_typescript", "language_tsx"),
}


@lru_cache(maxsize=None)
def language(name: str) -> Language:
    module_name, attr = _GRAMMARS[name]
    module = __import__(module_name)
    return Language(getattr(module, attr)())


@lru_cache(maxsize=None)
def parser(name: str) -> Parser:
    return Parser(language(name))


def parse(name: str, data: bytes) -> Any:
    return parser(name).parse(data)


class CombinedQuery:
    """All rules' queries for one language compiled as one query.

    tree-sitter numbers patterns in source order, so each distinct query owns a
    contiguous range of pattern indices; a match is routed back to every rule
    that wrote that query. Many rules share a broad query such as
    ``(call_expression) @call`` and filter in Python: compiled once, it is
    matched once, not once per rule.
    """

    def __init__(self, lang: str, sources: Sequence[str]) -> None:
        distinct: dict[str, tuple[str, list[int]]] = {}  # layout-free text -> (first source, rule indices)
        for index, source in enumerate(sources):
            if source.strip():
                distinct.setdefault(" ".join(source.split()), (source, []))[1].append(index)
        self.owners: list[list[int]] = []
        for source, indices in distinct.values():
            self.owners.extend([indices] * Query(language(lang), source).pattern_count)
        text = "\n".join(source for source, _ in distinct.values())
        self.query = Query(language(lang), text) if text else None

    def matches(self, root: Any) -> list[tuple[list[int], dict[str, list[Any]]]]:
        """(indices of the owning sources, captures) for every match, in document order."""
        if self.query is None:
            return []
        cursor = QueryCursor(self.query)
        owners = self.owners
        return [(owners[pattern], captures) for pattern, captures in cursor.matches(root) if owners[pattern]]


@lru_cache(maxsize=64)
def combined_query(lang: str, sources: tuple[str, ...]) -> CombinedQuery:
    return CombinedQuery(lang, sources)


#: language -> layout-free query text -> query source, in the order first seen (stable pattern numbering).
_SEEN: dict[str, dict[str, str]] = {}


@lru_cache(maxsize=256)
def routed_query(lang: str, sources: tuple[str, ...], everything: tuple[str, ...] = ()) -> CombinedQuery:
    """Like combined_query, but compiled over every query text seen so far for the language.

    Rules skipped by their byte ``triggers`` change the rule list from file to
    file; compiling one query per rule subset would cost more than the triggers
    save. Here the compiled query (cached by the set of texts seen, which stops
    growing after a few files) is shared, and the patterns of rules absent from
    ``sources`` are routed nowhere. ``everything`` (all queries of the rule set)
    seeds the compiled query so that it is compiled once.
    """
    seen = _SEEN.setdefault(lang, {})
    for source in everything + sources:
        if source.strip():
            seen.setdefault(" ".join(source.split()), source)
    universe = combined_query(lang, tuple(seen.values()))
    position = {" ".join(source.split()): index for index, source in enumerate(seen.values())}
    owners_of: dict[int, list[int]] = {}
    for index, source in enumerate(sources):
        if source.strip():
            owners_of.setdefault(position[" ".join(source.split())], []).append(index)
    routed = object.__new__(CombinedQuery)
    routed.query = universe.query
    # universe.owners[p] is [index of the text in `seen`] (texts are distinct there)
    routed.owners = [owners_of.get(owners[0], []) for owners in universe.owners]
    return routed


def first_error(root: Any) -> Any | None:
    """The first ERROR or MISSING node of a tree, in document order."""
    if not root.has_error:
        return None
    stack = [root]
    while stack:
        node = stack.pop()
        if node.is_error or node.is_missing:
            return node
        stack.extend(reversed([child for child in node.children if child.has_error or child.is_missing]))
    return None
