import pytest

@pytest.fixture
def hf_token(monkeypatch):
    monkeypatch.setenv("HF_TOKEN", "hf_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
