from timeline.extract.normalize import normalize, normalize_with_offsets


def test_it_folds_hamza_and_teh_marbuta_spellings_together():
    assert normalize("أردوغان") == normalize("اردوغان")
    assert normalize("مدينة") == normalize("مدينه")


def test_offsets_point_back_into_the_original_text():
    text = "قال الرَّئِيس إنه"
    nt = normalize_with_offsets(text)
    start = nt.norm.index("الرئيس")
    begin, end = nt.span(start, start + len("الرئيس"))
    assert text[begin:end] == "الرَّئِيس"


def test_one_text_is_normalized_once():
    first, second = "اتصال هاتفي", " بين الرئيسين"
    text = first + second
    assert normalize_with_offsets(text) is normalize_with_offsets(first + second)


def test_persian_letter_forms_and_invisible_characters_match_the_arabic_spelling():
    assert normalize("رئیسی في کردستان 1445ھ") == normalize("رئيسي في كردستان 1445ه")
    assert normalize("بو\u200bتين\u00ad") == normalize("بوتين")


def test_offsets_survive_characters_that_normalize_to_nothing():
    text = "الرئيس بو\u200bتين"
    nt = normalize_with_offsets(text)
    start = nt.norm.index("بوتين")
    begin, end = nt.span(start, start + len("بوتين"))
    assert text[begin:end] == "بو\u200bتين"
