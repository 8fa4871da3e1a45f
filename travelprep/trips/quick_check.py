"""The quick check: anyone sees a checklist for an itinerary at once; nothing is saved."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from travelprep.accounts.auth import OptionalUser
from travelprep.metrics import CHECKLISTS_GENERATED
from travelprep.trips.check_draft import encode_draft, save_links
from travelprep.trips.checklist_view import STATUS_LABELS, ChecklistView
from travelprep.trips.form import ItineraryForm, Submission
from travelprep.web.deps import ChoicesDep, FormDep, RulebookDep, TodayDep
from travelprep.web.rendering import render

router = APIRouter()
# The quick check asks only for destinations and dates; blank traveler details become these.
ANONYMOUS_TRAVELER = {
    "name": "Quick check",
    "email": "anyone@example.edu",
    "role": "faculty",
    "citizenships": ["US"],
}


@router.get("/check", include_in_schema=False)
async def quick_check_form(request: Request, user: OptionalUser) -> Response:
    """An empty itinerary form."""
    return _page(request, Submission(ItineraryForm(), "new"))


@router.post("/check", include_in_schema=False)
async def quick_check(
    request: Request,
    user: OptionalUser,
    form: FormDep,
    choices: ChoicesDep,
    rulebook: RulebookDep,
    today: TodayDep,
) -> Response:
    """Show the checklist below the form, or the form again with its errors."""
    from travelprep.engine.checklist import generate_checklist

    submission = Submission.read(
        form,
        choices,
        ANONYMOUS_TRAVELER,
        window=rulebook.policy.date_window,
        today=today,
        devices_required=False,  # unanswered, the device items show as pending instead
    )
    if submission.itinerary is None:
        return _page(request, submission, status_code=400 if submission.errors else 200)
    checklist = generate_checklist(submission.itinerary, rulebook, today)
    CHECKLISTS_GENERATED.labels("quick_check").inc()
    # What was typed, not the stand-ins for blank traveler details, goes on to the trip form.
    save, sign_in = save_links(encode_draft(submission.form.to_itinerary_data(choices)))
    links = {"save_link": save, "signin_link": sign_in}
    return _page(request, submission, ChecklistView.build(checklist, {}), extra=links)


def _page(
    request: Request,
    submission: Submission,
    view: ChecklistView | None = None,
    status_code: int = 200,
    extra: dict | None = None,
) -> Response:
    context = (extra or {}) | {
        "submission": submission,
        "form_action": "/check",
        "submit_label": "Show my checklist",
        "view": view,
        "order": "due",
        "editable": False,
        "status_labels": STATUS_LABELS,
        "quick": True,
    }
    return render(request, "trips/quick_check.html", context, status_code)
