"""The command line: one module per noun, joined in app.py."""
