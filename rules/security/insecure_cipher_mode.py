import libcst as cst

from codeaudit.analysis.helpers import arg, kwarg, is_test_path
from codeaudit.rule import Category, Confidence, PythonRule, Severity

_IV_MODES = frozenset({
    "cryptography.hazmat.primitives.ciphers.modes.CBC", "cryptography.hazmat.primitives.ciphers.modes.CFB",
    "cryptography.hazmat.primitives.ciphers.modes.OFB", "cryptography.hazmat.primitives.ciphers.modes.CTR",
    "cryptography.hazmat.primitives.ciphers.modes.GCM", "cryptography.hazmat.primitives.ciphers.modes.CFB8",
})  # fmt: skip
_ECB = frozenset({"cryptography.hazmat.primitives.ciphers.modes.ECB"})
_PYCRYPTO_NEW = ("Crypto.Cipher.AES.new", "Cryptodome.Cipher.AES.new", "Crypto.Cipher.DES.new", "Crypto.Cipher.DES3.new", "Cryptodome.Cipher.DES3.new")


def _short(name: str) -> str:
    return name.replace("cryptography.hazmat.primitives.ciphers.", "")


class InsecureCipherMode(PythonRule):
    """ECB mode, or a fixed IV/nonce, for a block cipher.

    ## What it does
    Reports `modes.ECB()` and `AES.new(key, AES.MODE_ECB)`, and CBC/CFB/OFB/CTR/GCM
    modes (or `AES.new(..., iv=...)`) given a literal or module-level constant IV or nonce.

    ## Why is this bad
    ECB encrypts equal blocks to equal ciphertext, so patterns (and equal records)
    show through. A fixed IV makes equal plaintexts encrypt identically; with CTR/GCM a
    reused nonce leaks the XOR of messages and breaks GCM's authentication.

    ## Example
    ```python
    cipher = Cipher(algorithms.AES(key), modes.CBC(b"\\x00" * 16))
    ```

    ## Use instead
    ```python
    iv = os.urandom(16)  # store it next to the ciphertext
    cipher = Cipher(algorithms.AES(key), modes.CBC(iv))
    # better: AESGCM(key).encrypt(os.urandom(12), data, None)
    ```
    """

    code = "SEC017"
    slug = "insecure-cipher-mode"
    category = Category.SECURITY
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    cwe = (327, 329)
    triggers = (b"ECB", b"modes", b"AES", b"DES")

    VALID = [
        "import os\nfrom cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes\n"
        "def enc(key, data):\n    iv = os.urandom(16)\n    return Cipher(algorithms.AES(key), modes.CBC(iv))\n",
        "from Crypto.Cipher import AES\ndef enc(key):\n    return AES.new(key, AES.MODE_GCM)\n",
    ]
    INVALID = [
        "from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes\n"
        "def enc(key):\n    return Cipher(algorithms.AES(key), modes.ECB())  # expect: SEC017\n",
        "from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes\nSTATIC_IV = b'\\x00' * 16\n"
        "def enc(key):\n    return Cipher(algorithms.AES(key), modes.CBC(STATIC_IV))  # expect: SEC017\n",
        "from Crypto.Cipher import AES\ndef enc(key):\n    return AES.new(key, AES.MODE_ECB)  # expect: SEC017\n",
        "from Crypto.Cipher import AES\ndef enc(key):\n    return AES.new(key, AES.MODE_CBC, iv=b'1234567890abcdef')  # expect: SEC017\n",
    ]

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.constants: set[str] = set()

    def visit_Module(self, node: cst.Module) -> None:
        for stmt in node.body:
            if isinstance(stmt, cst.SimpleStatementLine):
                for small in stmt.body:
                    if isinstance(small, cst.Assign) and _is_literal_bytes(small.value):
                        self.constants.update(t.target.value for t in small.targets if isinstance(t.target, cst.Name))

    def visit_Call(self, node: cst.Call) -> None:
        if is_test_path(self.ctx.path):
            return
        name = self.ctx.call_name(node) or ""
        if name in _ECB:
            self.report(node, "ECB mode encrypts equal blocks to equal ciphertext, leaking patterns; use AES-GCM "
                              "(AESGCM) or CBC with a random IV plus a MAC")  # fmt: skip
        elif name in _IV_MODES:
            iv = arg(node, 0, "initialization_vector") or arg(node, 0, "nonce")
            if self._fixed(iv):
                self.report(node, f"{_short(name)}() with a fixed IV/nonce: equal plaintexts give equal ciphertexts "
                                  "(and nonce reuse breaks CTR/GCM); generate os.urandom(16) per message")  # fmt: skip
        elif name in _PYCRYPTO_NEW:
            mode = arg(node, 1, "mode")
            mode_name = (self.ctx.qualified_name(mode) or "") if mode is not None else ""
            if mode_name.endswith("MODE_ECB"):
                self.report(node, "ECB mode encrypts equal blocks to equal ciphertext, leaking patterns; "
                                  "use AES.MODE_GCM")  # fmt: skip
            elif self._fixed(kwarg(node, "iv") or kwarg(node, "nonce") or arg(node, 2, "iv")):
                self.report(node, "cipher created with a fixed IV/nonce: equal plaintexts give equal ciphertexts; "
                                  "generate a random IV per message")  # fmt: skip

    def _fixed(self, iv) -> bool:
        if iv is None:
            return False
        if isinstance(iv, cst.Name):
            return iv.value in self.constants
        return _is_literal_bytes(iv)


def _is_literal_bytes(node) -> bool:
    if isinstance(node, cst.SimpleString):
        return node.prefix.lower().startswith("b") or "b" in node.prefix.lower()
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Multiply):
        return _is_literal_bytes(node.left) and isinstance(node.right, cst.Integer)
    if isinstance(node, cst.ConcatenatedString):
        return _is_literal_bytes(node.left)
    return False
