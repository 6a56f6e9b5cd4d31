"""GUI tests share the window fixtures of tests/conftest.py."""
