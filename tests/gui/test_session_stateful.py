"""Random sequences of review actions on a real session over a real database file.

After every step: the database holds exactly what the session shows (record, version, status,
highlights), no gold span contradicts its value, and every letter's audit log replays to its
gold. `make stress` runs it with many more sequences (IMR_FUZZ_EXAMPLES) and prints the steps.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from gui.review import ReviewError, ReviewSession, Status, form_paths
from gui.review.actions import ACTIONS
from gui.review.handlers import OnSession
from parsing.edits import HEADER_FIELDS, ITEM_FIELDS
from storage.importer import import_paths
from storage.queue import QueueQuery
from storage.store import Store
from storage.verify import gold_problems

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"
KINDS = {f.name: f for f in (*HEADER_FIELDS, *ITEM_FIELDS)}
STRESS = os.environ.get("HYPOTHESIS_PROFILE") == "stress"
EXAMPLES = int(os.environ.get("IMR_FUZZ_EXAMPLES", "400")) // 20 if STRESS else 40
STEPS = {"count": 0, "sequences": 0}
SESSION_ACTIONS = [spec for spec in ACTIONS if isinstance(spec.handler, OnSession)]

words = st.sampled_from(
    ["Soma", "Percocet 10 MG", "lumbar", "MTUS", "Partial Hospitalization", "is", "#60", ""]
)


def values_for(path: str) -> st.SearchStrategy[object]:
    spec = KINDS[path.split(".")[-1]]
    if spec.kind == "date":
        return st.sampled_from(["2015-07-28", "2014-06-24", "2016-01-31", None])
    if spec.kind == "int":
        return st.one_of(st.none(), st.integers(0, 120))
    if spec.kind == "choice":
        return st.sampled_from(spec.choices)
    if spec.kind == "list":
        return st.lists(words.filter(bool), max_size=3)
    if spec.kind == "span":
        return st.none()
    return words


class ReviewMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = tempfile.mkdtemp(prefix="imr-stateful-")
        self.store = Store.open(Path(self.folder) / "letters.db")
        import_paths(self.store, [str(SAMPLES)], workers=1)
        self.session = ReviewSession(self.store, "ann")
        self.session.set_query(QueueQuery())
        self.session.open_first()
        STEPS["sequences"] += 1

    def teardown(self) -> None:
        self.store.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def attempt(self, action, *args) -> None:  # type: ignore[no-untyped-def]
        STEPS["count"] += 1
        # A refusal is an outcome too; the invariants say whether it left things whole.
        with contextlib.suppress(ReviewError):
            action(*args)

    @property
    def text(self) -> str:
        assert self.session.letter is not None
        return self.session.letter.text

    # --- where the reviewer is -----------------------------------------------------------

    @rule(data=st.data())
    def focus_a_field(self, data: st.DataObject) -> None:
        assert self.session.record is not None
        path = data.draw(st.sampled_from(form_paths(self.session.record)))
        self.attempt(self.session.set_current, path)

    @rule(delta=st.sampled_from([-1, 1]))
    def go_to_item(self, delta: int) -> None:
        self.attempt(self.session.go_to_item, delta)

    @rule(which=st.sampled_from(["next", "previous", "first"]))
    def switch_letter(self, which: str) -> None:
        action = {"next": self.session.next, "previous": self.session.previous,
                  "first": self.session.open_first}[which]  # fmt: skip
        self.attempt(action)

    # --- changes -------------------------------------------------------------------------

    @rule(data=st.data())
    def edit_current_field(self, data: st.DataObject) -> None:
        path = self.session.current_path
        self.attempt(self.session.edit, path, data.draw(values_for(path)))

    @rule(data=st.data())
    def fill_from_selection(self, data: st.DataObject) -> None:
        start = data.draw(st.integers(0, max(0, len(self.text) - 2)))
        end = data.draw(st.integers(start + 1, min(len(self.text), start + 80)))
        self.attempt(self.session.fill_from_selection, start, end)

    @rule()
    def confirm(self) -> None:
        self.attempt(self.session.confirm, self.session.current_path)

    @rule(value=st.sampled_from(["upheld", "overturned"]))
    def set_determination(self, value: str) -> None:
        self.attempt(self.session.set_determination, value)

    @rule(action=st.sampled_from(["add", "remove", "up", "down", "needs evidence"]))
    def change_items(self, action: str) -> None:
        session = self.session
        do = {"add": session.add_item, "remove": session.remove_item,
              "up": lambda: session.move_item(-1), "down": lambda: session.move_item(1),
              "needs evidence": session.toggle_needs_evidence}[action]  # fmt: skip
        self.attempt(do)

    @rule(data=st.data(), force=st.booleans())
    def highlight(self, data: st.DataObject, force: bool) -> None:
        start = data.draw(st.integers(0, max(0, len(self.text) - 2)))
        end = data.draw(st.integers(start + 1, min(len(self.text), start + 120)))
        label = data.draw(st.sampled_from([label["name"] for label in self.session.labels]))
        self.attempt(self.session.add_highlight, start, end, label, force)

    @precondition(lambda self: bool(self.session.highlights))
    @rule(data=st.data(), delete=st.booleans())
    def change_a_highlight(self, data: st.DataObject, delete: bool) -> None:
        highlight = data.draw(st.sampled_from(self.session.highlights))
        if delete:
            self.attempt(self.session.delete_highlight, highlight)
        else:
            label = data.draw(st.sampled_from([label["name"] for label in self.session.labels]))
            self.attempt(self.session.relabel_highlight, highlight, label)

    @rule(backwards=st.booleans())
    def undo_or_redo(self, backwards: bool) -> None:
        self.attempt(self.session.undo if backwards else self.session.redo)

    @rule(spec=st.sampled_from(SESSION_ACTIONS))
    def run_a_registry_action(self, spec) -> None:  # type: ignore[no-untyped-def]
        """What a menu or shortcut runs; an action its rule disables is refused, changing nothing."""
        session = self.session
        assert isinstance(spec.handler, OnSession)
        if spec.enabled(session):
            self.attempt(spec.handler.run, session)
            return
        state = (session.letter_id, session.version, session.current_path, session.status)
        STEPS["count"] += 1
        try:
            spec.handler.run(session)
        except ReviewError:
            pass
        else:
            raise AssertionError(f"{spec.id} ran although its rule disables it")
        assert (session.letter_id, session.version, session.current_path, session.status) == state

    @rule(status=st.sampled_from(["done", "skip", "flag"]))
    def set_status(self, status: str) -> None:
        session = self.session
        do = {"done": session.done_and_next, "skip": session.skip,
              "flag": lambda: session.flag("page 3 missing")}[status]  # fmt: skip
        self.attempt(do)

    # --- what must always hold -----------------------------------------------------------

    @invariant()
    def the_database_holds_what_the_session_shows(self) -> None:
        session = self.session
        if session.letter_id is None:
            return
        gold = self.store.gold(session.letter_id, "ann")
        if gold is None:
            assert session.version == 0
            assert session.record == self.store.prediction(session.letter_id)
        else:
            assert (gold.record, gold.version, gold.status) == (
                session.record,
                session.version,
                session.status,
            )
        assert self.store.highlights(session.letter_id, "ann") == session.highlights
        assert isinstance(session.status, Status)

    @invariant()
    def gold_agrees_with_its_spans_and_its_history(self) -> None:
        assert gold_problems(self.store) == []


def _report() -> None:
    if STRESS and STEPS["count"]:
        print(f"\nstateful review: {STEPS['count']:,} steps in {STEPS['sequences']:,} sequences")


atexit.register(_report)

ReviewMachine.TestCase.settings = settings(
    max_examples=EXAMPLES,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
test_review_sequences = ReviewMachine.TestCase
