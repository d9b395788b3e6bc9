from timeline.extract.clean import clean, sentences

PAGE = """الرئيسية
أخبار
رياضة
فيديو

• سياسة
• اقتصاد

الرئيس يستقبل نظيره في القصر

استقبل الرئيس نظيره الزائر في القصر اليوم، وبحثا العلاقات الثنائية.
الرئيس يستقبل نظيره في القصر
الرئيسان خلال اللقاء (أ ف ب)

اقرأ أيضا
الأمطار تغرق شوارع المدينة
منتخب الشباب يتأهل إلى النهائي

وأكد الجانبان أهمية التعاون.

التعليقات
تعليق طويل من قارئ عن الموضوع كله.
"""


def kept(text: str) -> list[str]:
    return [line.strip() for line in clean(text).split("\n") if line.strip()]


def test_it_keeps_length_and_newlines():
    cleaned = clean(PAGE)
    assert len(cleaned) == len(PAGE)
    assert [i for i, ch in enumerate(cleaned) if ch == "\n"] == [
        i for i, ch in enumerate(PAGE) if ch == "\n"
    ]


def test_it_keeps_every_kept_character_in_place():
    cleaned = clean(PAGE)
    assert all(c == o or c in " \n" for c, o in zip(cleaned, PAGE, strict=True))


def test_it_blanks_menus_and_bullets():
    lines = kept(PAGE)
    assert "الرئيسية" not in lines
    assert "• سياسة" not in lines


def test_it_keeps_the_headline_and_body():
    lines = kept(PAGE)
    assert lines[0] == "الرئيس يستقبل نظيره في القصر"
    assert "استقبل الرئيس نظيره الزائر في القصر اليوم، وبحثا العلاقات الثنائية." in lines
    assert "وأكد الجانبان أهمية التعاون." in lines


def test_it_blanks_a_headline_repeated_as_caption():
    assert kept(PAGE).count("الرئيس يستقبل نظيره في القصر") == 1


def test_it_blanks_photo_credits_but_keeps_the_caption():
    assert "الرئيسان خلال اللقاء" in kept(PAGE)
    assert "أ ف ب" not in clean(PAGE)


def test_it_blanks_related_stories_and_comments():
    cleaned = clean(PAGE)
    assert "الأمطار" not in cleaned and "منتخب" not in cleaned
    assert "تعليق طويل" not in cleaned


def test_it_blanks_tag_lists_mastheads_and_teasers():
    page = (
        "اتصل الرئيس بنظيره..المزيد\n"
        "سوريا,تركيا,روسيا,أخبار دولية,اخبار العالم\n"
        "رئيس التحرير\nفلان الفلاني\n"
        "الأربعاء 30 سبتمبر 2020 - 11:42\n"
        "وقال البيان إن الرئيسين بحثا الأوضاع في المنطقة.\n"
    )
    assert kept(page) == ["وقال البيان إن الرئيسين بحثا الأوضاع في المنطقة."]


def test_it_leaves_a_plain_article_alone():
    article = "بحث الرئيسان الأوضاع في المنطقة.\n\nوأكدا أهمية الحوار."
    assert clean(article) == article


def test_sentences_split_on_arabic_punctuation():
    text = "قال الرئيس كذا. وأضاف: هل نتفق؟ نعم! ثم سطر\nسطر آخر؛ وانتهى"
    parts = [text[s:e] for s, e in sentences(text)]
    assert parts == ["قال الرئيس كذا.", "وأضاف: هل نتفق؟", "نعم!", "ثم سطر", "سطر آخر؛", "وانتهى"]


def test_sentences_keep_abbreviations_and_decimals_together():
    text = "قال د. أحمد إن النمو بلغ 3.5 في المئة، ولم يزد."
    assert [text[s:e] for s, e in sentences(text)] == [text]


def test_it_blanks_inline_related_links_and_tag_blocks():
    page = (
        "بحث الرئيسان التعاون بين البلدين.\n"
        "اقرأ أيضاً: الأمطار تغرق شوارع المدينة\n"
        "الوسوم:\n"
        "سوريا تركيا روسيا\n"
        "وأكد الجانبان أهمية الحوار.\n"
    )
    assert kept(page) == ["بحث الرئيسان التعاون بين البلدين.", "وأكد الجانبان أهمية الحوار."]


def test_it_keeps_the_bulleted_points_a_sentence_ending_with_a_colon_introduces():
    page = (
        "وذكر البيان الصادر عن الرئاسة أن الاتصال تناول:\n"
        "- العلاقات الثنائية بين البلدين.\n"
        "- تطورات الأوضاع في المنطقة.\n"
        "وأكد الرئيس أهمية التنسيق.\n"
        "• سياسة\n"
    )
    lines = kept(page)
    assert "- تطورات الأوضاع في المنطقة." in lines
    assert "• سياسة" not in lines


def test_a_bare_label_with_a_colon_does_not_keep_the_menu_under_it():
    assert kept("الأقسام:\n• سياسة\n• اقتصاد\n") == ["الأقسام:"]


EPAPER = """الملك يستقبل رئيس الحكومة الإسبانية

الصباح                                    العدد 6800 - الجمعة 8 أبريل 2022
الرباط - ح. ب
استقبل صاحب الجلالة الملك محمد السادس، نصره الله،
مساء أمس الخميس بالقصر الملكي بالرباط، السيد بيدرو
سانشيز، رئيس حكومة المملكة الإسبانية، الذي يقوم
بزيارة رسمية للمغرب بدعوة من جلالة الملك.
وتباحث قائدا البلدين حول سبل تعزيز الشراكة.
                                              التتمة ص 5
"""


def test_a_hard_wrapped_paragraph_reads_as_one_sentence_again():
    cleaned = clean(EPAPER)
    assert len(cleaned) == len(EPAPER)
    spans = [" ".join(cleaned[start:end].split()) for start, end in sentences(cleaned)]
    assert any("السيد بيدرو سانشيز، رئيس حكومة المملكة الإسبانية" in s for s in spans)
    assert any(s.startswith("استقبل صاحب الجلالة") and s.endswith("جلالة الملك.") for s in spans)


def test_page_headers_and_indented_furniture_stay_lines_of_their_own():
    lines = [line.strip() for line in clean(EPAPER).split("\n")]
    assert lines[2].startswith("الصباح") and lines[2].endswith("2022")  # wide gaps: a header
    assert "الرباط - ح. ب" in lines  # too short to be wrapped
    assert "التتمة ص 5" in lines


def test_one_or_two_unpunctuated_lines_are_not_taken_for_wrapping():
    page = (
        "الرئيس يستقبل نظيره الفرنسي في القصر\n"
        "استقبل الرئيس اليوم نظيره الفرنسي وبحثا التعاون\n"
        "في مجالات عدة.\n"
    )
    assert clean(page) == page
