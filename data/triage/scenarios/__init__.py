"""The hand-written scenario table behind CareLoop's triage data.

Each scenario is a plain dict:

    id       unique name, prefixed by level (amb_, em_, urg_, rou_, sc_)
    level    one of LEVELS
    family   optional; scenarios in one family share phrasings and differ only in slot values
             (duration, severity, medicines...), so the pair teaches what changes the level.
             A family's phrasings all go to the same split.
    who      adult (writes about themself) | pregnant (ditto) | child | infant (a parent writes)
             | relative (someone writes about an adult family member)
             | carer (a carer, friend, neighbour or relative writes about someone, adult or child)
             | staff (clinic staff type up a phone call in clinical shorthand)
    age      (min, max) years; infants use weeks=(min, max) (staff may too); pregnant uses
             gest=(min, max) weeks, and carer or staff with gest describe a pregnant woman
    sex      "female" | "male" | None (either)
    cond/med conditions and medicines always on the record
    bg       False stops unrelated background conditions being added to the record
    why      the clinical reasoning for the level, for the reviewing clinician
    texts    first-person phrasings with {slots}; at least five per family
    slots    scenario slot values; a value may be {"t": text, "cond": [...], "med": [...]}
             when choosing it also changes the record

Slots every scenario has: {hi} {q} (calm opener/closer), {hu} {qu} (panicked opener/closer),
{iam} {iam_age} (optional "I'm 54 and "), {age}, {child}, {baby}, {rel_intro}, {rel}, {preg},
{gw}, and pronouns {he} {him} {his} {hes} {He} {His} {Hes} {son} {boy} {man}.
carer adds {someone} ("my husband (67)") and {subj} (may also be "my husband is 67 and", so it
only opens a clause before a verb); staff adds {pt} ("45M", "6 y/o F", "6/52 M"), {via}
("Mum called re "), {gest} ("32/40") and the staff closer {sq}.
"""

from . import (
    ambulance,
    ambulance_family,
    clinical_register,
    clinical_register_primary,
    contrast_context,
    contrast_duration,
    contrast_readings,
    contrast_severity,
    contrast_vitals,
    emergency,
    emergency_family,
    measurements,
    routine,
    self_care,
    third_person,
    third_person_primary,
    urgent,
    vignette_acute,
    vignette_acute_more,
    vignette_primary,
    vignette_primary_more,
    vignette_round5_ambulance,
    vignette_round5_emergency,
    vignette_round5_routine,
    vignette_round5_self_care,
    vignette_round5_urgent,
)

LEVELS = ("emergency_ambulance", "emergency", "urgent", "routine", "self_care")

SCENARIOS: list[dict] = [
    *contrast_duration.SCENARIOS,
    *contrast_context.SCENARIOS,
    *contrast_severity.SCENARIOS,
    *ambulance.SCENARIOS,
    *ambulance_family.SCENARIOS,
    *emergency.SCENARIOS,
    *emergency_family.SCENARIOS,
    *urgent.SCENARIOS,
    *routine.SCENARIOS,
    *self_care.SCENARIOS,
    # Added with the third-person, clinical-shorthand and measurement scenarios; appended so the
    # table above keeps its order.
    *contrast_vitals.SCENARIOS,
    *contrast_readings.SCENARIOS,
    *measurements.SCENARIOS,
    *third_person.SCENARIOS,
    *third_person_primary.SCENARIOS,
    *clinical_register.SCENARIOS,
    *clinical_register_primary.SCENARIOS,
]

VIGNETTES: list[dict] = [*vignette_acute.SCENARIOS, *vignette_primary.SCENARIOS]
"""Clinician-style vignette scenarios, composed by vignettes.py (a different format)."""

MORE_VIGNETTES: list[dict] = [*vignette_acute_more.SCENARIOS, *vignette_primary_more.SCENARIOS]
"""Round 3: 58 more vignette conditions for train only, drawn from their own generator so the
vignettes above (and the held-out vignette_validation split) are unchanged."""

ROUND5_VIGNETTES: list[dict] = [
    *vignette_round5_ambulance.SCENARIOS,
    *vignette_round5_emergency.SCENARIOS,
    *vignette_round5_urgent.SCENARIOS,
    *vignette_round5_routine.SCENARIOS,
    *vignette_round5_self_care.SCENARIOS,
]
"""Round 5: 80 more vignette conditions (16 per level) for train only, from a fourth generator
drawn last, so every split above is unchanged."""
