"""Plain sentences that tell compliance staff why a name matched."""

from __future__ import annotations

from travelprep.engine.geography import country_name
from travelprep.screening.entities import ListedEntity
from travelprep.screening.normalize import has_han, token_spellings
from travelprep.screening.scoring import Agreement


def agreement_reason(agreement: Agreement, alias: str, entity: ListedEntity, threshold: float) -> str:
    """Why a query resembles one listed name, from the tokens that agreed or not."""
    parts = []
    if agreement.matched:
        parts.append("agreed on " + ", ".join(agreement.matched))
    if agreement.approximate:
        typos = ", ".join(f"'{q}' as '{listed}'" for q, listed in agreement.approximate)
        parts.append(f"read {typos} (spelling differs)")
    if agreement.missing:
        parts.append("the listed name also has " + ", ".join(agreement.missing))
    if agreement.inserted:
        parts.append("the query has " + ", ".join(agreement.inserted) + " inside the name")
    if agreement.extra:
        parts.append("the query also has " + ", ".join(agreement.extra))
    verdict = "Matches" if agreement.score >= threshold else "Resembles, below the threshold,"
    listed = agreement.matched + tuple(token for _, token in agreement.approximate)
    if has_han(alias) and not any(has_han(token) for token in listed):
        verdict += " the pinyin of"  # a romanized query met the Chinese name
    sentence = f"{verdict} '{alias}' ({entity.list_name}): " + "; ".join(parts) + "."
    return sentence + _caveat(alias, entity)


def ruled_out_reason(
    agreement: Agreement, query: str, alias: str, entity: ListedEntity
) -> tuple[str, tuple[str, ...]]:
    """Why a look-alike is not a match, and the distinctive words it lacks as listed."""
    spellings = token_spellings(alias)
    missing = tuple(dict.fromkeys(spellings.get(token, token) for token in agreement.lacking))
    shared = agreement.matched + tuple(token for _, token in agreement.approximate)
    if missing:
        lacking = ", ".join(f"'{word}'" for word in missing)
        sentence = f"'{query}' lacks {lacking} of '{alias}' ({entity.list_name}): ruled out"
    elif agreement.goes_on:
        sentence = (
            f"'{query}' goes on '{agreement.goes_on}' where '{alias}' ({entity.list_name}) ends, "
            "so it names another institution: ruled out"
        )
    elif agreement.elsewhere:
        sentence = (
            f"The query names {agreement.elsewhere}, and '{alias}' ({entity.list_name}) is "
            f"in {country_name(entity.country)}: ruled out"
        )
    elif agreement.qualifier:
        sentence = (
            f"'{query}' says '{agreement.qualifier}', which '{alias}' ({entity.list_name}) does not, "
            "so it names another place: ruled out"
        )
    else:
        kind = agreement.other_kind
        article = "an" if kind[:1] in "aeio" else "a"  # "a university", "an institute"
        sentence = (
            f"'{query}' names {article} {kind}, and '{alias}' ({entity.list_name}) is not one: ruled out"
        )
    if shared:
        words = ", ".join(dict.fromkeys(spellings.get(t, t) for t in shared))
        sentence += f", although it shares {words}"
    return sentence + ".", missing


def abbreviation_reason(abbreviation: str, entity: ListedEntity) -> str:
    """Why an abbreviation alone is reported: it is listed, but short names are ambiguous."""
    return (
        f"Matched abbreviation '{abbreviation}' of {entity.name} ({entity.list_name}). "
        "Abbreviations are ambiguous: check the full name." + _caveat(abbreviation, entity)
    )


def _caveat(alias: str, entity: ListedEntity) -> str:
    if entity.confidence == "low" or alias in entity.low_confidence_names:
        return " This entry comes from a weaker source (confidence: low): verify it."
    return ""
