import datetime as dt

import pytest

from tests.extract.contact_fakes import FakeGazetteer, FakeLexicon
from timeline.extract.contacts import extract_document
from timeline.extract.normalize import normalize
from timeline.extract.types import Document

PUBLISHED = dt.date(2020, 3, 26)  # a Thursday


def extract(text: str, published: dt.date = PUBLISHED):
    doc = Document(text=text, published=published)
    return extract_document(doc, gazetteer=FakeGazetteer(), lexicon=FakeLexicon())


def pair(contact) -> set[str]:
    return {p.slug for p in contact.participants}


def only(text: str, published: dt.date = PUBLISHED):
    contacts = extract(text, published)
    assert len(contacts) == 1, contacts
    return contacts[0]


@pytest.mark.parametrize(
    "text",
    [
        "أجرى الرئيس الروسي بوتين اتصالا هاتفيا مع الرئيس الفرنسي ماكرون.",
        "بحث بوتين وماكرون في مكالمة هاتفية الأوضاع الدولية.",
        "تحدث الرئيس بوتين هاتفيا مع الرئيس ماكرون.",
        "بحث الرئيس بوتين مع الرئيس ماكرون في محادثات هاتفية العلاقات بين البلدين.",
    ],
)
def test_it_finds_phone_calls(text):
    contact = only(text)
    assert contact.medium == "phone"
    assert pair(contact) == {"vladimir-putin", "emmanuel-macron"}


@pytest.mark.parametrize(
    "text",
    [
        "عقد الرئيس بوتين والرئيس ماكرون محادثات عبر تقنية الفيديو.",
        "بحث بوتين مع ماكرون في اتصال مرئي العلاقات الثنائية.",
    ],
)
def test_it_finds_video_calls(text):
    assert only(text).medium == "video"


@pytest.mark.parametrize(
    "text",
    [
        "استقبل الرئيس بوتين في الكرملين الرئيس ماكرون.",
        "التقى الرئيس ماكرون بالرئيس أردوغان في باريس.",
        "عقد الرئيس بوتين والرئيس أردوغان محادثات في سوتشي.",
    ],
)
def test_it_finds_meetings(text):
    contact = only(text)
    assert contact.medium == "meeting"
    assert contact.initiator is None  # a host is not an initiator


def test_it_finds_written_messages():
    assert only("بعث الرئيس بوتين برسالة خطية إلى الرئيس ماكرون.").medium == "message"


@pytest.mark.parametrize(
    "text",
    [
        "بحث وزير الخارجية الروسي في اتصال هاتفي مع نظيره الفرنسي الوضع في سوريا.",
        "أجرى نائب الرئيس الأمريكي اتصالا هاتفيا مع الرئيس أردوغان.",
        "من المقرر أن يجري الرئيس بوتين اتصالا هاتفيا مع الرئيس ماكرون غدا.",
        "سيجري الرئيس بوتين اتصالا هاتفيا بالرئيس ماكرون.",
        "يعتزم الرئيس ماكرون زيارة روسيا ولقاء الرئيس بوتين.",
        "نفى الكرملين أن يكون الرئيس بوتين قد أجرى اتصالا هاتفيا مع الرئيس ماكرون.",
        "تعرض الرئيس ماكرون لمقلب هاتفي من شخص انتحل صفة الرئيس أردوغان في مكالمة هاتفية.",
        "دعا الرئيس بوتين الرئيس ماكرون إلى التعاون في مكافحة الإرهاب.",
        "دعا الرئيس ماكرون إلى عقد قمة مع الرئيس بوتين.",
    ],
)
def test_it_rejects_what_is_no_leader_contact(text):
    assert extract(text) == []


def test_it_marks_background_contacts_as_historical():
    text = (
        "أجرى الرئيس بوتين اليوم الخميس اتصالا هاتفيا مع الرئيس ماكرون.\n"
        "وكان الرئيس بوتين قد التقى الرئيس ماكرون في 28 حزيران/ يونيو 2019."
    )
    contacts = extract(text)
    assert [(c.medium, c.historical) for c in contacts] == [("phone", False), ("meeting", True)]
    assert contacts[1].date.value == dt.date(2019, 6, 28)


@pytest.mark.parametrize(
    "text, initiator",
    [
        ("تلقى الرئيس بوتين اتصالا هاتفيا من الرئيس ماكرون.", "FR"),
        ("أجرى الرئيس بوتين اتصالا هاتفيا بالرئيس ماكرون.", "RU"),
        ("اتصل الرئيس ماكرون هاتفيا بالرئيس بوتين.", "FR"),
        ("بحث بوتين وماكرون في اتصال هاتفي جرى بمبادرة من الجانب الفرنسي الوضع.", "FR"),
        ("بحث بوتين وماكرون في اتصال هاتفي جرى بطلب من الرئيس ماكرون الوضع.", "FR"),
        ("أجرى الرئيس بوتين اتصالا هاتفيا مع الرئيس ماكرون.", None),
        ("بحث بوتين وماكرون في اتصال هاتفي الوضع.", None),
        (
            "أجرى الرئيس الروسي فلاديمير بوتين، رئيس الاتحاد الروسي والقائد الأعلى للقوات "
            "المسلحة -حفظه الله-، مساء أمس، اتصالا هاتفيا بفخامة الرئيس ماكرون.",
            "RU",
        ),
        (
            "وكان الرئيس بوتين قد أجرى اتصالات عدة الأسبوع الماضي مع قادة المنطقة حول الأوضاع "
            "في الشرق الأوسط والطاقة، ثم بحث الرئيس ماكرون مع بوتين هاتفيا اليوم الملف.",
            None,
        ),
    ],
)
def test_it_reads_the_initiator_from_explicit_cues_only(text, initiator):
    assert only(text).initiator == initiator


def test_an_initiative_is_read_with_the_demonyms_of_the_gazetteer_passed_in():
    doc = Document(text="بحث بوتين وماكرون في اتصال هاتفي جرى بمبادرة من الجانب الفرنساوي.")
    gazetteer = FakeGazetteer()
    (before,) = extract_document(doc, gazetteer=gazetteer, lexicon=FakeLexicon())
    gazetteer.demonyms[normalize("الفرنساوي")] = "FR"  # a spelling staff added
    (after,) = extract_document(doc, gazetteer=gazetteer, lexicon=FakeLexicon())
    assert (before.initiator, after.initiator) == (None, "FR")


def test_a_counterpart_is_whoever_held_the_office_on_the_contact_date():
    text = "بحث الرئيس الروسي بوتين في اتصال هاتفي مع نظيره الفرنسي الأوضاع."
    assert "francois-hollande" in pair(only(text, dt.date(2016, 5, 2)))
    assert "emmanuel-macron" in pair(only(text, dt.date(2018, 5, 2)))


def test_a_title_alone_resolves_to_its_holder():
    text = "أجرت رئيسة الوزراء البريطانية اتصالا هاتفيا مع المستشارة الألمانية."
    assert pair(only(text, dt.date(2018, 4, 29))) == {"theresa-may", "angela-merkel"}


def test_one_contact_told_in_several_sentences_is_output_once():
    text = (
        "بوتين وماكرون يبحثان في اتصال هاتفي ملف كورونا\n\n"
        "بحث الرئيس الروسي بوتين اليوم الخميس في اتصال هاتفي مع نظيره الفرنسي أزمة كورونا. "
        "وتناول الاتصال الوضع في ليبيا. "
        "وأكد الرئيسان خلال المكالمة أهمية التسوية في سوريا."
    )
    contact = only(text)
    assert set(contact.topics) == {"covid-19", "libya", "syria"}
    fields = {e.field for e in contact.evidence}
    assert {"contact", "participant", "medium", "date", "topic:syria"} <= fields
    for evidence in contact.evidence:
        assert text[evidence.start : evidence.end] == evidence.text


def test_the_subject_may_sit_in_the_previous_sentence():
    text = "أشاد الرئيس بوتين بالتعاون. وبحث في اتصال هاتفي مع الرئيس أردوغان الوضع في سوريا."
    assert pair(only(text)) == {"vladimir-putin", "recep-tayyip-erdogan"}


def test_one_caller_with_two_callees_gives_two_contacts():
    text = "أجرى الرئيس ماكرون اتصالا هاتفيا مع الرئيس بوتين واتصالا مماثلا مع الرئيس أردوغان."
    pairs = sorted(sorted(pair(c)) for c in extract(text))
    assert pairs == [
        ["emmanuel-macron", "recep-tayyip-erdogan"],
        ["emmanuel-macron", "vladimir-putin"],
    ]


def test_two_calls_received_from_two_leaders_each_with_honorifics_are_two_contacts():
    text = (
        "تلقى الرئيس بوتين اليوم اتصالين هاتفيين من أخيه فخامة الرئيس ماكرون الصديق ومن "
        "أخيه فخامة الرئيس أردوغان."
    )
    calls = {frozenset(pair(c)): c.initiator for c in extract(text)}
    assert calls == {
        frozenset({"vladimir-putin", "emmanuel-macron"}): "FR",
        frozenset({"vladimir-putin", "recep-tayyip-erdogan"}): "TR",
    }


def test_it_dates_from_the_text_and_falls_back_to_publication():
    dated = only("أجرى الرئيس بوتين أمس اتصالا هاتفيا مع الرئيس ماكرون.")
    assert (dated.date.value, dated.date.rule) == (dt.date(2020, 3, 25), "yesterday")
    undated = only("أجرى الرئيس بوتين اتصالا هاتفيا مع الرئيس ماكرون.")
    assert (undated.date.value, undated.date.rule) == (PUBLISHED, "published")
    assert undated.confidence < dated.confidence


def test_topics_ignore_unrelated_paragraphs_after_another_story():
    text = (
        "أجرى الرئيس بوتين اتصالا هاتفيا مع الرئيس ماكرون بحثا خلاله أزمة كورونا.\n"
        "وفي خبر آخر، بحث وزير الخارجية الروسي في اتصال هاتفي مع نظيره التركي الوضع في ليبيا."
    )
    assert only(text).topics == ("covid-19",)


def test_a_contact_dated_after_publication_has_not_happened():
    assert extract("يلتقي الرئيس بوتين الرئيس ماكرون يوم 2 نيسان/أبريل 2020.") == []


def test_a_call_between_two_named_people():
    text = "أعلن الكرملين أنه جرى اتصال هاتفي بين الرئيس بوتين والرئيس أردوغان."
    assert pair(only(text)) == {"vladimir-putin", "recep-tayyip-erdogan"}


def test_whoever_speaks_for_a_leader_reports_but_takes_no_part():
    text = "قال مكتب الرئيس ماكرون إن الرئيس بوتين بحث في اتصال هاتفي مع الرئيس أردوغان الوضع."
    assert pair(only(text)) == {"vladimir-putin", "recep-tayyip-erdogan"}


def test_one_call_with_two_others_is_a_three_way_call():
    text = "بحث الرئيس بوتين في اتصال هاتفي مع الرئيس ماكرون والرئيس أردوغان الوضع."
    assert pair(only(text)) == {"vladimir-putin", "emmanuel-macron", "recep-tayyip-erdogan"}


def test_separate_calls_with_two_others_are_two_contacts():
    text = "أجرى الرئيس بوتين اتصالات هاتفية منفصلة مع الرئيس ماكرون والرئيس أردوغان."
    assert len(extract(text)) == 2


def test_a_fronted_phrase_puts_the_subject_after_the_object():
    text = "وخلال اتصال هاتفي مع الرئيس أردوغان دعا الرئيس بوتين إلى التهدئة."
    assert pair(only(text)) == {"vladimir-putin", "recep-tayyip-erdogan"}


@pytest.mark.parametrize(
    "text",
    [
        "اتفق الرئيس بوتين والرئيس أردوغان على إبقاء قنوات اتصال مفتوحة بين الجيشين.",
        "قال الرئيس بوتين إن الرئيس أردوغان شريك. وأفادت دائرة الاتصال في الرئاسة بأن الرئيس "
        "أردوغان دعا إلى الحكمة.",
    ],
)
def test_a_channel_or_an_office_of_communication_is_not_a_call(text):
    assert extract(text) == []


def test_a_meeting_talked_about_is_no_meeting():
    text = "بحث الرئيس بوتين مع الرئيس ماكرون هاتفيا الترتيبات بشأن الاجتماع مع الرئيس أردوغان."
    assert [sorted(pair(c)) for c in extract(text)] == [["emmanuel-macron", "vladimir-putin"]]


def test_a_month_and_a_day_of_that_month_are_one_contact():
    text = (
        "التقى الرئيس بوتين الرئيس أردوغان في 10 آذار/مارس الجاري.\n"
        "وقال مسؤول إن الرئيس بوتين التقى الرئيس أردوغان في آذار/مارس لبحث الوضع في سوريا."
    )
    contact = only(text)
    assert contact.date.value == dt.date(2020, 3, 10)
    assert contact.topics == ("syria",)


def test_an_anaphoric_sentence_attaches_to_the_contact_just_told():
    text = (
        "بحث الرئيس بوتين في اتصال هاتفي مع الرئيس أردوغان الأوضاع. "
        "وتناول الاتصال كذلك الوضع في ليبيا. "
        "وفي شأن آخر، قال الرئيس ماكرون إن الوضع في سوريا معقد."
    )
    assert only(text).topics == ("libya",)


def test_an_interview_is_not_a_meeting():
    assert extract("قال الرئيس ماكرون في لقاء تلفزيوني إن الرئيس بوتين شريك صعب.") == []


def test_a_headline_meeting_the_body_calls_planned_is_dropped():
    text = (
        "الإليزيه يؤكد لقاء الرئيس ماكرون مع الرئيس أردوغان الجمعة\n\n"
        "أكدت الرئاسة أن اللقاء الذي كان مقررا بين الرئيس ماكرون والرئيس أردوغان سيجري."
    )
    assert extract(text) == []


def test_phoned_as_a_verb_names_the_caller():
    contact = only("هاتف الرئيس بوتين الرئيس ماكرون للتهنئة بالعيد الوطني.")
    assert (contact.medium, contact.initiator) == ("phone", "RU")


def test_a_call_that_brought_two_leaders_together_has_no_initiator():
    assert only("أجرى الرئيس بوتين اتصالا هاتفيا جمعه بالرئيس ماكرون.").initiator is None


def test_an_earlier_meeting_of_the_same_pair_is_a_separate_historical_contact():
    text = (
        "التقى الرئيس بوتين الرئيس أردوغان اليوم الخميس. "
        "وكان اللقاء الأول بينهما قد جرى في 10 كانون الثاني/يناير 2018."
    )
    contacts = extract(text)
    assert [(c.date.value, c.historical) for c in contacts] == [
        (PUBLISHED, False),
        (dt.date(2018, 1, 10), True),
    ]


def test_being_open_to_a_summit_is_no_summit():
    assert extract("أعلن الكرملين أنه منفتح إزاء عقد قمة بين الرئيس بوتين والرئيس ماكرون.") == []


def test_a_minister_meeting_a_leader_during_a_visit_is_no_leader_contact():
    text = "تزامن ذلك مع زيارة الرئيس ماكرون ثم زيارة وزير الخارجية الروسي ولقاء الرئيس أردوغان."
    assert extract(text) == []


def test_a_minister_attending_a_leaders_call_does_not_spoil_it():
    text = "أجرى الرئيس ماكرون، بحضور وزير الخارجية الروسي، اتصالا هاتفيا مع الرئيس بوتين."
    assert pair(only(text)) == {"emmanuel-macron", "vladimir-putin"}


@pytest.mark.parametrize(
    "text",
    [
        "لم يتلق الرئيس ماكرون أي اتصال من الرئيس بوتين منذ أشهر.",
        "رفض الرئيس ماكرون الرد على اتصال من الرئيس أردوغان.",
        "أعرب الرئيس ماكرون عن أمله في لقاء الرئيس بوتين قريبا.",
        "الرئيس ماكرون في موسكو.. ولا اتصال مع الرئيس أردوغان",
        "سعى الرئيس ماكرون إلى ترتيب اتصال بين الرئيس بوتين والرئيس أردوغان، "
        "إلا أن الاتصال لم يجر.",
        "ونقلت وسائل إعلام أن الرئيس بوتين قد يجري محادثة عبر الفيديو مع الرئيس ماكرون.",
        "قال المحللون إن الرئيس بوتين قد يلتقي الرئيس ماكرون.",
        "ومن المنتظر أن يتوجه الرئيس بوتين إلى باريس، في لقاء تترقبه الأسواق مع الرئيس ماكرون.",
        "وكان من المقرر أن يتوجه الرئيس بوتين إلى باريس للمشاركة في قمة مع الرئيس ماكرون.",
        "وقال الرئيس أردوغان إن تركيا مستعدة لاستضافة لقاء بين الرئيس بوتين والرئيس ماكرون.",
    ],
)
def test_it_rejects_contacts_that_did_not_happen(text):
    assert extract(text) == []


def test_topics_include_the_lead_that_summarises_the_call():
    text = (
        "اتفاق على التنسيق في ليبيا\n\n"
        "اتفقت روسيا وفرنسا على التنسيق في ليبيا.\n"
        "وجاء في البيان أن الرئيس بوتين أجرى اتصالا هاتفيا مع الرئيس ماكرون."
    )
    assert only(text).topics == ("libya",)


def test_topics_stop_at_a_new_paragraph_about_something_else():
    text = (
        "أجرى الرئيس بوتين اتصالا هاتفيا مع الرئيس ماكرون تناول الوضع في ليبيا.\n"
        "وفي خبر منفصل، ارتفعت الإصابات بفيروس كورونا في البلاد."
    )
    assert only(text).topics == ("libya",)


def test_a_topic_word_inside_a_leaders_name_is_not_a_topic():
    text = (
        "أجرى رئيس الوزراء العراقي محمد شياع السوداني اتصالا هاتفيا بالعاهل الأردني الملك "
        "عبدالله الثاني، بحثا خلاله العلاقات الثنائية والأوضاع في السودان."
    )
    [contact] = with_the_table(text, dt.date(2024, 5, 2))
    sudan = [e for e in contact.evidence if e.field == "topic:sudan"]
    assert "sudan" in contact.topics
    assert [text[e.start : e.end] for e in sudan] == ["السودان"]


def test_a_participants_name_with_a_preposition_on_it_is_not_a_topic():
    text = (
        "استقبل الرئيس الإيراني إبراهيم رئيسي رئيس الوزراء العراقي محمد شياع السوداني في "
        "طهران.\nوجرت للسوداني مراسم استقبال رسمية، وبحث الجانبان تصدير الغاز."
    )
    [contact] = with_the_table(text, dt.date(2022, 11, 29))
    assert "sudan" not in contact.topics and "energy" in contact.topics


def test_an_indefinite_video_call_is_a_video_call():
    assert only("أجرى الرئيس بوتين اتصالا مرئيا مع الرئيس ماكرون.").medium == "video"


def test_an_appositive_title_and_a_blessing_do_not_hide_the_guest():
    text = (
        "استقبل الرئيس بوتين رئيس الدولة - حفظه الله - في قصر الكرملين بموسكو صباح اليوم، "
        "الرئيس ماكرون."
    )
    assert pair(only(text)) == {"vladimir-putin", "emmanuel-macron"}


def test_two_leaders_holding_talks_may_each_carry_a_title_and_a_blessing():
    text = "عقد الرئيس بوتين رئيس الدولة، حفظه الله ورعاه، والرئيس ماكرون جلسة مباحثات في موسكو."
    contact = only(text)
    assert (pair(contact), contact.medium) == ({"vladimir-putin", "emmanuel-macron"}, "meeting")


def test_the_agent_of_a_call_told_in_a_relative_clause_is_the_other_party():
    text = "أكد الرئيس بوتين، في اتصال هاتفي أجراه معه الرئيس ماكرون مساء الثلاثاء، دعمه للحوار."
    contact = only(text)
    assert pair(contact) == {"vladimir-putin", "emmanuel-macron"}
    assert (contact.medium, contact.date.value) == ("phone", dt.date(2020, 3, 24))
    assert contact.initiator is None  # "أجرى اتصالا مع": who dialled is not said


@pytest.mark.parametrize(
    "text",
    [
        "نفى مكتب الرئاسة، في بيان، ما تناقلته بعض المواقع عن اتصال هاتفي جرى أمس بين "
        "الرئيس ماكرون والرئيس بوتين.",
        "أكد الإليزيه أن خبر الاتصال الهاتفي بين الرئيس ماكرون والرئيس بوتين أمس عار من الصحة.",
    ],
)
def test_a_call_the_sentence_calls_a_false_report_is_no_contact(text):
    assert extract(text) == []


def test_later_the_same_day_is_the_day_of_the_contact_told_before():
    text = (
        "التقى الرئيس بوتين الرئيس أردوغان يوم الثلاثاء في موسكو.\n"
        "وفي وقت لاحق من اليوم نفسه، أجرى الرئيس بوتين اتصالا هاتفيا بالرئيس ماكرون."
    )
    call = next(c for c in extract(text) if c.medium == "phone")
    assert call.date.value == dt.date(2020, 3, 24)


def test_the_same_day_is_the_day_of_the_contact_before_not_of_the_dateline():
    text = (
        "موسكو في 26 مارس - تلقى الرئيس بوتين يوم الثلاثاء اتصالا هاتفيا من الرئيس أردوغان.\n"
        "وأشاد الرئيس بالعلاقات بين البلدين.\n"
        "وفي اليوم ذاته، تلقى الرئيس بوتين اتصالا هاتفيا من الرئيس ماكرون."
    )
    days = {c.initiator: c.date.value for c in extract(text)}
    assert days == {"TR": dt.date(2020, 3, 24), "FR": dt.date(2020, 3, 24)}


def test_a_contact_told_with_no_date_shares_the_day_of_the_news_before_it():
    text = (
        "التقى الرئيس بوتين الرئيس أردوغان أمس الأربعاء في طهران.\n"
        "وقبل القمة، عقد الرئيس بوتين والرئيس ماكرون جلسة محادثات ثنائية."
    )
    later = next(c for c in extract(text) if "emmanuel-macron" in pair(c))
    assert (later.date.value, later.date.rule) == (dt.date(2020, 3, 25), "narrative")


def test_an_undated_contact_after_old_background_keeps_the_publication_date():
    text = (
        "وكان الرئيس بوتين قد التقى الرئيس أردوغان في 5 يناير 2019.\n"
        "وعقد الرئيس بوتين والرئيس ماكرون جلسة محادثات ثنائية."
    )
    later = next(c for c in extract(text) if "emmanuel-macron" in pair(c))
    assert (later.date.value, later.date.rule) == (PUBLISHED, "published")


def test_talks_held_after_a_long_time_and_place_are_a_meeting():
    text = (
        "أجرى الرئيس الروسي فلاديمير بوتين، يوم أمس الأربعاء، بقصر الكرملين في العاصمة "
        "الروسية موسكو، مباحثات مع الرئيس أردوغان."
    )
    assert pair(only(text)) == {"vladimir-putin", "recep-tayyip-erdogan"}


def test_a_headline_summing_up_two_meetings_is_not_a_meeting_of_three():
    text = (
        "الرئيس أردوغان يلتقي الرئيس بوتين والرئيس ماكرون\n\n"
        "التقى الرئيس أردوغان الرئيس بوتين اليوم في باريس.\n"
        "ثم التقى الرئيس أردوغان الرئيس ماكرون."
    )
    assert sorted(sorted(pair(c)) for c in extract(text)) == [
        ["emmanuel-macron", "recep-tayyip-erdogan"],
        ["recep-tayyip-erdogan", "vladimir-putin"],
    ]


def test_an_honorific_and_a_bare_title_name_the_leader_of_that_office_told_before():
    text = (
        "أشادت رئيسة الوزراء البريطانية تيريزا ماي بمواقف الرئيس بوتين.\n"
        "وأجرى فخامة الرئيس اتصالا هاتفيا بالرئيس أردوغان."
    )
    contact = only(text)
    assert (pair(contact), contact.initiator) == (
        {"vladimir-putin", "recep-tayyip-erdogan"},
        "RU",
    )


def test_topics_follow_the_sentences_about_the_session():
    text = "عقد الرئيس بوتين والرئيس ماكرون جلسة مباحثات في موسكو.\nوتناولت الجلسة الوضع في ليبيا."
    assert only(text).topics == ("libya",)


def test_a_name_that_starts_with_ba_carries_no_preposition():
    text = (
        "أجرى الرئيس ماكرون اتصالا هاتفيا بالرئيس أردوغان.\n"
        "وعلى هامش اجتماع الحكومة أمس، قال بوتين إن الحوار ضروري."
    )
    assert [pair(c) for c in extract(text)] == [{"emmanuel-macron", "recep-tayyip-erdogan"}]


def test_a_direct_object_may_follow_two_words_of_time():
    assert pair(only("الرئيس بوتين التقى صباح الخميس الرئيس أردوغان.")) == {
        "vladimir-putin",
        "recep-tayyip-erdogan",
    }


def test_a_party_named_again_after_the_cue_is_not_a_new_party():
    text = "تحدث الرئيس ماكرون والرئيس بوتين هاتفيا، الجمعة، ودعا ماكرون إلى الحوار."
    assert pair(only(text)) == {"emmanuel-macron", "vladimir-putin"}


def with_the_table(text: str, published: dt.date):
    from timeline.extract.leaders import Gazetteer
    from timeline.extract.topics import Lexicon

    doc = Document(text=text, published=published)
    return extract_document(doc, gazetteer=Gazetteer.default(), lexicon=Lexicon.default())


def test_a_guest_meeting_two_leaders_of_one_country_is_two_contacts():
    text = (
        "استقبل الرئيس العراقي عبد اللطيف رشيد أمس في بغداد الرئيس الفرنسي إيمانويل ماكرون. "
        "والتقى ماكرون كذلك رئيس الوزراء العراقي محمد شياع السوداني."
    )
    contacts = with_the_table(text, dt.date(2024, 4, 23))
    assert [(sorted(pair(c)), c.date.value) for c in contacts] == [
        (["abdul-latif-rashid", "emmanuel-macron"], dt.date(2024, 4, 22)),
        (["emmanuel-macron", "mohammed-shia-al-sudani"], dt.date(2024, 4, 22)),
    ]


def test_a_contact_told_as_also_happening_took_place_on_the_day_told_before():
    text = (
        "استقبل الرئيس بوتين أمس في الكرملين الرئيس ماكرون.\n\n"
        "وقال بوتين إن المحادثات كانت بناءة.\n\n"
        "كما التقى الرئيس بوتين الرئيس أردوغان."
    )
    assert [c.date.value for c in extract(text)] == [dt.date(2020, 3, 25)] * 2


def test_a_sentence_opening_with_a_plan_plans_a_meeting_told_far_after():
    text = (
        "وصل الرئيس ماكرون إلى موسكو.\n"
        "ومن المقرر أن يتوجه الرئيس ماكرون بعد انتهاء أعمال القمة مباشرة إلى العاصمة "
        "التركية أنقرة في زيارة رسمية يلتقي خلالها الرئيس أردوغان."
    )
    assert extract(text) == []


def test_a_meeting_verb_in_the_subjunctive_is_still_to_come():
    text = "ألقى الرئيس ماكرون خطابا أمام البرلمان، على أن يلتقي الرئيس أردوغان في المساء."
    assert extract(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "رفع الرئيس ماكرون سماعة الهاتف أمام الرئيس بوتين.",
        "وقال الرئيس ماكرون إن بإمكانه الاتصال بالرئيس بوتين في أي وقت.",
    ],
)
def test_a_telephone_handset_or_being_able_to_call_is_no_call(text):
    assert extract(text) == []


def test_the_summit_after_a_virtual_summit_is_that_same_video_call():
    text = (
        "عقد الرئيس بوتين والرئيس ماكرون قمة افتراضية اليوم. "
        "ونقل الرئيس بوتين في بداية القمة إلى الرئيس ماكرون تهاني الشعب الروسي."
    )
    assert only(text).medium == "video"


def test_greetings_passed_on_from_another_leader_do_not_make_him_a_party():
    text = (
        "استقبل الرئيس أردوغان الرئيس ماكرون اليوم. "
        "ونقل في بداية اللقاء إلى الرئيس ماكرون تحيات الرئيس بوتين."
    )
    assert pair(only(text)) == {"emmanuel-macron", "recep-tayyip-erdogan"}


def test_a_place_may_stand_between_the_verb_its_time_and_its_object():
    text = "وكان الرئيس ماكرون قد التقى أمس الأربعاء في أنقرة الرئيس أردوغان."
    assert pair(only(text)) == {"emmanuel-macron", "recep-tayyip-erdogan"}


def test_the_city_a_dispatch_was_filed_from_is_no_topic():
    text = (
        "دمشق - سانا\n"
        "أجرى الرئيس الروسي فلاديمير بوتين اتصالا هاتفيا مع الرئيس الفرنسي إيمانويل ماكرون "
        "بحثا خلاله العلاقات الثنائية."
    )
    [contact] = with_the_table(text, dt.date(2024, 4, 23))
    assert contact.topics == ("bilateral-relations",)


def test_a_lead_telling_what_happened_years_before_gives_no_topics():
    text = (
        "باريس وموسكو تطويان صفحة الخلاف\n"
        "شهدت العلاقات بين البلدين توترا منذ أزمة اللاجئين عام 2015.\n\n"
        "أجرى الرئيس الروسي فلاديمير بوتين اتصالا هاتفيا مع الرئيس الفرنسي إيمانويل ماكرون "
        "بحثا خلاله العلاقات الثنائية."
    )
    [contact] = with_the_table(text, dt.date(2024, 4, 23))
    assert "humanitarian" not in contact.topics


def test_a_name_ending_one_sentence_and_opening_the_next_is_two_mentions():
    text = "استقبل الرئيس بوتين الرئيس ماكرون. والتقى ماكرون الرئيس أردوغان."
    assert [pair(c) for c in extract(text)] == [
        {"vladimir-putin", "emmanuel-macron"},
        {"emmanuel-macron", "recep-tayyip-erdogan"},
    ]


def test_a_meeting_done_before_a_planned_return_took_place():
    text = (
        "وصل الرئيس ماكرون إلى أنقرة.\n"
        "ومن المقرر أن يعود الرئيس ماكرون إلى العاصمة الفرنسية باريس في ساعة متأخرة من مساء "
        "اليوم بعد أن التقى الرئيس أردوغان."
    )
    assert pair(only(text)) == {"emmanuel-macron", "recep-tayyip-erdogan"}


def test_a_topic_heading_further_down_is_no_dateline():
    text = (
        "بوتين وماكرون يلتقيان في باريس\n"
        "التقى الرئيس بوتين الرئيس ماكرون اليوم في باريس.\n"
        "وبحث الرئيسان عدة ملفات.\n"
        "ليبيا: اتفق الرئيسان على دعم الحوار."
    )
    assert only(text).topics == ("libya",)


def test_talks_held_in_private_with_a_counterpart_are_a_meeting():
    text = "عقد الرئيس أردوغان، الثلاثاء، محادثات على انفراد مع نظيره الفرنسي ماكرون في أنقرة."
    contact = only(text)
    assert contact.medium == "meeting"
    assert pair(contact) == {"recep-tayyip-erdogan", "emmanuel-macron"}


def test_a_meeting_someone_expects_to_be_the_first_is_still_to_come():
    text = "ورجح الرئيس ترامب أن يكون أول لقاء يجمعه بالرئيس بوتين في جنيف."
    assert extract(text) == []


def test_a_call_for_which_there_are_no_plans_is_no_contact():
    text = "قال الكرملين: لا خطط حاليا لاتصال بين بوتين وترامب."
    assert extract(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "مكتب ماكرون: الرئيس بحث هاتفيا مع الرئيس بوتين الأزمة في أوكرانيا.",
        "وقال المتحدث باسم ماكرون إن الرئيس تحدث هاتفيا مع الرئيس بوتين.",
    ],
)
def test_a_leader_told_by_his_office_as_the_president_is_a_party(text):
    assert pair(only(text)) == {"emmanuel-macron", "vladimir-putin"}


def test_during_the_meeting_names_the_meeting_the_sentence_before_told_without_a_cue():
    text = (
        "بحث الرئيس ماكرون والرئيس بوتين، في قصر الإليزيه، الأزمة في أوكرانيا.\n"
        "وأكد الرئيس ماكرون، خلال اللقاء، ضرورة وقف الحرب."
    )
    contact = only(text)
    assert contact.medium == "meeting"
    assert pair(contact) == {"emmanuel-macron", "vladimir-putin"}


def test_during_the_meeting_after_a_ministers_audience_is_no_leaders_meeting():
    text = (
        "استقبل الرئيس ماكرون وزير الخارجية الروسي في الإليزيه.\n"
        "وأكد الرئيس ماكرون، خلال اللقاء، ضرورة وقف الحرب."
    )
    assert extract(text) == []


def test_topics_include_the_bulleted_points_of_a_statement_about_the_call():
    text = (
        "أجرى الرئيس بوتين اتصالا هاتفيا مع الرئيس ماكرون.\n"
        "وذكر بيان للكرملين أن الاتصال شهد بحث:\n"
        "- العلاقات الثنائية بين البلدين.\n"
        "- التعاون في مجالات عدة.\n"
        "- الوضع في ليبيا.\n"
    )
    assert "libya" in only(text).topics


def test_a_list_of_guests_goes_on_past_a_name_the_table_does_not_know():
    text = "اجتمع الرئيس بوتين مع الرئيس الفرنسي جان دوبون، والرئيس التركي أردوغان في موسكو."
    assert pair(only(text)) == {"vladimir-putin", "emmanuel-macron", "recep-tayyip-erdogan"}


def test_a_contact_right_after_the_meeting_told_before_took_place_that_day():
    text = (
        "استقبل الرئيس بوتين أمس الأربعاء الرئيس ماكرون في الكرملين.\n"
        "وعقب اللقاء، اجتمع الرئيس بوتين مع الرئيس أردوغان."
    )
    contacts = extract(text)
    assert [c.date.value for c in contacts] == [dt.date(2020, 3, 25)] * 2


def test_topics_of_an_earlier_meeting_told_in_the_same_sentence_stay_with_it():
    text = (
        "استقبل الرئيس بوتين الرئيس أردوغان اليوم في موسكو لبحث وباء كورونا.\n"
        "وهذا اللقاء هو الثالث بين الرئيسين، بعد لقائهما في سوتشي، ثم على هامش قمة حول "
        "سوريا في أنقرة في تشرين الأول/أكتوبر الماضي."
    )
    today = [c for c in extract(text) if c.date.value == PUBLISHED]
    assert len(today) == 1
    assert today[0].topics == ("covid-19",)


def test_a_title_right_after_the_caller_is_his_not_the_callee():
    from timeline.extract.leaders import Gazetteer

    text = (
        "أشاد الرئيس عبد الفتاح السيسي بجهود الوساطة.\n"
        "كما تلقى اتصالا هاتفيا من الشيخ محمد بن زايد، ولي عهد أبوظبي نائب القائد الأعلى "
        "للقوات المسلحة، تناول الأوضاع."
    )
    doc = Document(text=text, published=dt.date(2021, 4, 13))
    contacts = extract_document(doc, gazetteer=Gazetteer.default(), lexicon=FakeLexicon())
    assert [{p.country for p in c.participants} for c in contacts] == [{"EG", "AE"}]


@pytest.mark.parametrize(
    "when",
    [
        "مساء أمس الأحد 28 رمضان 1445هـ الموافق 7 أبريل 2024م",
        "يوم الأحد ۷ أبريل ۲۰۲۴",
        "أمس الأحد 2024/4/7",
    ],
)
def test_a_date_between_a_host_and_his_guest_does_not_part_them(when):
    text = f"استقبل الرئيس بوتين، في قصر الكرملين بموسكو، {when}، الرئيس ماكرون."
    contact = only(text, dt.date(2024, 4, 8))
    assert pair(contact) == {"vladimir-putin", "emmanuel-macron"}
    assert contact.date.value == dt.date(2024, 4, 7)


def test_a_named_leaders_deputy_office_after_his_name_is_his_own_title():
    text = (
        "استقبل صاحب السمو الشيخ محمد بن راشد آل مكتوم نائب رئيس الدولة رئيس مجلس الوزراء "
        "حاكم دبي رعاه الله، رئيس الوزراء الهندي ناريندرا مودي."
    )
    [contact] = with_the_table(text, dt.date(2018, 2, 11))
    assert {p.country for p in contact.participants} == {"AE", "IN"}
    assert contact.medium == "meeting"


def test_a_deputy_on_his_own_is_still_an_official():
    text = "استقبل الرئيس بوتين نائب الرئيس الفرنسي في الكرملين."
    assert extract(text) == []
