#!/usr/bin/env python3
"""Deploy helper: renders the release env file, uploads build artefacts, restarts services."""

import argparse
import logging
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

log = logging.getLogger("deploy")

RELEASES = Path("/opt/app/releases")
CURRENT = Path("/opt/app/current")


def render_env(values: dict[str, str]) -> Path:
    path = tempfile.mktemp(suffix=".env")  # label: security/insecure-tempfile
    with open(path, "w") as fh:
        for key, value in sorted(values.items()):
            fh.write(f"{key}={value}\n")
    return Path(path)


def install_release(artifact: Path, version: str, env_file: Path) -> Path:
    target = RELEASES / version
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    subprocess.run(["tar", "xzf", str(artifact), "-C", str(target)], check=True)
    shutil.move(str(env_file), target / ".env")
    os.chmod(target, 0o777)  # label: security/permissive-chmod
    return target


def switch_current(target: Path) -> None:
    tmp_link = CURRENT.with_suffix(".new")
    if tmp_link.is_symlink():
        tmp_link.unlink()
    tmp_link.symlink_to(target)
    tmp_link.replace(CURRENT)


def restart(service: str) -> str:
    with os.popen(f"systemctl restart {service} && systemctl is-active {service}") as proc:  # label: security/shell-injection
        return proc.read().strip()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("artifact", type=Path)
    parser.add_argument("version")
    parser.add_argument("--service", default="app.service")
    parser.add_argument("--env", action="append", default=[], help="KEY=VALUE")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)

    values = dict(item.split("=", 1) for item in args.env)
    env_file = render_env(values)
    target = install_release(args.artifact, args.version, env_file)
    switch_current(target)
    state = restart(args.service)
    log.info("deployed %s, service is %s", args.version, state)


if __name__ == "__main__":
    main()
