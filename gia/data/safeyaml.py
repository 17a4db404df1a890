"""Reading YAML that someone else wrote: plain data only, bounded in size, aliases and depth.

PyYAML's safe loader already refuses tags such as ``!!python/object``; it still expands aliases
(a few hundred bytes of ``&a [*b, *b, ...]`` become gigabytes when the value is printed) and
recurses without a bound. :func:`load_yaml` refuses both, and files larger than a limit.
"""

from __future__ import annotations

from typing import Any

import yaml

MAX_DEPTH = 40
"""The deepest nesting of mappings and lists accepted (area.yaml needs 3, a catalogue 6)."""


class UntrustedYamlError(ValueError):
    """A YAML text was refused; the message says why, with the line where known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class _PlainLoader(yaml.SafeLoader):
    """A safe loader without aliases and with a bounded depth."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise UntrustedYamlError(
                "aliases (*name) are not accepted: write the value out", event.start_mark.line + 1
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                event = self.peek_event()
                raise UntrustedYamlError(
                    f"nested deeper than {MAX_DEPTH} levels", event.start_mark.line + 1
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def load_yaml(text: str, *, max_bytes: int) -> Any:
    """Parse YAML text as plain data.

    Parameters
    ----------
    text : str
        The YAML document.
    max_bytes : int
        The largest text accepted (UTF-8 bytes).

    Raises
    ------
    UntrustedYamlError
        For a text over the limit, an alias, nesting too deep, or invalid YAML (with its line).
    """
    size = len(text.encode("utf-8"))
    if size > max_bytes:
        raise UntrustedYamlError(f"{size:,} bytes is larger than the {max_bytes:,} accepted")
    loader = _PlainLoader(text)
    try:
        return loader.get_single_data()
    except UntrustedYamlError:
        raise
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise UntrustedYamlError(
            f"not valid YAML: {getattr(exc, 'problem', None) or exc}", line
        ) from None
    except RecursionError:
        raise UntrustedYamlError(f"nested deeper than {MAX_DEPTH} levels") from None
    finally:
        loader.dispose()
