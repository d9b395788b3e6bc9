"""Build ``countries.json`` from CLDR (through Babel) plus hand-written Arabic usage.

Run from the repository root (re-runnable, deterministic)::

    .venv/bin/python timeline/extract/data/build_countries.py

Country names come from CLDR so that nobody types 250 names by hand; what CLDR does not
have is written here: other names used in Arabic news (أمريكا، بريطانيا، السعودية...),
demonyms (the adjective that follows a title: "الرئيس الفرنسي") and which offices count as
"the leader" of a country, in order. Capitals (واشنطن، الرياض) are deliberately not
names: after a title they would make "سفير واشنطن" a head of state.

Organisation codes: UN and EU are CLDR's own codes. The others use the ISO 3166
user-assigned X* range so they can never clash with a real country code:
XL Arab League, XG Gulf Cooperation Council, XN NATO, XU African Union
(the conventional "AL"/"AU" would be Albania/Australia).
"""

from __future__ import annotations

import json
from pathlib import Path

from babel import Locale

OUT = Path(__file__).with_name("countries.json")

# CLDR pseudo-territories that are not countries.
_SKIP = {"XA", "XB", "ZZ", "EZ", "QO"}

ORGANISATIONS = {
    "XL": ("Arab League", "جامعة الدول العربية"),
    "XG": ("Gulf Cooperation Council", "مجلس التعاون الخليجي"),
    "XN": ("NATO", "حلف شمال الأطلسي"),
    "XU": ("African Union", "الاتحاد الأفريقي"),
}

# Other Arabic names a country goes by in the news (the CLDR name is always included).
NAMES_AR = {
    "US": [
        "أمريكا",
        "أميركا",
        "الولايات المتحدة",
        "الولايات المتحدة الأمريكية",
        "الولايات المتحدة الأميركية",
    ],
    "GB": ["بريطانيا", "المملكة المتحدة", "بريطانيا العظمى"],
    "SA": ["السعودية", "المملكة العربية السعودية"],
    "AE": ["الإمارات", "دولة الإمارات", "الإمارات العربية المتحدة", "أبوظبي", "أبو ظبي"],
    "PS": ["فلسطين", "دولة فلسطين", "السلطة الفلسطينية"],
    "EG": ["مصر", "جمهورية مصر العربية"],
    "SY": ["سوريا", "سورية"],
    "RU": ["روسيا", "روسيا الاتحادية"],
    "FR": ["فرنسا"],
    "DE": ["ألمانيا"],
    "CN": ["الصين"],
    "TR": ["تركيا"],
    "IR": ["إيران", "الجمهورية الإسلامية الإيرانية"],
    "IL": ["إسرائيل", "الاحتلال", "الاحتلال الإسرائيلي", "دولة الاحتلال"],
    "QA": ["قطر", "دولة قطر"],
    "KW": ["الكويت", "دولة الكويت"],
    "BH": ["البحرين", "مملكة البحرين"],
    "OM": ["عمان", "سلطنة عمان"],
    "JO": ["الأردن", "المملكة الأردنية الهاشمية"],
    "MA": ["المغرب", "المملكة المغربية"],
    "DZ": ["الجزائر"],
    "TN": ["تونس"],
    "LY": ["ليبيا"],
    "IQ": ["العراق"],
    "LB": ["لبنان"],
    "YE": ["اليمن"],
    "SD": ["السودان"],
    "KR": ["كوريا الجنوبية"],
    "KP": ["كوريا الشمالية"],
    "JP": ["اليابان"],
    "IN": ["الهند"],
    "BY": ["بيلاروسيا", "روسيا البيضاء"],
    "CD": ["الكونغو الديمقراطية", "جمهورية الكونغو الديمقراطية"],
    "CG": ["الكونغو", "جمهورية الكونغو"],
    "CI": ["كوت ديفوار", "ساحل العاج"],
    "MM": ["ميانمار", "بورما"],
    "NL": ["هولندا"],
    "CZ": ["التشيك", "جمهورية التشيك"],
    "VA": ["الفاتيكان"],
    "UN": ["الأمم المتحدة", "المنظمة الدولية", "المنظمة الأممية"],
    "EU": ["الاتحاد الأوروبي"],
    "XL": ["الجامعة العربية", "جامعة الدول العربية"],
    "XG": ["مجلس التعاون الخليجي", "مجلس التعاون لدول الخليج العربية", "مجلس التعاون"],
    "XN": ["الناتو", "حلف الناتو", "حلف شمال الأطلسي", "حلف الأطلسي", "الحلف الأطلسي"],
    "XU": ["الاتحاد الأفريقي", "الاتحاد الإفريقي"],
    "SS": ["جنوب السودان"],
    "ZA": ["جنوب أفريقيا", "جنوب إفريقيا"],
}

# Masculine demonyms (with the article, as they follow a title). Feminine forms are
# derived: every word ending in ي also takes ة ("الكوري الجنوبي" -> "الكورية الجنوبية").
DEMONYMS = {
    # G20
    "US": ["الأمريكي", "الأميركي"],
    "RU": ["الروسي"],
    "FR": ["الفرنسي"],
    "GB": ["البريطاني"],
    "DE": ["الألماني"],
    "IT": ["الإيطالي"],
    "CA": ["الكندي"],
    "JP": ["الياباني"],
    "CN": ["الصيني"],
    "IN": ["الهندي"],
    "KR": ["الكوري الجنوبي"],
    "AU": ["الأسترالي", "الأوسترالي"],
    "BR": ["البرازيلي"],
    "AR": ["الأرجنتيني"],
    "MX": ["المكسيكي"],
    "ID": ["الإندونيسي"],
    "ZA": ["الجنوب أفريقي", "الجنوب إفريقي"],
    "TR": ["التركي"],
    "SA": ["السعودي"],
    "EU": ["الأوروبي"],
    # Arab League
    "DZ": ["الجزائري"],
    "BH": ["البحريني"],
    "KM": ["القمري"],
    "DJ": ["الجيبوتي"],
    "EG": ["المصري"],
    "IQ": ["العراقي"],
    "JO": ["الأردني"],
    "KW": ["الكويتي"],
    "LB": ["اللبناني"],
    "LY": ["الليبي"],
    "MR": ["الموريتاني"],
    "MA": ["المغربي"],
    "OM": ["العماني"],
    "PS": ["الفلسطيني"],
    "QA": ["القطري"],
    "SO": ["الصومالي"],
    "SD": ["السوداني"],
    "SY": ["السوري"],
    "TN": ["التونسي"],
    "AE": ["الإماراتي"],
    "YE": ["اليمني"],
    # Other frequent actors
    "IR": ["الإيراني"],
    "IL": ["الإسرائيلي"],
    "UA": ["الأوكراني"],
    "PK": ["الباكستاني"],
    "AF": ["الأفغاني"],
    "ET": ["الإثيوبي", "الأثيوبي"],
    "VE": ["الفنزويلي"],
    "KP": ["الكوري الشمالي"],
    "GR": ["اليوناني"],
    "CY": ["القبرصي"],
    "ES": ["الإسباني"],
    "NL": ["الهولندي"],
    "BY": ["البيلاروسي", "البيلاروسي"],
    "AZ": ["الأذربيجاني", "الأذري"],
    "AM": ["الأرميني", "الأرمني"],
    "KZ": ["الكازاخستاني", "الكازاخي"],
    "UZ": ["الأوزبكي", "الأوزبكستاني"],
    "MY": ["الماليزي"],
    "LK": ["السريلانكي"],
    "BD": ["البنغلاديشي"],
    "NG": ["النيجيري"],
    "KE": ["الكيني"],
    "SN": ["السنغالي"],
    "TD": ["التشادي"],
    "ML": ["المالي"],
    "NE": ["النيجري"],
    "ER": ["الإريتري", "الأريتري"],
    "SS": ["الجنوب سوداني"],
    "UG": ["الأوغندي"],
    "RW": ["الرواندي"],
    "AT": ["النمساوي"],
    "PL": ["البولندي"],
    "HU": ["المجري"],
    "RS": ["الصربي"],
    "CU": ["الكوبي"],
    "SG": ["السنغافوري"],
    "PH": ["الفلبيني"],
    "NZ": ["النيوزيلندي"],
    "BE": ["البلجيكي"],
    "PT": ["البرتغالي"],
    "SE": ["السويدي"],
    "NO": ["النرويجي"],
    "DK": ["الدنماركي"],
    "FI": ["الفنلندي"],
    "CH": ["السويسري"],
    "IE": ["الأيرلندي", "الإيرلندي"],
    "GE": ["الجورجي"],
    "TH": ["التايلاندي"],
    "VN": ["الفيتنامي"],
    "CL": ["التشيلي"],
    "CO": ["الكولومبي"],
    "CD": ["الكونغولي"],
    "CI": ["الإيفواري"],
    "GH": ["الغاني"],
    "TZ": ["التنزاني"],
    "ZW": ["الزيمبابوي"],
    "CM": ["الكاميروني"],
    "GA": ["الغابوني"],
    "GN": ["الغيني"],
    "BF": ["البوركينابي"],
    "AL": ["الألباني"],
    "BA": ["البوسني"],
    "HR": ["الكرواتي"],
    "BG": ["البلغاري"],
    "RO": ["الروماني"],
    "CZ": ["التشيكي"],
    "MT": ["المالطي"],
    "TM": ["التركماني", "التركمانستاني"],
    "TJ": ["الطاجيكي", "الطاجيكستاني"],
    "KG": ["القرغيزي", "القيرغيزي"],
    "MN": ["المنغولي"],
    "NP": ["النيبالي"],
    "MM": ["الميانماري", "البورمي"],
    "BN": ["البروني"],
    "MV": ["المالديفي"],
    "UN": ["الأممي"],
}

# Offices that make someone "the leader" of a country, most important first.
_PARLIAMENTARY = ["prime_minister", "president"]
_MONARCHY_PM = ["king", "prime_minister"]
HEAD_OFFICES = {
    "GB": ["prime_minister", "king", "queen"],
    "DE": ["chancellor", "president"],
    "AT": ["chancellor", "president"],
    "JP": ["prime_minister", "emperor"],
    "SA": ["king", "prime_minister"],
    "JO": _MONARCHY_PM,
    "MA": _MONARCHY_PM,
    "BH": _MONARCHY_PM,
    "ES": ["prime_minister", "king"],
    "NL": ["prime_minister", "king"],
    "BE": ["prime_minister", "king"],
    "SE": ["prime_minister", "king"],
    "NO": ["prime_minister", "king"],
    "DK": ["prime_minister", "queen", "king"],
    "QA": ["emir", "prime_minister"],
    "KW": ["emir", "prime_minister"],
    "OM": ["sultan"],
    "AE": ["president", "prime_minister"],
    "IR": ["president", "supreme_leader"],
    "KP": ["supreme_leader"],
    "AF": ["president", "supreme_leader", "prime_minister"],
    "LY": ["president", "prime_minister", "leader"],
    "BD": ["prime_minister", "chief_adviser"],
    "VA": ["pope"],
    "CN": ["president", "prime_minister"],
    "UN": ["secretary_general"],
    "XL": ["secretary_general"],
    "XN": ["secretary_general"],
    "XG": ["secretary_general"],
    "EU": ["council_president", "commission_president"],
    "XU": ["commission_chair"],
}
for _code in (
    "IN",
    "IL",
    "IQ",
    "IT",
    "PK",
    "ET",
    "GR",
    "HU",
    "MY",
    "NZ",
    "CA",
    "AU",
    "AM",
    "IE",
    "PT",
    "PL",
    "CZ",
    "SK",
    "FI",
    "NP",
    "TH",
    "SG",
    "LK",
):
    HEAD_OFFICES.setdefault(_code, _PARLIAMENTARY)
for _code in ("CA", "AU", "NZ"):
    HEAD_OFFICES[_code] = ["prime_minister"]
HEAD_OFFICES["LK"] = ["president", "prime_minister"]


def feminine(demonym: str) -> str:
    """The feminine of a demonym, word by word.

    >>> feminine("الكوري الجنوبي")
    'الكورية الجنوبية'
    """
    return " ".join(word + "ة" if word.endswith("ي") else word for word in demonym.split())


def _demonyms(code: str) -> list[str]:
    masculine = list(dict.fromkeys(DEMONYMS.get(code, [])))
    return masculine + [feminine(d) for d in masculine]


def build() -> list[dict]:
    ar, en = Locale("ar").territories, Locale("en").territories
    codes = sorted(c for c in ar if len(c) == 2 and c.isalpha() and c not in _SKIP)
    rows = []
    for code in codes + sorted(ORGANISATIONS):
        name_en, name_ar = ORGANISATIONS.get(code, (en.get(code, code), ar.get(code, "")))
        extra = [n for n in NAMES_AR.get(code, []) if n != name_ar]
        rows.append(
            {
                "code": code,
                "name_en": name_en,
                "name_ar": name_ar,
                "names_ar": extra,
                "demonyms_ar": _demonyms(code),
                "head_offices": HEAD_OFFICES.get(code, ["president", "prime_minister"]),
            }
        )
    return rows


def main() -> None:
    rows = build()
    OUT.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(rows)} countries, {sum(bool(r['demonyms_ar']) for r in rows)} with demonyms")


if __name__ == "__main__":
    main()
