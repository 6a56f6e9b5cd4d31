"""The window's side of adjudication (`--adjudicate`): the adjudication list's keys pick a
coder's value, accept or drop a coder's highlight, each through `gui.review.adjudication`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...review.adjudication import Adjudication
from ..adjudication_panel import AdjudicationPanel
from .base import WindowParts


class Adjudicating(WindowParts):
    """Settling coders' disagreements from the adjudication list."""

    def _adjudication_list(self, adjudication: Adjudication) -> AdjudicationPanel:
        panel = AdjudicationPanel(adjudication)
        panel.list.picked.connect(self._pick)
        panel.list.accepted.connect(lambda n: self._settle(lambda: adjudication.accept(n)))
        panel.list.dropped.connect(lambda n: self._settle(lambda: adjudication.drop(n)))
        return panel

    def focus_adjudication(self) -> None:
        if self.adjudication_panel is None:
            self._say("Open imr-review with --adjudicate to settle coders' disagreements.")
            return
        self.adjudication_panel.list.setFocus()

    def _settle(self, work: Callable[[], Any]) -> None:
        self._run(work)
        self._refresh_adjudication()

    def _pick(self, dispute: int, choice: int) -> None:
        adjudication = self.adjudication
        assert adjudication is not None
        who = self._run(lambda: adjudication.pick(dispute, choice))
        if who is not None:
            label = adjudication.disputes[dispute].label
            self._say(f"{label}: took {who}'s value.")
        self._refresh_adjudication()
