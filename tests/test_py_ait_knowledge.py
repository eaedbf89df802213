"""Knowledge tables used by the ai-tell / correctness rules: shape and a few verified facts."""
from codeaudit.knowledge.deprecated import METHODS, NAMES, lookup
from codeaudit.knowledge.pagination import paginated


def test_pillow_10_removed_constants_are_listed():
    for name in ("PIL.Image.ANTIALIAS", "PIL.Image.LINEAR", "PIL.Image.CUBIC"):
        key, entry = lookup(name)
        assert key == name and entry.dist == "pillow" and entry.removed == "10.0"
    # the constants Pillow kept are not listed
    assert lookup("PIL.Image.LANCZOS") is None and lookup("PIL.Image.BICUBIC") is None


def test_python2_dict_methods_are_listed():
    for method in ("has_key", "iteritems", "itervalues", "iterkeys"):
        assert METHODS[f"dict.{method}"].removed == "3.0"
    assert "os.environ.has_key" in NAMES


def test_pagination_table_from_botocore():
    table = paginated()
    assert "Contents" in table["list_objects_v2"]["results"]
    assert "NextContinuationToken" in table["list_objects_v2"]["tokens"]
    assert "MaxKeys" in table["list_objects_v2"]["limits"]
    assert "LastEvaluatedKey" in table["scan"]["tokens"]
    # single-item reads are not paginated
    assert "get_item" not in table and "get_object" not in table


def test_python_312_and_pillow_method_removals():
    assert NAMES["configparser.SafeConfigParser"].removed == "3.12"
    assert METHODS["pillow-font.getsize"].removed == "10.0"
    assert METHODS["pillow-draw.textsize"].dist == "pillow"
