@pytest.fixture
def user(db):
    return User.objects.create_user("bob", password="test123")
