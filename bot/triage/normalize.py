"""Token normalisation: lowercase, contractions, lemma-ish suffix stripping, typo tolerance.

The same function normalises the patient's tokens and the YAML patterns, so a pattern written as
"legs buckled" also matches "leg buckles" and "my legs are buckling".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def scrub_surrogates(text: str) -> str:
    """A lone surrogate ("\\udcff" in JSON) cannot be encoded as UTF-8 and would crash the
    tokenizer. One replacement character per surrogate keeps every offset."""
    return _LONE_SURROGATE.sub("\ufffd", text)


# spaCy splits "can't"/"cant" into "ca" + "n't"/"nt"; these map the pieces back to words.
_CONTRACTION_PIECES = {
    "n't": "not",
    "nt": "not",
    "n’t": "not",
    "ca": "can",
    "wo": "will",
    "sha": "shall",
    "'m": "am",
    "’m": "am",
    "'re": "are",
    "’re": "are",
    "'ve": "have",
    "’ve": "have",
    "'ll": "will",
    "’ll": "will",
    "'d": "would",
    "’d": "would",
    # spaCy splits "theyre", "ive", "im" into "they" + "re", "i" + "ve", "i" + "m"
    "re": "are",
    "ve": "have",
    "m": "am",
    "s": "'s",  # "thats passed" like "that's passed"
    "cannot": "can not",
    "cant": "can not",
    "cnt": "can not",
    "tryed": "tried",
    "nothng": "nothing",
    "nothin": "nothing",
    "cudnt": "could not",
    "havnt": "have not",
    "hav": "have",
    "dont": "do not",
    "didnt": "did not",
    "doesnt": "does not",
    "isnt": "is not",
    "wasnt": "was not",
    "wont": "will not",
    "havent": "have not",
    "hasnt": "has not",
    "aint": "not",
    "couldnt": "could not",
    "wouldnt": "would not",
    "arent": "are not",
    "werent": "were not",
    "im": "i am",
    "ive": "i have",
    "hes": "he is",
    "shes": "she is",
    "theyre": "they are",
    "youre": "you are",
    "thats": "that is",
    "theres": "there is",
    "whats": "what is",
    "shouldnt": "should not",
    "hadnt": "had not",
    # text-message spellings
    "thru": "through",
    "tho": "though",
    "cuz": "because",
    "b4": "before",
    "2day": "today",
    "2nite": "tonight",
    "tonite": "tonight",
    "yday": "yesterday",
    "yest": "yesterday",
    "w/o": "without",
    "wo/": "without",
    "abt": "about",
    "#": "number",  # "go #1" = "go number 1"
}

_VOWELS = set("aeiouy")
# words the crude stemmer would turn into other words ("quite" -> "quit", "noting" -> "not",
# "pants" -> "pant" as in panting, "winded" -> "wind", "odds" -> "od" as in overdose, "plane" ->
# "plan"). scripts/stem_audit.py lists the words of the examples that share a stem with a rule word.
_UNSTEMMED = frozenset(
    [
        "quite",
        "noting",
        "noted",
        "pants",
        "winded",
        "odds",
        "news",
        "wedding",
        "kidding",
        "caring",
        "riding",
        "bowling",
        "plane",
        "planes",
    ]
)


def stem(word: str) -> str:
    """Lemma-ish reduction: strip -ing/-ed/-s and a final -e, undoubling consonants.

    Crude on purpose: it only has to map inflections of one word to the same string, because
    the patterns go through the same function.
    """
    w = word
    if len(w) >= 6 and w.endswith("ing"):
        w = w[:-3]
    elif len(w) >= 5 and w.endswith("ied"):
        w = w[:-3] + "y"
    elif len(w) >= 5 and w.endswith("ed") and not w.endswith("eed"):
        w = w[:-2]
    elif len(w) >= 5 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) >= 4 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    else:
        return _strip_e(w)
    if len(w) >= 3 and w[-1] == w[-2] and w[-1] not in _VOWELS and w[-1] not in "lsz":
        w = w[:-1]
    return _strip_e(w)


def _strip_e(w: str) -> str:
    if len(w) >= 5 and w.endswith("e") and not w.endswith("ee"):
        return w[:-1]
    return w


def expand_contraction(lower: str) -> list[str]:
    """Words a (lowercased) token stands for, e.g. "n't" -> ["not"], "cant" -> ["can", "not"]."""
    key = lower.replace("’", "'") if "’" in lower else lower
    mapped = _CONTRACTION_PIECES.get(key)
    if mapped is not None:
        return mapped.split()
    if "'" in key and len(key) > 3:
        # spaCy's exceptions are case-sensitive: "CAN'T", "DON'T", "I'M" stay whole tokens
        if key.endswith("n't"):
            head = key[:-3]
            return [*_CONTRACTION_PIECES.get(head, head).split(), "not"]
        for suffix in ("'m", "'re", "'ve", "'ll", "'d", "'s"):
            if key.endswith(suffix):
                return [key[: -len(suffix)], _CONTRACTION_PIECES.get(suffix, suffix)]
    return [lower]


class Normalizer:
    """Maps raw tokens to normalised forms, with edit-distance-1 typo correction.

    ``fuzzy_words`` are the (longer) words patients misspell; ``protected`` are real words that
    must never be "corrected" (all pattern words plus a YAML list such as "fewer").
    """

    def __init__(
        self,
        fuzzy_words: Iterable[str],
        protected: Iterable[str],
        min_length: int = 5,
        respell: dict[str, str] | None = None,
    ):
        self.min_length = min_length
        self.protected = {w.lower() for w in protected}
        # dialect and phonetic spellings read as the words they stand for ("cyaan" -> "can not")
        self.respell = {
            k.lower(): tuple(_stem_word(w) for w in v.lower().split())
            for k, v in (respell or {}).items()
        }
        self._deletes: dict[str, set[str]] = {}
        for word in {w.lower() for w in fuzzy_words}:
            for variant in _deletions(word) | {word}:
                self._deletes.setdefault(variant, set()).add(word)
        # One cache per normaliser (rules can be reloaded); lru_cache is thread-safe.
        self.normalize = lru_cache(maxsize=65536)(self._normalize)

    def correct(self, lower: str) -> str:
        """The fuzzy word ``lower`` is a typo of, or ``lower`` itself."""
        if len(lower) < self.min_length or lower in self.protected or not lower.isalpha():
            return lower
        candidates: set[str] = set()
        for variant in _deletions(lower) | {lower}:
            found = self._deletes.get(variant)
            if found:
                candidates |= found
        candidates = {
            c for c in candidates if c[0] == lower[0] and c != lower and _within_one(c, lower)
        }
        if len(candidates) == 1:
            return candidates.pop()
        return lower

    def _normalize(self, token_text: str) -> tuple[str, ...]:
        """The normalised word(s) one token stands for ("cant" -> ("can", "not"))."""
        lower = token_text.lower()
        if not lower.isascii():
            pieces = cjk_pieces(lower)
            if pieces:  # Chinese has no spaces: each character is a word
                return tuple(w for piece in pieces for w in self.normalize(piece.group()))
            lower = fold_accents(lower)
        words = expand_contraction(lower)
        if len(words) != 1:
            return tuple(words)
        word = words[0]
        respelled = self.respell.get(word)
        if respelled is not None:
            return respelled
        if len(word) >= 5 and word.endswith("in") and word + "g" in self.protected:
            word += "g"  # a dropped g: "bleedin", "coughin", "sittin" like the rule words
        return (_stem_word(self.correct(word)),)


# Chinese characters, Japanese kana and Korean syllables: written without spaces between words
# (or, in Korean, with particles glued on: "소변이", "소변을"), each character is a word
_CJK_RANGE = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_CJK = re.compile(f"[{_CJK_RANGE}]")
_CJK_PIECES = re.compile(f"[{_CJK_RANGE}]|[^{_CJK_RANGE}]+")


def cjk_pieces(token_text: str) -> list[re.Match[str]]:
    """The pieces a token holding Chinese, Japanese or Korean characters is read as, each
    normalised on its own: every such character, and every run of other characters between them
    (none for any other token). The engine gives each piece its own place in the text."""
    if token_text.isascii() or len(token_text) < 2 or not _CJK.search(token_text):
        return []
    return list(_CJK_PIECES.finditer(token_text))


def _stem_word(word: str) -> str:
    return word if word in _UNSTEMMED else stem(word)


# Traditional Chinese characters (Taiwan, Hong Kong) read as their simplified forms, so one
# pattern serves both scripts: "紗布" is "纱布", "藥" is "药"
_TRADITIONAL = (
    "萬東個麼亂會傷側兒內動勁厲壓雙發髮嗎處頭壞買戰無時暈術殺來沒溝塗滲濕燒燙熱現癇癱癲盜穩紅紗經綠腫膿腳藥襠褲覺認話語說轉軟"
    "輕過連這門悶陰難頸顫雞黃嘔瀉腸嚇腦變嚴體溫計測鐘兩幾隻條靜脈換華醫護電應該樣為們點裡裏後還進邊開離縫線圍擴氣識緊塊媽從針"
    "讓幫聽見對給長間總斷續極歲爺孫與關臉齒腎臟髒廁憂鬱遠號隨鬆彎慮擔親舊禮週視湯飯飲夠盡別剛頂廣衛狀況惡虛脫凍涼脹異陳張錯辦"
    "問題診檢報帶較覆復複將並滿癢痺頻漲貼纏繃膠噴濃漿爛潰瘡燜熾撐搖擺顛觸訴聯絡撥險劑顆錠靈彈骯齊傳衝勢鑽絞"
)
_SIMPLIFIED = (
    "万东个么乱会伤侧儿内动劲厉压双发发吗处头坏买战无时晕术杀来没沟涂渗湿烧烫热现痫瘫癫盗稳红纱经绿肿脓脚药裆裤觉认话语说转软"
    "轻过连这门闷阴难颈颤鸡黄呕泻肠吓脑变严体温计测钟两几只条静脉换华医护电应该样为们点里里后还进边开离缝线围扩气识紧块妈从针"
    "让帮听见对给长间总断续极岁爷孙与关脸齿肾脏脏厕忧郁远号随松弯虑担亲旧礼周视汤饭饮够尽别刚顶广卫状况恶虚脱冻凉胀异陈张错办"
    "问题诊检报带较复复复将并满痒痹频涨贴缠绷胶喷浓浆烂溃疮焖炽撑摇摆颠触诉联络拨险剂颗锭灵弹肮齐传冲势钻绞"
)
# letters Unicode does not decompose into a base letter and an accent, and traditional Chinese
_UNDECOMPOSED = str.maketrans(
    {
        "đ": "d",
        "Đ": "D",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        **dict(zip(_TRADITIONAL, _SIMPLIFIED, strict=True)),
    }
)


def fold_accents(text: str) -> str:
    """ "pipí" -> "pipi", "muchísimo" -> "muchisimo", "đau" -> "dau": patients type accents or
    leave them out."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", folded)


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _within_one(a: str, b: str) -> bool:
    """True when one insertion, deletion, substitution or adjacent swap turns a into b."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1 :]
