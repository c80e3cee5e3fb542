# ruff: noqa: E501
"""Wordings added after the final set sealed_z20 (folded as tests/data/t36_z20.jsonl), each with
a neighbour or two so that the family, not the one sentence, is covered.

- "..., normal?" after a described red flag asks about the red flag the patient has: it no
  longer makes the finding hypothetical ("yellow pus from the wound, normal after surgery?",
  Turkish "normal mi yoksa?", Arabic "طبيعي بعد العملية؟", Levantine "tabee3i?"), while "is a
  fever normal?" still asks in general; "I've done it four times today" after "is throwing up
  normal?" says it happened.
- A pain score that came down ("ocho de diez el primer día, ahora está en cuatro") is over; a
  low score in words after "ahora", "era un", "estaba en" is read as a score, so one that rose
  from it ("estaba en dos ayer y ahora ocho") is found too. Portuguese "estava", "ontem" are past.
- Levantine Arabizi wound drainage and smell ("tale3 meno ishi asfar", "ri7to mesh 7elwe"); a
  Korean blood stain that spread ("피가 손바닥만큼 번졌어요"); Somali "malax kama soo baxayso"
  (no pus comes out) is a negation; a small bloody dot on the bandage is spotting.
- Rules-alone misses of sealed_z20 (the backstop had caught them): Egyptian Arabizi "msh
  3arfani" and "bt2ool kalam msh mafhoom" (does not know me, talks nonsense), Korean "감각이
  하나도 없어요" (no feeling at all) in the seat area, Amharic chest pain "ደረቱን እያመመው" and
  "መተንፈስ ተቸግሯል"; Ethiopic punctuation ("።", "፤", "፣") written glued to a word is split off
  like a Latin full stop, semicolon or comma.
- Temperatures and pain scores in German, Polish, Turkish and Tagalog words are numbers
  ("achtunddreißig komma fünf", "trzydzieści osiem i pół", "otuz sekiz buçuk", "trenta'y otso",
  "on üzerinden dokuz", "walo sa sampu"), so their thresholds, past and present apply (the
  patterns that flagged "acht von zehn" whatever its time are gone); a low score out of ten
  ("dos de diez", "dos de 10") is no longer read as a 10.
- sealed_z21's disagreements (folded as t36_z21.jsonl): Hindi "ab"/"kal ... tha" are the times
  of a score, "now its a 3" is a score; Japanese and Chinese temperatures in characters
  ("三十八度五分" is 38.5); Vietnamese "hơi hơi thôi" (only slightly) is not "hôi thối" (foul);
  a chill from the air conditioning; Portuguese "febre nenhuma"; Ukrainian "це може бути тромб?"
  asks; Italian "se la ferita ..." is hypothetical and a wound that "perde liquido" is not;
  German and Portuguese swelling that grows and is hard; Hindi palm-sized stain on a blood
  thinner; Vietnamese bleeding that soaks through after 15 minutes of pressure.
"""

from __future__ import annotations

import pytest

from tests.triage.rules_only import assess, cases, check_level

EMERGENCY = [
    # sealed_z22's missed emergency (folded as t36_z22.jsonl): "without noticing" negates nothing
    "Mia moglie si è bagnata senza accorgersene e dice che non sente niente tra le gambe",
    "Máu chảy ra từ vết mổ không ngừng, tôi đã ấn chặt 15 phút mà vẫn thấm ướt hết băng",
    "mama msh 3arfani, w bt2ool kalam msh mafhoom mn el sob7. embare7 kanet tamam ba3d el 3amalieh",
    "baba bye7ki kalam msh mafhoom",
    "엉덩이랑 사타구니 쪽이 감각이 하나도 없어요 이거 정상인가요?",
    "엉덩이 감각이 전혀 없어요",
    "አባቴ ደረቱን እያመመው ነው፤ መተንፈስ ተቸግሯል። ትናንት ነው የወገብ ቀዶ ጥገና የተደረገለት",
    "ትንፋሼ አጠረኝ",
    "ደረቴ ያመኛል።",
]

URGENT = [
    "el jar7 tale3 meno ishi asfar w ri7to mesh 7elwe, tabee3i?",
    "ri7to mesh 7elwe",
    "와파린 먹고 있는데 붕대에 피가 손바닥만큼 번졌어요. 점 몇 개 정도가 아니에요",
    "붕대에 피가 번졌어요",
    "yellow pus from the wound, normal after surgery?",
    "yaradan irin geliyor, normal mi yoksa?",
    "الجرح يطلع صديد، طبيعي بعد العملية؟",
    "Is throwing up normal? I've done it four times today",
    "el dolor estaba en dos ayer y ahora ocho",
    "el dolor ayer era un dos, ahora está en ocho",
    "ontem a dor foi nove, hoje está oito",
    # number words in German, Polish, Turkish, Tagalog
    "Fieber achtunddreißig komma fünf",
    "gorączka trzydzieści osiem i pół",
    "ateşim otuz sekiz buçuk",
    "lagnat trenta'y otso",
    "ağrım on üzerinden dokuz",
    "ból dziewięciu na dziesięć",
    "Schmerzen neun von 10",
    "ból teraz dziewięć",
    # sealed_z21's (folded as t36_z21.jsonl)
    "main Eliquis leta hoon, aaj patti pe khoon ka kaafi bada daag hai, hatheli jitna. dabane se ruk gaya",
    "la ferita perde liquido, cosa devo fare?",
    "o inchaço nas costas está maior hoje do que no terceiro dia, e está duro",
    "Die Schwellung wird jeden Tag größer, jetzt ist Tag 5 und sie fühlt sich hart an",
    "熱が三十八度五分あります",
    "发烧三十八点五度",
    "体温三十九度",
    "kal se dard 9/10 hai",
    "Dhakhtar, lugta bidix ayaa i xanuunaysa calf-ka, wayna bararsan tahay. Midig waa caadi",
]

ROUTINE = [
    "el dolor estaba en ocho de diez el primer día, ahora está en cuatro y sigue bajando",
    "a dor estava em oito de dez ontem, agora está em três",
    "a dor tava 9 ontem e agora tá 4",
    "what should I do if pus comes out, is that normal?",
    "the bandage has a small bloody dot, normal?",
    "Nabarku ma casaana, malax kama soo baxayso, waana qallalan yahay. Ma fiican tahay?",
    "dhiig kama socdo",
    "el jar7 ma tale3 meno shi, w ma fi ri7a, tabee3i?",
    "붕대에 피가 점 몇 개 묻었어요",
    "el kalam msh mafhoom fe el war2a",
    "tengo dolor, es un dos",
    "mi cita es a las dos",
    "平時食開嘅血壓藥照食得唔得？",
    # a low score out of ten is not a 10; a temperature under the threshold in words
    "dolor dos de diez",
    "dolor dos de 10",
    "Schmerzen zwei von zehn",
    "ból dwa na dziesięć",
    "sakit dalawa sa sampu",
    "ağrım on üzerinden dört",
    "Fieber 37 Komma 9",
    "gorączka trzydzieści siedem i pół",
    "ateşim otuz yedi buçuk",
    "lagnat trenta'y siyete",
    # a score that came down is over
    "Schmerzen waren acht von zehn gestern, heute drei",
    "ból był osiem na dziesięć, teraz trzy",
    "masakit kahapon walo sa sampu, ngayon tatlo",
    "ağrım dün on üzerinden dokuz, bugün üç",
    "Schmerzen seit acht Tagen",
    # sealed_z21's
    "mera pain ab 7/10 hai, kal 8 tha, thoda better ho raha hai. normal hai na?",
    "Pain was an 8 the night of the procedure when the numbing wore off, now its a 3",
    "em bị tê chân hôm qua, nay đỡ nhiều rồi, chỉ còn hơi hơi thôi. Is that ok?",
    "FYI I had a chill yesterday afternoon when the AC was blasting, no fever though, 98.4 today",
    "febre nenhuma, só um pouco de dor, tá melhorando",
    "Якщо в мене заболить литка, це може бути тромб?",
    "Se la ferita comincia a perdere liquido cosa devo fare?",
    "熱は三十七度二分です",
    "die Schwellung wird nicht größer",
    "law 7aseit b sokhoneya, a3mel eh?",
    "senza febbre",
]


@pytest.mark.parametrize("text,level", cases(EMERGENCY, URGENT, ROUTINE))
def test_round36_family(text, level):
    check_level(text, level)


def test_a_low_spelled_score_after_ahora_is_a_reading_not_a_word():
    findings = assess("el dolor estaba en ocho de diez el primer día, ahora está en cuatro").findings
    scores = [f for f in findings if f.value is not None]
    assert [f.value for f in scores] == [8.0, 4.0]
    assert scores[0].resolved and not scores[1].resolved
