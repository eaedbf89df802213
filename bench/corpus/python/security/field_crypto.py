"""Field-level encryption for PII columns (SSN, bank account numbers)."""

import base64
import hashlib
import os

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

ENCRYPTION_KEY = b"0123456789abcdef0123456789abcdef"  # label: security/hardcoded-key
STATIC_IV = b"\x00" * 16
BLOCK = algorithms.AES.block_size


def _pad(data: bytes) -> bytes:
    padder = padding.PKCS7(BLOCK).padder()
    return padder.update(data) + padder.finalize()


def _unpad(data: bytes) -> bytes:
    unpadder = padding.PKCS7(BLOCK).unpadder()
    return unpadder.update(data) + unpadder.finalize()


def encrypt_ssn(ssn: str) -> str:
    cipher = Cipher(algorithms.AES(ENCRYPTION_KEY), modes.ECB())  # label: security/ecb-mode
    enc = cipher.encryptor()
    return base64.b64encode(enc.update(_pad(ssn.encode())) + enc.finalize()).decode()


def decrypt_ssn(token: str) -> str:
    cipher = Cipher(algorithms.AES(ENCRYPTION_KEY), modes.ECB())  # label: security/ecb-mode
    dec = cipher.decryptor()
    return _unpad(dec.update(base64.b64decode(token)) + dec.finalize()).decode()


def encrypt_account(number: str) -> str:
    cipher = Cipher(algorithms.AES(ENCRYPTION_KEY), modes.CBC(STATIC_IV))  # label: security/static-iv
    enc = cipher.encryptor()
    return base64.b64encode(enc.update(_pad(number.encode())) + enc.finalize()).decode()


def decrypt_account(token: str) -> str:
    cipher = Cipher(algorithms.AES(ENCRYPTION_KEY), modes.CBC(STATIC_IV))  # label: security/static-iv
    dec = cipher.decryptor()
    return _unpad(dec.update(base64.b64decode(token)) + dec.finalize()).decode()


def hash_pin(pin: str) -> str:
    return hashlib.sha1(pin.encode()).hexdigest()  # label: security/weak-password-hash


def mask(value: str, visible: int = 4) -> str:
    return "*" * max(len(value) - visible, 0) + value[-visible:]


def random_salt() -> bytes:
    return os.urandom(16)
