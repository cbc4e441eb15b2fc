# conftest defaults
API_KEY = "TEST_API_KEY"
BASE_URL = "http://localhost:8000"
