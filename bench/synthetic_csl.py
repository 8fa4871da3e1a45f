"""A synthetic US Consolidated Screening List export, for the screening benchmark.

Names are made of invented words, real place names and industry words, with aliases (short
forms, other legal forms, Chinese-character names), so that token frequencies look like a
real list: a few very common words, a long tail of rare ones. Seeded, so runs compare.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from pathlib import Path

from travelprep.screening.lists.csl import CSL_FIELDS

# Word lists read best as words.
PLACES = (  # noqa: SIM905
    "Beijing Shanghai Nanjing Harbin Shenzhen Guangzhou Tianjin Wuhan Chengdu Chongqing Xian "
    "Hangzhou Dalian Qingdao Shenyang Changsha Hefei Jinan Zhengzhou Kunming Moscow Tehran "
    "Dubai Istanbul Minsk Caracas Karachi Pyongyang Damascus Havana Almaty Tashkent Baku "
    "Yerevan Tbilisi Novosibirsk Samara Kazan Omsk Perm Isfahan Mashhad Shiraz Tabriz Lahore "
    "Riga Sofia Hong Kong Macau Singapore Kuala Lumpur Bangkok Hanoi Manila Jakarta Seoul"
).split()
INDUSTRY = (  # noqa: SIM905
    "Technology Electronics Trading Industries Aerospace Precision Optics Materials Chemical "
    "Machinery Logistics Shipping Energy Systems Semiconductor Instruments Research "
    "Development Engineering International Holdings Group Import Export Software Defense "
    "Equipment Manufacturing Science Photonics Microelectronics Telecom Communications "
    "Navigation Robotics Nuclear Petroleum Mining Metals Alloys Composites Laser Radar "
    "Satellite Marine Aviation Automation Components Devices Networks Computing Security"
).split()
KINDS = ("Institute", "University", "Academy", "Laboratory", "Center", "Corporation")
LEGAL = ("Co., Ltd.", "Company Limited", "LLC", "JSC", "GmbH", "Inc.", "Limited", "Ltd.", "")
HAN = "华中国科技电子精密光学材料航空机械能源系统仪器研究发展工程国际控股集团软件设备制造通信导航新"
SYLLABLES = [c + v for c in "bdfgklmnprstvzh" for v in ("a", "e", "i", "o", "u", "ar", "en", "or")]


def invented_words(rng: random.Random, count: int) -> list[str]:
    """Pronounceable invented words, e.g. 'Zorvexa'."""
    words = set()
    while len(words) < count:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize())
    return sorted(words)


def synthetic_entities(n: int, seed: int = 7) -> Iterator[tuple[str, list[str]]]:
    """`n` (name, aliases) pairs."""
    rng = random.Random(seed)
    words = invented_words(rng, max(2000, n // 8))
    for _ in range(n):
        core = " ".join(rng.choice(words) for _ in range(rng.choice((1, 1, 2))))
        industry = " ".join(rng.sample(INDUSTRY, rng.choice((1, 2, 2, 3))))
        shape = rng.random()
        if shape < 0.5:
            name = f"{rng.choice(PLACES)} {core} {industry} {rng.choice(LEGAL)}"
        elif shape < 0.8:
            name = f"{core} {industry} {rng.choice(LEGAL)}"
        else:
            name = f"{rng.choice(PLACES)} {core} {rng.choice(KINDS)} of {industry}"
        aliases = []
        if rng.random() < 0.5:
            aliases.append(f"{core} {industry.split()[0]}")
        if rng.random() < 0.3:
            aliases.append(f"{core} {industry} {rng.choice(LEGAL)}")
        if rng.random() < 0.05:
            aliases.append("".join(rng.choice(HAN) for _ in range(rng.randint(4, 8))) + "有限公司")
        yield name.strip(), aliases


def write_synthetic_csl(path: Path, n: int, planted: list[tuple[str, list[str], str]]) -> int:
    """Write `n` synthetic rows plus the `planted` (name, aliases, country) rows; return the row count."""
    rows = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSL_FIELDS)
        blank = [""] * len(CSL_FIELDS)
        at = {field: i for i, field in enumerate(CSL_FIELDS)}
        everything = [(f"planted-{i}", p) for i, p in enumerate(planted)]
        for number, (name, aliases) in enumerate(synthetic_entities(n)):
            for tag, entry in everything if number == n // 2 else ():
                writer.writerow(_row(blank, at, tag, *entry))
                rows += 1
            writer.writerow(_row(blank, at, f"syn-{number}", name, aliases))
            rows += 1
    return rows


def _row(
    blank: list[str], at: dict[str, int], key: str, name: str, aliases: list[str], country: str = ""
) -> list[str]:
    row = list(blank)
    row[at["addresses"]] = f"Beijing, {country}" if country else ""
    row[at["_id"]] = key
    row[at["source"]] = "Entity List (EL) - Bureau of Industry and Security"
    row[at["type"]] = "Entity"
    row[at["name"]] = name
    row[at["alt_names"]] = "; ".join(aliases)
    row[at["source_list_url"]] = "https://www.bis.gov/entity-list"
    return row
