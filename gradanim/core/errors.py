"""Errors the core raises for bad input: each names the problem and where it is."""

from __future__ import annotations


class GradanimError(ValueError):
    """Base class of every error gradanim reports to a user (bad formula, bad option, ...)."""


class FormulaError(GradanimError):
    """A formula that cannot be accepted, with the offending position in the text.

    ``str(error)`` is one line: ``"<message> at position <n> ('<token>')"``;
    :meth:`pointer` gives the two-line form with a caret under the token.
    """

    def __init__(self, message: str, text: str = "", position: int | None = None, token: str = ""):
        self.message = message
        self.text = text
        self.position = position
        self.token = token
        super().__init__(self._one_line())

    def _one_line(self) -> str:
        if self.position is None:
            return self.message
        where = f" at position {self.position + 1}"
        if self.token:
            where += f" ({self.token!r})"
        return f"{self.message}{where}"

    def pointer(self) -> str:
        """The formula with a caret under the offending position (for terminals)."""
        if self.position is None or not self.text:
            return str(self)
        shown = self.text if len(self.text) <= 120 else self.text[:117] + "..."
        caret = " " * min(self.position, len(shown)) + "^" * max(1, min(len(self.token), 20))
        return f"{self}\n  {shown}\n  {caret}"


class OptionError(GradanimError):
    """A bad option or parameter value (learning rate, start point, domain, ...)."""
