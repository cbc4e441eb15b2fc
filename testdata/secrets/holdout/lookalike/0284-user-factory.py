import pytest

@pytest.fixture
def user(db):
    return User.objects.create_user("alice", "alice@localhost", password="password")
