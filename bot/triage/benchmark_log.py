"""Every measurement of the triage pipeline on the Semigran 2015 vignettes made while building
it, in order, so the model card reports all of them and not only the best.

The vignettes are for measuring, never for tuning: each candidate was chosen on our own
validation splits first, and at most three measurements were allowed in a development round.
A new measurement is added here by hand, with the figures `make triage-eval` printed
(model + red-flag floor, 3-class scoring).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SemigranMeasurement:
    when: str
    model: str
    what: str
    accuracy: float
    emergencies: str
    non_emergent: float
    self_care: float


SEMIGRAN_MEASUREMENTS: tuple[SemigranMeasurement, ...] = (
    SemigranMeasurement(
        when="round 1 (2 runs; the last recorded)",
        model="templated patient messages only, top 2 layers tuned",
        what="the first model, measured twice in development; earlier figures not kept",
        accuracy=0.378,
        emergencies="13/15",
        non_emergent=0.200,
        self_care=0.067,
    ),
    SemigranMeasurement(
        when="round 2, 2026-11-23 (1st of 3 allowed)",
        model="triage-minilm-12df6af4fcd8",
        what=(
            "+ 1,000 clinician-style vignettes in train, selection on both validation splits, "
            "negated lists in the red-flag floor; chosen on validation before measuring"
        ),
        accuracy=0.556,
        emergencies="14/15",
        non_emergent=0.333,
        self_care=0.400,
    ),
    SemigranMeasurement(
        when="round 2, 2026-11-23 (2nd of 3 allowed)",
        model="triage-minilm-12df6af4fcd8",
        what=(
            "the same model rebuilt by `make train-triage` (byte-identical weights), measured by "
            "`make triage-eval` for its model card: same figures"
        ),
        accuracy=0.556,
        emergencies="14/15",
        non_emergent=0.333,
        self_care=0.400,
    ),
    SemigranMeasurement(
        when="round 3, 2026-11-23 (1st of 3 allowed)",
        model="triage-minilm-4656c486e677",
        what=(
            "+ 600 vignettes of 58 more conditions in train; on our vignette validation "
            "accuracy 0.645 -> 0.680, self-care 0.400 -> 0.500, emergencies 69 -> 67 of 80; "
            "kept on that evidence before measuring. Worse here than round 2"
        ),
        accuracy=0.467,
        emergencies="11/15",
        non_emergent=0.333,
        self_care=0.333,
    ),
    SemigranMeasurement(
        when="round 4, 2026-11-24 (1st of 3 allowed)",
        model="triage-minilm-3d4a43391006",
        what=(
            "all six encoder layers fine-tuned (learning rate 5e-5) instead of the top two; on "
            "our vignette validation accuracy 0.680 -> 0.750, emergencies 67 -> 71 of 80, "
            "self-care 0.500 -> 0.400; on test accuracy 0.809 -> 0.828, emergencies 419 -> 422 "
            "of 440; kept on that evidence before measuring. Mixed here: more accurate than "
            "round 3, fewer emergencies"
        ),
        accuracy=0.511,
        emergencies="10/15",
        non_emergent=0.600,
        self_care=0.267,
    ),
    SemigranMeasurement(
        when="round 5, 2026-11-24 (1st of 3 allowed)",
        model="triage-minilm-0315677791b3",
        what=(
            "+ 800 vignettes of 80 more conditions in train, red-flag negation fixes found on "
            "them; against round 4's setup retrained on the same host, on our vignette "
            "validation accuracy 0.750 -> 0.785, emergencies 71 -> 75 of 80, self-care "
            "0.400 -> 0.525; on test emergencies 422 -> 427 of 440, accuracy 0.828 both; kept "
            "on that evidence before measuring. Better here on accuracy and emergencies, "
            "self-care unchanged"
        ),
        accuracy=0.556,
        emergencies="13/15",
        non_emergent=0.533,
        self_care=0.267,
    ),
    SemigranMeasurement(
        when="round 6, 2026-11-24 (1st of 3 allowed)",
        model="round 5's model (triage-minilm-2c264f5de92f on this host)",
        what=(
            "the same weights behind four new red-flag rules written from NHS / NICE guidance "
            "and the emergencies missed on our templated validation split (home SpO2 92% or "
            "less, NICE NG51 adult sepsis vital signs with a fever, cauda equina signs, a bite on "
            "the face, hands, feet or genitals); floor emergencies on validation 303 -> 317 of "
            "320, on test 427 -> 433 of 440, over-triage unchanged; committed before measuring. "
            "No change here: with or without the floor every answer is the model's"
        ),
        accuracy=0.556,
        emergencies="13/15",
        non_emergent=0.533,
        self_care=0.267,
    ),
    SemigranMeasurement(
        when="round 6, 2026-11-24 (2nd of 3 allowed)",
        model="round 5's model (triage-minilm-2c264f5de92f on this host)",
        what=(
            "the same weights after a review of the new rules: a reading the message calls "
            "usual only stays quiet when no other usual value follows ('sats 90%, she's usually "
            "97' now fires), and cauda equina reads 'difficulty passing urine' and 'reduced "
            "sensation in the saddle area'; held-out-condition vignettes 78 -> 79 of 80 "
            "emergencies, test and validation unchanged; committed before measuring. No change "
            "here"
        ),
        accuracy=0.556,
        emergencies="13/15",
        non_emergent=0.533,
        self_care=0.267,
    ),
    SemigranMeasurement(
        when="round 7, 2026-11-24 (1st of 3 allowed)",
        model="round 5's model (triage-minilm-2c264f5de92f, rebuilt by a clean-clone CI run)",
        what=(
            "the same weights behind a new red flag, child_dehydration_signs (NHS Healthier "
            "Together, NICE CG84: a child with diarrhoea or vomiting and sunken eyes, a sunken "
            "soft spot or no wee for hours), written from the one emergency the floor still "
            "missed on our held-out-condition vignettes: there 79 -> 80 of 80, no answer changed "
            "on validation or test; weight averaging (EMA) was tried on two seeds and dropped "
            "without being measured here; committed before measuring. No change here"
        ),
        accuracy=0.556,
        emergencies="13/15",
        non_emergent=0.533,
        self_care=0.267,
    ),
    SemigranMeasurement(
        when="round 7, 2026-11-24 (2nd of 3 allowed)",
        model="round 5's model (triage-minilm-2c264f5de92f, rebuilt by a clean-clone CI run)",
        what=(
            "the same weights after a review of the dehydration rule: Scots 'wee' (a wee bit) "
            "is not urine, and 'no wees all day' now reads as no urine for it and for sepsis; no "
            "answer changed on validation or test; committed before measuring. No change here"
        ),
        accuracy=0.556,
        emergencies="13/15",
        non_emergent=0.533,
        self_care=0.267,
    ),
    SemigranMeasurement(
        when="round 7, 2026-11-24 (3rd of 3 allowed)",
        model="round 5's model (triage-minilm-2c264f5de92f, rebuilt by a clean-clone CI run)",
        what=(
            "the same weights after the dehydration rule's copy of the no-urine patterns moved "
            "into the shared set, so sepsis also reads 'hasn't had a wee since yesterday'; no "
            "flag changed on any split of our data; committed before measuring. No change here"
        ),
        accuracy=0.556,
        emergencies="13/15",
        non_emergent=0.533,
        self_care=0.267,
    ),
    SemigranMeasurement(
        when="round 9, 2026-11-24 (1st of 3 allowed)",
        model="round 5's model (triage-minilm-2c264f5de92f on this host)",
        what=(
            "the same weights behind eight new red flags from NHS / NICE guidance for emergency "
            "scenarios of our training data that no rule covered (fever in chemotherapy, "
            "180/120 with symptoms, 160/110 in pregnancy, 39C at 3-6 months, hypothermia, head "
            "injury with vomiting or drowsiness, urinary retention, a chemical in the eye) and "
            "a wider torsion rule; rules alone on train reach 1,904 of 3,160 emergencies "
            "instead of 1,607 with no more over-triage on any split; no answer changed on "
            "validation, test emergencies 433 -> 434 of 440; committed before measuring. No "
            "change here"
        ),
        accuracy=0.556,
        emergencies="13/15",
        non_emergent=0.533,
        self_care=0.267,
    ),
    SemigranMeasurement(
        when="round 10, 2026-11-25 (1st of 3 allowed)",
        model="triage-minilm-e8d2f01bf9e9",
        what=(
            "round 5's data trained with token dropout (15% of each message's tokens hidden "
            "at each step, never a negation, a settling word or a number) behind a new red "
            "flag for bowel obstruction; validation score 0.808 / 0.766 / 0.759 -> 0.817 / "
            "0.777 / 0.786 over seeds 13 / 14 / 15, and with the floor on seed 13 templated "
            "validation 0.809 -> 0.824, held-out-condition vignettes 0.810 -> 0.820 (80 of 80 "
            "emergencies both), test 0.835 -> 0.843 with emergencies 434 -> 435 of 440; "
            "committed before measuring. One more emergency caught here, self-care unchanged"
        ),
        accuracy=0.578,
        emergencies="14/15",
        non_emergent=0.533,
        self_care=0.267,
    ),
)
"""Round 1's non-emergent figure is derived from its recorded figures: 17/45 correct, of which
13 emergencies and 1 self-care case, leaves 3/15 non-emergent."""


def render_semigran_log() -> list[str]:
    """The measurements as a Markdown table."""
    lines = [
        "| # | when | model | 3-class accuracy | emergencies | non-emergent | self-care |",
        "|---:|---|---|---:|---:|---:|---:|",
    ]
    for number, run in enumerate(SEMIGRAN_MEASUREMENTS, start=1):
        lines.append(
            f"| {number} | {run.when} | {run.model}: {run.what} | {run.accuracy:.3f} | "
            f"{run.emergencies} | {run.non_emergent:.3f} | {run.self_care:.3f} |"
        )
    return lines
