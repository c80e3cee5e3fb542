"""Wordings added for the round-31 evaluation sets and the sealed_z13 set folded with them:
Vietnamese, Tagalog and Chinese wordings of the red flags, a Polish bleed that "nie przestaje",
"outta breath", pain pills that "don't do anything for the pain", "I mean I actually blacked
out", Portuguese numb inner thighs, a fever reported then asked about ("febre de 38,5, é
normal?"), and whose fever it is."""

from __future__ import annotations

import pytest

from tests.triage.rules_only import assess, cases, check_level

EMERGENCY = [
    # Vietnamese
    "ba tôi bị són tiểu ra quần mà không biết",
    "chồng tôi hai chân yếu quá không đứng dậy được",
    "vết mổ chảy máu không ngừng, ấn khăn lên vẫn chảy",
    "mẹ em bị ngất xỉu trong nhà tắm",
    "em bị tê ở mông và háng từ tối qua",
    "ông khó thở và tức ngực",
    # Tagalog
    "nahimatay si nanay kanina sa banyo",
    "hirap huminga si tatay mula kaninang umaga",
    # Chinese
    "我妈妈尿裤子了，自己都不知道",
    "屁股和大腿内侧都麻了，没感觉",
    "爸爸站不起来了，腿一点力气都没有",
    "胸口痛，喘不过气",
    # Polish, English, Portuguese
    "krew leci z rany i nie przestaje",
    "i get outta breath just going to the bathroom, never had that before",
    "I was a bit dizzy, I mean I actually passed out for a second in the kitchen",
    "meu pai não sente nada na parte de dentro das coxas desde ontem",
]

URGENT = [
    # Vietnamese
    "vết mổ có mủ vàng và hơi đỏ",
    "bố em ói liên tục, uống thuốc vô là nôn ra",
    "chân trái em yếu hơn từ hôm qua, vẫn đi được",
    "chân em tê 5 ngày rồi chưa đỡ",
    # Tagalog
    "humina ang kaliwang binti ko simula kahapon",
    # Chinese
    "伤口流脓，有点臭",
    "我发烧了，38.6度",
    # English, Portuguese
    "the pain pills dont do anything for the pain, cant sleep",
    "estou com febre de 38,7, é normal depois da cirurgia?",
]

ROUTINE = [
    # Vietnamese: a little, someone else, over, a question
    "hơi đau chỗ mổ một chút xíu, bớt nhiều rồi",
    "con trai tôi bị sốt, còn tôi mổ lưng xong khỏe rồi",
    "nếu bị sốt thì tôi phải làm gì?",
    # Tagalog
    "nanghina ang binti ko nung una pero ngayon malakas na ulit",
    "si mister ko may ubo pero ako naman okay na ang likod ko",
    # Chinese: negated
    "没有发烧，伤口干干净净",
    # Polish, French questions
    "co jeśli będę miał gorączkę?",
    "qu'est-ce que je fais si j'ai de la fièvre demain?",
    # someone else, figures of speech
    "my lil bro has a cold and a fever, we keep him in his room",
    "my husband has a fever of 101, can he still help change my dressing?",
    "my feet are killing me from the walk, in a good way, first long walk in years",
    "Nana says the incision looks fine today",
]


@pytest.mark.parametrize("text,level", cases(EMERGENCY, URGENT, ROUTINE))
def test_round31_family(text, level):
    check_level(text, level)


def test_a_chinese_red_flag_inside_a_run_of_characters_is_found():
    """Chinese has no spaces: "爸爸站不起来了" is one token, and the normaliser reads it
    character by character, so "站不起来" is found inside it."""
    found = [f for f in assess("爸爸今天早上站不起来了").findings if f.id == "severe_leg_weakness"]
    assert found and found[0].counts


def test_a_negated_chinese_fever_is_negated():
    found = [f for f in assess("没有发烧").findings if f.id == "fever"]
    assert found and all(f.negated for f in found)
