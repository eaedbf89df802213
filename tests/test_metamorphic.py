"""Rewrites that keep meaning must keep findings and fingerprints."""
import pytest

from codeaudit.examples import run_source

ORIGINAL = """\
import time
import subprocess


async def refresh(cmd):
    time.sleep(1)
    return eval(cmd)


def collect(item, bucket=[]):
    bucket.append(item)
    return bucket
"""

ALIASED = """\
import time as t
import subprocess as sp


async def refresh(cmd):
    t.sleep(1)
    return eval(cmd)


def collect(item, bucket=[]):
    bucket.append(item)
    return bucket
"""

FROM_IMPORT = ORIGINAL.replace("import time\n", "from time import sleep\n").replace("time.sleep(1)", "sleep(1)")

REFORMATTED = """\
import time
import subprocess
async def refresh(cmd):
    time.sleep( 1 )
    return eval( cmd )
def collect(item,
            bucket=[ ]):
    bucket.append(item)
    return bucket
"""

MOVED = "# a header comment\n\n\nCONSTANT = 1\n\n" + ORIGINAL


def identity(source):
    return sorted((f.code, f.fingerprint) for f in run_source(source, "python", path="svc.py"))


@pytest.mark.parametrize("variant", [ALIASED, FROM_IMPORT, REFORMATTED, MOVED], ids=["alias", "from-import", "reformat", "moved"])
def test_meaning_preserving_rewrites_keep_identity(variant):
    assert identity(variant) == identity(ORIGINAL)
    assert [c for c, _ in identity(ORIGINAL)] == ["ABS001", "CON001", "SEC001"]


def test_a_real_change_changes_the_fingerprint():
    changed = ORIGINAL.replace("eval(cmd)", "eval(cmd + suffix)")
    assert dict(identity(changed))["SEC001"] != dict(identity(ORIGINAL))["SEC001"]


def test_duplicate_snippets_get_distinct_fingerprints():
    source = "x = eval(a)\nx = eval(a)\n"
    fingerprints = [fp for _, fp in identity(source)]
    assert len(fingerprints) == 2 and len(set(fingerprints)) == 2
