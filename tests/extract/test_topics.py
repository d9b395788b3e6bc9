import csv

import pytest

from timeline.extract.topics import DATA, Lexicon, TopicHit, read_topics_csv

CONTRACT = "/work/shared/contract/topics.csv"

# One invented sentence per topic, each phrased the way a news agency would report a call.
SENTENCES = {
    "covid-19": "بحث الزعيمان جهود مكافحة جائحة كوفيد-19",
    "syria": "تناول الاتصال تطورات الأوضاع في إدلب",
    "libya": "ناقش الرئيسان الأزمة الليبية",
    "ukraine": "أكدا ضرورة تنفيذ اتفاقيات مينسك في دونباس",
    "israel-palestine": "بحثا التصعيد في قطاع غزة",
    "iran": "تطرق الاتصال إلى الاتفاق النووي",
    "yemen": "ناقشا الأزمة اليمنية",
    "iraq": "بحثا الأوضاع في العراق",
    "lebanon": "تناولا الوضع في لبنان",
    "afghanistan": "بحثا الأوضاع في أفغانستان",
    "sudan": "ناقشا التطورات في السودان",
    "south-caucasus": "بحثا النزاع في إقليم قره باغ",
    "eastern-mediterranean": "تناولا التوتر في شرق المتوسط",
    "korean-peninsula": "ناقشا الملف النووي لكوريا الشمالية",
    "venezuela": "بحثا الأزمة في فنزويلا",
    "energy": "ناقشا أسعار النفط في الأسواق العالمية",
    "economy-trade": "اتفقا على زيادة التبادل التجاري",
    "arms-control": "بحثا قضايا الاستقرار الاستراتيجي",
    "terrorism": "أكدا عزمهما على مكافحة الإرهاب",
    "climate": "ناقشا ملف تغير المناخ",
    "space": "بحثا التعاون في استكشاف الفضاء الخارجي",
    "nuclear-energy": "بحثا بناء محطة نووية للأغراض السلمية",
    "tourism-transport": "اتفقا على استئناف الرحلات الجوية",
    "humanitarian": "بحثا إيصال المساعدات الإنسانية إلى المحاصرين",
    "arctic": "ناقشا التعاون في القطب الشمالي",
    "european-security": "بحثا مستقبل الأمن الأوروبي",
    "un-security-council": "ناقشا مشروع قرار في مجلس الأمن الدولي",
    "g20": "تحدثا عن قمة مجموعة العشرين المقبلة",
    "g7": "تحدثا عن قمة مجموعة السبع",
    "brics": "ناقشا التحضير لقمة بريكس",
    "bilateral-relations": "بحثا سبل تعزيز العلاقات الثنائية",
}


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.default()


def slugs(hits: list[TopicHit]) -> list[str]:
    return [hit.slug for hit in hits]


def test_the_data_file_keeps_the_contract_slugs_names_and_scopes() -> None:
    with open(CONTRACT, encoding="utf-8") as handle:
        contract = [(r["slug"], r["name_en"], r["scope"]) for r in csv.DictReader(handle)]
    rows = read_topics_csv(DATA)
    assert [(r["slug"], r["name_en"], r["scope"]) for r in rows] == contract
    assert all(r["name_ar"] and len(r["keywords"]) >= 3 for r in rows)


@pytest.mark.parametrize("slug", sorted(SENTENCES))
def test_each_topic_fires_on_a_sentence_about_it(lexicon: Lexicon, slug: str) -> None:
    assert slug in slugs(lexicon.topics(SENTENCES[slug]))


def test_a_neutral_sentence_gives_no_topic(lexicon: Lexicon) -> None:
    assert lexicon.topics("استقبل الرئيس ضيفه في القصر وتناولا طعام الغداء") == []


def test_it_matches_through_clitics_and_spelling_variants(lexicon: Lexicon) -> None:
    text = "وبالقدس ولسوريا وفيروس كورونا المستجد وكوفيد وللعراق وأوبك+ وG20"
    assert set(slugs(lexicon.topics(text))) >= {
        "israel-palestine",
        "syria",
        "covid-19",
        "iraq",
        "energy",
        "g20",
    }
    assert "syria" in slugs(lexicon.topics("أكدا دعمهما لسورية"))  # teh marbuta spelling


def test_latin_spellings_of_groups_ignore_case(lexicon: Lexicon) -> None:
    assert slugs(lexicon.topics("قمة g7 المقبلة")) == ["g7"]
    assert slugs(lexicon.topics("ناقشا قمة G-20")) == ["g20"]


def test_a_keyword_inside_a_longer_word_does_not_fire(lexicon: Lexicon) -> None:
    # "قطر" is no keyword, but "العراق" must not match inside a made-up longer word.
    assert lexicon.topics("العراقيل كثيرة") == []


def test_tripoli_alone_does_not_mean_libya(lexicon: Lexicon) -> None:
    assert "libya" not in slugs(lexicon.topics("زار مدينة طرابلس شمال البلاد"))


def test_a_national_security_council_is_not_the_un_security_council(lexicon: Lexicon) -> None:
    assert lexicon.topics("اجتمع مجلس الأمن القومي") == []
    assert slugs(lexicon.topics("دعا مجلس الأمن إلى التهدئة")) == ["un-security-council"]


def test_a_keyword_outside_the_spans_does_not_fire(lexicon: Lexicon) -> None:
    text = "بحث الرئيسان الوضع في ليبيا. وفي خبر آخر ارتفعت أسعار النفط."
    first = (0, text.index("."))
    assert slugs(lexicon.topics(text, [first])) == ["libya"]
    assert slugs(lexicon.topics(text)) == ["libya", "energy"]
    assert lexicon.topics(text, []) == []


def test_a_word_cut_by_a_span_edge_does_not_fire(lexicon: Lexicon) -> None:
    text = "الأزمة الليبيةالجديدة"
    start = text.index("الليبية")
    assert lexicon.topics(text, [(start, start + len("الليبية"))]) == []


def test_a_trailing_star_makes_a_prefix() -> None:
    lexicon = Lexicon.from_records([{"slug": "x", "keywords": ["سوري*"]}])
    assert [h.text for h in lexicon.find("السوريين والسورية وسوريا وأسوري")] == [
        "السوريين",
        "والسورية",
        "وسوريا",
    ]
    exact = Lexicon.from_records([{"slug": "x", "keywords": ["سوريا"]}])
    assert exact.find("السوريين") == []


def test_a_keyword_with_its_article_requires_one() -> None:
    lexicon = Lexicon.from_records([{"slug": "x", "keywords": ["القدس"]}])
    assert [h.text for h in lexicon.find("القدس وللقدس وبالقدس وقدس")] == [
        "القدس",
        "وللقدس",
        "وبالقدس",
    ]


def test_from_records_builds_a_lexicon_from_staff_edited_keywords() -> None:
    lexicon = Lexicon.from_records(
        [
            {"slug": "gulf-crisis", "keywords": ["الأزمة الخليجية", "المقاطعة"]},
            {"slug": "dam", "keywords": ["سد النهضة"]},
            {"slug": "empty", "keywords": []},
        ]
    )
    assert lexicon.slugs == ["gulf-crisis", "dam"]
    text = "بحث الزعيمان الأزمة الخليجية وملف سد النهضة"
    assert slugs(lexicon.topics(text)) == ["gulf-crisis", "dam"]


def test_an_exclusion_keyword_drops_hits_inside_it() -> None:
    lexicon = Lexicon.from_records([{"slug": "nato", "keywords": ["الناتو", "!عضو في الناتو"]}])
    assert lexicon.topics("تركيا عضو في الناتو") == []
    assert slugs(lexicon.topics("بحثا قمة الناتو")) == ["nato"]


def test_offsets_point_at_the_original_text_with_diacritics() -> None:
    lexicon = Lexicon.from_records([{"slug": "iraq", "keywords": ["العراق"]}])
    text = "بَحَثَ الرَّئِيسَانِ الوَضْعَ فِي العِرَاقِ اليَوْمَ"
    [hit] = lexicon.find(text)
    assert (hit.slug, hit.text) == ("iraq", "العِرَاقِ")
    assert text[hit.start : hit.end] == hit.text


def test_topics_keeps_the_first_hit_of_each_topic_in_order(lexicon: Lexicon) -> None:
    text = "ناقشا الإرهاب ثم الوضع في سوريا ثم الإرهاب مجددا"
    hits = lexicon.topics(text)
    assert slugs(hits) == ["terrorism", "syria"]
    assert hits[0].start == text.index("الإرهاب")
    assert len([h for h in lexicon.find(text) if h.slug == "terrorism"]) == 2


def test_one_phrase_can_evidence_two_topics(lexicon: Lexicon) -> None:
    found = set(slugs(lexicon.topics("بحثا نزع السلاح النووي في شبه الجزيرة الكورية")))
    assert found >= {"arms-control", "korean-peninsula"}


@pytest.mark.parametrize(
    "sentence",
    [
        "رفع الحد الأقصى للرواتب",  # الأقصى: maximum, not the mosque
        "استقبله الجمهور بحماس كبير",  # حماس: enthusiasm, not the movement
        "صوت نواب الدوما على القانون",  # the Russian Duma, not Douma in Syria
        "تقدم حزب اليمين المتطرف في الانتخابات",  # far right is politics, not terrorism
        "تحسن مناخ الاستثمار",  # a figurative climate
        "سرت الهدنة منذ الصباح",  # a verb, not Sirte
    ],
)
def test_common_words_that_look_like_keywords_do_not_fire(lexicon: Lexicon, sentence: str) -> None:
    # "الاستثمار" rightly fires economy-trade; no other topic may.
    assert set(slugs(lexicon.topics(sentence))) <= {"economy-trade"}


def test_letting_aid_in_through_the_rafah_crossing_is_gaza_and_humanitarian(
    lexicon: Lexicon,
) -> None:
    hits = lexicon.topics("بحثا إدخال المساعدات عبر معبر رفح")
    assert slugs(hits) == ["humanitarian", "israel-palestine"]


def test_the_blessing_written_like_yemen_is_not_yemen(lexicon: Lexicon) -> None:
    assert slugs(lexicon.topics("أعاده الله على الأمة بالخير واليمن والبركات")) == []
    assert slugs(lexicon.topics("دعا الله أن يعيده باليمن والخير")) == []
    assert slugs(lexicon.topics("تناولا الوضع الإنساني في اليمن")) == ["humanitarian", "yemen"]


def test_an_electric_cable_is_not_kabul(lexicon: Lexicon) -> None:
    assert slugs(lexicon.topics("اتفقا على مد كابل كهربائي بحري بين البلدين")) == [
        "bilateral-relations"
    ]


def test_gas_and_gas_pipelines_are_energy_but_tear_gas_is_not(lexicon: Lexicon) -> None:
    assert slugs(lexicon.topics("بحثا مشروع أنبوب غاز جديد")) == ["energy"]
    assert slugs(lexicon.topics("ناقشا زيادة صادرات الغاز إلى أوروبا")) == ["energy"]
    assert slugs(lexicon.topics("أطلقت الشرطة الغاز المسيل للدموع")) == []


def test_deals_worth_billions_are_economy_and_trade(lexicon: Lexicon) -> None:
    assert slugs(lexicon.topics("وقعا عقودا بقيمة خمسة مليارات يورو")) == ["economy-trade"]


def test_military_lines_of_communication_are_strategic_stability(lexicon: Lexicon) -> None:
    assert slugs(lexicon.topics("اتفقا على استئناف الاتصالات العسكرية")) == ["arms-control"]


def test_a_national_news_agency_is_a_source_not_a_topic(lexicon: Lexicon) -> None:
    assert slugs(lexicon.topics("قال البيان الذي نقلته وكالة الأنباء العراقية إن الطرفين")) == []
    assert slugs(lexicon.topics("ذكرت وكالة الأنباء السورية أن الجانبين")) == []


def test_joint_projects_are_economy_and_a_sea_link_for_passengers_is_transport(
    lexicon: Lexicon,
) -> None:
    assert slugs(lexicon.topics("تابع الجانبان تنفيذ المشاريع المشتركة")) == ["economy-trade"]
    assert slugs(lexicon.topics("اتفقا على استئناف الربط البحري بين الميناءين")) == [
        "tourism-transport"
    ]
