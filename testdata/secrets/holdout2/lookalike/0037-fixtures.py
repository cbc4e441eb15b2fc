import pytest

@pytest.fixture
def user(db):
    return User.objects.create_user(username="alice", email="alice@localhost", password="password")
