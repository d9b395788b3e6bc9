import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.extract.contact_fakes import FakeGazetteer, FakeLexicon
from timeline.extract.pipeline import article_name, extract_paths
from timeline.extract.readers import ReadError

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"


def test_extraction_never_imports_django():
    modules = sorted(p.stem for p in (ROOT / "timeline" / "extract").glob("*.py"))
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module('timeline.extract.' + name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] == 'django')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", "import json\n" + code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(result.stdout) == []


def test_it_yields_documents_with_contacts_and_read_errors(tmp_path):
    (tmp_path / "call.txt").write_text(
        "اتصال\n\nأجرى الرئيس بوتين اتصالا هاتفيا بالرئيس ماكرون.", encoding="utf-8"
    )
    (tmp_path / "broken.txt").write_bytes(b"\x00\x01\x02binary")
    results = list(
        extract_paths(
            [tmp_path / "call.txt", tmp_path / "broken.txt"],
            published=None,
            gazetteer=FakeGazetteer(),
            lexicon=FakeLexicon(),
        )
    )
    docs = {article_name(d): c for d, c in results if not isinstance(d, ReadError)}
    errors = [d for d, _ in results if isinstance(d, ReadError)]
    assert len(errors) == 1 and errors[0].path.name == "broken.txt"
    assert [c.medium for c in docs["call.txt"]] == ["phone"]
    assert docs["call.txt"][0].initiator == "RU"


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="no shared seeds")
def test_one_gazetteer_serves_the_whole_batch(monkeypatch):
    leaders = pytest.importorskip("timeline.extract.leaders")

    calls = []
    real = leaders.Gazetteer.default
    monkeypatch.setattr(
        leaders.Gazetteer, "default", classmethod(lambda cls: calls.append(1) or real())
    )
    list(extract_paths([SHARED / "seeds"]))
    assert len(calls) == 1
