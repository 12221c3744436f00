"""MkDocs hooks: pages that are generated from the code, so they never drift from it.

- ``<!-- policydiff:cli -->`` in a page becomes the reference of every command and option of
  ``policydiff.cli._parser()``.
- ``<!-- policydiff:schema NAME -->`` becomes a table of every object and field of the JSON
  Schema ``NAME`` (``src/policydiff/schemas/NAME-1.json``), and the schema files are published
  beside the pages as ``schemas/NAME-1.json``.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from policydiff import cli

SCHEMAS = Path(__file__).resolve().parents[2] / "src" / "policydiff" / "schemas"
_CLI = "<!-- policydiff:cli -->"
_SCHEMA = re.compile(r"<!-- policydiff:schema (\w+) -->")
_WIDTH = 88


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Publish the schema files with the site, so pages can link them."""
    for path in sorted(SCHEMAS.glob("*.json")):
        files.append(File.generated(config, f"schemas/{path.name}", abs_src_path=str(path)))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Put the generated references where their markers stand."""
    if _CLI in markdown:
        markdown = markdown.replace(_CLI, cli_reference())
    return _SCHEMA.sub(lambda m: schema_reference(m.group(1)), markdown)


# --- the command line ------------------------------------------------------------------------


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _formatter(parser: argparse.ArgumentParser) -> argparse.HelpFormatter:
    return argparse.HelpFormatter(parser.prog, width=_WIDTH)


def _usage(parser: argparse.ArgumentParser) -> str:
    formatter = _formatter(parser)
    formatter.add_usage(parser.usage, parser._actions, parser._mutually_exclusive_groups)
    return formatter.format_help().strip()


def _argument(action: argparse.Action) -> str:
    if not action.option_strings:
        name = f"`{action.metavar or action.dest}`"
        if action.choices is not None:
            return f"{name} `{{{','.join(str(c) for c in action.choices)}}}`"
        return name
    names = ", ".join(f"`{name}`" for name in action.option_strings)
    if action.nargs == 0:
        return names
    if action.choices is not None and not isinstance(action, argparse._SubParsersAction):
        return f"{names} `{{{','.join(str(c) for c in action.choices)}}}`"
    return f"{names} `{action.metavar or action.dest.upper()}`"


def _help(parser: argparse.ArgumentParser, action: argparse.Action) -> str:
    text = _formatter(parser)._expand_help(action) if action.help else ""
    if action.nargs == "+":
        text = f"{text} (one or more)".strip()
    default = action.default
    shown = action.option_strings and action.nargs != 0 and "default" not in text
    if shown and default not in (None, argparse.SUPPRESS):
        text = f"{text} (default: `{default}`)".strip()
    if action.required and action.option_strings:
        text = f"{text} (required)".strip()
    return _cell(text) or "—"


def _arguments(parser: argparse.ArgumentParser) -> list[str]:
    rows = [
        f"| {_argument(action)} | {_help(parser, action)} |"
        for action in parser._actions
        if not isinstance(action, (argparse._HelpAction, argparse._SubParsersAction))
        and action.help != argparse.SUPPRESS
    ]
    if not rows:
        return []
    return ["| argument | what it does |", "|---|---|", *rows, ""]


def cli_reference() -> str:
    """Markdown for every command of ``policydiff`` and each of its arguments and options."""
    parser = cli._parser()
    lines = ["```text", _usage(parser), "```", ""]
    lines += _arguments(parser)
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    helps = {choice.dest: choice.help or "" for choice in commands._choices_actions}
    for name, sub in commands.choices.items():
        lines += [f"## `policydiff {name}`", "", _cell(sub.description or helps.get(name, ""))]
        lines += ["", "```text", _usage(sub), "```", ""]
        lines += _arguments(sub)
    return "\n".join(lines)


# --- JSON schemas -----------------------------------------------------------------------------


def _type(spec: dict[str, Any], schema: str) -> str:
    """A short description of what a field holds; a reference links to its definition."""
    if "$ref" in spec:
        target = spec["$ref"].rpartition("/")[2]
        return f"[{target}](#{schema}-{target})"
    if "const" in spec:
        return f"`{json.dumps(spec['const'], ensure_ascii=False)}`"
    if "enum" in spec:
        return " \\| ".join(f"`{json.dumps(v, ensure_ascii=False)}`" for v in spec["enum"])
    for key in ("anyOf", "oneOf"):
        if key in spec:
            return " or ".join(_type(option, schema) for option in spec[key])
    kind = spec.get("type", "any")
    text = " or ".join(kind) if isinstance(kind, list) else str(kind)
    if kind == "array" and "items" in spec and spec["items"] is not False:
        text = f"array of {_type(spec['items'], schema)}"
    if "prefixItems" in spec:
        text = f"[{', '.join(_type(item, schema) for item in spec['prefixItems'])}]"
    return text


def _fields(spec: dict[str, Any], schema: str) -> list[str]:
    properties = dict(spec.get("properties", {}))
    required = set(spec.get("required", ()))
    if not properties and "$ref" not in spec:
        return []
    rows = ["| field | holds | description |", "|---|---|---|"]
    if "$ref" in spec:
        rows.append(f"| *every field of* | {_type({'$ref': spec['$ref']}, schema)} | |")
    for name, field in properties.items():
        shown = f"`{name}`" if name in required else f"`{name}` (optional)"
        rows.append(f"| {shown} | {_type(field, schema)} | {_cell(field.get('description', ''))} |")
    return [*rows, ""]


def schema_reference(name: str) -> str:
    """Markdown for the schema ``name``: its top level, then each of its definitions."""
    path = SCHEMAS / f"{name}-1.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    lines = [_cell(schema.get("description", "")), "", *_fields(schema, name)]
    lines += [f"The schema file: [`{path.name}`](schemas/{path.name}).", ""]
    for key, spec in schema.get("$defs", {}).items():
        lines += [f"### {name}: {key} {{#{name}-{key}}}", "", _cell(spec.get("description", ""))]
        fields = _fields(spec, name)
        lines += ["", *fields] if fields else ["", f"Holds: {_type(spec, name)}.", ""]
    return "\n".join(lines)
