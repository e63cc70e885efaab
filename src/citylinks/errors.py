"""The errors a user can cause, as opposed to bugs.

Every layer raises `CitylinksError` (or a subclass) with a one-line message that says what is
wrong and how to fix it; the command line prints it and exits 1, with no traceback.
"""


class CitylinksError(Exception):
    """A problem with the user's input or environment, explained in one line."""

    exit_code = 1


class NotFound(CitylinksError):
    """A name or key that matches nothing."""


class Ambiguous(CitylinksError):
    """A name that matches more than one record."""


class Conflict(CitylinksError):
    """A change that collides with the stored data or another officer's change."""
