"""How much each normalized token counts when two names are compared.

Fixed classes rather than corpus frequencies, so a score means the same against the shipped
list alone as against a million imported entries, and the calibrated threshold holds.
Every distinguishing token, such as "science", "technology", "polytechnical" or a place
name, counts fully, so leaving it out of a query cannot be ignored. The kind of institution
("university", "institute") counts somewhat: "Beijing University of Technology" is not
"Beijing Institute of Technology". Words for sub-units and generic words count little,
so "School of Astronautics, ..." in a query costs little.
"""

from __future__ import annotations

FULL_WEIGHT = 1.0
KIND_WEIGHT = 0.6
GENERIC_WEIGHT = 0.3

KIND = frozenset(
    """
    university institute college academy 大学 学院
    """.split()  # noqa: SIM905 - a word list reads best as words
)
GENERIC = frozenset(
    """
    school faculty department center laboratory key state national research graduate campus
    branch office group holding holdings international industrial industries industry
    trading enterprise enterprises organization association foundation society bureau agency
    ministry 研究 究院 究所 公司 集团 中国 有限 国家 学校 中心
    """.split()  # noqa: SIM905 - a word list reads best as words
)


def token_weight(token: str) -> float:
    """The weight of one normalized token."""
    if token in KIND:
        return KIND_WEIGHT
    return GENERIC_WEIGHT if token in GENERIC else FULL_WEIGHT
