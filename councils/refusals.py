"""The one refusal every service raises, and the one way a form shows it.

It lives on the ground floor so that every app may raise it: a service says no with
a message per form field (None for the form as a whole), and a view puts those
messages on the form the person sent, keeping what they typed.
"""

from django import forms


class Refused(Exception):
    """A rule says no. `errors` maps a form field (or None) to a message."""

    def __init__(self, errors: dict[str | None, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors

    @property
    def message(self) -> str:
        """All the messages as one line, for a page with no form."""
        return " ".join(self.errors.values())


class Conflict(Refused):
    """Someone else changed the object after this change was started."""


def show_refusal(form: forms.BaseForm, refusal: Refused) -> None:
    """Put each message on its field, or on the form when it names no field of it."""
    for field, message in refusal.errors.items():
        form.add_error(field if field in form.fields else None, message)
