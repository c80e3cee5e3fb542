"""Numbers in patient messages: digits and words ("a hundred and one", "one oh one", "an eight").

This module only finds numbers and their units; the engine decides what they measure
(temperature, pain score, days) from the cue words configured in YAML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

_UNITS = {
    "zero": 0, "oh": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
# "hundred" and its Scots and phonetic spellings ("a hunner an one"), read as "hundred"
HUNDREDS = frozenset({"hundred", "hunner", "hunnerd", "hunnert", "hunderd", "hundered", "hundret"})
_NUMBER_WORDS = set(_UNITS) | set(_TENS) | HUNDREDS | {"point", "and", "a", "an"}

# "8/10", "8 out of 10", "3 de 10", "2 on 10", "4 from 10", "two out of ten", German "8 von
# 10", Italian "8 su 10", Polish "8 na 10" / "8 z 10", Dutch "8 op 10" / "8 uit 10";
# "8 fen" / "8分": Chinese speakers' points, a score out of 10
_OUT_OF = (
    r"\s*(?:(?:/|out\s+of|outta|of|de|sobre|sur|on|from|von|su|na|z|op|uit|من|از)\s*"
    r"(?:10(?!\d)|١٠(?![٠-٩])|۱۰(?![۰-۹])|ten\b|diez\b)|fen\b|分(?![钟鐘間间]))"
)
# a degree sign, "degrees", Vietnamese "độ" ("38 độ") or Chinese "度", then an optional F or C
_DIGITS = re.compile(
    r"(?<![A-Za-z0-9_\u00c0-\u024f\u0370-\u04ff.,/:])(?:(?P<lo>\d{1,2})\s*(?:-|to)\s*)?(?P<num>\d{1,3}(?:(?:[.,]|\s+point\s+)\d{1,2})?)"
    r"(?P<unit>\s*(?:°|º|˚|\*)?\s*(?:degrees?|deg|độ|度|도)?\s*(?:fahrenheit|celsius|centigrade|f|c)?"
    r"(?![a-z]))?"
    rf"(?P<outof>{_OUT_OF})?",
    re.IGNORECASE,
)
_WORD = re.compile(r"(?<!\w)[A-Za-z]+")  # not glued to a digit or letter ("5ten": Turkish "from 5")
# A run of number words is a number only with a word that has a value: the glue words alone
# ("a", "an", "and", "point") are trimmed away. Without one, a message has no word numbers.
_VALUE_WORD = re.compile(
    r"(?<![A-Za-z])(?:" + "|".join(sorted({*_UNITS, *_TENS, *HUNDREDS})) + r")(?![A-Za-z])",
    re.IGNORECASE | re.ASCII,
)
_ANY_DIGIT = re.compile(r"\d")
MAX_RUN = 8  # number words in one number ("one hundred and one point five" is 6)
_OUT_OF_TEN = re.compile(_OUT_OF, re.IGNORECASE)
_WORD_UNIT = re.compile(
    r"\s*(?:degrees?\s*)?(fahrenheit|celsius|f|c)\b|\s*degrees?\b()", re.IGNORECASE
)


# Spanish, Portuguese, Italian, French, Russian, Ukrainian, German, Polish, Turkish and Tagalog
# number words, for the temperatures and pain scores patients write in their own language
# ("treinta y ocho y medio", "trente-huit et demi", "un ocho", "nove su dieci",
# "achtunddreißig komma fünf", "trzydzieści osiem i pół", "otuz sekiz buçuk", "trenta'y otso").
# Tens only as far as temperatures go; single words only from five up, so the many "un", "dos",
# "tres" of ordinary sentences stay words (see _STANDALONE and _FOREIGN_LOW).
_FOREIGN_UNITS = {
    "uno": 1, "una": 1, "um": 1, "un": 1, "dos": 2, "dois": 2, "duas": 2, "due": 2, "deux": 2,
    "tres": 3, "três": 3, "tre": 3, "trois": 3, "cuatro": 4, "quatro": 4, "quattro": 4,
    "quatre": 4, "cinco": 5, "cinque": 5, "cinq": 5, "seis": 6, "sei": 6, "siete": 7, "sete": 7,
    "sette": 7, "sept": 7, "ocho": 8, "oito": 8, "otto": 8, "huit": 8, "nueve": 9, "nove": 9,
    "neuf": 9, "diez": 10, "dez": 10, "dieci": 10, "dix": 10,
    # Russian and Ukrainian
    "один": 1, "одна": 1, "два": 2, "две": 2, "дві": 2, "три": 3, "четыре": 4, "чотири": 4,
    "пять": 5, "п'ять": 5, "шесть": 6, "шість": 6, "семь": 7, "сім": 7, "восемь": 8,
    "вісім": 8, "девять": 9, "дев'ять": 9, "десять": 10,
    # German, Polish, Turkish, Tagalog (and the Spanish numbers Tagalog speakers use)
    "eins": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8,
    "neun": 9, "zehn": 10,
    "jeden": 1, "dwa": 2, "trzy": 3, "cztery": 4, "pięć": 5, "sześć": 6, "szesc": 6,
    "siedem": 7, "osiem": 8, "dziewięć": 9, "dziewiec": 9, "dziesięć": 10, "dziesiec": 10,
    "dwóch": 2, "trzech": 3, "czterech": 4, "pięciu": 5, "sześciu": 6, "siedmiu": 7,
    "ośmiu": 8, "osmiu": 8, "dziewięciu": 9, "dziewieciu": 9,
    "bir": 1, "iki": 2, "üç": 3, "dört": 4, "beş": 5, "altı": 6, "yedi": 7, "sekiz": 8,
    "dokuz": 9,
    "isa": 1, "dalawa": 2, "tatlo": 3, "apat": 4, "lima": 5, "anim": 6, "pito": 7, "walo": 8,
    "siyam": 9, "sampu": 10, "kwatro": 4, "singko": 5, "sais": 6, "siyete": 7, "otso": 8,
    "nuwebe": 9, "diyes": 10,
}  # fmt: skip
_FOREIGN_TENS = {
    "treinta": 30, "trinta": 30, "trenta": 30, "trente": 30, "cuarenta": 40, "quarenta": 40,
    "quaranta": 40, "quarante": 40, "тридцать": 30, "тридцять": 30, "сорок": 40,
    "dreißig": 30, "dreissig": 30, "vierzig": 40, "trzydzieści": 30, "trzydziesci": 30,
    "czterdzieści": 40, "czterdziesci": 40, "otuz": 30, "kırk": 40, "kwarenta": 40,
    "kuwarenta": 40, "tatlumpu": 30, "apatnapu": 40,
}  # fmt: skip
_FOREIGN_HUNDRED = {"cien": 100, "ciento": 100, "cento": 100, "cent": 100}
# Italian writes its tens and units as one word: "trentotto", "trentanove", "quarantuno"; German
# its units and tens: "achtunddreißig", "neununddreissig"
_GLUED = {
    f"{tens[:-1] if unit[0] in 'ou' else tens}{unit}": _FOREIGN_TENS[tens] + value
    for tens in ("trenta", "quaranta")
    for unit, value in (("uno", 1), ("due", 2), ("tre", 3), ("quattro", 4), ("cinque", 5),
                        ("sei", 6), ("sette", 7), ("otto", 8), ("nove", 9))
} | {
    f"{unit}und{tens}": _FOREIGN_TENS[tens] + value
    for tens in ("dreißig", "dreissig", "vierzig")
    for unit, value in (("ein", 1), ("zwei", 2), ("drei", 3), ("vier", 4), ("fünf", 5),
                        ("sechs", 6), ("sieben", 7), ("acht", 8), ("neun", 9))
}  # fmt: skip
# words that are also other words: Italian "you are", English "Sept", French "I know", the city
_STANDALONE = frozenset(
    w for w, v in _FOREIGN_UNITS.items() if v >= 5 and w not in {"sei", "sept", "sais", "lima"}
)
_FOREIGN_WHOLE = "|".join(sorted({*_FOREIGN_TENS, *_FOREIGN_HUNDRED}, key=len, reverse=True))
_FOREIGN_UNIT = "|".join(sorted(_FOREIGN_UNITS, key=len, reverse=True))
_FOREIGN = re.compile(
    r"(?<![\w-])(?:"
    rf"(?:(?P<glued>{'|'.join(sorted(_GLUED, key=len, reverse=True))})"
    rf"|(?P<whole>{_FOREIGN_WHOLE})"
    rf"(?:(?:\s+(?:y|e|et)\s+|\s*-\s*|['’][yt]\s+|\s+)(?P<unit>{_FOREIGN_UNIT}))?)"
    # a tenth said without a word for the comma: "trente-sept neuf", "trentotto e cinque",
    # "achtunddreißig fünf" (only a temperature, see _foreign_numbers)
    rf"(?:(?P<bare_sep>\s+e\s+|\s+)(?P<bare>{_FOREIGN_UNIT})(?![\w-]))?"
    rf"|(?P<single>{'|'.join(sorted(_STANDALONE, key=len, reverse=True))})"
    r")"
    r"(?:\s+(?:y|e|et|с|з|i)\s+"
    r"(?P<half>medio|media|meio|meia|mezzo|mezza|demi|половиной|половиною|pół|pol)"
    r"|\s+(?P<half_after>buçuk|bucuk|einhalb)"
    # Russian "тридцать семь и две" is 37.2: "и" (Ukrainian "і") and a unit are a tenth
    r"|\s+(?:punto|ponto|virgule|virgola|coma|vírgula|con|com|и|і|запятая|кома|komma|przecinek"
    r"|virgül|virgul|nokta|i)\s+"
    rf"(?P<tenth>{_FOREIGN_UNIT}))?"
    r"(?![\w-])",
    re.IGNORECASE,
)


_FOREIGN_OUT_OF_TEN = (
    r"\s*(?:de|sobre|sur|su|em|en|из|з|із|von|na|z|sa)\s+"
    r"(?:10|diez|dez|dieci|dix|десяти|zehn|dziesięciu|dziesięć|dziesieciu|dziesiec|sampu)(?![\w-])"
)
_FOREIGN_OUT_OF = re.compile(_FOREIGN_OUT_OF_TEN, re.IGNORECASE)
_LATIN = re.compile(r"[^\u0400-\u04ff]+$").match
_LOW_WORDS = [(w, v) for w, v in _FOREIGN_UNITS.items() if v < 5 and _LATIN(w)]
# a low score in words after the words that introduce one: "ahora está en cuatro", "era un
# dos", "agora dois", "adesso a tre" (what a pain came down to or rose from; "dos", "tres"
# elsewhere stay words)
_FOREIGN_LOW = re.compile(
    r"(?<![\w-])(?:(?:ahora|ahorita|agora|adesso|ora|maintenant|jetzt|heute|teraz|dziś|dzisiaj|şimdi|simdi|bugün"
    r"|bugun|ngayon)"
    r"(?:\s+(?:est[aá]|es|é|è|est|ist|jest|ay))?"
    r"|estaba|estava|era|fue|foi|est[aá]|es|é|è|ist|war|jest|był|była|było)\s+"
    r"(?:(?:en|em|a|à|un|una|um|uma|eine|bei|na)\s+)?"
    rf"(?P<low>{'|'.join(w for w, v in _LOW_WORDS if v >= 2)})"
    r"(?![\w-])"
    # or any low one out of ten: "dos de diez" (not a 10)
    rf"|(?<![\w-])(?P<out_of>{'|'.join(w for w, _v in _LOW_WORDS)})"
    rf"(?={_FOREIGN_OUT_OF_TEN})",
    re.IGNORECASE,
)


def _foreign_numbers(text: str) -> list[NumberMention]:
    """Temperatures and scores in the words of the languages above."""
    out: list[NumberMention] = []
    for m in sorted(
        [*_FOREIGN.finditer(text), *_FOREIGN_LOW.finditer(text)], key=lambda m: m.start()
    ):
        if m.re is _FOREIGN_LOW:
            low = "low" if m.group("low") else "out_of"
            out_of = _FOREIGN_OUT_OF.match(text, m.end())
            end = out_of.end() if out_of else m.end()
            value = float(_FOREIGN_UNITS[m.group(low).lower()])
            start = m.start(low)
            scale = "/10" if out_of else None
            out.append(NumberMention(value, start, end, text[start:end], scale, is_word=True))
            continue
        if out and m.start() < out[-1].end:
            continue  # the "diez" of "ocho de diez"
        if m.group("glued"):
            value = float(_GLUED[m.group("glued").lower()])
        elif m.group("whole"):
            value = float(
                _FOREIGN_TENS.get(m.group("whole").lower())
                or _FOREIGN_HUNDRED[m.group("whole").lower()]
            )
            if m.group("unit"):
                value += _FOREIGN_UNITS[m.group("unit").lower()]
            elif value < 100:
                continue  # "treinta" alone: thirty of anything
        else:
            value = float(_FOREIGN_UNITS[m.group("single").lower()])
            if m.group("tenth") or m.group("half") or m.group("half_after"):
                continue  # "cinco y medio": a weight, an hour, not a reading
        end = m.end()
        if m.group("bare"):
            tenth = _FOREIGN_UNITS[m.group("bare").lower()]
            if not (34 <= value <= 42 and tenth <= 9):
                end = m.start("bare_sep")  # "treinta y ocho, cinco días": not one number
            elif not (m.group("half") or m.group("half_after") or m.group("tenth")):
                value += tenth / 10
        if m.group("half") or m.group("half_after"):
            value += 0.5
        elif m.group("tenth"):
            tenth = _FOREIGN_UNITS[m.group("tenth").lower()]
            if tenth > 9:
                continue
            value += tenth / 10
        scale = None
        out_of = _FOREIGN_OUT_OF.match(text, end)
        if out_of and value <= 10:
            end, scale = out_of.end(), "/10"
        out.append(NumberMention(value, m.start(), end, text[m.start() : end], scale, is_word=True))
    return out


@dataclass(frozen=True)
class NumberMention:
    """A number in the text; ``scale`` is "F"/"C" when a unit says so, "/10" for "8/10"."""

    value: float
    start: int
    end: int
    text: str
    scale: str | None = None
    has_degree: bool = False
    is_word: bool = False


_SCALE = re.compile(
    r"(?<![\w.])(?:0|1|zero|one|cero|uno)\s*(?:-|–|to|through|thru|al|a)\s*(?:10|ten|diez)(?![\w.])",
    re.IGNORECASE,
)
_SCALE_BEFORE = re.compile(r"\b(?:scale|escala|del|rate|rating|between|entre)\b[^.!?]{0,12}$", re.I)
_SCALE_AFTER = re.compile(
    r"^\s*(?:pain\s+)?(?:scale|escala)\b"  # "a 1-10 scale"
    # "1 to 10 is a 3"
    r"|^\s*[,:?]?\s*(?:(?:it|mine|my\s+pain)\s+)?(?:is|it's|its|i'm|im|es|estoy|=)\s+"
    r"(?:a|an|un|en|at)?\s*\d",
    re.IGNORECASE,
)


_ANSWER_GAP = re.compile(
    r"\s*[?:,.=-]*\s*(?:(?:it's|its|is|i'm|im|es)\s+)?(?:a|an|un|at)?\s*", re.I
)


# "11 on a scale of 1 to 10", "a 9 on the 0-10 pain scale": the number before the scale is the
# score
_SCORE_BEFORE_SCALE = re.compile(
    r"\s*(?:(?:on|in|out\s+of|of)\s+(?:(?:a|the|your|ur)\s+)?(?:pain\s+)?"
    r"(?:(?:scale|escala)\s*(?:of|from|de|del)?)?"
    r"|(?:(?:a|the)\s+)?(?:pain\s+)?(?:scale|escala)\s*(?:of|from|de|del)?)\s*",
    re.I,
)
_COUNTED_BEFORE = re.compile(r"\b(?:day|week|hour|month|d[ií]a|semana|pod|no\.?|#)\s*$", re.I)
# a clock time is no reading: "pain since 9am", "Schmerzen seit 8 Uhr", "dolor desde las 9",
# "ból od 9 rano", "dolore dalle 9" (but "pain at 9", "um die 8", "from 3 to 8" are scores)
_CLOCK_AFTER = re.compile(
    r"\s*(?:a\.?\s?m\b\.?|p\.?\s?m\b\.?|o'?\s?clock\b|oclock\b|uhr\b|heures?\b|h\b|horas?\b|rano\b"
    r"|wieczorem\b|de\s+la\s+(?:mañana|manana|tarde|noche)\b|du\s+(?:matin|soir)\b"
    r"|da\s+(?:manhã|manha|tarde|noite)\b|del\s+mattino\b|di\s+(?:mattina|sera)\b)",
    re.I,
)
_DURATION_AFTER = re.compile(
    r"\s*(?:days?|weeks?|months?|hours?|hrs?|nights?|d[ií]as?|semanas?|meses|jours?|semaines?"
    r"|giorni|settimane|ore|tage?n?|wochen|stunden|dni|tygodni|godzin|дн|дня|дней|недел|час)",
    re.I,
)
_CLOCK_BEFORE = re.compile(
    r"(?:\bsince|\bdesde\s+las?|\ba\s+las?|\bhasta\s+las?|\bdalle|\balle|\bseit|\bdepuis"
    r"|\bàs|\bdesde\s+as|\baté\s+as|\bate\s+as|\bo\s+godzinie|\bod\s+godziny)\s*$",
    re.I,
)


def _clock_time(text: str, n: NumberMention) -> bool:
    return (
        n.scale is None
        and not n.has_degree
        and n.value <= 24
        and (
            _CLOCK_AFTER.match(text, n.end) is not None
            or (
                _ends_with(_CLOCK_BEFORE, text, n.start)
                and not _DURATION_AFTER.match(text, n.end)  # "since 4 days": a duration
            )
        )
    )


def _scale_spans(text: str) -> list[tuple[int, int]]:
    """ "on a scale of 1 to 10", "a 0-10 scale", "del 1 al 10": the range names the scale, so
    its 10 is no pain score (but "it went from 1 to 10 overnight" is one)."""
    return [
        (m.start(), m.end())
        for m in _SCALE.finditer(text)
        if _SCALE_BEFORE.search(text, 0, m.start()) or _SCALE_AFTER.match(text[m.end() :])
    ]


# "out of ten" with its score lost ("pain is for out of ten", dictated): the ten is no score
_DENOMINATOR_BEFORE = re.compile(r"(?:out\s+of|outta)\s*$", re.I)
# dictation writes "four" as "for" and "eight" as "ate": "for out of ten" is a score of 4
_HOMOPHONE_SCORE = re.compile(r"\b(for|fore|ate)\s+(?:out\s+of|outta)\s+(?:10|ten)\b", re.I)
_HOMOPHONE_VALUE = {"for": 4.0, "fore": 4.0, "ate": 8.0}
# the scale before the score: Turkish "10 üzerinden 8", Japanese "10のうち8" / "10段階で8" /
# "10点中8点", Korean "10점 만점에 8점", Chinese "10分之8"
# Japanese and Chinese temperatures in characters: "三十八度五分" (38.5: 分 is a tenth of a
# degree), "三十九度", "三十八点五度", "三十七度八"
_KANJI_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_KANJI_TEMPERATURE = re.compile(
    r"([三四])十([一二三四五六七八九])?"
    r"(?:(?:点|點)([一二三四五六七八九])\s*(?:度|℃)|\s*(?:度|℃)(?:\s*([一二三四五六七八九])分?)?)"
)


# Korean temperatures in Sino-Korean numbers: "삼십팔 점 오 도" (38.5), "삼십구도", "삼십칠 점 팔"
# (a tens of 삼/사 with its "point" or its "degrees": single syllables alone are other words)
_HANGUL_DIGITS = {
    "일": 1, "이": 2, "삼": 3, "사": 4, "오": 5, "육": 6, "칠": 7, "팔": 8, "구": 9,
}  # fmt: skip
_HANGUL_TEMPERATURE = re.compile(
    r"([삼사])십([일이삼사오육칠팔구])?"
    r"(?:\s*점\s*([일이삼사오육칠팔구])(?:\s*도)?|\s*도)"
)


def _kanji_numbers(text: str) -> list[NumberMention]:
    """Temperatures in Japanese/Chinese characters and in Korean Hangul numbers."""
    out: list[NumberMention] = []
    for m in _KANJI_TEMPERATURE.finditer(text):
        tens, unit, point, after = m.groups()
        value = float(_KANJI_DIGITS[tens] * 10 + (_KANJI_DIGITS[unit] if unit else 0))
        tenth = point or after
        if tenth:
            value += _KANJI_DIGITS[tenth] / 10
        out.append(NumberMention(value, m.start(), m.end(), m.group(), has_degree=True))
    for m in _HANGUL_TEMPERATURE.finditer(text):
        tens, unit, point = m.groups()
        value = float(_HANGUL_DIGITS[tens] * 10 + (_HANGUL_DIGITS[unit] if unit else 0))
        value += _HANGUL_DIGITS[point] / 10 if point else 0
        if 34 <= value <= 43:  # "사십오 점" is no body temperature
            out.append(NumberMention(value, m.start(), m.end(), m.group(), has_degree=True))
    return out


# "on üzerinden dokuz": Turkish puts the scale first, in words too
_TURKISH_OUT_OF = re.compile(
    r"(?<![\w.,])(?:10|on)\s*(?:üzerinden|uzerinden)\s+"
    r"(bir|iki|üç|uc|dört|dort|beş|bes|altı|alti|yedi|sekiz|dokuz|on)(?![\w-])",
    re.IGNORECASE,
)
_TURKISH_UNITS = {
    "bir": 1, "iki": 2, "üç": 3, "uc": 3, "dört": 4, "dort": 4, "beş": 5, "bes": 5, "altı": 6,
    "alti": 6, "yedi": 7, "sekiz": 8, "dokuz": 9, "on": 10,
}  # fmt: skip
_SCORE_AFTER_TEN = re.compile(
    r"(?<![\d.,])10\s*(?:üzerinden|uzerinden|のうち|の内|段階中|段階で|段階の|点中|点満点中|点満点で"
    r"|점\s*만점에|점\s*중에?|分之|分中)\s*(\d(?:[.,]\d)?|10)(?![\d])"
)


def _ends_with(pattern: re.Pattern[str], text: str, end: int) -> bool:
    """``pattern`` (anchored with $) matches the few characters before ``end``: a bounded look
    back, so a message of thousands of numbers is not scanned from its start for each."""
    return pattern.search(text, max(0, end - 16), end) is not None


# the words a foreign number, a low score or a Turkish "on üzerinden" always holds one of, each
# whole, for may_hold_numbers
_ALL_NUMBER_WORDS = {*_GLUED, *_FOREIGN_TENS, *_FOREIGN_HUNDRED, *_FOREIGN_UNITS}
_NUMBER_WORD = re.compile(
    r"(?<![\w-])(?:"
    rf"{'|'.join(sorted(_ALL_NUMBER_WORDS, key=len, reverse=True))}"
    r"|üzerinden|uzerinden)(?!\w)",
    re.IGNORECASE,
)


def may_hold_numbers(run: str) -> bool:
    """Whether a run of non-whitespace text may hold (part of) a number ``find_numbers`` reads:
    False when it has no digit, no English number word, no foreign number word, no "十" and no
    "십" (a temperature in characters or Hangul). A text all of whose whitespace-delimited runs
    say False has no numbers: every reader's match holds a digit or one of those words whole,
    inside one run."""
    return bool(
        _ANY_DIGIT.search(run)
        or _VALUE_WORD.search(run)
        or "十" in run
        or "십" in run
        or _NUMBER_WORD.search(run)
    )


def find_numbers(text: str) -> list[NumberMention]:
    """Every number written with digits or words, in text order (a scale's range left out)."""
    if not _ANY_DIGIT.search(text) and (
        not _VALUE_WORD.search(text)
        and not _FOREIGN.search(text)
        and not _FOREIGN_LOW.search(text)
        and not _TURKISH_OUT_OF.search(text)
        and not _KANJI_TEMPERATURE.search(text)
        and not _HANGUL_TEMPERATURE.search(text)
    ):
        return []  # most messages: no digit, no number word
    scales = _scale_spans(text)
    found = [
        n
        for n in _find_numbers(text)
        if not any(s <= n.start < e for s, e in scales)
        and not (n.scale is None and _ends_with(_DENOMINATOR_BEFORE, text, n.start))
        and not _clock_time(text, n)
    ]
    for m in _SCORE_AFTER_TEN.finditer(text):  # "10 üzerinden 8": the 8 is the score
        found = [n for n in found if not m.start() <= n.start < m.end()]
        value = float(m.group(1).replace(",", "."))
        found.append(NumberMention(value, m.start(), m.end(), m.group(0), "/10"))
    for m in _TURKISH_OUT_OF.finditer(text):
        found = [n for n in found if not m.start() <= n.start < m.end()]
        value = float(_TURKISH_UNITS[m.group(1).lower()])
        found.append(NumberMention(value, m.start(), m.end(), m.group(0), "/10", is_word=True))
    for m in _HOMOPHONE_SCORE.finditer(text):
        value = _HOMOPHONE_VALUE[m.group(1).lower()]
        found.append(NumberMention(value, m.start(), m.end(), m.group(0), "/10", is_word=True))
    found.sort(key=lambda n: n.start)
    for i, n in enumerate(found):
        if n.scale is not None:
            continue
        # "scale of 1 to 10? 8.5": the answer is a score out of 10
        answer = n.value <= 10 and any(_ANSWER_GAP.fullmatch(text, e, n.start) for _, e in scales)
        # "11 on a scale of 1 to 10", but not "day 9 on a scale of 1 to 10"
        before = (
            n.value <= 20
            and any(_SCORE_BEFORE_SCALE.fullmatch(text, n.end, s) for s, _ in scales)
            and not _ends_with(_COUNTED_BEFORE, text, n.start)
        )
        if answer or before:
            found[i] = replace(n, scale="/10")
    return found


def _find_numbers(text: str) -> list[NumberMention]:
    found: list[NumberMention] = []
    for m in _DIGITS.finditer(text):
        after = text[m.end("num") : m.end("num") + 2]
        if not m.group("outof") and (after[:1] in ":/" and after[1:2].isdigit()):
            continue  # a time (10:30) or a date (11/25)
        raw = re.sub(r"\s+point\s+", ".", m.group("num")).replace(",", ".")
        try:
            value = float(raw)
        except ValueError:  # pragma: no cover - the regex only admits digits
            continue
        unit = (m.group("unit") or "").strip().lower()
        scale: str | None = None
        end = m.end("num")
        if m.group("outof"):
            scale = "/10"
            end = m.end("outof")
            if m.group("lo"):  # "7-8/10": the higher end counts
                value = max(value, float(m.group("lo")))
        elif unit:
            letters = unit.rstrip(" ").lower()
            if letters.endswith(("f", "fahrenheit")):
                scale = "F"
            elif letters.endswith(("c", "celsius", "centigrade")):
                scale = "C"
            end = m.end("unit")
        start = m.start("lo") if m.group("lo") and scale == "/10" else m.start("num")
        found.append(
            NumberMention(
                value=value,
                start=start,
                end=end,
                text=text[start:end],
                scale=scale,
                has_degree=any(ch in unit for ch in "°º˚度도") or "deg" in unit or "độ" in unit,
            )
        )
    spans = [(n.start, n.end) for n in found]
    found.extend(  # "8 out of ten": the "ten" belongs to the score
        w for w in _word_numbers(text) if not any(s <= w.start < e for s, e in spans)
    )
    spans = [(n.start, n.end) for n in found]
    foreign = [w for w in _foreign_numbers(text) if not any(s <= w.start < e for s, e in spans)]
    scored = [(w.start, w.end) for w in foreign if w.scale == "/10"]
    # "8 de diez": the "diez" belongs to the score; "dos de 10": so does the "10"
    found = [n for n in found if not any(s < n.start < e for s, e in scored)] + foreign
    found += _kanji_numbers(text)  # characters no other reader reads
    found.sort(key=lambda n: n.start)
    return found


def _word_numbers(text: str) -> list[NumberMention]:
    if not _VALUE_WORD.search(text):
        return []
    words: list[tuple[str, int, int]] = []
    for m in _WORD.finditer(text):
        w = m.group(0).lower()
        words.append(("hundred" if w in HUNDREDS else w, m.start(), m.end()))
    out: list[NumberMention] = []
    i = 0
    while i < len(words):
        if words[i][0] not in _NUMBER_WORDS:
            i += 1
            continue
        j = i
        while (
            j + 1 < len(words)
            and j - i < MAX_RUN
            and words[j + 1][0] in _NUMBER_WORDS
            and _joinable(text[words[j][2] : words[j + 1][1]])
        ):
            j += 1
        run = words[i : j + 1]
        # trim leading/trailing glue words
        while run and run[-1][0] in {"and", "a", "an", "point"}:
            run = run[:-1]
        while run and run[0][0] in {"and", "point"}:
            run = run[1:]
        value = _parse_run([w for w, _, _ in run]) if run else None
        if value is not None:
            start, end = run[0][1], run[-1][2]
            scale = None
            unit = _WORD_UNIT.match(text, end)
            out_of = _OUT_OF_TEN.match(text, end)
            if out_of:  # "two out of ten": one pain score, not a 2 and a 10
                scale, end = "/10", out_of.end()
                out.append(NumberMention(value, start, end, text[start:end], scale, is_word=True))
                while j + 1 < len(words) and words[j + 1][1] < end:
                    j += 1
                i = j + 1
                continue
            if unit:
                letter = unit.group(1)
                if letter:
                    scale = "C" if letter.lower().startswith("c") else "F"
                end = unit.end()
            out.append(NumberMention(value, start, end, text[start:end], scale=scale, is_word=True))
        i = j + 1
    return out


def _joinable(gap: str) -> bool:
    return len(gap) <= 3 and all(ch in " -" for ch in gap)


def _parse_run(run: list[str]) -> float | None:
    if "point" in run:
        k = run.index("point")
        whole = _parse_int(run[:k])
        decimals = run[k + 1 :]
        if whole is None or not decimals or any(_UNITS.get(w, 99) > 9 for w in decimals):
            return float(whole) if whole is not None else None
        return float(f"{whole}.{''.join(str(_UNITS[w]) for w in decimals)}")
    whole = _parse_int(run)
    return float(whole) if whole is not None else None


def _parse_int(run: list[str]) -> int | None:
    core = [w for w in run if w not in {"and", "a", "an"}]
    if not core:
        return None
    if core == ["oh"]:
        return None  # "oh" alone is an exclamation
    # "one oh one", "nine nine": digit by digit
    if len(core) >= 2 and "hundred" not in core and all(_UNITS.get(w, 99) <= 9 for w in core):
        return int("".join(str(_UNITS[w]) for w in core))
    total = 0
    current = 0
    for w in core:
        if w == "hundred":
            current = (current or 1) * 100
            total += current
            current = 0
        elif w in _TENS:
            current += _TENS[w]
        elif w in _UNITS:
            current += _UNITS[w]
    return total + current
