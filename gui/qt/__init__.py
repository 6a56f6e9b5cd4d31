"""The review window's widgets (PySide6), and nothing else: the review rules they show and run
are in `gui.review`. Imported only when a window opens, so the command line never loads Qt.

The layers below that the widgets use are imported here, before any Qt module: once PySide6 is
loaded it reads the source of every module imported after it (looking for its `__feature__`
switches), which took about a fifth of the window's start.

Qt's GUI thread pool is turned off for this process (before any window paints): Qt hands each
tall fill (a scroll bar's groove, a view's background) to its pool threads and waits for them,
which on a busy two-core machine cost more than the fill. With it off a letter switch at 50,000
letters took 25-35 ms (median) instead of 30-46 ms in four of five alternating benchmark runs,
and the scroll bars' painting a third of the time; what is drawn is the same.
"""

import os

os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")

import argparse  # noqa: F401
import getpass  # noqa: F401
import html  # noqa: F401

import gui.review.actions
import gui.review.adjudication
import gui.review.field_history
import gui.review.handlers
import gui.review.palette
import gui.review.reflow
import gui.review.tokens
import gui.review.window_state  # noqa: F401
import storage.importer
import storage.paths
import storage.queue
import storage.store
import storage.team.disputes
import storage.team.meta  # noqa: F401
