"""Recommendations after triage: the care pathway, the education library, the medication-safety
layer, and retrieval that never gives a patient advice that is unsafe for them.

Retrieval tests use a deterministic bag-of-words encoder, so they test filtering and safety, not
the embedding model; one test loads the real MiniLM encoder.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from bot.triage.levels import LEVELS_BY_SEVERITY, PatientContext, TriageLevel
from bot.triage.recommendations import (
    FOLLOW_UP_HOURS,
    ContentError,
    EducationIndex,
    care_pathway,
    follow_up_hours,
    interactions_in_current_medications,
    load_library,
    load_medication_safety,
    medication_warnings,
    recommend,
)
from bot.triage.recommendations.library import SELF_CARE_LEVELS
from bot.triage.recommendations.retrieval import EMERGENCY_LEVELS
from bot.triage.rules import RedFlag, find_red_flags

AMBULANCE = TriageLevel.EMERGENCY_AMBULANCE
EMERGENCY = TriageLevel.EMERGENCY
URGENT = TriageLevel.URGENT
ROUTINE = TriageLevel.ROUTINE
SELF_CARE = TriageLevel.SELF_CARE

ADULT = PatientContext(age_years=30)
PREGNANT = PatientContext(age_years=29, sex="female", pregnant=True)
ON_WARFARIN = PatientContext(age_years=72, medications=("Warfarin 3mg daily",))
CHILD_OF_10 = PatientContext(age_years=10)


def taking(*medications: str) -> PatientContext:
    return PatientContext(medications=medications)


def having(*conditions: str) -> PatientContext:
    return PatientContext(conditions=conditions)


def codes(warnings) -> set[str]:
    return {warning.code for warning in warnings}


# --- A deterministic fake encoder ---------------------------------------------------------------

_STOP_WORDS = frozenset(
    re.findall(
        r"\S+",
        "a an and are as at be been but by can do for from has have i i'm in is it it's its me my "
        "of on or so that the their them they this to was we what when with you your our he she "
        "his her him not no if all any up out",
    )
)


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def fake_encode(texts: list[str]) -> np.ndarray:
    """Hashed bag of stemmed words: the same text always gives the same vector."""
    vectors = np.zeros((len(texts), 16384))
    for row, text in enumerate(texts):
        for word in re.findall(r"[a-z']+", text.lower()):
            if word in _STOP_WORDS:
                continue
            digest = hashlib.md5(_stem(word).encode()).digest()
            vectors[row, int.from_bytes(digest[:4], "big") % 16384] += 1.0
    return vectors


@pytest.fixture(scope="module")
def index() -> EducationIndex:
    return EducationIndex(fake_encode, min_score=0.1, emergency_min_score=0.3)


def ids(matches) -> list[str]:
    return [match.topic_id for match in matches]


# --- The education library ------------------------------------------------------------------------


def test_library_loads_with_enough_topics_and_unique_ids() -> None:
    topics = load_library()
    assert len(topics) >= 45
    topic_ids = [topic.id for topic in topics]
    assert len(topic_ids) == len(set(topic_ids))


@pytest.mark.parametrize("topic", load_library(), ids=lambda topic: topic.id)
def test_every_topic_is_complete_and_sourced(topic) -> None:
    assert topic.source.name.strip()
    assert topic.source.url.startswith("https://")
    assert re.match(
        r"^https://(www\.)?(nhs\.uk|nhsinform\.scot|medlineplus\.gov|cdc\.gov|cks\.nice\.org\.uk)/",
        topic.source.url,
    )
    assert topic.self_care and all(step.text.strip() for step in topic.self_care)
    assert 2 <= len(topic.warning_signs) <= 5
    assert topic.summary and topic.title and topic.symptoms and topic.keywords
    assert topic.levels and topic.levels <= set(SELF_CARE_LEVELS)


def test_library_covers_the_commissioned_subjects() -> None:
    expected = {
        "common_cold", "sore_throat", "cough", "flu", "fever_adults", "fever_children", "earache",
        "sinusitis", "hay_fever", "conjunctivitis", "diarrhoea_vomiting_adults",
        "diarrhoea_vomiting_children", "dehydration", "constipation", "indigestion_heartburn",
        "uti_symptoms", "thrush", "back_pain", "neck_pain", "sprains_strains", "minor_cuts",
        "minor_burns_scalds", "insect_bites_stings", "sunburn", "eczema_flare", "acne", "hives",
        "tension_headache", "migraine", "insomnia", "stress", "low_mood", "anxiety",
        "asthma_keeping_well", "diabetes_sick_day", "high_blood_pressure", "copd_flare",
        "morning_sickness", "pregnancy_heartburn", "head_lice", "chickenpox", "hand_foot_mouth",
        "teething", "nappy_rash", "period_pain", "mouth_ulcers", "toothache", "dizziness",
        "nosebleed", "gout", "heat_exhaustion",
    }  # fmt: skip
    assert expected <= {topic.id for topic in load_library()}


def test_every_medicine_a_topic_names_is_known_to_the_safety_layer() -> None:
    safety = load_medication_safety()
    for topic in load_library():
        for medicine in topic.medicines:
            assert safety.classes_of(medicine), (topic.id, medicine)


def test_crisis_topics_point_to_help() -> None:
    low_mood = next(topic for topic in load_library() if topic.id == "low_mood")
    advice = " ".join(low_mood.warning_signs + tuple(s.text for s in low_mood.while_you_wait))
    assert "{emergency_number}" in advice and "116 123" in advice


GOOD_TOPIC = """
  - id: {id}
    title: A topic
    summary: A short summary.
    symptoms: [a symptom]
    keywords: [a keyword]
    levels: [self_care]
    self_care: [Rest., Drink water., Ask a pharmacist.]
    warning_signs: [It gets worse., You are worried.]
    source: {{name: NHS, url: "https://www.nhs.uk/conditions/common-cold/"}}
"""


def _write_library(folder: Path, body: str, name: str = "topics.yml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text("topics:\n" + textwrap.dedent(body), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda t: t.replace('url: "https://', 'url: "http://'), "source.url"),
        (lambda t: t.replace("    source:", "    sorce:"), "sorce"),
        (lambda t: t.replace("levels: [self_care]", "levels: [emergency]"), "levels"),
        (
            lambda t: t.replace("warning_signs: [It gets worse., You are worried.]", ""),
            "warning_signs",
        ),
        (
            lambda t: t.replace(
                "[Rest., Drink", "[{text: Take it., medicine: [unobtainium]}, Drink"
            ),
            "self_care[0].medicine",
        ),
        (
            lambda t: t + "    audience: {avoid_if_conditions: [gremlins]}\n",
            "audience.avoid_if_conditions",
        ),
        (lambda t: t.replace("Rest.", '"Call {ambulance}."'), "self_care[0]"),
    ],
)
def test_bad_library_content_names_the_file_and_field(tmp_path, change, field) -> None:
    folder = _write_library(tmp_path / "lib", change(GOOD_TOPIC.format(id="good_topic")))
    with pytest.raises(ContentError) as error:
        load_library(folder)
    message = str(error.value)
    assert "topics.yml" in message and f"'{field}'" in message and "good_topic" in message


def test_duplicate_topic_ids_across_files_are_refused(tmp_path) -> None:
    folder = _write_library(tmp_path / "lib", GOOD_TOPIC.format(id="same"), "a.yml")
    _write_library(folder, GOOD_TOPIC.format(id="same"), "b.yml")
    with pytest.raises(ContentError, match=r"b\.yml.*'same'.*already used in a\.yml"):
        load_library(folder)


def test_bad_knowledge_base_names_the_file_and_caution(tmp_path) -> None:
    path = tmp_path / "kb.yml"
    path.write_text(
        textwrap.dedent(
            """
            classes:
              nsaids: {label: NSAIDs, members: [ibuprofen]}
            conditions:
              asthma: {label: asthma, synonyms: [asthma]}
            cautions:
              - code: nsaid_asthma
                severity: avoid
                medicine: [nsaids]
                with_conditions: [asthmaa]
                message: Careful.
                source: {name: NHS, url: "https://www.nhs.uk/medicines/ibuprofen-for-adults/"}
            """
        ),
        encoding="utf-8",
    )
    with pytest.raises(ContentError, match=r"kb\.yml: caution 'nsaid_asthma'.*'with_conditions'"):
        load_medication_safety(path)


def test_nothing_is_loaded_at_import() -> None:
    script = (
        "import sys, bot.triage.recommendations as r\n"
        "print(r.load_library.cache_info().currsize, r.load_medication_safety.cache_info().currsize,"
        " 'torch' in sys.modules)\n"
    )
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root)}
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=root,
        env=env,
    )
    assert result.stdout.split() == ["0", "0", "False"]


# --- The medication-safety knowledge base ----------------------------------------------------------


def test_knowledge_base_has_the_required_cautions() -> None:
    safety = load_medication_safety()
    assert len(safety.cautions) >= 30
    assert all(c.source.url.startswith("https://") and c.message for c in safety.cautions)


def test_warfarin_and_ibuprofen_is_avoid() -> None:
    warnings = medication_warnings(ON_WARFARIN, {"ibuprofen"})
    bleeding = [w for w in warnings if w.code == "nsaid_with_anticoagulant"]
    assert bleeding and bleeding[0].severity == "avoid"
    assert "Warfarin 3mg daily" in bleeding[0].reason


BLOOD_PRESSURE = "decongestant_heart_or_blood_pressure"


@pytest.mark.parametrize(
    ("context", "advised", "expected"),
    [
        (taking("Apixaban 5mg twice daily"), "Nurofen", "nsaid_with_anticoagulant"),
        (taking("clopidogrel 75mg"), "ibuprofen", "nsaid_with_antiplatelet"),
        (having("CKD stage 3"), "naproxen", "nsaid_kidney_disease"),
        (having("Chronic renal failure"), "Aleve", "nsaid_kidney_disease"),
        (PREGNANT, "ibuprofen", "nsaid_pregnancy"),
        (having("Hypertension"), "pseudoephedrine", BLOOD_PRESSURE),
        (having("HTN"), "Sudafed", BLOOD_PRESSURE),
        (having("high blood pressure"), "decongestant", BLOOD_PRESSURE),
        (taking("phenelzine"), "Sudafed", "decongestant_with_maoi"),
        (having("overactive thyroid"), "phenylephrine", "decongestant_other_conditions"),
        (CHILD_OF_10, "aspirin", "aspirin_under_16"),
        (PatientContext(age_years=2), "decongestant", "decongestant_under_6"),
        (PatientContext(age_years=0.1), "ibuprofen", "ibuprofen_young_baby"),
        (taking("Lithium carbonate 400mg"), "ibuprofen", "nsaid_with_lithium"),
        (taking("Methotrexate 15mg weekly"), "ibuprofen", "nsaid_with_methotrexate"),
        (taking("Sertraline 50mg"), "ibuprofen", "nsaid_with_ssri"),
        (having("asthma"), "ibuprofen", "nsaid_asthma"),
        (having("Heart failure"), "ibuprofen", "nsaid_heart_or_blood_pressure"),
        (having("Peptic ulcer 2019"), "ibuprofen", "nsaid_stomach_ulcer"),
        (having("alcoholic liver cirrhosis"), "paracetamol", "paracetamol_liver_or_alcohol"),
        (taking("Co-codamol 30/500"), "paracetamol", "paracetamol_duplicate"),
        (taking("Lemsip Max"), "Panadol", "paracetamol_duplicate"),
        (PatientContext(age_years=80), "chlorphenamine", "sedating_antihistamine_older_adult"),
        (taking("Codeine 30mg"), "Piriton", "sedating_antihistamine_with_sedatives"),
        (ADULT, "sleep aid", "sedating_antihistamine_drowsy"),
        (PatientContext(age_years=5), "hydrocortisone cream", "hydrocortisone_cream_under_10"),
        (PREGNANT, "fluconazole", "fluconazole_pregnancy"),
    ],
)
def test_cautions_fire_for_medicine_condition_and_age(context, advised, expected) -> None:
    assert expected in codes(medication_warnings(context, {advised}))


def test_the_triple_whammy_replaces_the_milder_caution() -> None:
    context = taking("Ramipril 5mg", "Furosemide 40mg")
    found = codes(medication_warnings(context, {"ibuprofen"}))
    assert "nsaid_triple_whammy" in found
    assert "nsaid_with_ace_or_arb" not in found
    assert "nsaid_with_ace_or_arb" in codes(
        medication_warnings(taking("Ramipril 5mg"), {"ibuprofen"})
    )


def test_matching_ignores_case_punctuation_and_curly_apostrophes() -> None:
    context = taking("ST. JOHN\u2019S-WORT capsules", "SERTRALINE 100MG")
    assert "st_johns_wort_with_antidepressant" in codes(
        interactions_in_current_medications(context)
    )


def test_st_johns_wort_with_sertraline_is_one_interaction() -> None:
    context = taking("St John's wort", "Sertraline 50mg")
    found = [
        w for w in interactions_in_current_medications(context)
        if w.code == "st_johns_wort_with_antidepressant"
    ]  # fmt: skip
    assert len(found) == 1 and found[0].severity == "avoid"
    assert "Sertraline 50mg" in found[0].reason


@pytest.mark.parametrize(
    ("medications", "conditions", "expected"),
    [
        (("St John's wort", "Warfarin"), (), "st_johns_wort_with_anticoagulant"),
        (("Hypericum", "Microgynon 30"), (), "st_johns_wort_with_contraceptive"),
        (("Oxycodone 5mg", "Diazepam 2mg"), (), "opioid_with_benzodiazepine"),
        (("co-codamol 8/500", "Lemsip"), (), "paracetamol_duplicate"),
        (("Prednisolone 30mg",), ("Type 2 diabetes",), "steroid_diabetes"),
        (("Naproxen 500mg", "Apixaban"), (), "nsaid_with_anticoagulant"),
    ],
)
def test_interactions_among_current_medications(medications, conditions, expected) -> None:
    context = PatientContext(medications=medications, conditions=conditions)
    assert expected in codes(interactions_in_current_medications(context))


def test_a_single_paracetamol_product_is_not_a_duplicate_of_itself() -> None:
    context = taking("Paracetamol 1g four times a day")
    assert "paracetamol_duplicate" not in codes(interactions_in_current_medications(context))


def test_sick_day_rules_apply_to_current_medicines_only_on_sick_days() -> None:
    context = taking("Metformin 500mg", "Ramipril 10mg", "Lantus")
    assert not medication_warnings(context, set())
    found = codes(medication_warnings(context, set(), sick_day=True))
    assert {"sick_day_metformin", "sick_day_kidney_medicines", "sick_day_insulin"} <= found


def test_healthy_adult_with_paracetamol_gets_no_warnings() -> None:
    assert medication_warnings(ADULT, {"paracetamol"}) == []
    assert medication_warnings(ADULT, {"ibuprofen", "antihistamine", "decongestant"}) == []
    assert interactions_in_current_medications(ADULT) == []


def test_age_and_pregnancy_cautions_need_known_facts() -> None:
    assert "aspirin_under_16" not in codes(medication_warnings(PatientContext(), {"aspirin"}))
    assert "aspirin_under_16" not in codes(
        medication_warnings(PatientContext(age_years=16), {"aspirin"})
    )
    assert "nsaid_pregnancy" not in codes(
        medication_warnings(PatientContext(pregnant=None), {"ibuprofen"})
    )


def test_warnings_put_avoid_first_and_serialise() -> None:
    context = PatientContext(age_years=70, conditions=("asthma", "CKD"), medications=("warfarin",))
    warnings = medication_warnings(context, {"ibuprofen"})
    severities = [w.severity for w in warnings]
    assert severities == sorted(severities, key=("avoid", "caution").index)
    assert json.loads(json.dumps([dataclasses.asdict(w) for w in warnings]))


# --- Retrieval, filters and safety -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I have a runny nose and sneezing, I think it's a cold", "common_cold"),
        ("itchy watery eyes and sneezing when the pollen count is high", "hay_fever"),
        ("my throat is sore and it hurts to swallow", "sore_throat"),
        ("I burnt my hand on the oven", "minor_burns_scalds"),
        ("I got sunburnt shoulders at the beach", "sunburn"),
        ("burning pain when I pee and I need to pee more often", "uti_symptoms"),
        ("I twisted my ankle and it's swollen", "sprains_strains"),
    ],
)
def test_retrieval_finds_the_topic(index, text, expected) -> None:
    assert ids(index.search(text, ADULT, SELF_CARE))[0] == expected


def test_runny_nose_and_sneezing_finds_cold_and_hay_fever(index) -> None:
    found = ids(index.search("I have a runny nose and sneezing", ADULT, SELF_CARE))
    assert {"common_cold", "hay_fever"} <= set(found)


@pytest.mark.parametrize("age", [0.1, 1.5, 6, 10, 15.9])
@pytest.mark.parametrize(
    "text",
    [
        "I have a high temperature and feel hot and shivery",
        "diarrhoea and being sick since last night",
        "heartburn and acid reflux after eating",
        "can't sleep at night",
        "my big toe is swollen and painful, gout",
    ],
)
def test_children_never_get_adult_only_topics(index, age, text) -> None:
    by_id = {topic.id: topic for topic in index.topics}
    for match in index.search(text, PatientContext(age_years=age), ROUTINE, k=5):
        audience = by_id[match.topic_id].audience
        assert audience.min_age is None or age >= audience.min_age, match.topic_id
        assert audience.max_age is None or age < audience.max_age, match.topic_id


def test_a_child_with_a_fever_gets_the_childrens_topic(index) -> None:
    found = ids(index.search("high temperature fever", PatientContext(age_years=4), ROUTINE))
    assert "fever_children" in found and "fever_adults" not in found


def test_pregnancy_avoid_topics_are_filtered_and_only_topics_kept_for_pregnancy(index) -> None:
    text = "heartburn and acid reflux after eating"
    pregnant = ids(index.search(text, PREGNANT, SELF_CARE))
    assert "indigestion_heartburn" not in pregnant
    assert "pregnancy_heartburn" in pregnant
    assert "pregnancy_heartburn" not in ids(index.search(text, ADULT, SELF_CARE))


def test_pregnant_patient_never_gets_ibuprofen(index) -> None:
    for text in ("back pain after lifting", "headache", "sore throat", "sprained ankle"):
        for match in index.search(text, PREGNANT, SELF_CARE, k=5):
            for step in match.self_care:
                assert "ibuprofen" not in step.medicines, (text, match.topic_id)
                assert "ibuprofen" not in step.text.lower() or "don't" in step.text.lower()
    back = index.search("back pain after lifting", PREGNANT, SELF_CARE)[0]
    assert back.topic_id == "back_pain"
    assert "ibuprofen" in back.withheld_medicines
    assert any("midwife" in step.text for step in back.self_care)


def test_a_pregnancy_in_the_message_counts_when_the_profile_is_silent(index) -> None:
    match = index.search("I'm 20 weeks pregnant and have back pain", ADULT, SELF_CARE)[0]
    assert "ibuprofen" in match.withheld_medicines
    not_pregnant = index.search("I'm not pregnant, I have back pain", ADULT, SELF_CARE)[0]
    assert "ibuprofen" not in not_pregnant.withheld_medicines


def test_warfarin_patient_is_told_not_to_take_ibuprofen(index) -> None:
    text = "tension headache, tight band around my head"
    advice = recommend(text, ON_WARFARIN, SELF_CARE, [], index, "999")
    headache = advice.education[0]
    assert headache.topic_id == "tension_headache"
    assert "ibuprofen" in headache.withheld_medicines
    assert all("ibuprofen" not in step.medicines for step in headache.self_care)
    assert any("paracetamol" in step.medicines for step in headache.self_care)
    warning = next(w for w in advice.medication_warnings if w.code == "nsaid_with_anticoagulant")
    assert warning.severity == "avoid" and warning.medicine == "ibuprofen"


def test_caution_steps_are_kept_with_the_caution_beside_them(index) -> None:
    asthmatic = PatientContext(age_years=30, conditions=("asthma",))
    match = index.search("back pain after lifting", asthmatic, SELF_CARE)[0]
    ibuprofen = next(step for step in match.self_care if "ibuprofen" in step.medicines)
    assert any("asthma" in caution for caution in ibuprofen.cautions)


def test_step_age_limits_apply(index) -> None:
    text = "blocked runny nose and sneezing, a cold"
    young = index.search(text, PatientContext(age_years=5), SELF_CARE)[0]
    adult = index.search(text, ADULT, SELF_CARE)[0]
    assert young.topic_id == adult.topic_id == "common_cold"
    assert not any("decongestant" in step.medicines for step in young.self_care)
    assert any("decongestant" in step.medicines for step in adult.self_care)
    baby_cough = index.search("cough", PatientContext(age_years=0.5), SELF_CARE)[0]
    assert not any("honey" in step.text for step in baby_cough.self_care)


def test_topics_are_filtered_by_level(index) -> None:
    text = "itchy watery eyes and sneezing when the pollen count is high"
    assert "hay_fever" in ids(index.search(text, ADULT, ROUTINE))
    assert "hay_fever" not in ids(index.search(text, ADULT, URGENT))


def test_conditions_and_medicines_can_rule_a_topic_out(index) -> None:
    on_chemo = PatientContext(age_years=50, conditions=("breast cancer on chemotherapy",))
    assert "sore_throat" not in ids(index.search("sore throat", on_chemo, URGENT))
    assert "minor_head_injury" in ids(index.search("I bumped my head", ADULT, URGENT))
    assert "minor_head_injury" not in ids(index.search("I bumped my head", ON_WARFARIN, URGENT))


@pytest.mark.parametrize("level", sorted(EMERGENCY_LEVELS))
def test_emergency_levels_get_no_self_care(index, level) -> None:
    for text in ("my lips are swelling after a bee sting", "sore throat", "back pain", "burn"):
        for match in index.search(text, ADULT, level, k=5):
            assert match.self_care == () and match.warning_signs == ()
            assert match.while_you_wait


def test_emergency_first_aid_follows_the_red_flag(index) -> None:
    text = "my lips are swelling and I'm struggling to breathe after a wasp sting"
    flags = [flag.code for flag in find_red_flags(text, ADULT)]
    assert "anaphylaxis" in flags
    matches = index.search(text, ADULT, AMBULANCE, red_flags=flags, emergency_number="112")
    assert len(matches) == 1
    assert matches[0].topic_id in {"insect_bites_stings", "hives"}
    assert any("auto-injector" in step.text for step in matches[0].while_you_wait)


def test_a_red_flag_brings_its_first_aid_whatever_the_score(index) -> None:
    text = "I want to kill myself"
    flags = [flag.code for flag in find_red_flags(text, ADULT)]
    matches = index.search(text, ADULT, AMBULANCE, red_flags=flags, emergency_number="999")
    assert ids(matches) == ["low_mood"]
    assert any("116 123" in step.text for step in matches[0].while_you_wait)
    assert index.search(text, ADULT, AMBULANCE) == []  # no unlinked topic clears the bar


def test_first_aid_steps_respect_age(index) -> None:
    baby = PatientContext(age_years=0.5)
    text = "the baby's turning blue and can't breathe"
    flags = [flag.code for flag in find_red_flags(text, baby)]
    assert "severe_breathing_difficulty" in flags
    assert index.search(text, baby, AMBULANCE, red_flags=flags) == []
    text = "I'm having an asthma attack and I can't breathe"
    flags = [flag.code for flag in find_red_flags(text, ADULT)]
    assert ids(index.search(text, ADULT, AMBULANCE, red_flags=flags)) == ["asthma_keeping_well"]


def test_max_gap_keeps_only_close_matches() -> None:
    strict = EducationIndex(fake_encode, min_score=0.1, max_gap=0.0)
    assert ids(strict.search("sunburn", ADULT, SELF_CARE)) == ["sunburn"]


def test_emergency_with_no_matching_first_aid_gets_none(index) -> None:
    assert index.search("please can you reschedule my appointment", ADULT, AMBULANCE) == []


def test_emergency_number_is_filled_in(index) -> None:
    for match in index.search("my nose won't stop bleeding", ADULT, URGENT, emergency_number="112"):
        for sign in match.warning_signs:
            assert "{" not in sign
    signs = " ".join(
        index.search("sunburn", ADULT, SELF_CARE, emergency_number="112")[0].warning_signs
    )
    low_mood = index.search("feeling low and hopeless", ADULT, URGENT, emergency_number="112")
    assert "{" not in signs
    assert "112" in " ".join(low_mood[0].warning_signs)


def test_encoder_must_return_one_row_per_text() -> None:
    with pytest.raises(ValueError, match="one row per text"):
        EducationIndex(lambda texts: np.zeros((1, 4)))


# --- Pathway and follow-up -------------------------------------------------------------------------


def _flag(code: str, level: TriageLevel) -> RedFlag:
    return RedFlag(code=code, label=code, level=level, evidence="x", start=0, end=1)


@pytest.mark.parametrize(
    ("level", "hours"),
    [(AMBULANCE, 12), (EMERGENCY, 12), (URGENT, 24), (ROUTINE, 72), (SELF_CARE, 48)],
)
def test_follow_up_hours_for_each_level(level, hours) -> None:
    assert follow_up_hours(level, []) == hours == FOLLOW_UP_HOURS[level]


def test_follow_up_uses_the_red_flag_floor_and_checks_crises_sooner() -> None:
    assert follow_up_hours(SELF_CARE, [_flag("cardiac_chest_pain", AMBULANCE)]) == 12
    assert follow_up_hours(AMBULANCE, [_flag("suicide_risk", AMBULANCE)]) == 4


def test_ambulance_pathway_says_call_the_number_now() -> None:
    pathway = care_pathway(AMBULANCE, "999")
    assert "999" in pathway.headline
    steps = " ".join(pathway.what_to_do_now)
    assert "Call 999 now" in steps and "Don't drive yourself" in steps and "unlock" in steps


@pytest.mark.parametrize("level", LEVELS_BY_SEVERITY)
def test_every_pathway_is_complete_and_names_the_number(level) -> None:
    pathway = care_pathway(level, "112")
    assert pathway.level == level and pathway.headline and pathway.where and pathway.how_soon
    assert "112" in " ".join(pathway.what_to_do_now)
    assert "{n}" not in " ".join((pathway.headline, *pathway.what_to_do_now))


def test_emergency_pathway_says_go_now_and_get_a_lift() -> None:
    pathway = care_pathway(EMERGENCY, "911")
    assert "emergency department" in pathway.headline
    assert any("Don't drive yourself" in step for step in pathway.what_to_do_now)


def test_pathway_needs_an_emergency_number() -> None:
    with pytest.raises(ValueError, match="emergency_number"):
        care_pathway(URGENT, "  ")


# --- The whole recommendation ------------------------------------------------------------------------


def test_recommendation_serialises_to_json(index) -> None:
    context = PatientContext(
        age_years=58, conditions=("Type 2 diabetes",), medications=("Metformin",)
    )
    advice = recommend(
        "I've been being sick with diarrhoea all night", context, ROUTINE, [], index, "999"
    )
    data = json.loads(json.dumps(dataclasses.asdict(advice)))
    assert data["level"] == "routine" and data["follow_up_hours"] == 72
    assert data["education"][0]["source"]["url"].startswith("https://")
    assert "sick_day_metformin" in {w["code"] for w in data["medication_warnings"]}


def test_recommend_raises_the_level_to_the_red_flag_floor(index) -> None:
    text = "crushing chest pain and sweating"
    flags = find_red_flags(text, ADULT)
    advice = recommend(text, ADULT, SELF_CARE, flags, index, "999")
    assert advice.level == AMBULANCE
    assert "999" in advice.pathway.headline
    assert all(not match.self_care for match in advice.education)
    assert advice.follow_up_hours == 12 and advice.red_flags == ("cardiac_chest_pain",)


def test_recommend_keeps_current_medication_cautions_for_the_nurse(index) -> None:
    context = PatientContext(age_years=40, medications=("St John's wort", "Citalopram 20mg"))
    advice = recommend("I feel stressed and overwhelmed", context, SELF_CARE, [], index, "999")
    assert "st_johns_wort_with_antidepressant" in codes(advice.current_medication_cautions)
    assert advice.education and advice.education[0].topic_id == "stress"


# --- The real encoder -------------------------------------------------------------------------------


def test_minilm_retrieves_sore_throat_and_sunburn() -> None:
    index = EducationIndex.with_minilm()
    throat = ids(index.search("my throat is really sore and it hurts to swallow", ADULT, SELF_CARE))
    sunburn = ids(index.search("I've got a sunburn on my shoulders", ADULT, SELF_CARE))
    assert "sore_throat" in throat[:3]
    assert "sunburn" in sunburn[:3]
    assert index.search("I need to renew my passport", ADULT, SELF_CARE) == []
