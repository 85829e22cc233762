"""Listed Iranian organisations named in Persian script, as Iranian media, court papers and the
organisations themselves name them ("زندان اوین" for the EU's Evin Prison, "بنیاد تعاون سپاه"
for IRGC Cooperative Foundation), and Iran's allied armed groups named in Arabic or Persian
script ("حركة النجباء" for OFAC's HARAKAT AL-NUJABA), screened against the whole index.

    .venv/bin/python -m bench.persian_org_names [--show]

The lists name most of Iran's organisations in English only: the prisons, courts, police units
and foundations of the EU's Iran human-rights list (Council Regulation 2011/359), ministries,
banks and military industries on the EU's, the UN's and OFAC's Iran lists, and the armed groups
and their foundations, banks and broadcasters on the terrorism lists. NGOs and journalists
who document abuses read and write their names in Persian. The queries below are written by
hand, each with the English names its record bears on the lists (any of them is a hit); some
are names whose English listing is a translation no word table reads ("گشت ارشاد", the
Morality Police) and are expected to stay misses. Each query is screened as an organisation's,
with no other detail, against the index of the last `make bench-screen`; reported: whether it
alerts on a record bearing an expected name, and its alerts on records that bear none (another
prison, another foundation: a wrong link). Nothing is asserted; the table is printed.
"""

from __future__ import annotations

import argparse

from bench.common import OUT, bench_screener, fold, read_index

#: (Persian query, English names its records bear on the lists, kind).
QUERIES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("زندان اوین", ("Evin Prison",), "human rights"),
    ("زندان فشافویه", ("Fashafouyeh Prison",), "human rights"),
    ("زندان رجایی شهر", ("Rajaee Shahr Prison",), "human rights"),
    ("زندان قرچک", ("Qarchak Prison",), "human rights"),
    ("زندان مرکزی سنندج", ("Sanandaj Central Prison",), "human rights"),
    ("زندان زاهدان", ("Zahedan Prison",), "human rights"),
    ("زندان مرکزی اصفهان", ("Isfahan Central Prison",), "human rights"),
    ("زندان کچویی", ("Kachui Prison",), "human rights"),
    ("زندان مرکزی شیراز", ("Shiraz Central Prison",), "human rights"),
    ("سازمان زندان‌های تهران", ("TEHRAN PRISONS ORGANIZATION",), "human rights"),
    ("پلیس فتا", ("Cyber Police", "IRANIAN CYBER POLICE"), "human rights"),
    ("پلیس امنیت اخلاقی", ("Iran’s Morality Police",), "human rights"),
    ("گشت ارشاد", ("Iran’s Morality Police",), "human rights"),
    ("نیروی مقاومت بسیج", ("Basij Resistance Force",), "human rights"),
    (
        "نیروی انتظامی جمهوری اسلامی ایران",
        ("Law Enforcement Forces of the Islamic Republic of Iran (LEF)",),
        "human rights",
    ),
    (
        "یگان ویژه نیروی انتظامی",
        ("Iranian Special Police Forces", "SPECIAL UNITS OF IRAN'S LAW ENFORCEMENT FORCES"),
        "human rights",
    ),
    ("بنیاد تعاون بسیج", ("The Basij Cooperative Foundation", "BONYAD TAAVON BASIJ"), "human rights"),
    (
        "بنیاد تعاون سپاه",
        ("IRGC Cooperative Foundation", "BONYAD TAAVON SEPAH", "Bonyad Taavon Sepah"),
        "human rights",
    ),
    ("سازمان بسیج دانشجویی", ("Student Basij Organisation (SBO)",), "human rights"),
    (
        "شورای عالی فضای مجازی",
        ("Supreme Council of Cyberspace (SCC)", "SUPREME COUNCIL OF CYBERSPACE"),
        "human rights",
    ),
    ("شورای عالی انقلاب فرهنگی", ("Supreme Council of Cultural Revolution",), "human rights"),
    (
        "ستاد امر به معروف و نهی از منکر",
        ("Headquarters for Enjoining Right and Forbidding Evil",),
        "human rights",
    ),
    (
        "سازمان تنظیم مقررات و ارتباطات رادیویی",
        ("Communications Regulatory Authority (CRA)",),
        "human rights",
    ),
    ("آکادمی راوین", ("Ravin Academy",), "human rights"),
    ("موسسه مصاف", ("Masaf Institute",), "human rights"),
    ("سپاه محمد رسول الله", ("Mohammad Rasulullah Corps",), "human rights"),
    ("سپاه امام رضا", ("Imam Reza Islamic Revolutionary Guard Corps",), "human rights"),
    (
        "شعبه اول دادگاه انقلاب شیراز",
        ("1st branch of the Revolutionary Court of Shiraz", "BRANCH 1 OF THE SHIRAZ REVOLUTIONARY COURT"),
        "human rights",
    ),
    ("خبرگزاری تسنیم", ("Tasnim Cultural Institution Organization",), "human rights"),
    ("صدا و سیمای جمهوری اسلامی ایران", ("Islamic Republic of Iran Broadcasting (IRIB)",), "human rights"),
    (
        "قرارگاه پدافند سایبری سپاه",
        ("Cyber Defence Command of the Islamic Revolutionary Guard Corps (CDC)",),
        "human rights",
    ),
    ("وزارت اطلاعات", ("IRANIAN MINISTRY OF INTELLIGENCE AND SECURITY",), "state"),
    ("وزارت اطلاعات جمهوری اسلامی ایران", ("IRANIAN MINISTRY OF INTELLIGENCE AND SECURITY",), "state"),
    ("بانک مرکزی ایران", ("Central Bank of Iran",), "state"),
    ("بانک ملی ایران", ("BANK MELLI IRAN",), "state"),
    ("بانک سپه", ("BANK SEPAH",), "state"),
    (
        "سازمان انرژی اتمی ایران",
        ("ATOMIC ENERGY ORGANIZATION OF IRAN", "Atomic Energy Organization of Iran (AEOI)"),
        "state",
    ),
    (
        "سازمان صنایع دفاع",
        ("DEFENSE INDUSTRIES ORGANIZATION", "Defence Industries Organisation (DIO)"),
        "state",
    ),
    (
        "سازمان صنایع هوافضا",
        (
            "AEROSPACE INDUSTRIES ORGANIZATION",
            "Aerospace Industries Organisation, AIO",
            "Aerospace Industries Organization (AIO)",
        ),
        "state",
    ),
    ("صنایع الکترونیک ایران", ("IRAN ELECTRONICS INDUSTRIES",), "state"),
    (
        "وزارت دفاع و پشتیبانی نیروهای مسلح",
        (
            "MINISTRY OF DEFENSE AND ARMED FORCES LOGISTICS",
            "Ministry Of Defense And Support For Armed Forces Logistics",
        ),
        "state",
    ),
    ("کشتیرانی جمهوری اسلامی ایران", ("ISLAMIC REPUBLIC OF IRAN SHIPPING LINES",), "state"),
    ("آستان قدس رضوی", ("ASTAN QUDS RAZAVI",), "state"),
    (
        "شرکت صنایع هواپیماسازی ایران",
        (
            "IRAN AIRCRAFT MANUFACTURING INDUSTRIAL COMPANY",
            "Iran Aircraft Manufacturing Industries Corporation (HESA)",
        ),
        "state",
    ),
    # Iran's allied armed groups and their organisations, in Arabic and Persian script, as
    # their own media and the region's press write them; the lists write them in Latin letters.
    ("حزب الله", ("HIZBALLAH", "Hizballah Military Wing"), "armed groups"),
    ("كتائب حزب الله", ("KATA'IB HIZBALLAH",), "armed groups"),
    ("أنصار الله", ("THE HOUTHIS",), "armed groups"),
    ("حماس", ("HAMAS",), "armed groups"),
    ("حركة المقاومة الإسلامية", ("HAMAS",), "armed groups"),
    (
        "حركة الجهاد الإسلامي في فلسطين",
        ("Palestinian Islamic Jihad", "PALESTINE ISLAMIC JIHAD - SHAQAQI FACTION"),
        "armed groups",
    ),
    ("عصائب أهل الحق", ("ASA'IB AHL AL-HAQ",), "armed groups"),
    ("حركة النجباء", ("HARAKAT AL-NUJABA",), "armed groups"),
    ("لشکر فاطمیون", ("FATEMIYOUN DIVISION",), "armed groups"),
    ("لواء فاطميون", ("FATEMIYOUN DIVISION",), "armed groups"),
    (
        "فيلق القدس",
        ("ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)-QODS FORCE", "IRGC Qods Force"),
        "armed groups",
    ),
    (
        "نیروی قدس سپاه",
        ("ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)-QODS FORCE", "IRGC Qods Force"),
        "armed groups",
    ),
    ("جهاد البناء", ("JIHAD AL-BINA",), "armed groups"),
    ("مؤسسة الشهيد", ("MARTYRS FOUNDATION",), "armed groups"),
    ("القرض الحسن", ("AL-QARD AL-HASSAN ASSOCIATION",), "armed groups"),
    ("قناة المنار", ("AL MANAR TV",), "armed groups"),
)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--show", action="store_true", help="print each query's alerts")
    args = parser.parse_args()
    from hisab.screen.service import make_query

    names_of: dict[tuple[str, str], set[str]] = {}
    for subject in read_index(OUT / "index.jsonl"):
        names_of[subject.ref] = {fold(n) for n in subject.names()}
    screener = bench_screener()
    counts: dict[str, list[int]] = {}
    for query, expected, kind in QUERIES:
        want = {fold(n) for n in expected}
        results = screener.screen(make_query(query, "Organization"), top=10)
        hit, best, others = False, 0.0, []
        for m in results:
            refs = [(s.dataset, s.record_id) for s in m.records]
            if any(names_of.get(ref, set()) & want for ref in refs):
                best = max(best, m.score)
                hit = hit or m.match
            elif m.match:
                others.append(f"{m.name} {m.score:.2f} {refs[0][0]}:{refs[0][1]}")
        row = counts.setdefault(kind, [0, 0, 0])
        row[0] += 1
        row[1] += hit
        row[2] += len(others)
        if args.show:
            print(f"{'hit ' if hit else 'miss'} {query} | {expected[0]} {best:.2f} | others: {others}")
    print("| kind | queries | found | alerts on records of other names |")
    print("|---|---:|---:|---:|")
    for kind, (n, hits, others) in counts.items():
        print(f"| {kind} | {n} | {hits} | {others} |")


if __name__ == "__main__":
    main()
