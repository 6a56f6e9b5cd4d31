"""The application layer: the command line and the review window.

Importing this package does not import Qt; only opening a window does.
"""
