"""Markdown escaping for text from scanned code, so it cannot become markup (GitHub flavour).

Everything a template outputs goes through `escape_text` unless it is already `MdSafe`
(built by `code_span`, `link` or the template itself). Names go into code spans, whose
content Markdown never interprets: no emphasis, links, HTML, @mentions or #123 references.
"""

from __future__ import annotations

import re

from reports.findings import clip

# A zero-width space breaks what GitHub would otherwise turn into a mention, an issue
# reference or the end of an HTML comment, without changing what a reader sees.
_ZWSP = "\u200b"
_WHITESPACE = re.compile(r"\s+")
_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#|~])")
# Characters that only mean something at the start of a line (lists, quotes, headings).
_LINE_START = re.compile(r"^(\d{1,9})([.)])(?=\s|$)|^([-+=])(?=[\s=-]|$)")
_MENTION_OR_REF = re.compile(r"([@#])(?=\w)")
_BACKTICKS = re.compile(r"`+")


class MdSafe(str):
    """Markdown that is safe to output as it is (the Markdown twin of `markupsafe.Markup`)."""

    __slots__ = ()


def neutralize(text: str, limit: int | None = None) -> str:
    """Untrusted text made inert wherever it lands: printable, one line, no `-->`."""
    text = clip(text, limit) if limit else clip(text, 10**9)
    text = _WHITESPACE.sub(" ", text)
    return text.replace("-->", "--" + _ZWSP + ">")


def escape_text(text: str, limit: int | None = None) -> MdSafe:
    """Plain text in a paragraph or table cell: every Markdown and HTML character escaped."""
    text = neutralize(text, limit)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _PUNCTUATION.sub(r"\\\1", text)
    text = _LINE_START.sub(
        lambda m: f"{m.group(1)}\\{m.group(2)}" if m.group(1) else "\\" + m.group(3), text
    )
    return MdSafe(_MENTION_OR_REF.sub(r"\1" + _ZWSP, text))


def code_span(text: str, *, in_table: bool = False, limit: int | None = 200) -> MdSafe:
    """A code span whose fence is longer than any run of backticks inside it.

    In a table cell `|` must still be escaped: GitHub splits cells before it parses code
    spans, and drops the backslash again inside the span.
    """
    text = neutralize(text, limit)
    if not text:
        return MdSafe("` `")
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    fence = "`" * (longest + 1)
    if text.startswith(("`", " ")) or text.endswith(("`", " ")):
        text = f" {text} "  # CommonMark strips one space from each side
    if in_table:
        text = text.replace("|", "\\|")
    return MdSafe(f"{fence}{text}{fence}")


def link(label: MdSafe, url: str) -> MdSafe:
    """A link whose label is already safe Markdown and whose URL we built ourselves."""
    # Our URLs are percent-encoded; these would still end the destination or the label.
    url = url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C")
    return MdSafe(f"[{label}]({url})")
