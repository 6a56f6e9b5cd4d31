"""The review window's widgets (PySide6), and nothing else: the review rules they show and run
are in `gui.review`. Imported only when a window opens, so the command line never loads Qt."""
