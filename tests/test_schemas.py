"""Tests for the JSON Schema files of policydiff's JSON outputs (``src/policydiff/schemas/``).

Each schema is a valid draft 2020-12 schema; every output policydiff writes validates against
its schema (the bundled samples, consecutive Government Work Reports, a law and its amendment,
the command line's own output, Hypothesis-generated documents and pairs); and a field renamed,
mistyped or left out fails validation. A failure lists each problem once, by where it is in the
output (``nodes[].label``), so a field added to a writer shows up by name: add it to the schema
(every schema holding the same ``$defs`` entry, see :func:`test_shared_definitions_agree`).

The corpus cases need ``../shared`` beside the repository (see :func:`tests.conftest.require`).
"""

from __future__ import annotations

import copy
import functools
import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, get_args, get_type_hints

import attrs
import pytest
from hypothesis import given, settings

import policydiff
from policydiff import cli, render
from policydiff.errors import OptionError
from policydiff.extract import QUALIFIERS
from policydiff.model import (
    Change,
    Document,
    Kind,
    NameChange,
    Op,
    OutsideChange,
    Related,
    Script,
)
from policydiff.render._digest import SignalChange, SignalKind
from policydiff.strategies import document_pairs, documents

from .conftest import CORPUS, ROOT, SAMPLE_NAMES, SAMPLES, require

jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is in the test extra")

SCHEMA_DIR = ROOT / "src" / "policydiff" / "schemas"
NAMES = ("diff", "document", "numbers", "timeline")
#: Keys an output may leave out (every other key of every object is required).
OPTIONAL = {"measures[].moved", "signals"}  # signals: written when asked (to_json(signals=True))

#: Consecutive years of the Government Work Reports in ../shared/corpus, those cheap enough to
#: diff and validate on every run: up to 110 KB for the two files (6 of the 12 pairs; each
#: takes about a second, most of it validating the diff's JSON).
GWR_YEARS = (*range(2005, 2015), *range(2019, 2023))
GWR_BUDGET = 110_000


def _cheap(old: int, new: int) -> bool:
    paths = [CORPUS / f"gwr_{year}.txt" for year in (old, new)]
    return not all(map(Path.exists, paths)) or sum(p.stat().st_size for p in paths) <= GWR_BUDGET


GWR_PAIRS = [(a, b) for a, b in itertools.pairwise(GWR_YEARS) if b == a + 1 and _cheap(a, b)]
#: A law and its amendment (a renumbering of 61 articles), and a local regulation.
LAW_PAIRS = ["p01_foreign_trade", "p08_bj_parking"]
SAMPLE_PAIRS = [
    ("nhc-reply-7663-2024.txt", "nhc-reply-community-health-2025.txt"),
    ("primary-care-priorities-2023-traditional.txt", "nhc-key-tasks-2024.txt"),
    ("nhc-key-tasks-2024.txt", "health-reform-tasks-2023h2.txt"),
]


@functools.cache
def _validator(name: str) -> Any:
    schema = json.loads((SCHEMA_DIR / f"{name}-1.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _where(path: Any) -> str:
    """An error's place in the output with list indices left out: ``nodes[].inline[].op``."""
    out = ""
    for part in path:
        out += "[]" if isinstance(part, int) else f".{part}"
    return out.lstrip(".") or "(top level)"


def problems(name: str, data: Any) -> list[str]:
    """Every way ``data`` breaks schema ``name``, each distinct problem once with a count."""
    found: dict[str, int] = {}
    for error in _validator(name).iter_errors(data):
        key = f"{_where(error.absolute_path)}: {error.message}"
        found[key] = found.get(key, 0) + 1
    return [f"{key} ({n}×)" if n > 1 else key for key, n in sorted(found.items())]


def assert_valid(name: str, data: Any, what: str) -> None:
    wrong = problems(name, data)
    if wrong:
        shown = "\n  ".join(wrong[:30]) + ("\n  ..." if len(wrong) > 30 else "")
        pytest.fail(f"{what} does not follow {name}-1.json:\n  {shown}", pytrace=False)


# --- the schema files --------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_schema_is_a_valid_draft_2020_12_schema(name: str) -> None:
    schema = json.loads((SCHEMA_DIR / f"{name}-1.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"urn:policydiff:schema:{name}-1"
    assert schema["title"] == schema["properties"]["schema"]["const"] == f"policydiff.{name}/1"


def test_every_json_output_has_a_schema_file() -> None:
    # Every schema value a writer puts in its output ("policydiff.<name>/<version>") has a file.
    sources = (ROOT / "src" / "policydiff").rglob("*.py")
    written = {
        f"{m[1]}-{m[2]}"
        for path in sources
        for m in re.finditer(r"policydiff\.([a-z_]+)/(\d+)", path.read_text(encoding="utf-8"))
    }
    shipped = {path.stem for path in SCHEMA_DIR.glob("*.json")}
    assert written <= shipped, f"outputs without a schema file: {sorted(written - shipped)}"
    assert {f"{name}-1" for name in NAMES} == shipped


def _definitions() -> Iterator[tuple[str, str, Any]]:
    for name in NAMES:
        schema = json.loads((SCHEMA_DIR / f"{name}-1.json").read_text(encoding="utf-8"))
        for key, value in schema.get("$defs", {}).items():
            yield name, key, value


def test_shared_definitions_agree() -> None:
    # The schemas are self-contained files; a definition that several hold (quantity,
    # metadata, path, span) is the same in each, so a field is added to all of them at once.
    seen: dict[str, tuple[str, Any]] = {}
    for name, key, value in _definitions():
        if key in seen:
            first, expected = seen[key]
            assert value == expected, (
                f"$defs/{key} differs between {first}-1.json and {name}-1.json"
            )
        else:
            seen[key] = (name, value)
    assert {"quantity", "path", "span", "metadata"} <= set(seen)


def test_enums_are_the_codes_values() -> None:
    schema = policydiff.schema("diff")
    quantity = schema["$defs"]["quantity"]["properties"]
    assert set(quantity["qualifier"]["enum"]) == {*QUALIFIERS.values(), None}
    assert set(quantity["kind"]["enum"]) == set(get_args(Kind))
    assert set(schema["$defs"]["metadata"]["properties"]["script"]["enum"]) == set(get_args(Script))
    assert set(schema["$defs"]["edit"]["properties"]["op"]["enum"]) == set(get_args(Op))
    signal = schema["$defs"]["signal"]["properties"]
    assert set(signal["kind"]["enum"]) == {*get_args(SignalKind), "rename"}
    assert set(signal["changes"]["items"]["enum"]) == {*get_args(SignalChange), "renamed"}
    for record in ("node_change", "measure_change", "number_change"):
        assert set(schema["$defs"][record]["properties"]["change"]["enum"]) == set(get_args(Change))
    # the Literal annotations of the records themselves
    for record, field, cls in [
        ("related", "kind", Related),
        ("name_change", "change", NameChange),
        ("outside_change", "change", OutsideChange),
    ]:
        literal = get_args(get_type_hints(cls)[field])
        assert set(schema["$defs"][record]["properties"][field]["enum"]) == set(literal), record


# --- the accessor ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_schema_accessor_returns_the_shipped_file(name: str) -> None:
    shipped = json.loads((SCHEMA_DIR / f"{name}-1.json").read_text(encoding="utf-8"))
    assert policydiff.schema(name) == shipped
    assert policydiff.schema(f"policydiff.{name}/1") == shipped  # an output's "schema" value


def test_schema_accessor_gives_a_new_dict_each_time() -> None:
    policydiff.schema("diff")["properties"].clear()
    assert policydiff.schema("diff")["properties"]


def test_schema_accessor_refuses_an_unknown_name() -> None:
    with pytest.raises(OptionError, match=r"'difff'.*one of 'diff', 'document'"):
        policydiff.schema("difff")
    with pytest.raises(ValueError, match=re.escape("policydiff.diff/2")):
        policydiff.schema("policydiff.diff/2")


# --- real outputs ------------------------------------------------------------------------------


@functools.cache
def _read(path: Path) -> Document:
    return policydiff.read(path)


def _check_document(doc: Document, what: str) -> None:
    assert_valid("document", json.loads(render.document_json(doc)), f"{what} (document)")
    assert_valid("numbers", json.loads(render.quantities_json(doc)), f"{what} (numbers)")


def _check_diff(old: Document, new: Document, what: str) -> None:
    assert_valid("diff", json.loads(policydiff.diff(old, new).to_json()), what)


@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.glob("*.txt")))
def test_sample_documents_validate(name: str) -> None:
    _check_document(_read(SAMPLES / name), name)


@pytest.mark.parametrize(("old", "new"), SAMPLE_PAIRS)
def test_sample_diffs_validate(old: str, new: str) -> None:
    _check_diff(_read(SAMPLES / old), _read(SAMPLES / new), f"{old} → {new}")


def test_empty_documents_validate() -> None:
    empty, some = policydiff.parse(""), policydiff.parse("一、总则。全年公开1136条。")
    _check_document(empty, "an empty document")
    _check_diff(empty, some, "empty → one section")
    _check_diff(some, empty, "one section → empty")


@pytest.mark.parametrize(("old", "new"), GWR_PAIRS, ids=[f"{a}-{b}" for a, b in GWR_PAIRS])
def test_government_work_report_diffs_validate(old: int, new: int) -> None:
    old_doc = _read(require(CORPUS / f"gwr_{old}.txt"))
    new_doc = _read(require(CORPUS / f"gwr_{new}.txt"))
    _check_document(old_doc, f"gwr_{old}.txt")
    _check_document(new_doc, f"gwr_{new}.txt")
    _check_diff(old_doc, new_doc, f"gwr_{old} → gwr_{new}")


@pytest.mark.parametrize("law", LAW_PAIRS)
def test_law_amendment_diff_validates(law: str) -> None:
    old = _read(require(CORPUS / "laws" / f"{law}.old.md"))
    new = _read(require(CORPUS / "laws" / f"{law}.new.md"))
    _check_document(old, f"{law}.old.md")
    _check_document(new, f"{law}.new.md")
    _check_diff(old, new, f"{law} old → new")


def test_timeline_validates() -> None:
    paths = [require(CORPUS / f"gwr_{year}.txt") for year in range(2019, 2023)]
    result = policydiff.timeline([_read(path) for path in paths])
    assert result.rows
    assert_valid("timeline", json.loads(render.timeline_json(result, result.rows)), "timeline")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    assert cli.main(list(argv)) == 0, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


def test_command_line_json_validates(capsys: pytest.CaptureFixture[str]) -> None:
    # What the command line prints (indented) is what the schemas describe.
    old, new = (str(SAMPLES / name) for name in SAMPLE_PAIRS[0])
    assert_valid("diff", _run(capsys, "diff", old, new, "--format", "json"), "policydiff diff")
    assert_valid("diff", _run(capsys, "demo", "--format", "json"), "policydiff demo")
    assert_valid("document", _run(capsys, "parse", old, "--format", "json"), "policydiff parse")
    assert_valid("numbers", _run(capsys, "numbers", old, "--format", "json"), "policydiff numbers")
    series = [str(SAMPLES / name) for name in (*SAMPLE_PAIRS[0], SAMPLE_PAIRS[0][1])]
    data = _run(capsys, "timeline", *series, "--format", "json")
    assert_valid("timeline", data, "policydiff timeline")


@settings(max_examples=25)
@given(documents())
def test_generated_documents_validate(text: str) -> None:
    _check_document(policydiff.parse(text), "a generated document")


@settings(max_examples=15)
@given(document_pairs())
def test_generated_pairs_validate(pair: tuple[str, str, Any]) -> None:
    old, new, _ = pair
    _check_diff(policydiff.parse(old), policydiff.parse(new), "a generated pair")


# --- strictness: a renamed, mistyped or missing field fails ------------------------------------


def _places(data: Any, at: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    """``(path to an object, key)`` for every key of every object in ``data``."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield at, key
            yield from _places(value, (*at, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _places(value, (*at, i))


def _pruned(data: Any, at: tuple[Any, ...]) -> Any:
    """A copy of ``data`` in which each list of objects on the way to ``at`` holds only the
    item on the way, and every other list of objects is empty: small, and still valid."""
    if isinstance(data, dict):
        return {k: _pruned(v, at[1:] if at and at[0] == k else ("-",)) for k, v in data.items()}
    if isinstance(data, list) and any(isinstance(v, dict) for v in data):
        return [_pruned(data[at[0]], at[1:])] if at and isinstance(at[0], int) else []
    return copy.deepcopy(data)


def _wrong_type(value: Any) -> Any:
    """A value of another JSON type than ``value``."""
    if isinstance(value, bool) or value is None:
        return {"unexpected": 1}
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return 12345
    return "unexpected"


def _mutations(name: str, data: Any, done: set[str]) -> Iterator[tuple[str, Any]]:
    """``(what was done, mutated output)``: each key of each kind of object renamed, left out
    and given a value of the wrong type, once per place (``nodes[].old``) not in ``done``."""
    for at, key in _places(data):
        where = ".".join(filter(None, (_where(at) if at else "", key))).replace(".[]", "[]")
        if where in done:
            continue
        done.add(where)
        base = _pruned(data, (*at, key))
        assert not problems(name, base), f"the pruned {name} output is invalid"
        holder = functools.reduce(
            lambda d, k: d[0 if isinstance(k, int) else k], at, base
        )  # the pruned copy keeps one item of each list on the way: index 0
        value = holder[key]
        renamed = copy.deepcopy(base)
        target = functools.reduce(lambda d, k: d[0 if isinstance(k, int) else k], at, renamed)
        target[f"{key}_renamed"] = target.pop(key)
        yield f"{where} renamed", renamed
        mistyped = copy.deepcopy(base)
        target = functools.reduce(lambda d, k: d[0 if isinstance(k, int) else k], at, mistyped)
        target[key] = _wrong_type(value)
        yield f"{where} = {target[key]!r} (was {type(value).__name__})", mistyped
        if where not in OPTIONAL:
            missing = copy.deepcopy(base)
            target = functools.reduce(lambda d, k: d[0 if isinstance(k, int) else k], at, missing)
            del target[key]
            yield f"{where} left out", missing


#: A sentence moved inside its section: the one way a measure gets its ``moved`` key.
MOVED = (
    "一、工作要求。加强基层医疗卫生机构建设。推进县域医共体建设。完善家庭医生签约服务。",
    "一、工作要求。完善家庭医生签约服务。加强基层医疗卫生机构建设。推进县域医共体建设。",
)


def _table_diff() -> policydiff.PolicyDiff:
    """A diff of documents with tables: a changed table (a row, a column and a reworded label
    added; a cell emptied) and a dropped one."""
    from policydiff.extract import table_cells
    from policydiff.model import Table

    def doc(*tables: Table) -> policydiff.Document:
        cells = tuple(table_cells(t) for t in tables)
        return attrs.evolve(policydiff.parse("一、总则。全年公开1136条。"), tables=cells)

    old = Table(
        "t1", (("项目", "金额(万元)"), ("行政规范性文件", "4"), ("收入", "5%")), where="p.2"
    )
    new = Table(
        "t1",
        (
            ("项目", "金额(万元)", "备注"),
            ("规范性文件", "6", "新"),
            ("收入", "", ""),
            ("其他", "1", ""),
        ),
        caption="收支表",
        where="p.3",
    )
    return policydiff.diff(doc(old, Table("t2", (("项目", "件数"), ("规章", "3")))), doc(new))


@functools.cache
def _real_outputs() -> dict[str, list[Any]]:
    """Outputs of each kind from the samples (and three reports for a timeline): between them,
    every kind of object each schema describes."""
    docs = [_read(SAMPLES / name) for name in SAMPLE_NAMES]
    paths = [CORPUS / f"gwr_{year}.txt" for year in (2019, 2020, 2021)]
    series = policydiff.timeline(
        [_read(p) for p in paths] if all(map(Path.exists, paths)) else docs
    )
    diffs = [policydiff.diff(_read(SAMPLES / a), _read(SAMPLES / b)) for a, b in SAMPLE_PAIRS]
    diffs.append(policydiff.diff(policydiff.parse(MOVED[0]), policydiff.parse(MOVED[1])))
    diffs.append(_table_diff())
    return {
        "diff": [json.loads(d.to_json(signals=True)) for d in diffs],
        "document": [json.loads(render.document_json(doc)) for doc in [*docs, diffs[-1].new]],
        "numbers": [json.loads(render.quantities_json(doc)) for doc in docs],
        "timeline": [json.loads(render.timeline_json(series, series.rows[:5]))],
    }


def _outputs(name: str) -> list[Any]:
    return copy.deepcopy(_real_outputs()[name])


@pytest.mark.parametrize("name", NAMES)
def test_renamed_mistyped_or_missing_fields_fail(name: str) -> None:
    done: set[str] = set()
    passed = [
        what
        for data in _outputs(name)
        for what, mutated in _mutations(name, data, done)
        if not problems(name, mutated)
    ]
    assert not passed, f"{name}-1.json accepts these broken outputs: {passed}"
    schema = policydiff.schema(name)
    unseen = sorted(_schema_places(schema, schema) - done)
    assert not unseen, f"no output written in this test has {unseen}: add one that has"


def test_a_sentence_moved_flag_is_checked_too() -> None:
    # ``moved`` is written on a measure only when true; when written it must be true.
    data = _outputs("diff")[0]
    measure = {"change": "unchanged", "old": None, "new": None, "inline": []}
    measure["old"] = measure["new"] = {"node": "1", "index": 0, "text": "句子。"}
    data["measures"] = [measure | {"moved": True}]
    assert not problems("diff", data)
    data["measures"] = [measure | {"moved": False}]
    assert problems("diff", data)


@pytest.mark.parametrize(
    ("change", "old", "new"),
    [("added", "1", "1"), ("dropped", None, "1"), ("changed", "1", None), ("added", None, None)],
)
def test_a_node_change_names_the_sides_its_kind_says(
    change: str, old: str | None, new: str | None
) -> None:
    data = _outputs("diff")[0]
    node = dict(data["nodes"][0], change=change, old=old, new=new)
    data["nodes"] = [node]
    assert problems("diff", data)


def _schema_places(schema: dict[str, Any], spec: dict[str, Any], at: str = "") -> set[str]:
    """Every place a field can stand in an output of ``schema`` (``nodes[].old``)."""
    places: set[str] = set()
    if "$ref" in spec:
        places |= _schema_places(schema, schema["$defs"][spec["$ref"].rpartition("/")[2]], at)
    for key in ("anyOf", "oneOf"):
        for option in spec.get(key, ()):
            places |= _schema_places(schema, option, at)
    for name, field in spec.get("properties", {}).items():
        place = f"{at}.{name}" if at else name
        places |= {place, *_schema_places(schema, field, place)}
    if isinstance(spec.get("items"), dict):
        places |= _schema_places(schema, spec["items"], f"{at}[]")
    return places
