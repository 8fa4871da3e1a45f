"""Who may use the visit pages and API: any signed-in host (faculty or staff) for their own visits.

Which visit each may see is the service's `may_see` (hosts their own; compliance and admins all);
the staff list and who is on campus are for Research Compliance (compliance/auth.py).
"""

from __future__ import annotations

from travelprep.accounts.auth import ApiUser, CurrentUser
from travelprep.compliance.auth import ComplianceStaff

Host = CurrentUser
HostToken = ApiUser
VisitStaff = ComplianceStaff

__all__ = ["Host", "HostToken", "VisitStaff"]
