# ruff: noqa: E501
"""Wordings added after the final set sealed_z16 (folded as tests/data/t34_z16.jsonl): a Korean
pain score in words ("십점 만점에 구점"), Tagalog saddle numbness ("hindi ko na maramdaman yung
puwet") and bleeding that will not stop under pressure, French bowel control lost, a French scar
opening with green fluid, an Italian self-harm thought and a dressing soaked with blood, Polish
numbness spreading to the knee, a Haitian Creole headache with a stiff neck and fever, a Hindi
dressing red with blood on a blood thinner; and a Russian 37.2 in words that is no fever. Then
those of sealed_z17 (folded as tests/data/t34_z17.jsonl): Portuguese chest pain "no peito" (a
"no" that is no negation), a Korean foot that will not lift and numbness climbing to the knee,
Chinese swelling bigger than yesterday and a headache gone on lying down, Vietnamese pain that
pain pills do not touch and redness spreading, Tagalog "marami ang dugo" on warfarin, French
"pensé à en finir", Hindi swelling growing every day, Farsi "هشت از ده", a German headache only
when sitting or standing. And French and Portuguese gaps found while checking those: "je ne peux
pas uriner" and "je n'ai pas pu uriner", "je ne sens plus mes jambes" and "não sinto mais as
pernas", and "mais"/"mas" ending a negation's scope like "but" ("pas de fièvre mais il a perdu le
contrôle de sa vessie") while a resolving cue after them still speaks of the clause before."""

from __future__ import annotations

import pytest

from bot.triage.numbers import find_numbers
from tests.triage.rules_only import assess, cases, check_level

EMERGENCY = [
    "Hindi ko na maramdaman yung puwet at singit ko, manhid lahat doon",
    "Sobrang dugo ng sugat, basang-basa na yung benda at ayaw tumigil kahit diniinan ko na",
    "J'ai perdu le contrôle de mes selles cette nuit sans m'en rendre compte",
    "Ho avuto pensieri di farmi del male, non ce la faccio più",
    "Mwen gen yon gwo tèt fè mal, kou m rèd epi mwen gen lafyèv",
    "dor forte no peito e falta de ar faz uns minutos, é do procedimento?",
    "오늘 아침부터 오른발이 안 들려요. 걸을 때 발끝이 바닥에 끌려요",
    "J'ai pensé à en finir, je n'en peux plus de cette douleur",
    "je n'ai pas pu uriner depuis ce matin",
    "je ne peux pas uriner depuis ce matin",
    "il n'a pas de fièvre mais il a perdu le contrôle de sa vessie",
    "não sinto mais as pernas",
    "ma mère ne sent plus ses jambes depuis ce matin",
]

URGENT = [
    "통증이 십점 만점에 구점이에요. 약 먹어도 안 나아요",
    "Ma cicatrice s'ouvre un peu en bas et il coule un liquide verdâtre",
    "il cerotto si è inzuppato di sangue, ma dopo aver premuto per dieci minuti si è fermato",
    "Drętwienie w nodze się rozszerza, teraz już do kolana",
    "main blood thinner leta hoon, patti pe kaafi khoon aa gaya, aadhi patti laal hai",
    "다리 저림이 처음엔 발가락만 그랬는데 지금은 무릎까지 올라왔어요",
    "伤口下面鼓起来一个硬块，摸着很硬，比昨天还大",
    "一坐起来头就很痛，躺下就好了，这是怎么回事？",
    "uống thuốc giảm đau rồi mà vẫn đau lắm, không đỡ chút nào",
    "chỗ vết mổ đỏ lan rộng ra, sờ vào thấy nóng",
    "naka-warfarin po ako, at medyo marami ang dugo sa gasa, hindi lang patak-patak",
    "zakhm ke aas paas sujan har din barh rahi hai, aaj ek hafta ho gaya",
    "درد کمرم هشت از ده هست، با قرص هم خوب نمیشه",
    "Kopfschmerzen nur im Sitzen und Stehen, im Liegen sind sie weg",
]

ROUTINE = [
    "температура тридцать семь и две, это нормально?",
    "통증이 십점 만점에 삼점 정도예요",
    "tèt fè mal ti kras, men li ale",
    "il cerotto è un po' macchiato, niente di più",
    "may konting dugo sa gasa, parang tuldok tuldok lang",
    "j'ai hâte d'en finir avec cette convalescence",
    "肿比昨天小了",
    "no peito não dói nada, sem falta de ar",
    "j'ai eu de la fièvre hier mais c'est passé",
    "tive febre de 38 no domingo mas já passou, hoje 36,5",
]


@pytest.mark.parametrize("text,level", cases(EMERGENCY, URGENT, ROUTINE))
def test_round34_family(text, level):
    check_level(text, level)


@pytest.mark.parametrize(
    "text,value,scale",
    [
        ("температура тридцать восемь и пять", 38.5, None),
        ("температура тридцать семь и две", 37.2, None),  # "и" and a unit: a tenth
        ("тридцать восемь с половиной", 38.5, None),
        ("температура тридцять вісім і п'ять", 38.5, None),
        ("боль восемь из десяти", 8.0, "/10"),
        ("біль вісім з десяти", 8.0, "/10"),
        ("ağrı 10 üzerinden 8", 8.0, "/10"),  # the scale first, then the score
        ("痛みは10のうち8です", 8.0, "/10"),
        ("痛みは10段階で3くらい", 3.0, "/10"),
        ("통증이 10점 만점에 9점", 9.0, "/10"),
        ("疼痛10分之8", 8.0, "/10"),
    ],
)
def test_russian_ukrainian_number_words_and_scales_written_first(text, value, scale):
    found = find_numbers(text)
    assert [(n.value, n.scale) for n in found] == [(value, scale)]


def test_small_russian_number_words_and_durations_stay_apart():
    assert find_numbers("у меня два сына и три внука") == []
    check_level("болит восемь дней подряд, но терпимо", "routine")


def test_a_finding_in_chinese_japanese_or_korean_shows_the_characters_it_matched():
    """Each character is a word, and now each word keeps its own place in the text: the nurse
    sees the words that raised the flag, not the whole unspaced sentence around them."""
    text = "一坐起来头就很痛，躺下就好了，这是怎么回事？"
    spans = {f.id: f.text for f in assess(text).findings}
    assert spans["spinal_headache"] == "坐起来头就很痛，躺下就好了"
    assert spans["headache"] == "头就很痛"
    found = assess("어제 저녁부터 소변이 한 방울도 안 나와요").findings
    assert [f.text for f in found if f.id == "urinary_retention"] == ["소변이 한 방울도 안 나와"]


def test_minutes_written_with_fen_are_no_pain_score():
    assert [n.value for n in find_numbers("压了10分钟还在流血")] == [10.0]
    assert [n.scale for n in find_numbers("压了10分钟还在流血")] == [None]
    assert [(n.value, n.scale) for n in find_numbers("疼痛8分")] == [(8.0, "/10")]
