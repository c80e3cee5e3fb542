# ruff: noqa: E501
"""Red-flag wordings in the languages the rules hardly knew before (Arabic in script and
Arabizi, Farsi, Korean, Japanese, Cantonese, Turkish, Somali, Amharic, Ukrainian, Greek,
German). The emergencies and urgent messages are the round-33 blind set's (written by someone
who never saw the rules); the routine ones check negations, hypotheticals, resolved symptoms and
low numbers in the same languages, and that a Turkish "5ten" ("from 5") is no score of ten."""

from __future__ import annotations

import pytest

from tests.triage.rules_only import cases, check_level

EMERGENCY = [
    "ابوي من امس ما قدر يبول ابدا، بطنه منتفخ ويتألم. سوا عملية الظهر يوم الاحد. هل هذا طبيعي؟",
    "السلام عليكم، الجرح تمام الحمد لله ما فيه احمرار، بس من الصبح حاسة بتنميل بين الفخذين وحول المنطقة الحساسة وما احس لما اروح الحمام",
    "امي اغمى عليها في الحمام قبل شوي، صحت بس تتكلم كلام مو مفهوم وما عرفتني",
    "gozi mesh 2ader yo2af 3ala reglo khales, reglo wa2a3et fag2a men sa3a",
    "어제 저녁부터 소변이 한 방울도 안 나와요. 아랫배가 빵빵하고 아파요. 이거 정상인가요?",
    "엄마가 시술 받고 집에 오셨는데 갑자기 숨이 차고 가슴이 조인다고 하세요",
    "我老公啱啱喺廁所暈咗，叫極都唔應，而家醒返但係成個人懵盛盛，唔知自己喺邊",
    "母が急に両足に力が入らなくなって立てません。手術は一昨日でした",
    "ひどい頭痛で首が硬くて前に曲げられない。熱も39度あります",
    "Mein Vater hustet Blut und kriegt schlecht Luft, OP war vorgestern",
    "دیگه نمی‌خوام زنده باشم، این درد تمومی نداره",
    "annem tuvaletini tutamıyor, altına kaçırmış farkında bile değil, bir de kalçalarında his yok diyor",
    "pansuman kan içinde, iki kere değiştirdim yine doldu, bastırıyorum durmuyor",
    "aabahay wuu suuxay markuu sariirta ka kacay, hadda wuu soo kacay laakiin ma garanayo meesha uu joogo",
    "ebakachihu irdugn, ahun mekom alchalkum, hulet egroche aytazezulignim",
    "Мама каже що не відчуває нічого між ногами і на сідницях, почалось сьогодні після обіду",
    "ноги раптом підкосилися двічі, тепер взагалі не можу встати з ліжка",
    "Ο πατέρας μου από το πρωί μπερδεύεται, δεν ξέρει πού βρίσκεται ούτε τι μέρα είναι",
]

URGENT = [
    "رجلي اليمين صارت ضعيفة شوي من امس، أقدر أمشي بس أحس انها أثقل من قبل العملية",
    "오른쪽 종아리만 붓고 빨갛고 걸을 때 당겨요. 왼쪽은 괜찮아요",
    "앉거나 일어서면 머리가 깨질 것 같이 아프고 누우면 좀 나아져요",
    "tongjeung-i 9jeom-ieyo. yak meogeodo an deutgo jeomjeom deo apayo",
    "今日右腳有少少冇力，行樓梯要扶住扶手，尋日都冇㗎",
    "傷口から膿みたいな白っぽいのが出てきて、赤いところが広がってます",
    "左のふくらはぎだけパンパンに腫れて痛いです。ちょっと赤いです",
    "Die Schwellung an der Wunde wird seit drei Tagen immer dicker und fühlt sich hart an, OP war vor einer Woche",
    "از زخم یه مایع سبز با بوی بد میاد",
    "درد کمرم داره بدتر میشه، دیروز ۵ بود امروز ۷، قرص هم زیاد اثر نداره",
    "dikiş yeri biraz açıldı, içinden sarımsı bir şey geliyor",
    "kusmam durmuyor, ilaçlarımı içiyorum hepsini geri çıkarıyorum",
    "kuslu lay metfo shita yalew bicha fesash yiwetal",
    "набряк навколо рани збільшується вже п'ятий день, великий і твердий",
    "голова болить коли сідаю або встаю, а лежачи проходить. Це нормально?",
    "η δεξιά γάμπα έχει πρηστεί και πονάει, η αριστερή είναι εντάξει",
    "ο πόνος είναι 8 στα 10 από χθες, τα παυσίπονα δεν πιάνουν",
]

ROUTINE = [
    "كان عندي صداع أول يوم بس راح",
    "ما في احمرار ولا صديد والجرح نظيف",
    "حرارتي ٣٧.٢ هل هذا طبيعي؟",
    "ma 3andish sokhoneya wala ra3sha w el gar7 nadif. emta a2dar anzel el bisina?",
    "숨 차는 거 없고 가슴 아픈 것도 없어요",
    "붓기가 조금 있는데 매일 줄어들고 있어요",
    "熱はありません。傷もきれいです",
    "ምንም ትኩሳት የለኝም",
    "Haddii ay qandho i qabato maxaan sameeyaa?",
    "agrim 5ten 3e dustu",
    "Kesi yerinde küçük bir morluk var",
    "Біль 3 з 10, з кожним днем краще",
    "Ο πόνος είναι 3/10 και κάθε μέρα καλύτερα",
    "Wann darf ich wieder duschen?",
    "یه کم ورم جای عمل هست، روز دومه",
]


@pytest.mark.parametrize("text,level", cases(EMERGENCY, URGENT, ROUTINE))
def test_language_lexicon_family(text, level):
    check_level(text, level)


@pytest.mark.parametrize(
    "text,level",
    [
        # Finglish "age" (if) is an English word: it is no hypothetical cue
        ("patient age 81 cant pee since last night", "emergency"),
        ("my mother, age 79, has a fever of 101.8", "urgent"),
        # Portuguese "mas" (but) is Spanish "más" (more) once accents fold: no terminator
        ("ya no tengo más fiebre", "routine"),
    ],
)
def test_other_languages_cues_leave_english_and_spanish_alone(text, level):
    check_level(text, level)
