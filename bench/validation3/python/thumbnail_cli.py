"""Command line tool that generates thumbnails for a directory of videos."""
import json
import os
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor

import click

FFMPEG = os.environ.get("FFMPEG_BIN", "ffmpeg")


def ffmpeg_cmd(src, dest, offset, width):
    return (
        f'{FFMPEG} -y -ss {offset} -i "{src}" '
        f'-vframes 1 -vf scale={width}:-1 "{dest}"'
    )


def probe_duration(path):
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration",
         "-of", "json", path],
        capture_output=True, text=True, check=True,
    )
    return float(json.loads(out.stdout)["format"]["duration"])


def make_thumbnail(src, out_dir, width):
    try:
        duration = probe_duration(src)
    except:  # label: abstraction/bare-except
        duration = 0.0
    offset = max(duration / 3, 0)
    base = os.path.splitext(os.path.basename(src))[0]
    dest = os.path.join(out_dir, base + ".jpg")
    cmd = ffmpeg_cmd(src, dest, offset, width)
    subprocess.run(cmd, shell=True, check=True, capture_output=True)  # label: security/shell-injection
    return dest


def write_manifest(entries, out_dir):
    scratch = tempfile.mktemp(suffix=".json")  # label: security/insecure-temp-file
    with open(scratch, "w") as fh:
        json.dump(entries, fh, indent=2)
    os.replace(scratch, os.path.join(out_dir, "manifest.json"))


@click.command()
@click.argument("src_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--out", "out_dir", default="thumbs", show_default=True)
@click.option("--width", default=320, show_default=True)
@click.option("--jobs", default=4, show_default=True)
def main(src_dir, out_dir, width, jobs):
    """Generate one thumbnail per video in SRC_DIR."""
    os.makedirs(out_dir, exist_ok=True)
    videos = [
        os.path.join(src_dir, name)
        for name in sorted(os.listdir(src_dir))
        if name.lower().endswith((".mp4", ".mov", ".mkv"))
    ]
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        results = list(pool.map(lambda v: make_thumbnail(v, out_dir, width), videos))
    write_manifest({os.path.basename(v): r for v, r in zip(videos, results)}, out_dir)
    click.echo(f"wrote {len(results)} thumbnails to {out_dir}")


if __name__ == "__main__":
    main()
