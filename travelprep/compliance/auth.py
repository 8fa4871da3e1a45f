"""Who may use Research Compliance's pages and API: compliance staff and admins."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from travelprep.accounts.auth import role_required
from travelprep.accounts.roles import is_compliance_staff
from travelprep.db.models import User

ComplianceStaff = Annotated[
    User, Depends(role_required(is_compliance_staff, "This page is for Research Compliance staff."))
]
ComplianceStaffToken = Annotated[
    User, Depends(role_required(is_compliance_staff, "This is for Research Compliance staff.", token=True))
]
