"""Base class of the JS/TS rules: a TreeSitterRule with the file's JsModule at hand."""
from __future__ import annotations

from typing import Any, ClassVar

from codeaudit.js import JsModule, module_for
from codeaudit.rule import TreeSitterRule

JS_LANGUAGES = frozenset({"javascript", "typescript", "tsx"})


class JsRule(TreeSitterRule):
    """A TreeSitterRule for JavaScript, TypeScript and TSX.

    ``node_query`` is a query valid in all three grammars (the common case);
    ``self.js`` is the file's JsModule (bindings, constants, request data).
    """

    languages: ClassVar[frozenset[str]] = JS_LANGUAGES

    @property
    def js(self) -> JsModule:
        return module_for(self.ctx)

    def check(self, captures: dict[str, list[Any]]) -> None:  # pragma: no cover - overridden
        raise NotImplementedError
