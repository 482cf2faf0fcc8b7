"""Readable change history from django-simple-history's records: who, when, and each
field's old and new value."""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import models


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: object
    who: object
    subject: str
    action: str
    reason: str
    changes: list[FieldChange] = field(default_factory=list)


ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}


def _display(model: type[models.Model], name: str, value: object, names: dict) -> str:
    if value in (None, ""):
        return "–"
    model_field = model._meta.get_field(name)
    if model_field.is_relation:
        return names.get((model_field.related_model, value), f"#{value}")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    return str(value)


def history_entries(
    records: Iterable[models.Model], describe: Callable[[models.Model], str]
) -> list[HistoryEntry]:
    """Entries for historical records of one or more objects, newest first.

    Each record is compared with the previous record of the same object, in memory;
    related objects are named with one query per related model.
    """
    by_object: dict[object, list] = defaultdict(list)
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        by_object[record.instance_type, record.id].append(record)
    pairs = []
    wanted: dict[type, set] = defaultdict(set)
    for versions in by_object.values():
        previous = None
        for record in versions:
            delta = record.diff_against(previous) if previous is not None else None
            pairs.append((record, delta))
            if delta:
                for change in delta.changes:
                    model_field = record.instance_type._meta.get_field(change.field)
                    if model_field.is_relation:
                        wanted[model_field.related_model].update(
                            v for v in (change.old, change.new) if v is not None
                        )
            previous = record
    names = {
        (related, obj.pk): str(obj)
        for related, ids in wanted.items()
        for obj in related._default_manager.filter(pk__in=ids)
    }
    entries = []
    for record, delta in pairs:
        model = record.instance_type
        entry = HistoryEntry(
            when=record.history_date,
            who=record.history_user,
            subject=describe(record),
            action=ACTIONS[record.history_type],
            reason=record.history_change_reason or "",
        )
        if delta:
            entry.changes = [
                FieldChange(
                    label=model._meta.get_field(change.field).verbose_name.capitalize(),
                    old=_display(model, change.field, change.old, names),
                    new=_display(model, change.field, change.new, names),
                )
                for change in delta.changes
            ]
            if not entry.changes and record.history_type == "~":
                continue  # saved without a change worth showing
        entries.append(entry)
    entries.reverse()
    return entries
