# ruff: noqa: E501
"""Wordings added after the final set sealed_z18 (folded as tests/data/t35_z18.jsonl), each with
a neighbour or two so that the family, not the one sentence, is covered: a Levantine Arabizi
"bade e2tol 7ali", a Russian "не хочу больше жить" (a word between), Somali chest pain and
breathlessness ("xabadka ayaa i xanuunaya", "neeftuna way igu adag tahay"), a Vietnamese calf
swollen ("bắp chân trái sưng"), French leg weakness ("faiblesse dans la jambe", "jambes
faibles") and yellow fluid from the scar, Haitian Creole yellow fluid from the wound, Hindi
"jhunjhunahat" for five days ("din" is a unit of days); and a grandchild with a fever is not
the patient in Italian, Spanish, Russian and Chinese, while the patient's own "io ho la febbre"
after it is."""

from __future__ import annotations

import pytest

from tests.triage.rules_only import assess, cases, check_level

EMERGENCY = [
    "7asse eno bade e2tol 7ali, t3ebt",
    "ana bfakker e2tol 7ali",
    "Не хочу больше жить. Думаю, как бы покончить с этим.",
    "жить больше не хочу, устал",
    "думаю покончить со всем этим",
    "Xabadka ayaa i xanuunaya, neeftuna way igu adag tahay",
    "laabtayda way i xanuunaysaa oo neeftu way igu adag tahay",
]

URGENT = [
    "bắp chân trái sưng, đỏ, đau, chân phải thì bình thường",
    "bắp chân phải sưng to và nóng",
    "depuis hier j'ai une légère faiblesse dans la jambe droite, je marche quand même",
    "j'ai les jambes faibles depuis ce matin",
    "ma jambe gauche est plus faible qu'avant",
    "Gen yon bagay jòn k ap koule nan blesi a",
    "blesi a ap koule yon dlo jòn",
    "il y a du liquide jaune qui coule de la cicatrice",
    "pair mein jhunjhunahat 5 din se hai, bilkul kam nahi hui",
    "jhunjhunahat 3 hafte se hai",
    "Mio nipote ha la febbre a 38 e io ho la febbre a 38.5",
]

ROUTINE = [
    "Mio nipote ha il raffreddore e la febbre a 38, può venire a trovarmi lo stesso?",
    "la mia nipotina ha la febbre a 39, posso vederla?",
    "mi nieta tiene fiebre de 38.5, la puedo ver?",
    "мой внук заболел, температура 38,5, можно ли к нему?",
    "我孫子發燒三十九度，可以帶他去你們那邊看嗎？",
    "ma voisine a eu une infection après son opération du dos, j'ai peur que ça m'arrive",
    "pas de faiblesse dans les jambes",
    "pas de liquide jaune",
    "pairon mein jhunjhunahat 2 din se",
]


@pytest.mark.parametrize("text,level", cases(EMERGENCY, URGENT, ROUTINE))
def test_round35_family(text, level):
    check_level(text, level)


def test_the_patients_own_fever_after_a_grandchilds_is_the_patients():
    """"io" ends the grandson's scope: the second temperature is the writer's own."""
    found = [f for f in assess("Mio nipote ha la febbre a 38 e io ho la febbre a 38.5").findings if f.id == "fever"]
    assert [(f.text, f.other_person) for f in found] == [("38", True), ("38.5", False)]


@pytest.mark.parametrize(
    "text,level",
    cases(
        emergency=[
            "je n'ai pas mangé et j'ai perdu connaissance",
            "je n'ai pas réussi à uriner depuis ce matin",
            "pas de fièvre et ma jambe a lâché d'un coup",
        ],
        urgent=[
            "je n'ai pas arrêté de vomir depuis hier",
            "il n'arrête pas de vomir",
            "je n'ai pas de fièvre et j'ai des frissons",
        ],
        routine=[
            "je n'ai pas perdu connaissance",
            "je n'ai pas eu de frissons ni de fièvre",
            "je n'ai pas vomi",
            "pain's a 7 tonight, was worse the first day, getting there",
        ],
    ),
)
def test_french_negated_past_and_a_new_clause_after_et(text, level):
    """"je n'ai pas vomi" negates the participle after it; "et j'ai ..." starts a new clause, so
    a negation before it does not reach the symptom after it."""
    check_level(text, level)


def test_the_deepened_languages_own_examples_hold_with_the_rules_alone():
    """The labelled messages written with the round-35 language wordings (Arabic, Japanese,
    Chinese; Hindi/Urdu, Tagalog, Portuguese; Spanish, Vietnamese, Korean, Haitian Creole;
    Russian, Ukrainian, Somali, Amharic, Farsi, Turkish, Greek; Polish, German, Italian, French):
    no emergency missed, red flags flagged, routine messages left alone, by the rules alone."""
    import json
    from pathlib import Path

    rows = [
        json.loads(line)
        for path in sorted((Path(__file__).parents[2] / "bot/triage/examples").glob("lang2_*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    assert len(rows) > 1000
    levels = [(r["level"], assess(r["text"]).level) for r in rows]
    missed = [r["text"] for r, (gold, got) in zip(rows, levels, strict=True) if gold == "emergency" and got != "emergency"]
    flags = [got != "routine" for gold, got in levels if gold != "routine"]
    escalated = [got != "routine" for gold, got in levels if gold == "routine"]
    assert missed == []
    assert sum(flags) / len(flags) >= 0.99
    assert sum(escalated) / len(escalated) <= 0.01
