"""The knowledge tables and readers behind the AIT rules (offline, never importing audited code)."""
from pathlib import Path

from codeaudit.examples import run_source
from codeaudit.knowledge.api_snapshot import names_from_source, snapshot_names
from codeaudit.knowledge.deprecated import lookup
from codeaudit.knowledge.manifests import project_for
from codeaudit.knowledge.resolve import module_is_known, module_names
from codeaudit.knowledge.versions import applies


def test_manifests_are_read(tmp_path: Path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "shop"\nrequires-python = ">=3.10"\ndependencies = ["pandas>=2.1", "openai==0.28.1"]\n'
        '[tool.poetry.dependencies]\npython = "^3.10"\nrequests = "^2.31"\n'
    )
    (tmp_path / "requirements-dev.txt").write_text("pytest>=8  # tests\n-r requirements.txt\n")
    (tmp_path / "requirements.txt").write_text("Flask[async]>=3.0\n")
    (tmp_path / "Pipfile").write_text('[packages]\nhttpx = "*"\n')
    (tmp_path / "setup.cfg").write_text("[options]\ninstall_requires =\n    click>=8\n")
    (tmp_path / "shop").mkdir()
    (tmp_path / "shop" / "__init__.py").write_text("")
    sub = tmp_path / "shop" / "api"
    sub.mkdir()
    project = project_for(str(sub))
    assert {"pandas", "openai", "requests", "pytest", "flask", "httpx", "click"} <= set(project.dependencies)
    assert project.requires_python == ">=3.10"
    assert project.declared_version("pandas") == (2, 1)
    assert "shop" in project.local_modules
    assert module_is_known("flask", project) is not None
    assert module_is_known("fastjsonx_turbo", project) is None


def test_pinned_old_library_version_is_not_reported(tmp_path: Path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "requirements.txt").write_text("openai==0.28.1\n")
    project = project_for(str(tmp_path))
    assert applies(lookup("openai.ChatCompletion.create")[1], project) is False
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / ".git").mkdir()
    (tmp_path / "new" / "requirements.txt").write_text("openai>=1.12\n")
    assert applies(lookup("openai.ChatCompletion.create")[1], project_for(str(tmp_path / "new"))) is True


def test_deprecation_lookup_uses_prefixes():
    assert lookup("distutils.util.strtobool")[0] == "distutils"
    assert lookup("collections.abc.Mapping") is None
    assert lookup("numpy.float64") is None
    assert lookup("numpy.float")[1].removed == "1.24"


def test_snapshot_knows_popular_apis():
    assert "read_excel" in snapshot_names("pandas")
    assert "read_excel_fast" not in snapshot_names("pandas")
    assert "GradientBoostingClassifier" in snapshot_names("sklearn.ensemble")
    assert "join" in module_names("os.path") and "joinpath" not in module_names("os.path")
    assert snapshot_names("no_such_module") is None


def test_static_reading_follows_star_imports_and_gives_up_on_getattr():
    sources = {"pkg.core": "def a(): pass\n_private = 1\n", "pkg.dyn": "def __getattr__(name): ...\n"}
    names = names_from_source("from .core import *\nfrom .other import b as c\n", "pkg", sources.get)
    assert names == {"a", "c"}
    assert names_from_source("from .dyn import *\n", "pkg", sources.get) is None
    assert names_from_source("def __getattr__(name):\n    if name == 'old': return 1\n", "pkg", sources.get) is None


def test_loose_script_import_of_a_known_package_is_not_a_finding():
    findings = run_source("import flask\nimport requests\nimport numpy as np\n", "python", path="script.py")
    assert not [f for f in findings if f.code in ("AIT006", "AIT007")]


def test_unknown_package_without_manifest_has_low_confidence():
    findings = [f for f in run_source("import fastjsonx_turbo\n", "python", path="script.py") if f.code == "AIT006"]
    assert findings and findings[0].confidence.name == "LOW"
