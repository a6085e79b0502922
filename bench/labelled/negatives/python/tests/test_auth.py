import pytest

from app.auth import login


def test_rejects_wrong_password(client):
    response = login(client, username="alice", password="wrong-password")
    assert response.status_code == 401


def test_accepts_fixture_user(client, user_factory):
    user = user_factory(password="test-password-123")
    assert login(client, username=user.name, password="test-password-123").ok


@pytest.fixture
def api_key():
    return "test-api-key"


def test_token_header(client, api_key):
    headers = {"Authorization": "Bearer dummy-token"}
    assert client.get("/me", headers=headers).status_code == 401
