"""Showing text from a letter, a file name or a user as plain text, never as markup.

Qt renders a tooltip, a QMessageBox text or an auto-format QLabel as HTML whenever the text
looks like HTML, so a file named `<img src=x.png>.txt` would load a picture. Labels that must
be rich (a bold file name) escape what they insert; tooltips go through `plain_tooltip`.
"""

from __future__ import annotations

from html import escape


def html_text(text: str) -> str:
    """``text`` escaped for insertion into rich text (line breaks kept)."""
    return escape(text, quote=False).replace("\n", "<br>")


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` exactly as it is, whatever it holds."""
    if not text:
        return ""
    return f"<p style='white-space:pre-wrap'>{html_text(text)}</p>"
