"""backup: archive a project directory, checksum it and upload it to the backup host."""
import hashlib
import os
import subprocess
import tempfile
from datetime import date

import click

BACKUP_HOST = os.environ.get("BACKUP_HOST", "backup.internal")


def sha256_of(path: str) -> str:
    with open(path, "rb") as fh:
        data = fh.read()  # label: efficiency/whole-file-read
    return hashlib.sha256(data).hexdigest()


def make_archive(source: str, exclude: tuple) -> str:
    archive = tempfile.mktemp(suffix=".tar.gz", prefix="backup-")  # label: security/insecure-tempfile
    excludes = " ".join(f"--exclude={pattern}" for pattern in exclude)
    cmd = f"tar czf {archive} {excludes} -C {source} ."
    subprocess.run(cmd, shell=True, check=True)  # label: security/shell-injection
    return archive


def upload(archive: str, remote_dir: str) -> None:
    subprocess.run(["scp", "-q", archive, f"{BACKUP_HOST}:{remote_dir}/"], check=True, timeout=3600)


@click.command()
@click.argument("source", type=click.Path(exists=True, file_okay=False))
@click.option("--remote-dir", default="/srv/backups", show_default=True)
@click.option("--exclude", multiple=True, help="glob to exclude, repeatable")
@click.option("--keep-local/--no-keep-local", default=False)
def main(source, remote_dir, exclude, keep_local):
    """Archive SOURCE and push it to the backup host."""
    archive = make_archive(source, exclude)
    digest = sha256_of(archive)
    click.echo(f"archive {archive} sha256={digest}")
    with open(archive + ".sha256", "w") as fh:
        fh.write(f"{digest}  {os.path.basename(archive)}\n")
    try:
        upload(archive, f"{remote_dir}/{date.today():%Y-%m}")
        upload(archive + ".sha256", f"{remote_dir}/{date.today():%Y-%m}")
    except:  # label: abstraction/bare-except
        pass
    if not keep_local:
        os.remove(archive)
        os.remove(archive + ".sha256")
    click.echo("done")


if __name__ == "__main__":
    main()
