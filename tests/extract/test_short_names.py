import datetime as dt

from tests.extract.contact_fakes import FakeGazetteer
from timeline.extract.leaders import Gazetteer
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


def named_in_the_table(text: str, on: dt.date) -> list[tuple[str, str]]:
    gaz = Gazetteer.default()
    mentions = with_short_names(normalize_with_offsets(text), gaz.find(text, on=on), on)
    return [(m.text, m.leader.slug) for m in mentions if m.leader is not None]


def test_his_highness_the_emir_is_the_emir_named_before():
    text = (
        "أكد صاحب السمو الشيخ تميم بن حمد آل ثاني أمير البلاد دعم بلاده للسلام. "
        "وتلقى سمو الأمير المفدى برقية."
    )
    found = named_in_the_table(text, dt.date(2024, 1, 10))
    assert found[-1] == ("سمو الأمير", "tamim-bin-hamad-al-thani")


def test_his_highness_the_prince_before_a_name_is_another_prince():
    text = (
        "أكد صاحب السمو الشيخ تميم بن حمد آل ثاني أمير البلاد دعم بلاده للسلام. "
        "واستقبل سمو الأمير خالد بن فهد الوفد."
    )
    assert len(named_in_the_table(text, dt.date(2024, 1, 10))) == 1


def test_an_honorific_pronoun_is_the_leader_named_with_that_honorific():
    text = (
        "تلقى حضرة صاحب السمو أمير البلاد الشيخ مشعل الأحمد الجابر الصباح برقية من الرئيس "
        "الفرنسي إيمانويل ماكرون. كما تلقى سموه اتصالا."
    )
    found = named_in_the_table(text, dt.date(2024, 1, 10))
    assert found[-1] == ("سموه", "mishal-al-ahmad-al-jaber-al-sabah")


def test_his_excellency_is_the_president_the_agency_called_so():
    text = (
        "تلقى سيادة الرئيس محمود عباس اتصالا هاتفيا من الرئيس الأمريكي جو بايدن. "
        "وكان سيادته قد تلقى أمس اتصالا من أمير قطر."
    )
    found = named_in_the_table(text, dt.date(2021, 5, 15))
    assert ("سيادته", "mahmoud-abbas") in found


def test_an_honorific_pronoun_two_leaders_were_named_with_is_nobody():
    text = (
        "استقبل صاحب السمو الشيخ تميم بن حمد آل ثاني صاحب السمو الشيخ مشعل الأحمد الجابر "
        "الصباح. وأكد سموه عمق العلاقات."
    )
    assert [name for name, _slug in named_in_the_table(text, dt.date(2024, 1, 10))] == [
        "صاحب السمو الشيخ تميم بن حمد آل ثاني",
        "صاحب السمو الشيخ مشعل الأحمد الجابر الصباح",
    ]


def test_the_honorific_may_come_with_a_later_mention_than_the_headline():
    text = (
        "تميم بن حمد يستقبل وفدا\n"
        "استقبل حضرة صاحب السمو الشيخ تميم بن حمد آل ثاني الوفد. وأقام سموه مأدبة غداء."
    )
    found = named_in_the_table(text, dt.date(2024, 1, 10))
    assert found[-1] == ("سموه", "tamim-bin-hamad-al-thani")


def test_the_bare_title_after_a_leaders_office_speaks_is_that_leader():
    text = "مكتب ماكرون: الرئيس بحث الأزمة مع المستشارة ميركل."
    assert ("الرئيس", "emmanuel-macron") in named(text)


def test_a_bare_title_nobody_speaks_for_is_nobody():
    text = "التقى ماكرون وزيرا. الرئيس بحث الأزمة."
    assert [name for name, _slug in named(text)] == ["ماكرون"]


def test_an_honorific_pronoun_is_not_a_late_leader_named_with_that_honorific():
    text = (
        "تقبل حضرة صاحب الجلالة السلطان هيثم بن طارق التعازي في وفاة جلالة السلطان قابوس بن "
        "سعيد. فقد استقبل جلالته الضيوف."
    )
    found = named_in_the_table(text, dt.date(2020, 1, 13))
    assert found[-1] == ("جلالته", "haitham-bin-tariq")


def test_a_two_letter_alias_the_table_lists_is_the_leader_named_in_full_before():
    text = (
        "وصل الرئيس الصيني شي جين بينغ إلى موسكو. وعقد شي والرئيس الروسي فلاديمير بوتين "
        "جولة محادثات."
    )
    found = named_in_the_table(text, dt.date(2023, 3, 22))
    assert ("شي", "xi-jinping") in found


def test_his_highness_the_head_of_state_is_the_uae_president_not_another_president():
    text = (
        "محمد بن زايد يلتقي ماكرون\n"
        "التقى صاحب السمو الشيخ محمد بن زايد آل نهيان، رئيس الدولة، الضيوف. "
        "كما التقى صاحب السمو رئيس الدولة، الرئيس الفرنسي إيمانويل ماكرون."
    )
    found = named_in_the_table(text, dt.date(2023, 12, 2))
    assert ("صاحب السمو رئيس الدولة", "mohammed-bin-zayed") in found
