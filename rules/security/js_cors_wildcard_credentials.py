from codeaudit.js import string_value, strip_parens, text
from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity


class JsCorsWildcardCredentials(JsRule):
    """CORS configured with any origin (`'*'` or `true`) and `credentials: true`.

    ## What it does
    Reports object literals (e.g. `cors({...})`, `app.enableCors({...})`) that set
    `origin: "*"` or `origin: true` together with `credentials: true`.

    ## Why is this bad
    With credentials allowed, any website the user visits can call the API with
    the user's cookies and read the answer (`origin: true` reflects every origin;
    `*` is either rejected by browsers or rewritten to reflection by middleware).

    ## Example
    ```javascript
    app.use(cors({ origin: "*", credentials: true }));
    ```

    ## Use instead
    ```javascript
    app.use(cors({ origin: ["https://app.acme.io"], credentials: true }));
    ```
    """

    code = "SEC112"
    slug = "js-cors-wildcard-credentials"
    category = Category.SECURITY
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    cwe = (942,)
    query = "(object) @obj"

    VALID = [
        "app.use(cors({ origin: '*' }));\napp.use(cors({ origin: ['https://app.acme.io'], credentials: true }));\n",
    ]
    INVALID = [
        "app.use(cors({ origin: '*', credentials: true }));  // expect: SEC112\n",
        ("typescript", "app.enableCors({\n  origin: true,  // expect: SEC112\n  credentials: true,\n});\n"),
    ]

    def check(self, captures):
        obj = captures["obj"][0]
        values = {}
        for pair in obj.named_children:
            if pair.type == "pair":
                values[text(pair.child_by_field_name("key")).strip("'\"")] = pair
        origin, credentials = values.get("origin"), values.get("credentials")
        if origin is None or credentials is None:
            return
        if text(strip_parens(credentials.child_by_field_name("value"))) != "true":
            return
        value = strip_parens(origin.child_by_field_name("value"))
        if string_value(value) == "*" or text(value) == "true":
            self.report(origin, "CORS allows every origin together with credentials: any site can make "
                                "authenticated requests and read the responses; list the allowed origins")
