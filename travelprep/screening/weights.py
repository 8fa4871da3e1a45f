"""How much each normalized token counts when two names are compared.

Fixed classes rather than corpus frequencies, so a score means the same against the shipped
list alone as against a million imported entries, and the calibrated threshold holds.
Generic words ("university", "institute", "大学") count little; every other token, such as
"science", "technology", "polytechnical" or a place name, counts fully, so leaving it out
of a query cannot be ignored.
"""

from __future__ import annotations

GENERIC_WEIGHT = 0.3
FULL_WEIGHT = 1.0

GENERIC = frozenset(
    [
        "university",
        "institute",
        "college",
        "academy",
        "school",
        "faculty",
        "department",
        "center",
        "laboratory",
        "key",
        "state",
        "national",
        "research",
        "graduate",
        "campus",
        "branch",
        "office",
        "group",
        "holding",
        "holdings",
        "international",
        "industrial",
        "industries",
        "industry",
        "trading",
        "enterprise",
        "enterprises",
        "organization",
        "association",
        "foundation",
        "society",
        "bureau",
        "agency",
        "ministry",
    ]
    + [
        "大学",
        "学院",
        "研究",
        "究院",
        "究所",
        "公司",
        "集团",
        "中国",
        "有限",
        "国家",
        "学校",
        "中心",
    ]
)


def token_weight(token: str) -> float:
    """The weight of one normalized token."""
    return GENERIC_WEIGHT if token in GENERIC else FULL_WEIGHT
