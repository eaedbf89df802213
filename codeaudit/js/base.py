"""Base class of the JS/TS rules: a TreeSitterRule with the file's JsModule at hand."""
from __future__ import annotations

import re
from typing import Any, ClassVar

from codeaudit.js import JsModule, module_for
from codeaudit.rule import TreeSitterRule

JS_LANGUAGES = frozenset({"javascript", "typescript", "tsx"})
#: Every request source (``JsModule.is_request_source``) is a member, subscript or method of ``req``/``request``/``ctx``.
_REQUEST_ACCESS = re.compile(rb"\b(?:req|request|ctx)\s*(?:\?\.|\.|\[)")


class JsRule(TreeSitterRule):
    """A TreeSitterRule for JavaScript, TypeScript and TSX.

    ``node_query`` is a query valid in all three grammars (the common case);
    ``self.js`` is the file's JsModule (bindings, constants, request data).
    """

    languages: ClassVar[frozenset[str]] = JS_LANGUAGES
    #: The rule only reports request data (``is_tainted``): skip files that never touch a request object.
    needs_request_data: ClassVar[bool] = False

    @classmethod
    def wanted(cls, data: bytes) -> bool:
        if cls.needs_request_data and not _REQUEST_ACCESS.search(data):
            return False
        return super().wanted(data)

    @property
    def js(self) -> JsModule:
        return module_for(self.ctx)

    def check(self, captures: dict[str, list[Any]]) -> None:  # pragma: no cover - overridden
        raise NotImplementedError
