import libcst as cst

from codeaudit.analysis.helpers import is_false, is_true, kwarg, string_value
from codeaudit.analysis.taint import TaintRule
from codeaudit.rule import Category, Confidence, Severity

_LXML_PARSERS = frozenset({"lxml.etree.XMLParser", "lxml.etree.XMLPullParser", "lxml.etree.XSLT"})
_LXML_PARSE = frozenset({"lxml.etree.fromstring", "lxml.etree.parse", "lxml.etree.XML", "lxml.etree.iterparse"})


class XmlExternalEntities(TaintRule):
    """XML parsers configured to resolve external entities (XXE).

    ## What it does
    Reports lxml `XMLParser(resolve_entities=True)` or `no_network=False`, SAX parsers
    with `feature_external_ges` switched on, and lxml `fromstring`/`parse` of request
    data with lxml's default parser.

    ## Why is this bad
    An uploaded document with `<!ENTITY x SYSTEM "file:///etc/passwd">` makes the
    parser read local files or fetch internal URLs and place them in the result
    (XXE), or expand entities until memory runs out.

    ## Example
    ```python
    parser = etree.XMLParser(resolve_entities=True, no_network=False)
    ```

    ## Use instead
    ```python
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    # or: import defusedxml.ElementTree as ET
    ```
    """

    code = "SEC007"
    slug = "xml-external-entities"
    category = Category.SECURITY
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    cwe = (611,)
    triggers = (b"lxml", b"xml.sax", b"feature_external")

    VALID = [
        "from lxml import etree\nSAFE = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)\n"
        "def load(data):\n    return etree.fromstring(data, parser=SAFE)\n",
        "import defusedxml.ElementTree as ET\ndef load(data):\n    return ET.fromstring(data)\n",
    ]
    INVALID = [
        "from lxml import etree\n_parser = etree.XMLParser(resolve_entities=True, no_network=False)  # expect: SEC007\n",
        "from flask import request\nfrom lxml import etree\ndef upload():\n"
        "    return etree.fromstring(request.get_data())  # expect: SEC007\n",
        "import xml.sax\nfrom xml.sax.handler import feature_external_ges\np = xml.sax.make_parser()\n"
        "p.setFeature(feature_external_ges, True)  # expect: SEC007\n",
    ]

    def visit_Call(self, node: cst.Call) -> None:
        name = self.ctx.call_name(node) or ""
        if name in _LXML_PARSERS:
            if is_true(kwarg(node, "resolve_entities")) or is_false(kwarg(node, "no_network")):
                self.report(node, "XML parser resolves external entities: an uploaded document can read local files "
                                  "(XXE); set resolve_entities=False, no_network=True or use defusedxml")  # fmt: skip
            return
        if name in _LXML_PARSE:
            if kwarg(node, "parser") is None and len(node.args) < 2 and node.args:
                origin = self.tainted(node.args[0].value, remote_only=True)
                if origin is not None:
                    self.report(node, f"lxml parses request data with its default, entity-resolving parser "
                                      f"({self.taint.evidence(origin)}); pass a parser with resolve_entities=False "
                                      "or use defusedxml", confidence=Confidence.MEDIUM)  # fmt: skip
            return
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value == "setFeature" and len(node.args) == 2:
            feature = node.args[0].value
            feature_name = (self.ctx.qualified_name(feature) or string_value(feature) or "").rsplit(".", 1)[-1]
            if ("external_ges" in feature_name or "external-general-entities" in feature_name) and is_true(node.args[1].value):
                self.report(node, "SAX parser with external general entities on reads files named by the document "
                                  "(XXE); leave feature_external_ges off or use defusedxml")  # fmt: skip
