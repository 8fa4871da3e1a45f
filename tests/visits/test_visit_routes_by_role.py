"""Every route this feature added, tried by each role: the host, another traveller, Research
Compliance, an admin, and a signed-out browser (API: each one's token, and none)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.support.web import ORIGIN, api_token, sign_in
from tests.visits.helpers import ENTITY, LISTED, listed_visit, visit_form

pytestmark = pytest.mark.web
ROLES = {  # who: (email, role)
    "host": ("ada@example.edu", "traveler"),
    "other traveller": ("grace@example.edu", "traveler"),
    "compliance": ("officer@example.edu", "compliance"),
    "admin": ("root@example.edu", "admin"),
}
SIGNED_OUT = (303, 401)
DECISION = {"query": LISTED, "entity_id": ENTITY, "decision": "cleared", "note": "Checked."}
# (method, path, form, needs a cancelled visit): expected status for host, other, compliance, admin.
PAGES = [
    ("get", "/visits/{id}/edit", None, False, (200, 404, 200, 200)),
    ("post", "/visits/{id}/edit", visit_form(**{"visitor.affiliations[0].institution": LISTED}), False,
     (303, 404, 303, 303)),
    ("get", "/visits/{id}/cancel", None, False, (200, 404, 200, 200)),
    ("post", "/visits/{id}/cancel", {}, False, (303, 404, 303, 303)),
    ("post", "/visits/{id}/restore", {}, True, (303, 404, 303, 303)),
    ("post", "/visits/{id}/items/iic-visitor-advice", {"status": "done"}, False, (303, 404, 403, 403)),
    ("get", "/visits/{id}/screening", None, False, (403, 403, 200, 200)),
    ("post", "/visits/{id}/screening", DECISION, False, (403, 403, 303, 303)),
    ("get", "/staff/screening/visits", None, False, (403, 403, 200, 200)),
]  # fmt: skip


def _client(app, who: str | None) -> TestClient:
    client = TestClient(app, headers={"Origin": ORIGIN}, follow_redirects=False)
    client.__enter__()
    if who:
        sign_in(client, *ROLES[who])
    return client


@pytest.mark.parametrize(
    ("method", "path", "form", "cancelled", "expected"), PAGES, ids=lambda v: str(v)[:40]
)
def test_each_page_route_answers_each_role(app, method, path, form, cancelled, expected):
    host = _client(app, "host")
    for who, status in zip(ROLES, expected, strict=True):
        visit_id = listed_visit(host)  # a fresh visit for each caller: a change by one hides nothing
        if cancelled:
            host.post(f"/visits/{visit_id}/cancel")
        client = _client(app, who)
        url = path.format(id=visit_id)
        response = client.get(url) if method == "get" else client.post(url, data=form)
        assert response.status_code == status, (who, url, response.text[:300])
        client.__exit__(None, None, None)
    anonymous = _client(app, None)
    url = path.format(id=visit_id)
    response = anonymous.get(url) if method == "get" else anonymous.post(url, data=form)
    assert response.status_code in SIGNED_OUT
    host.__exit__(None, None, None)


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_decisions_api_answers_each_token(app, method):
    host = _client(app, "host")
    expected = {"host": 403, "other traveller": 403, "compliance": 200, "admin": 200}
    with TestClient(app) as api:
        for who, status in expected.items():
            visit_id = listed_visit(host)
            url = f"/api/v1/visits/{visit_id}/screening-decisions"
            headers = {"Authorization": f"Bearer {api_token(app, *ROLES[who])}"}
            response = (
                api.get(url, headers=headers)
                if method == "get"
                else api.post(url, json=DECISION, headers=headers)
            )
            assert response.status_code == status, (who, response.text[:300])
        assert (api.get(url) if method == "get" else api.post(url, json=DECISION)).status_code == 401
    host.__exit__(None, None, None)
