import pytest

from tests.factories import open_registration


@pytest.fixture
def registration(db):
    return open_registration()
