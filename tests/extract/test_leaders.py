import datetime as dt
import json
from pathlib import Path

import pytest

from timeline.extract.leaders import DATA, Gazetteer, Leader
from timeline.extract.normalize import normalize

CONTRACT = Path(__file__).resolve().parents[3] / "shared" / "contract"

COUNTRIES = [
    {"code": "RU", "name_ar": "روسيا", "demonyms_ar": ["الروسي", "الروسية"]},
    {"code": "FR", "name_ar": "فرنسا", "demonyms_ar": ["الفرنسي", "الفرنسية"]},
    {
        "code": "US",
        "name_ar": "الولايات المتحدة",
        "names_ar": ["أمريكا"],
        "demonyms_ar": ["الأمريكي", "الأميركي", "الأمريكية"],
    },
    {
        "code": "DE",
        "name_ar": "ألمانيا",
        "demonyms_ar": ["الألماني", "الألمانية"],
        "head_offices": ["chancellor", "president"],
    },
    {"code": "QA", "name_ar": "قطر", "demonyms_ar": ["القطري"], "head_offices": ["emir"]},
    {
        "code": "SA",
        "name_ar": "المملكة العربية السعودية",
        "names_ar": ["السعودية"],
        "demonyms_ar": ["السعودي"],
        "head_offices": ["king", "prime_minister"],
    },
    {"code": "JO", "name_ar": "الأردن", "demonyms_ar": ["الأردني"]},
    {"code": "CD", "name_ar": "الكونغو الديمقراطية", "demonyms_ar": ["الكونغولي"]},
    {"code": "TR", "name_ar": "تركيا", "demonyms_ar": ["التركي"]},
    {"code": "LB", "name_ar": "لبنان", "demonyms_ar": ["اللبناني"]},
    {"code": "LB", "name_ar": "لبنان", "demonyms_ar": ["اللبناني"]},
    {"code": "UN", "name_ar": "الأمم المتحدة"},
]


def leader(slug, name_ar, country, terms, aliases=(), titled=(), kind="head_of_state"):
    return {
        "slug": slug,
        "name_en": slug,
        "name_ar": name_ar,
        "country": country,
        "kind": kind,
        "aliases_ar": list(aliases),
        "titled_aliases_ar": list(titled),
        "terms": [{"office": o, "start": s, "end": e} for o, s, e in terms],
    }


LEADERS = [
    leader(
        "vladimir-putin",
        "فلاديمير بوتين",
        "RU",
        [("prime_minister", "2008-05-08", "2012-05-07"), ("president", "2012-05-07", None)],
        aliases=["بوتين"],
    ),
    leader(
        "francois-hollande",
        "فرانسوا هولاند",
        "FR",
        [("president", "2012-05-15", "2017-05-14")],
        aliases=["هولاند"],
    ),
    leader(
        "emmanuel-macron",
        "إيمانويل ماكرون",
        "FR",
        [("president", "2017-05-14", None)],
        aliases=["ماكرون"],
    ),
    leader(
        "donald-trump",
        "دونالد ترامب",
        "US",
        [("president", "2017-01-20", "2021-01-20")],
        aliases=["ترامب", "ترمب"],
    ),
    leader(
        "angela-merkel",
        "أنجيلا ميركل",
        "DE",
        [("chancellor", "2005-11-22", "2021-12-08")],
        aliases=["ميركل"],
    ),
    leader(
        "recep-tayyip-erdogan",
        "رجب طيب أردوغان",
        "TR",
        [("prime_minister", "2003-03-14", "2014-08-28"), ("president", "2014-08-28", None)],
        aliases=["أردوغان"],
    ),
    leader(
        "tamim-bin-hamad-al-thani",
        "تميم بن حمد آل ثاني",
        "QA",
        [("emir", "2013-06-25", None)],
        aliases=["تميم بن حمد"],
        titled=["تميم"],
    ),
    leader(
        "salman-bin-abdulaziz",
        "سلمان بن عبدالعزيز",
        "SA",
        [("king", "2015-01-23", None)],
        titled=["سلمان"],
    ),
    leader(
        "abdullah-bin-abdulaziz",
        "عبدالله بن عبدالعزيز",
        "SA",
        [("king", "2005-08-01", "2015-01-23")],
        titled=["عبدالله"],
    ),
    leader(
        "abdullah-ii", "عبدالله الثاني", "JO", [("king", "1999-02-07", None)], titled=["عبدالله"]
    ),
    leader(
        "michel-aoun",
        "ميشال عون",
        "LB",
        [("president", "2016-10-31", "2022-10-31")],
        titled=["عون"],
    ),
    leader("joseph-aoun", "جوزاف عون", "LB", [("president", "2025-01-09", None)], titled=["عون"]),
    leader(
        "antonio-guterres",
        "أنطونيو غوتيريش",
        "UN",
        [("secretary_general", "2017-01-01", None)],
        aliases=["غوتيريش"],
        kind="org_head",
    ),
]


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.from_records(LEADERS, COUNTRIES)


def kinds(gaz: Gazetteer, text: str) -> list[tuple[str, str | None, str | None]]:
    return [(m.kind, m.leader.slug if m.leader else None, m.country) for m in gaz.find(text)]


def test_it_takes_title_and_name_as_one_mention(gaz):
    text = "أكد الرئيس الروسي فلاديمير بوتين أن"
    [mention] = gaz.find(text)
    assert mention.kind == "name" and mention.leader.slug == "vladimir-putin"
    assert mention.text == "الرئيس الروسي فلاديمير بوتين"
    assert text[mention.start : mention.end] == mention.text
    assert mention.office == "president" and mention.country == "RU"


def test_it_finds_a_bare_family_name_with_clitics(gaz):
    found = gaz.find("رحب ماكرون بالخطوة وقال لأردوغان ثم اتصل وبوتين")
    assert [m.leader.slug for m in found] == [
        "emmanuel-macron",
        "recep-tayyip-erdogan",
        "vladimir-putin",
    ]
    assert [m.text for m in found] == ["ماكرون", "أردوغان", "بوتين"]


def test_it_ignores_hamza_alef_ta_marbuta_and_ya_variants(gaz):
    assert kinds(gaz, "قال اردوغان") == [("name", "recep-tayyip-erdogan", "TR")]
    assert kinds(gaz, "قال إيمانويل ماكرون") == [("name", "emmanuel-macron", "FR")]
    assert kinds(gaz, "المستشاره الالمانيه") == [("title", None, "DE")]
    assert kinds(gaz, "الرئيس الأمريكى") == [("title", None, "US")]


def test_it_reads_a_title_without_a_name_as_an_office(gaz):
    found = gaz.find("وبحث أمير قطر مع الرئيس الأميركي")
    assert [(m.kind, m.country, m.office) for m in found] == [
        ("title", "QA", "emir"),
        ("title", "US", "president"),
    ]
    assert found[0].leader is None


def test_it_knows_the_custodian_of_the_two_holy_mosques_is_the_saudi_king(gaz):
    [mention] = gaz.find("تلقى خادم الحرمين الشريفين اتصالا")
    assert (mention.kind, mention.country, mention.office) == ("title", "SA", "king")


def test_it_reads_an_organisation_head_title(gaz):
    [mention] = gaz.find("التقى الأمين العام للأمم المتحدة أمس")
    assert (mention.kind, mention.country, mention.office) == ("title", "UN", "secretary_general")


def test_it_reads_a_counterpart_with_its_demonym(gaz):
    [mention] = gaz.find("اتصالا هاتفيا من نظيرته الفرنسية")
    assert (mention.kind, mention.country, mention.office) == ("counterpart", "FR", None)
    assert mention.text == "نظيرته الفرنسية"


def test_it_names_a_counterpart_when_the_name_follows(gaz):
    [mention] = gaz.find("بحث مع بنظيره الفرنسي إيمانويل ماكرون")
    assert mention.leader.slug == "emmanuel-macron" and mention.text.startswith("نظيره")


def test_it_needs_a_title_before_a_short_name_that_is_an_ordinary_word(gaz):
    assert kinds(gaz, "سلمان رشدي كاتب") == []
    assert kinds(gaz, "استقبل الشيخ تميم") == [("name", "tamim-bin-hamad-al-thani", "QA")]
    assert kinds(gaz, "قال الملك سلمان") == [("name", "salman-bin-abdulaziz", "SA")]


def test_it_uses_the_country_to_tell_namesakes_apart(gaz):
    [mention] = gaz.find("العاهل السعودي الملك عبدالله")
    assert mention.leader.slug == "abdullah-bin-abdulaziz"
    [mention] = gaz.find("العاهل الأردني الملك عبدالله")
    assert mention.leader.slug == "abdullah-ii"


def test_it_breaks_a_tie_between_namesakes_by_date(gaz):
    assert gaz.find("الرئيس عون")[0].leader.slug == "joseph-aoun"  # the one still in office
    [mention] = gaz.find("الرئيس عون", on=dt.date(2018, 3, 1))
    assert mention.leader.slug == "michel-aoun"
    assert {ldr.slug for ldr in mention.alternatives} == {"michel-aoun", "joseph-aoun"}
    assert gaz.resolve(mention, dt.date(2025, 6, 1)).slug == "joseph-aoun"


def test_it_makes_a_candidate_of_an_unknown_name_after_title_and_country(gaz):
    [mention] = gaz.find("استقبل الرئيس الكونغولي جوزيف كابيلا أمس")
    assert mention.kind == "candidate" and mention.country == "CD"
    assert mention.leader.candidate and mention.leader.name_ar == "جوزيف كابيلا"
    assert mention.leader.slug == "candidate-cd-جوزيف-كابيلا"
    assert mention.leader.ref().candidate


def test_it_does_not_make_a_candidate_of_a_verb_or_a_noun_phrase(gaz):
    assert kinds(gaz, "الرئيس الكونغولي يشيد بالاتفاق") == [("title", None, "CD")]
    assert kinds(gaz, "بحث مع الرئيس الكونغولي تطورات الأوضاع") == [("title", None, "CD")]


def test_it_reads_a_misspelt_name_as_the_title_when_the_office_has_a_holder(gaz):
    [mention] = gaz.find("الرئيس الفرنسي إيمانويل ماكرو", on=dt.date(2018, 1, 1))
    assert (mention.kind, mention.text) == ("title", "الرئيس الفرنسي")


def test_it_flags_ministers_with_their_names_as_officials(gaz):
    found = gaz.find("وقال وزير الخارجية الروسي سيرغي لافروف إن بوتين سيزور باريس")
    assert [(m.kind, m.text) for m in found] == [
        ("official", "وزير الخارجية الروسي سيرغي لافروف"),
        ("name", "بوتين"),
    ]


def test_it_keeps_deputies_spokesmen_and_advisers_from_being_leaders(gaz):
    assert kinds(gaz, "نائب الرئيس الأمريكي مايك بنس") == [("official", None, None)]
    assert kinds(gaz, "المتحدث باسم الرئيس الروسي دميتري بيسكوف") == [("official", None, None)]
    assert kinds(gaz, "مستشار الأمن القومي جون بولتون") == [("official", None, None)]
    assert kinds(gaz, "ولي ولي العهد السعودي") == [("official", None, None)]


def test_it_tells_the_german_chancellor_from_an_adviser(gaz):
    assert kinds(gaz, "المستشارة الألمانية") == [("title", None, "DE")]
    assert kinds(gaz, "المستشار الاقتصادي للحكومة") == [("official", None, None)]


def test_it_keeps_a_table_name_under_an_official_title(gaz):
    [mention] = gaz.find("وزير الدفاع الأمير تميم بن حمد")
    assert mention.kind == "official" and mention.leader.slug == "tamim-bin-hamad-al-thani"


def test_a_military_title_between_a_leaders_title_and_name_keeps_them_a_leader():
    gaz = Gazetteer.from_records(
        [leader("khalid-omar", "خالد عمر", "SD", [("president", "2019-04-12", None)])],
        [{"code": "SD", "name_ar": "السودان", "demonyms_ar": ["السوداني"]}],
    )
    text = "استقبل رئيس مجلس السيادة القائد العام للجيش الفريق أول خالد عمر ضيفه"
    [mention] = gaz.find(text)
    assert (mention.kind, mention.leader.slug, mention.office) == (
        "name",
        "khalid-omar",
        "president",
    )
    assert mention.text == "رئيس مجلس السيادة القائد العام للجيش الفريق أول خالد عمر"


def test_a_military_title_before_someone_who_never_held_the_first_office_stays_official(gaz):
    [mention] = gaz.find("رئيس الوزراء القائد العام للجيش الأمير تميم بن حمد")
    assert mention.kind == "official"


def test_it_reads_a_head_of_government_of_a_state_named_by_its_adjective(gaz):
    assert kinds(gaz, "رئيس مجلس وزراء الجمهورية الفرنسية") == [("title", None, "FR")]


def test_it_blocks_relatives_who_share_a_leader_name(gaz):
    assert kinds(gaz, "قالت إيفانكا ترامب") == []


def test_it_splits_a_dual_title_into_two_mentions(gaz):
    found = gaz.find("اتفق الرئيسان الأميركي دونالد ترامب والروسي فلاديمير بوتين على")
    assert [m.leader.slug for m in found] == ["donald-trump", "vladimir-putin"]
    assert found[1].text == "الروسي فلاديمير بوتين"
    found = gaz.find("بحث الرئيسين الروسي والفرنسي")
    assert [(m.kind, m.country, m.office) for m in found] == [
        ("title", "RU", "president"),
        ("title", "FR", "president"),
    ]


def test_it_skips_a_former_office_holder_without_a_name(gaz):
    assert kinds(gaz, "الرئيس الفرنسي السابق") == [("official", None, "FR")]


def test_it_resolves_the_holder_either_side_of_a_handover(gaz):
    assert gaz.holder("FR", "president", dt.date(2017, 5, 13)).slug == "francois-hollande"
    assert gaz.holder("FR", "president", dt.date(2017, 5, 14)).slug == "emmanuel-macron"
    assert gaz.holder("FR", None, dt.date(2016, 1, 1)).slug == "francois-hollande"
    assert gaz.holder("FR").slug == "emmanuel-macron"
    assert gaz.holder("RU", "president", dt.date(2010, 1, 1)) is None


def test_it_takes_the_first_head_office_held_that_day(gaz):
    assert gaz.holder("DE", None, dt.date(2019, 1, 1)).slug == "angela-merkel"
    assert gaz.holder("TR", None, dt.date(2012, 1, 1)).slug == "recep-tayyip-erdogan"


def test_a_leader_knows_which_office_he_held(gaz):
    putin = gaz.leaders["vladimir-putin"]
    assert isinstance(putin, Leader)
    assert putin.holds("prime_minister", dt.date(2010, 1, 1))
    assert not putin.holds("president", dt.date(2010, 1, 1))
    assert putin.ref().slug == "vladimir-putin" and putin.ref().country == "RU"


# --- the shipped reference data


def test_the_default_data_knows_france_changed_president_on_14_may_2017():
    gaz = Gazetteer.default()
    assert gaz.holder("FR", "president", dt.date(2017, 5, 13)).slug == "francois-hollande"
    assert gaz.holder("FR", "president", dt.date(2017, 5, 14)).slug == "emmanuel-macron"
    assert gaz.holder("SA", None, dt.date(2016, 1, 1)).slug == "salman-bin-abdulaziz"


def test_the_data_is_consistent():
    leaders = json.loads((DATA / "leaders.json").read_text(encoding="utf-8"))
    countries = json.loads((DATA / "countries.json").read_text(encoding="utf-8"))
    codes = {c["code"] for c in countries}
    slugs = [rec["slug"] for rec in leaders]
    assert len(slugs) == len(set(slugs))
    for rec in leaders:
        assert rec["country"] in codes, rec["slug"]
        for term in rec["terms"]:
            assert term.get("country", rec["country"]) in codes, rec["slug"]
            assert term["end"] is None or term["start"] <= term["end"], rec["slug"]
    assert len(codes) > 240 and len(leaders) > 300


@pytest.mark.skipif(not CONTRACT.is_dir(), reason="../shared/contract is absent")
def test_every_gold_leader_slug_is_in_the_table():
    slugs = {rec["slug"] for rec in json.loads((DATA / "leaders.json").read_text("utf-8"))}
    for path in CONTRACT.glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            for part in json.loads(line).get("participants", ()):
                assert part["leader"] in slugs, (path.name, part["leader"])


def test_demonyms_come_from_the_countries_it_is_built_from():
    countries = [{"code": "FR", "name_ar": "فرنسا", "demonyms_ar": ["الفرنسي", "الفرنساوي"]}]
    gaz = Gazetteer.from_records([], countries)
    assert gaz.demonyms[normalize("الفرنساوي")] == "FR"


def test_the_maghreb_first_minister_is_a_head_of_government():
    gaz = Gazetteer.from_records(
        [leader("karim-saidi", "كريم سعيدي", "DZ", [("prime_minister", "2020-01-01", None)])],
        [{"code": "DZ", "name_ar": "الجزائر", "demonyms_ar": ["الجزائري"]}],
    )
    [mention] = gaz.find("ترأس الوزير الأول كريم سعيدي اجتماع الحكومة")
    assert (mention.kind, mention.leader.slug, mention.office) == (
        "name",
        "karim-saidi",
        "prime_minister",
    )
    assert kinds(gaz, "صرح الوزير الأول الجزائري للصحافة") == [("title", None, "DZ")]


def test_a_caretaker_head_of_government_is_a_head_of_government():
    text = "تلقى رئيس حكومة تصريف الأعمال العراقية، عادل عبد المهدي، اتصالا"
    title, name = Gazetteer.default().find(text, on=dt.date(2020, 1, 5))
    assert (title.kind, title.country, title.office) == ("title", "IQ", "prime_minister")
    assert name.leader.slug == "adil-abdul-mahdi"


def test_a_title_with_what_the_state_calls_itself_names_the_country():
    gaz = Gazetteer.default()
    on = dt.date(2020, 3, 23)
    text = "من أخيه رئيس الجمهورية الإسلامية الموريتانية محمد ولد الشيخ الغزواني"
    [mention] = gaz.find(text, on=on)
    assert mention.text == "رئيس الجمهورية الإسلامية الموريتانية محمد ولد الشيخ الغزواني"
    [title] = gaz.find("صرح رئيس الجمهورية العربية السورية للصحافة", on=on)
    assert (title.kind, title.country) == ("title", "SY")


def test_the_head_of_the_state_council_is_a_head_of_government_in_china_only():
    gaz = Gazetteer.from_records(
        [leader("wen-hua", "ون هوا", "CN", [("prime_minister", "2020-01-01", None)])],
        [
            {"code": "CN", "name_ar": "الصين", "demonyms_ar": ["الصيني"]},
            {"code": "EG", "name_ar": "مصر", "demonyms_ar": ["المصري"]},
        ],
    )
    [mention] = gaz.find("وصل رئيس مجلس الدولة الصيني ون هوا إلى القاهرة")
    assert (mention.kind, mention.leader.slug, mention.office) == (
        "name",
        "wen-hua",
        "prime_minister",
    )
    assert [m.kind for m in gaz.find("أصدر رئيس مجلس الدولة المصري قرارا")] == ["official"]


def test_a_judges_honorific_keeps_a_president_a_leader():
    gaz = Gazetteer.from_records(
        [leader("adel-sami", "عادل سامي", "EG", [("president", "2013-07-04", "2014-06-08")])],
        [{"code": "EG", "name_ar": "مصر", "demonyms_ar": ["المصري"]}],
    )
    [mention] = gaz.find("استقبل الرئيس المؤقت المستشار عادل سامي ضيوفه")
    assert (mention.kind, mention.leader.slug, mention.office) == ("name", "adel-sami", "president")
    assert kinds(gaz, "وأكد المستشار عادل سامي أن") == [("name", "adel-sami", "EG")]


def test_the_default_data_knows_who_led_belgium_between_michel_and_de_wever():
    gaz = Gazetteer.default()
    assert gaz.holder("BE", "prime_minister", dt.date(2020, 5, 1)).slug == "sophie-wilmes"
    assert gaz.holder("BE", "prime_minister", dt.date(2023, 6, 1)).slug == "alexander-de-croo"
    found = gaz.find("التقى رئيس الوزراء البلجيكي ألكسندر دي كرو نظيره", on=dt.date(2023, 6, 1))
    assert any(getattr(m.leader, "slug", None) == "alexander-de-croo" for m in found)


def test_the_default_data_knows_european_and_latin_american_heads_of_government():
    gaz = Gazetteer.default()
    on = dt.date(2023, 6, 1)
    assert gaz.holder("SE", "prime_minister", on).slug == "ulf-kristersson"
    assert gaz.holder("DK", "prime_minister", on).slug == "mette-frederiksen"
    assert gaz.holder("CL", "president", on).slug == "gabriel-boric"
    assert gaz.holder("PT", "prime_minister", dt.date(2024, 6, 1)).slug == "luis-montenegro"
    text = (
        "استقبل الرئيس التشيلي غابرييل بوريك رئيسة الوزراء الدنماركية ميته فريدريكسن، "
        "ثم اتصل برئيس الوزراء السويدي"
    )
    found = [(m.kind, getattr(m.leader, "slug", None), m.country) for m in gaz.find(text, on=on)]
    assert found == [
        ("name", "gabriel-boric", "CL"),
        ("name", "mette-frederiksen", "DK"),
        ("title", None, "SE"),
    ]
    [title] = [m for m in gaz.find(text, on=on) if m.kind == "title"]
    assert gaz.resolve(title, on).slug == "ulf-kristersson"
