"""One way to refuse a stale save: every edited record carries a revision, a form says which one it was opened
at, and a save from an older one is refused (nothing overwritten) with the same message on every page."""

from __future__ import annotations

STALE_MESSAGE = (
    "Someone else saved a change to this record after you opened this page. Your changes have not been saved"
    " yet and are shown below: check the record as it is now, then save again."
)


class StaleEditError(Exception):
    """Someone saved the record after the form was opened; the save was refused so nothing is overwritten.
    `obj` is the record as the caller had it (or as it is now, where the caller shows the newer version)."""

    def __init__(self, obj=None, current_revision: int = 0):
        self.obj = obj
        self.current_revision = current_revision
        name = type(obj).__name__ if obj is not None else "Record"
        super().__init__(
            f"{name} {getattr(obj, 'pk', '')} is at revision {current_revision}".replace("  ", " ")
        )


def check_revision(obj, *, current_revision: int, expected_revision: int | None) -> None:
    """Refuse (StaleEditError) when the form was opened at another revision; None means "do not check"
    (commands and imports that are not editing what someone was shown)."""
    if expected_revision is not None and current_revision != expected_revision:
        raise StaleEditError(obj, current_revision)


def keep_typed(form, current_revision: int, field: str = "revision") -> None:
    """Keep everything the user typed, move the hidden revision on (so saving again after reviewing goes
    through), and say why nothing was saved."""
    data = form.data.copy()
    data[form.add_prefix(field)] = str(current_revision)
    form.data = data
    form.add_error(None, STALE_MESSAGE)
