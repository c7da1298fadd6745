"""``python -m canvas``: exit codes, one line per problem, JSON export and schema."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from canvas import cli
from canvas.fileformat.models import Gain, Pain, PainReliever, blank_canvas
from canvas.fileformat.validation import parse_canvas

REPO = Path(__file__).resolve().parent.parent
LINE = re.compile(r"^(?P<file>.+?): (?P<path>whole file|[A-Za-z_][\w.\[\]]*): (?P<problem>.+)$")


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "canvas", *args], cwd=cwd,
                          capture_output=True, timeout=60)


def canvas_bytes(title: str = "Night <&> 🍲") -> bytes:
    c = blank_canvas(title)
    c = c.model_copy(update={
        "pains": [Pain(id="p1", text="Closed at 7am \"really\"", kind="obstacle", severity=4)],
        "gains": [Gain(id="g1", text="Warm food ✔", kind="desired", relevance=5)],
        "value_map": c.value_map.model_copy(update={"pain_relievers": [
            PainReliever(id="r1", text="Open at 6am", relieves=["p1"])]}),
    })
    return c.to_json().encode("utf-8")


@pytest.fixture
def files(tmp_path):
    good = tmp_path / "good.json"
    good.write_bytes(canvas_bytes())
    bad = tmp_path / "bad.json"
    data = json.loads(canvas_bytes())
    data["pains"][0]["severity"] = 9
    data["gains"][0]["kind"] = "nice"
    data["colour"] = "red"
    bad.write_text(json.dumps(data), encoding="utf-8")
    broken = tmp_path / "broken.json"
    broken.write_bytes(b"{ not json")
    return {"good": good, "bad": bad, "broken": broken, "dir": tmp_path}


# -- through a real process ----------------------------------------------------------------


def test_validate_valid_file_exit_zero_and_silent(files):
    result = run("validate", str(files["good"]))
    assert result.returncode == 0, result.stderr
    assert result.stdout == b""


def test_validate_mixed_files_exit_one_and_one_line_per_problem(files):
    result = run("validate", str(files["good"]), str(files["bad"]), str(files["broken"]))
    assert result.returncode == 1, result.stderr
    lines = result.stdout.decode("utf-8").splitlines()
    assert len(lines) == 4  # three problems in bad.json, one in broken.json
    parsed = [LINE.match(line) for line in lines]
    assert all(parsed), lines
    # files in the order given; every problem of bad.json named by its field path
    assert [m["file"] for m in parsed] == [str(files["bad"])] * 3 + [str(files["broken"])]
    assert {m["path"] for m in parsed[:3]} == {"pains[0].severity", "gains[0].kind", "colour"}
    assert parsed[3]["path"] == "whole file"
    assert str(files["good"]) not in result.stdout.decode("utf-8")
    assert b"Traceback" not in result.stderr


def test_validate_missing_file(files):
    missing = files["dir"] / "nope.json"
    result = run("validate", str(files["good"]), str(missing))
    assert result.returncode == 1
    lines = result.stdout.decode("utf-8").splitlines()
    assert len(lines) == 1
    match = LINE.match(lines[0])
    assert match and match["file"] == str(missing) and match["path"] == "whole file"


def test_export_json_writes_file_equal_to_input(files):
    out = files["dir"] / "out" / "copy.json"
    result = run("export", str(files["good"]), "--format", "json", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == files["good"].read_bytes()
    assert parse_canvas(out.read_bytes()) == parse_canvas(files["good"].read_bytes())


def test_export_json_to_stdout(files):
    result = run("export", str(files["good"]), "--format", "json", "-o", "-")
    assert result.returncode == 0, result.stderr
    assert result.stdout == files["good"].read_bytes()


def test_schema_prints_valid_json():
    result = run("schema")
    assert result.returncode == 0
    schema = json.loads(result.stdout.decode("utf-8"))
    assert schema["additionalProperties"] is False
    assert schema["properties"]["language"]["enum"] == ["en", "fr", "nl", "uk", "ar", "fa"]


@pytest.mark.parametrize("args", [[], ["export", "x.json", "--format", "gif"]])
def test_bad_arguments_exit_two(args):
    result = run(*args)
    assert result.returncode == 2
    assert result.stdout == b""
    assert result.stderr  # usage message
    assert b"Traceback" not in result.stderr


# -- calling main() directly ---------------------------------------------------------------


def test_main_validate_valid(files, capsys):
    assert cli.main(["validate", str(files["good"])]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""


def test_main_validate_verbose_reports_on_stderr_only(files, capsys):
    assert cli.main(["validate", "-v", str(files["good"])]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert str(files["good"]) in captured.err


def test_main_validate_invalid_lines(files, capsys):
    assert cli.main(["validate", str(files["bad"])]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    for line in lines:
        match = LINE.match(line)
        assert match, line
        assert match["file"] == str(files["bad"])
        assert match["problem"].rstrip().endswith(".")


@pytest.mark.parametrize("lang", ["en", "fr", "nl", "uk"])
def test_main_validate_in_every_language(files, capsys, lang):
    missing = str(files["dir"] / "absent.json")
    assert cli.main(["--lang", lang, "validate", str(files["bad"]), str(files["broken"]),
                     missing]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 5
    assert [line.split(": ", 1)[0] for line in lines] == \
        [str(files["bad"])] * 3 + [str(files["broken"]), missing]


def test_main_validate_directory_is_a_problem_line(files, capsys):
    assert cli.main(["validate", str(files["dir"])]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"{files['dir']}: ")


def test_main_export_json(files, capsys):
    out = files["dir"] / "exported.json"
    assert cli.main(["export", str(files["good"]), "--format", "json", "-o", str(out)]) == 0
    assert out.read_bytes() == files["good"].read_bytes()
    assert capsys.readouterr().out == ""


def test_main_export_never_overwrites_input(files, capsys):
    before = files["good"].read_bytes()
    code = cli.main(["export", str(files["good"]), "--format", "json", "-o",
                     str(files["good"])])
    assert code != 0
    assert files["good"].read_bytes() == before
    code = cli.main(["export", str(files["good"]), "--format", "json"])  # default name
    assert code != 0
    assert files["good"].read_bytes() == before


def test_main_export_refused_file(files, capsys):
    out = files["dir"] / "never.json"
    assert cli.main(["export", str(files["bad"]), "--format", "json", "-o", str(out)]) == 1
    assert not out.exists()
    captured = capsys.readouterr()
    assert captured.out == ""
    assert len(captured.err.splitlines()) == 3


def test_main_export_missing_file(files, capsys):
    out = files["dir"] / "never.json"
    missing = files["dir"] / "absent.json"
    assert cli.main(["export", str(missing), "--format", "json", "-o", str(out)]) == 1
    assert not out.exists()
    assert str(missing) in capsys.readouterr().err


def test_main_schema(capsys):
    assert cli.main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert "$defs" in schema


@pytest.mark.parametrize("args", [
    [],
    ["frobnicate"],
    ["validate"],
    ["export"],
    ["export", "x.json"],
    ["export", "x.json", "--format", "gif"],
    ["--lang", "de", "schema"],
    ["validate", "--no-such-option", "x.json"],
])
def test_main_bad_arguments_exit_two(args, capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(args)
    assert info.value.code == 2


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_main_export_past_its_deadline_says_so_in_one_sentence(files, capsys, monkeypatch,
                                                               fmt):
    """An export that runs out of time writes nothing and says why, in the asked language."""
    from canvas.export import deadline

    monkeypatch.setattr(deadline, "EXPORT_SECONDS", 0.0)
    out = files["dir"] / f"never.{fmt}"
    code = cli.main(["export", str(files["good"]), "--format", fmt, "--lang", "fr",
                     "-o", str(out)])
    assert code == 1
    assert not out.exists()
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        "Cet export a été arrêté au bout de 0 secondes : le canevas est trop volumineux "
        "pour être exporté à temps. Divisez-le en canevas plus petits, ou téléchargez le "
        "fichier JSON, qui fonctionne toujours."]
