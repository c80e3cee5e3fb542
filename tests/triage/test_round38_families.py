"""Wordings and mechanisms added after the final set sealed_z28 (folded as tests/data/t38_z28.jsonl)
and the coverage matrix's colloquial wordings and near misses (tests/data/matrix_m1.jsonl), each
with a neighbour the rule must leave alone.

- A temperature of the recent past is later than an older one: "38.1 last night, 36.7 this
  morning" is a fever that is over (it used to count both, as every reading was "past"); the
  reading times in Portuguese "hoje", Tagalog "kagabi", Japanese "今朝", Cantonese "尋晚".
- A reading told as the past, then a word that it is over with no finding in between: "fever 38
  last night, today it's gone", Somali "qandho 38 xalay, maanta way iga tagtay".
- sealed_z28's disagreements: Chinese "痛到九分" (pain at nine points) and pills that do not help,
  Polish "opatrunek przesiąknął krwią" (soaked through, stopped with pressure: urgent), a
  Chinese neighbour's fever and "我会不会也发烧" (will I get one too).
- The matrix's colloquial emergencies: a dressing changed three times and soaked again (14
  languages), a caregiver's "trying to pee since morning and nothing comes" (10), a weight on the
  chest (9), too breathless to finish a sentence (10), numb between the legs, "can't feel the
  paper when I wipe" (7), a foot that hangs and toes that drag (8), legs that buckle (5),
  fainting that does not answer (3), soiling without noticing (6), confusion (2).
- The matrix's near misses: a son's or granddaughter's chest pain when the writer says she is
  fine after the procedure, a four-year-old grandchild's bedwetting (Vietnamese "tối qua", last
  night, folds to the pronoun "tôi"), no pus in Chinese/Japanese/Vietnamese/Hindi/Ukrainian,
  "一点都不麻" (not numb at all), "chân không yếu" (legs not weak).
"""

from __future__ import annotations

import pytest

from bot.triage import assess

CASES = [
    # reading times
    ("last night 38.1 but this morning 36.7", "routine"),
    ("36.8 yesterday but 38.5 this morning", "urgent"),
    ("Ontem à noite deu 38,1 mas hoje tá 36,7 e me sinto bem", "routine"),
    ("Ontem deu 36,5 mas hoje tá 38,4", "urgent"),
    ("39 hoje à noite, tomei dipirona", "urgent"),
    ("Kagabi 38.3 ako pero ngayon 36.9 na", "routine"),
    ("昨夜は38.4度ありましたが、今朝は36.5度です", "routine"),
    ("尋晚燒到38.5度，不過今朝已經36.6度", "routine"),
    ("دیشب تبم ۳۸٫۴ بود ولی امروز صبح ۳۶٫۹ شده", "routine"),
    # a past reading, then "it's gone"
    ("fever 38 last night, today it is gone", "routine"),
    ("fever 38.6 yesterday, gone now", "routine"),
    ("Xalay qandho 38.5, maanta way iga tagtay", "routine"),
    ("38.5 last night, today the chills are gone", "urgent"),
    ("38 last night, today it's not gone", "urgent"),
    ("38 yesterday, gone today, but 38.4 again tonight", "urgent"),
    ("38 last night, today it has gone up to 39", "urgent"),
    ("38.4 now, yesterday it was gone", "urgent"),
    # sealed_z28
    ("止痛药吃了还是痛得厉害，痛到八分", "urgent"),
    ("痛了十分钟就好了", "routine"),
    ("Opatrunek przesiąknął krwią, ale po uciśnięciu przestało", "urgent"),
    ("我邻居发烧了，我会不会也发烧？", "routine"),
    ("taking the pain pills like they said and it's not even touching it", "urgent"),
    ("Wala na po akong lagnat since kahapon", "routine"),
    ("mama ma 3am t2der to2af", "emergency"),
    ("desde ayer mi papá se ensucia en el pañal y no se da cuenta", "emergency"),
    # heavy bleeding: changed again and again
    ("ja troquei o curativo tres vezes e encheu de novo", "emergency"),
    ("l'ho cambiata due volte ed è di nuovo zuppa", "emergency"),
    ("бинт меняла два раза, и опять насквозь", "emergency"),
    ("pansumanı üç kere değiştirdim yine sırılsıklam", "emergency"),
    ("غيرت الشاش مرتين ورجع اتملى دم", "emergency"),
    ("거즈를 두 번 갈았는데 또 젖었어요", "emergency"),
    ("ガーゼを2回替えたのにまた真っ赤です", "emergency"),
    ("纱布换了两次又湿透了", "emergency"),
    ("thay băng 2 lần rồi mà vẫn ướt đẫm máu", "emergency"),
    ("m chanje gaz la de fwa e li plen san ankò", "emergency"),
    ("changed the dressing once this morning, it's dry", "routine"),
    # cannot urinate
    ("meu pai tá tentando fazer xixi faz horas e não sai nada", "emergency"),
    ("il essaie de faire pipi depuis midi et rien ne sort", "emergency"),
    ("babam sabahtan beri çişini yapmaya çalışıyor ama gelmiyor", "emergency"),
    ("mio padre prova a fare pipì ma non esce niente", "emergency"),
    ("er versucht zu pinkeln, aber es kommt nichts", "emergency"),
    ("tata próbuje się wysikać i nic nie leci", "emergency"),
    ("abuuy wuxuu isku dayayaa inuu kaadiyo laakiin waxba ma soo baxayaan", "emergency"),
    ("bi7awel ye3mel pipi w mafish wala no2ta", "emergency"),
    ("papa m ap eseye fè pipi men anyen pa soti", "emergency"),
    ("fiz xixi normal hoje", "routine"),
    # chest
    ("j'ai comme un poids sur la poitrine", "emergency"),
    ("coś mnie gniecie w piersiach", "emergency"),
    ("göğsümde bir ağırlık var", "emergency"),
    ("fi shi te2il 3a sedri", "emergency"),
    ("انگار یه چیز سنگین رو سینمه", "emergency"),
    ("가슴에 뭐가 얹힌 것 같아요", "emergency"),
    ("laabta wax culus ayaa i saaran", "emergency"),
    ("lestomak mwen sere m anpil", "emergency"),
    # too breathless to speak
    ("mia madre non riesce a finire una frase, ha il fiatone", "emergency"),
    ("nie mogę dokończyć zdania", "emergency"),
    ("ana binhag w mesh 2ader akammel el kalam", "emergency"),
    ("헐떡거려서 말을 못 해요", "emergency"),
    ("ぜいぜいして話せません", "emergency"),
    ("我上气不接下气", "emergency"),
    ("bir cümleyi bitiremiyorum", "emergency"),
    ("não consigo terminar uma frase", "emergency"),
    ("شوهرم نفس نفس می‌زنه", "emergency"),
    ("li pa ka fini yon fraz", "emergency"),
    # saddle numbness
    ("c'est engourdi entre les jambes", "emergency"),
    ("je sens plus le papier quand je m'essuie", "emergency"),
    ("bacak aramda his yok", "emergency"),
    ("닦을 때 아무 느낌이 없어요", "emergency"),
    ("giữa hai chân tê rần hết", "emergency"),
    ("между ног ничего не чувствую", "emergency"),
    ("bein ejraye ma 3am 7es", "emergency"),
    ("sa pagitan ng hita ko manhid", "emergency"),
    ("股やお尻のしびれはまったくありません", "routine"),
    ("大腿根一点都不麻", "routine"),
    ("gumaarka wax kabuubyo ah kama qabo", "routine"),
    # foot drop, legs giving way, fainting, incontinence, confusion
    ("ayağım sarkıyor, kaldıramıyorum", "emergency"),
    ("rejli mdaldela", "emergency"),
    ("足がだらんと垂れて上がりません", "emergency"),
    ("隻腳吊吊下", "emergency"),
    ("cagtaydu way laalaadaa", "emergency"),
    ("pair latak gaya hai", "emergency"),
    ("zòtèy mwen ap trennen atè", "emergency"),
    ("mes jambes flanchent", "emergency"),
    ("le gambe mi cedono", "emergency"),
    ("у мамы ноги подкашиваются", "emergency"),
    ("bố em đứng không vững", "emergency"),
    ("babam bayılıp gitti, seslenince cevap vermedi", "emergency"),
    ("mẹ em bị xỉu", "emergency"),
    ("đỡ một xíu rồi", "routine"),
    ("ma mère a fait dans sa culotte sans le sentir", "emergency"),
    ("se l'è fatta addosso", "emergency"),
    ("mẹ em đi ngoài ra quần mà không biết", "emergency"),
    ("dadi ki bistar pe potty nikal gayi aur pata nahi chala", "emergency"),
    ("он несёт какую-то чушь", "emergency"),
    ("wife ulta seedha bol rahi hai", "emergency"),
    # drainage
    ("шов мокнет, какая-то зеленоватая дрянь", "urgent"),
    ("το τραύμα βγάζει κάτι πρασινωπό", "urgent"),
    ("el gar7 beynezz maya khadra", "urgent"),
    ("傷口から黄色い汁が出ています", "urgent"),
    ("chỗ khâu rỉ nước vàng", "urgent"),
    ("kote yo koud la ap koule yon dlo jòn", "urgent"),
    ("Рана суха, ні гною", "routine"),
    ("伤口没有脓", "routine"),
    ("傷口は膿もありません", "routine"),
    ("Vết mổ không có mủ", "routine"),
    ("ghaav sookha hai, na peep", "routine"),
    ("Không sốt, chỉ hơi đau thôi", "routine"),
    # the thermometer showed 39
    ("heerkulbeegga 39 ayuu muujiyey", "urgent"),
    ("tèmomèt la make 39", "urgent"),
    # someone else
    ("Ma fille a mal à la poitrine après le sport, moi ça va bien", "routine"),
    ("Ο γιος μου έχει πόνο στο στήθος, εγώ μετά την επέμβαση είμαι καλά", "routine"),
    ("息子が胸が痛いと言っていますが、私は処置後元気です", "routine"),
    ("Cháu nội tôi tối qua tè dầm", "routine"),
    ("cháu tôi bị sốt, tôi tối qua tè dầm", "emergency"),
    ("Wiilkayga yar xalay sariirta ku kaadiyey", "routine"),
    ("4歳の孫がおねしょをしました", "routine"),
    ("chân không yếu chút nào", "routine"),
    ("我腿一点都不软", "routine"),
    ("O que é esse tal de pé caído? Só curiosidade", "routine"),
]


@pytest.mark.parametrize(("text", "level"), CASES)
def test_round38_wording(text: str, level: str) -> None:
    result = assess(text)
    assert result.level == level, (text, [f.describe() for f in result.findings])


def test_hindi_and_urdu_script_examples_hold_with_the_rules_alone() -> None:
    """The labelled messages written with the Devanagari and Urdu-script wordings
    (bot/triage/examples/lang5_*.jsonl: every red flag, plainly and colloquially, and routine
    negations, questions, resolved symptoms and other people's) are each read right by the rules
    alone, without the backstop."""
    import json
    from pathlib import Path

    from bot.triage import load_rules
    from bot.triage.engine import Engine

    engine = Engine(load_rules(), backstop=None)
    paths = sorted((Path(__file__).parents[2] / "bot/triage/examples").glob("lang5_*.jsonl"))
    rows = [
        json.loads(line)
        for path in paths
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    assert len(rows) >= 150
    wrong = [(r["text"], r["level"], engine.assess(r["text"]).level) for r in rows]
    assert [w for w in wrong if w[1] != w[2]] == []
