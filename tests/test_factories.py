"""Every factory makes a row that is valid as it stands: the model's own checks pass
and the database's constraints take it."""

import pytest
from factory.django import DjangoModelFactory

from tests import factories

FACTORIES = [
    getattr(factories, name)
    for name in dir(factories)
    if name.endswith("Factory")
    and isinstance(getattr(factories, name), type)
    and issubclass(getattr(factories, name), DjangoModelFactory)
    and getattr(factories, name) is not DjangoModelFactory
]


@pytest.mark.django_db
@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f.__name__)
def test_a_factory_makes_a_valid_row(factory) -> None:
    row = factory()
    row.full_clean()
    assert type(row).objects.filter(pk=row.pk).exists()
