from tests.extract.contact_fakes import FakeGazetteer
from timeline.extract.normalize import normalize_with_offsets
from timeline.extract.short_names import with_short_names


def named(text: str) -> list[tuple[str, str]]:
    mentions = with_short_names(normalize_with_offsets(text), FakeGazetteer().find(text))
    return [(m.text, m.leader.slug) for m in mentions if m.leader is not None]


def test_an_honorific_and_a_bare_title_are_the_leader_of_that_office_named_before():
    text = "أشادت رئيسة الوزراء البريطانية تيريزا ماي بالرئيس بوتين. ثم أكد فخامة الرئيس موقفه."
    assert named(text)[-1] == ("فخامة الرئيس", "vladimir-putin")


def test_an_honorific_title_that_two_leaders_named_before_hold_is_nobody():
    text = "التقى الرئيس بوتين الرئيس ماكرون. ثم أكد فخامة الرئيس موقفه."
    assert [name for name, _slug in named(text)] == ["الرئيس بوتين", "الرئيس ماكرون"]


def test_an_honorific_title_before_the_full_name_is_nobody_yet():
    text = "أكد فخامة الرئيس موقفه. واستقبل الرئيس بوتين ضيفه."
    assert [name for name, _slug in named(text)] == ["الرئيس بوتين"]
