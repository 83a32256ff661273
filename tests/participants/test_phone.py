import pytest

from participants.phone import PhoneError, normalize_phone, wa_number


@pytest.mark.parametrize(
    "written",
    ["0812-3456-7890", "+62 812 3456 7890", "62 812 3456 7890", "(0812) 3456.7890", 81234567890],
)
def test_it_writes_every_form_people_use_as_plus_62(written):
    assert normalize_phone(written) == "+6281234567890"


def test_an_excel_number_cell_that_lost_its_zero_is_read_back():
    assert normalize_phone(81234567890.0) == "+6281234567890"


@pytest.mark.parametrize("empty", [None, "", "  "])
def test_an_empty_cell_is_no_number(empty):
    assert normalize_phone(empty) == ""


@pytest.mark.parametrize(
    "garbage",
    [
        "12",
        "bukan nomor",
        "0552-21234",
        "+1 415 555 0100",
        "0812345",
        "08123456789012345",
        "８１２",
    ],
)
def test_it_refuses_what_is_not_an_indonesian_mobile_number_in_indonesian(garbage):
    with pytest.raises(PhoneError) as refused:
        normalize_phone(garbage)
    assert "tidak valid" in refused.value.message and "0812-3456-7890" in refused.value.message


def test_the_wa_me_number_is_the_digits_or_nothing():
    assert wa_number("081234567890") == "6281234567890"
    assert wa_number("+6281234567890") == "6281234567890"
    assert wa_number("12") == ""
