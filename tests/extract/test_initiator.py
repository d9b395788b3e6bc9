from timeline.extract.initiator import link_initiator, request_initiator
from timeline.extract.normalize import normalize

DEMONYMS = {normalize("الفرنسي"): "FR", normalize("الروسي"): "RU", normalize("الألماني"): "DE"}


def test_whoever_is_called_from_is_the_initiator():
    assert link_initiator("من", normalize("تلقى الرئيس اتصالا"), "RU", "FR") == ("FR", "received")


def test_receiving_a_call_makes_the_other_side_the_caller_whatever_the_preposition():
    assert link_initiator("", normalize("تلقى الملك اتصالا هاتفيا"), "SA", "US")[0] == "US"


def test_placing_a_call_to_someone_makes_the_subject_the_caller():
    assert link_initiator("ب", normalize("أجرى الرئيس اتصالا هاتفيا"), "RU", "TR")[0] == "RU"
    assert link_initiator("ب", normalize("اتصل الرئيس"), "FR", "DE")[0] == "FR"


def test_having_a_call_with_someone_says_nothing_about_who_called():
    assert link_initiator("مع", normalize("أجرى الرئيس اتصالا هاتفيا"), "RU", "TR") == (None, "")


def test_an_initiative_of_one_side_names_it():
    sentence = normalize("جرى الاتصال بمبادرة من الجانب الفرنسي")
    code, start, end = request_initiator(sentence, {"FR", "RU"}, {}, DEMONYMS)
    assert code == "FR"
    assert sentence[start:end] == normalize("بمبادرة من الجانب الفرنسي")


def test_a_request_points_at_the_person_named_next():
    sentence = normalize("جرى الاتصال بطلب من الرئيس بوتين")
    sides = {sentence.index("الرئيس"): "RU"}
    assert request_initiator(sentence, {"FR", "RU"}, sides, DEMONYMS)[0] == "RU"


def test_an_initiative_of_a_third_country_is_no_initiator():
    sentence = normalize("جرى الاتصال بمبادرة من الجانب الألماني")
    assert request_initiator(sentence, {"FR", "RU"}, {}, DEMONYMS)[0] is None


def test_an_initiative_names_a_side_only_by_a_demonym_it_is_given():
    sentence = normalize("جرى الاتصال بمبادرة من الجانب الفرنساوي")
    assert request_initiator(sentence, {"FR", "RU"}, {}, DEMONYMS)[0] is None
    staff_added = {**DEMONYMS, normalize("الفرنساوي"): "FR"}
    assert request_initiator(sentence, {"FR", "RU"}, {}, staff_added)[0] == "FR"
