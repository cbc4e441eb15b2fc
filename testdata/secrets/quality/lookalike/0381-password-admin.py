class LoginTests(TestCase):
    def test_admin(self):
        self.client.login(username="admin", password="admin")
