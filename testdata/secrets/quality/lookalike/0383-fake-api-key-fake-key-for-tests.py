# unit tests talk to a local stub server
fake_api_key = "fake-key-for-tests"
client = Client(api_key=fake_api_key, base_url=server.url)
