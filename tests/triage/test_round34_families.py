# ruff: noqa: E501
"""Wordings added after the final set sealed_z16 (folded as tests/data/t34_z16.jsonl): a Korean
pain score in words ("십점 만점에 구점"), Tagalog saddle numbness ("hindi ko na maramdaman yung
puwet") and bleeding that will not stop under pressure, French bowel control lost, a French scar
opening with green fluid, an Italian self-harm thought and a dressing soaked with blood, Polish
numbness spreading to the knee, a Haitian Creole headache with a stiff neck and fever, a Hindi
dressing red with blood on a blood thinner; and a Russian 37.2 in words that is no fever."""

from __future__ import annotations

import pytest

from tests.triage.rules_only import cases, check_level

EMERGENCY = [
    "Hindi ko na maramdaman yung puwet at singit ko, manhid lahat doon",
    "Sobrang dugo ng sugat, basang-basa na yung benda at ayaw tumigil kahit diniinan ko na",
    "J'ai perdu le contrôle de mes selles cette nuit sans m'en rendre compte",
    "Ho avuto pensieri di farmi del male, non ce la faccio più",
    "Mwen gen yon gwo tèt fè mal, kou m rèd epi mwen gen lafyèv",
]

URGENT = [
    "통증이 십점 만점에 구점이에요. 약 먹어도 안 나아요",
    "Ma cicatrice s'ouvre un peu en bas et il coule un liquide verdâtre",
    "il cerotto si è inzuppato di sangue, ma dopo aver premuto per dieci minuti si è fermato",
    "Drętwienie w nodze się rozszerza, teraz już do kolana",
    "main blood thinner leta hoon, patti pe kaafi khoon aa gaya, aadhi patti laal hai",
]

ROUTINE = [
    "температура тридцать семь и две, это нормально?",
    "통증이 십점 만점에 삼점 정도예요",
    "tèt fè mal ti kras, men li ale",
    "il cerotto è un po' macchiato, niente di più",
]


@pytest.mark.parametrize("text,level", cases(EMERGENCY, URGENT, ROUTINE))
def test_round34_family(text, level):
    check_level(text, level)
