"""Each role lands on its own home after sign-in, unless a page was asked for."""

import pytest

pytestmark = pytest.mark.web


@pytest.mark.parametrize(
    ("role", "home"),
    [
        ("traveler", "/trips"),
        ("loaner_staff", "/loaner"),
        ("compliance", "/staff/trips"),
        ("admin", "/staff/trips"),
    ],
)
def test_each_role_lands_on_its_home(client, role, home):
    answer = client.post("/signin", data={"email": f"{role}@example.edu", "role": role})
    assert answer.status_code == 303 and answer.headers["location"] == home
    assert client.get(home).status_code == 200
    assert client.get("/", follow_redirects=False).headers["location"] == home  # the site's own root too


def test_the_page_asked_for_wins_over_the_home(client):
    answer = client.post(
        "/signin", data={"email": "d@example.edu", "role": "loaner_staff", "next": "/loaner/queue"}
    )
    assert answer.headers["location"] == "/loaner/queue"
    off_site = client.post(
        "/signin", data={"email": "d@example.edu", "role": "loaner_staff", "next": "//evil.example"}
    )
    assert off_site.headers["location"] == "/loaner"
    assert 'name="next" value=""' in client.get("/signin").text
