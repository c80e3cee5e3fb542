from bot.phone import mask_phone, pretty, to_e164


def test_e164_and_display():
    assert to_e164("617 555 0100") == "+16175550100"
    assert to_e164("not a number 12") is None
    assert pretty("+16175550100") == "(617) 555-0100"
    assert mask_phone("+16175550100").endswith("0100")
