"""Probe TLS endpoints listed in a YAML-free config and report certificate expiry."""
import collections
import os
import socket
import ssl
import sys
from datetime import datetime, timezone
from distutils.util import strtobool  # label: ai-tell/deprecated-api

DEFAULT_PORT = 443
WARN_DAYS = int(os.environ.get("CERT_WARN_DAYS", "21"))


def read_targets(path):
    targets = []
    with open(path, encoding="utf-8") as fh:
        for raw in fh:
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            host, _, port = line.partition(":")
            targets.append((host, int(port) if port else DEFAULT_PORT))
    return targets


def merge_options(defaults, overrides):
    merged = dict(defaults)
    for key, value in overrides.items():
        if isinstance(value, collections.Mapping) and isinstance(merged.get(key), dict):  # label: ai-tell/deprecated-api
            merged[key] = merge_options(merged[key], value)
        else:
            merged[key] = value
    return merged


def fetch_certificate(host, port, timeout):
    context = ssl.create_default_context()
    with socket.create_connection((host, port), timeout=timeout) as sock:
        with context.wrap_socket(sock, server_hostname=host) as tls:
            return tls.getpeercert()


def fetch_certificate_legacy(host, port, timeout):
    sock = socket.create_connection((host, port), timeout=timeout)
    tls = ssl.wrap_socket(sock, cert_reqs=ssl.CERT_REQUIRED, ca_certs="/etc/ssl/certs/ca-certificates.crt")  # label: ai-tell/deprecated-api
    try:
        return tls.getpeercert()
    finally:
        tls.close()


def days_left(cert):
    expires = datetime.fromtimestamp(ssl.cert_time_to_seconds(cert["notAfter"]), tz=timezone.utc)
    return (expires - datetime.now(timezone.utc)).days


def probe(targets, options):
    fetch = fetch_certificate_legacy if options["legacy"] else fetch_certificate
    results = []
    for host, port in targets:
        try:
            cert = fetch(host, port, options["timeout"])
        except (OSError, ssl.SSLError) as exc:
            results.append((host, port, None, str(exc)))
            continue
        results.append((host, port, days_left(cert), None))
    return results


def main(argv):
    options = merge_options(
        {"timeout": 5.0, "legacy": False},
        {"legacy": bool(strtobool(os.environ.get("TLS_PROBE_LEGACY", "no")))},
    )
    failures = 0
    for host, port, days, error in probe(read_targets(argv[1]), options):
        if error:
            print(f"FAIL  {host}:{port}  {error}")
            failures += 1
        elif days < WARN_DAYS:
            print(f"WARN  {host}:{port}  expires in {days} days")
            failures += 1
        else:
            print(f"OK    {host}:{port}  {days} days left")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
