"""Who may run the loaner desk: loaner desk staff and admins."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from travelprep.accounts.auth import role_required
from travelprep.accounts.roles import is_loaner_staff
from travelprep.db.models import User

LoanerDeskStaff = Annotated[
    User, Depends(role_required(is_loaner_staff, "This page is for the IT loaner desk."))
]
