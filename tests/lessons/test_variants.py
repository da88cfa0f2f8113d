"""Variants tables (CSV and TOML): rows laid over a lesson, checked like a lesson file, with
problems naming the table, the line, the row and the column; and the manifest."""

from __future__ import annotations

import csv
import json

import pytest

from gradanim.lessons.batch import RenderResult
from gradanim.lessons.lesson_file import LessonError
from gradanim.lessons.manifest import Manifest
from gradanim.lessons.variants import read_variants

LESSON = '''scene = "gradient_descent"
function = "x^2 + 3y^2"
optimizer = "momentum"
hyperparameters = { momentum = 0.8, nesterov = false }

[output]
name = "bowl"
formats = ["mp4"]
'''


@pytest.fixture
def lesson(tmp_path):
    path = tmp_path / "bowl.toml"
    path.write_text(LESSON)
    return path


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_csv_rows_override_options_and_nested_keys(tmp_path, lesson):
    table = write(tmp_path, "class.csv", "output.name,lr,start,title,hyperparameters.momentum,output.formats\n"
                                         'ana,0.1,"-2, 1",Ana\'s bowl,,mp4 gif\n'
                                         'ben,0.05,"[2, 1]",2024,0.5,\n'
                                         ",0.2,,,,\n")
    ana, ben, third = read_variants(lesson, table)
    assert (ana.name, ana.row, ana.line) == ("ana", 1, 2) and not ana.problems
    assert ana.lesson.values["start"] == (-2, 1) and ana.lesson.values["lr"] == 0.1
    assert ana.lesson.values["title"] == "Ana's bowl"
    assert ana.lesson.output["formats"] == ["mp4", "gif"] and ana.lesson.output["name"] == "ana"
    assert ana.lesson.values["hyperparameters"] == {"momentum": 0.8, "nesterov": False}  # the lesson's
    assert ben.lesson.values["title"] == "2024"  # a text option's cell is text as written
    # a dotted column sets one key of the lesson's table and keeps the others
    assert ben.lesson.values["hyperparameters"] == {"momentum": 0.5, "nesterov": False}
    assert ben.lesson.output["formats"] == ["mp4"]  # an empty cell keeps the lesson's value
    assert third.name == "bowl-003" and third.lesson.output["name"] == "bowl-003"  # named after lesson and row
    assert "start" not in third.lesson.values and third.lesson.values["lr"] == 0.2  # the rest is the lesson's


def test_csv_problems_name_table_line_row_and_column(tmp_path, lesson):
    table = write(tmp_path, "bad.csv", "output.name,lr,start,colour,theme.palette\n"
                                       'ok,0.1,"-2, 1",,\n'
                                       "ana,0.1x,,3,\n"
                                       'ana,5000,"[200, 1]",,nopal\n'
                                       "bad name!,,,,\n")
    ok, first, second, third = read_variants(lesson, table)
    assert ok.lesson is not None and not ok.problems
    assert first.lesson is None and second.lesson is None and third.lesson is None
    lines = [str(p) for v in (first, second, third) for p in v.problems]
    expected = [
        f"{table}:3: error: row 2, column lr: '0.1x' is not a value",
        f"{table}:3: error: row 2, column colour: unknown key (did you mean 'levels'?)",
        f"{table}:4: error: row 3, column lr: 5000 is out of range: must be > 0 and <= 1000",
        f"{table}:4: error: row 3, column start: [200, 1] is outside the domain",
        f"{table}:4: error: row 3, column theme.palette: unknown palette",
        f"{table}:4: error: row 3, column output.name: the output name 'ana' is row 2's too",
        f"{table}:5: error: row 4, column output.name: must be a file name",
    ]
    for start in expected:
        assert any(line.startswith(start.split(" (did")[0]) for line in lines), (start, lines)


def test_a_problem_from_the_lesson_names_its_key_and_line(tmp_path):
    lesson = write(tmp_path, "l.toml", 'scene = "gradient_descent"\nstart = [-2, 1]\n')
    # the row moves the domain away from the lesson's start
    table = write(tmp_path, "v.csv", 'domain\n"[10, 12, 10, 12]"\n')
    (variant,) = read_variants(lesson, table)
    assert variant.lesson is None
    assert [str(p) for p in variant.problems] == [
        f"{table}:2: error: row 1, lesson key start ({lesson}:2): [-2, 1] is outside the domain [10, 12], [10, 12]"]


def test_scene_column_refused(tmp_path, lesson):
    table = write(tmp_path, "v.csv", "scene,lr\nhiker_in_fog,0.1\n")
    (variant,) = read_variants(lesson, table)
    assert variant.lesson is None
    assert str(variant.problems[0]).startswith(f"{table}:2: error: row 1, column scene: a variant keeps its lesson's")


def test_toml_table(tmp_path, lesson):
    table = write(tmp_path, "v.toml", '''# two variants
[[variant]]
output.name = "ana"
lr = 0.1
hyperparameters.momentum = 0.5

[[variant]]
lr = "fast"
[variant.output]
name = "zed"
quality = "ultra"
''')
    ana, zed = read_variants(lesson, table)
    assert ana.lesson.values["lr"] == 0.1 and ana.lesson.values["hyperparameters"]["momentum"] == 0.5
    assert ana.lesson.values["hyperparameters"]["nesterov"] is False
    assert zed.name == "zed" and zed.lesson is None
    assert sorted(str(p) for p in zed.problems) == [
        f"{table}:11: error: row 2, column output.quality: must be one of low, medium, high, 4k, got the string 'ultra'",
        f"{table}:8: error: row 2, column lr: expects a number, got the string 'fast'",
    ]


@pytest.mark.parametrize("name, text, message", [
    ("v.txt", "lr\n0.1\n", "a variants table is a .csv, .tsv or .toml file"),
    ("v.csv", "lr\n", "the table has no rows"),
    ("v.csv", "lr,lr\n0.1,0.2\n", "'lr' appears twice in the header"),
    ("v.csv", "l r\n0.1\n", "'l r' is not a column name"),
    ("v.toml", "lr = 0.1\n", "a TOML variants table is a list of [[variant]] tables"),
])
def test_table_refused_as_a_whole(tmp_path, lesson, name, text, message):
    table = write(tmp_path, name, text)
    with pytest.raises(LessonError) as error:
        read_variants(lesson, table)
    assert message in str(error.value.problems[0]) and str(table) in str(error.value.problems[0])


def test_invalid_lesson_refused_before_any_row(tmp_path):
    lesson = write(tmp_path, "l.toml", 'scene = "gradient_descent"\nlr = -1\n')
    table = write(tmp_path, "v.csv", "lr\n0.1\n")
    with pytest.raises(LessonError) as error:
        read_variants(lesson, table)
    assert str(error.value.problems[0]).startswith(f"{lesson}:2: error: lr:")


def test_manifest_json_and_csv(tmp_path, lesson):
    table = write(tmp_path, "v.csv", "output.name,lr\nana,0.1\nben,5000\ncid,0.2\n")
    variants = read_variants(lesson, table)
    labelled = [(f"v {v.label}", v) for v in variants]
    book = Manifest(tmp_path / "out" / "v.manifest.json", str(lesson), str(table), labelled)
    book.write()
    assert json.loads(book.json_path.read_text())["counts"]["pending"] == 3
    run = {"status": "converged", "steps": 31, "final_value": 1.5e-9, "final_point": [0.0, 1e-31], "optimizer": "gd"}
    book.record(RenderResult(labelled[0][0], outputs=["out/ana.mp4"], name="ana", key="k", run=run, seconds=3.2,
                             worker="h:1"))
    book.record(RenderResult(labelled[1][0], error="bad lr", invalid=True, name="ben"))
    book.record(RenderResult(labelled[2][0], error="RenderError: boom", name="cid"))
    document = json.loads(book.json_path.read_text())
    assert document["counts"] == {"rendered": 1, "cached": 0, "failed": 1, "invalid": 1, "pending": 0}
    assert [v["status"] for v in document["variants"]] == ["rendered", "invalid", "failed"]
    assert document["variants"][0]["run"]["status"] == "converged"
    rows = list(csv.DictReader(book.csv_path.open()))
    assert rows[0]["outputs"] == "out/ana.mp4" and rows[0]["run_status"] == "converged" and rows[0]["steps"] == "31"
    assert rows[0]["final_value"] == "1.5e-09" and rows[2]["error"] == "RenderError: boom"
    assert not list(book.json_path.parent.glob(".*partial*"))


def test_an_interrupted_batch_resumes_where_it_stopped(tmp_path, lesson):
    from gradanim.lessons.batch import prepare, run_batch

    table = write(tmp_path, "v.csv", "output.name,lr\n" + "".join(f"v{i},0.{i + 1}\n" for i in range(4)))
    out = tmp_path / "out"
    jobs = [prepare(v.label, v.lesson, out, quality="low") for v in read_variants(lesson, table)]
    called = []

    def fake_render(job):  # writes the outputs a render would; the third is interrupted
        called.append(job.lesson.name)
        if job.lesson.name == "v2" and len(called) == 3:
            raise KeyboardInterrupt
        path = out / f"{job.lesson.name}.mp4"
        path.write_bytes(b"video")
        return job.result(outputs=[str(path)])

    with pytest.raises(KeyboardInterrupt):
        run_batch(jobs, out, task=fake_render)
    assert called == ["v0", "v1", "v2"]
    results = run_batch(jobs, out, task=fake_render)
    assert called[3:] == ["v2", "v3"]  # the rendered ones are not sent again
    assert [r.cached for r in results] == [True, True, False, False]
    (out / "v3.mp4").unlink()  # an output gone: rendered again
    changed = [prepare(v.label, v.lesson, out, quality="medium") for v in read_variants(lesson, table)]
    run_batch(changed[:1] + jobs[1:], out, task=fake_render)
    assert called[5:] == ["v0", "v3"]  # v0: other settings, another content hash
