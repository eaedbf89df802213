"""Import data bundles (tar archives containing XML records) safely."""

import logging
import tarfile
import tempfile
from pathlib import Path

import defusedxml.ElementTree as ET
from lxml import etree

log = logging.getLogger(__name__)

SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def extract_bundle(archive: Path, dest: Path) -> list[Path]:
    dest.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive, "r:gz") as tar:
        tar.extractall(dest, filter="data")
    return sorted(dest.rglob("*.xml"))


def extract_checked(archive: Path, dest: Path) -> None:
    root = dest.resolve()
    with tarfile.open(archive) as tar:
        members = []
        for member in tar.getmembers():
            target = (root / member.name).resolve()
            if not target.is_relative_to(root) or member.issym() or member.islnk():
                raise ValueError(f"unsafe member {member.name!r}")
            members.append(member)
        tar.extractall(root, members=members)


def parse_records(path: Path) -> list[dict]:
    tree = ET.parse(path)
    return [{child.tag: (child.text or "").strip() for child in rec} for rec in tree.getroot().iter("record")]


def parse_schema_doc(data: bytes) -> str:
    root = etree.fromstring(data, parser=SAFE_PARSER)
    return root.tag


def import_bundle(archive: Path) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        files = extract_bundle(archive, Path(tmp))
        total = 0
        for f in files:
            records = parse_records(f)
            total += len(records)
            log.info("%s: %d records", f.name, len(records))
    return total


if __name__ == "__main__":
    import sys

    logging.basicConfig(level=logging.INFO)
    print(import_bundle(Path(sys.argv[1])))
