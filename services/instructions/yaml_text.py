"""Instruction content as YAML text, for the page's editor."""

from typing import Any

import yaml

from services.errors import InvalidInput


def to_yaml(content: dict[str, Any]) -> str:
    return yaml.safe_dump(content, sort_keys=False, allow_unicode=True, width=100)


def from_yaml(text: str) -> dict[str, Any]:
    """Parse the editor's text; syntax errors name the line."""
    try:
        content = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise InvalidInput(f"The YAML is not valid{where}: {getattr(error, 'problem', error)}.") from None
    if not isinstance(content, dict):
        raise InvalidInput("The instructions must be a mapping with purposes, transfers and subprocessors.")
    return content
