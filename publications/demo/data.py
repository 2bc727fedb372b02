"""Authors, the reference article and readers' comments of the demo content.

The further articles live in `articles_en.py` and `articles_tr.py`. Dates are
fixed, in Europe/Istanbul time, so every installation shows the same archive;
only the scheduled article is placed relative to the day of loading.
"""

from .articles_en import ARTICLES_EN
from .articles_tr import ARTICLES_TR

AUTHORS = [
    {
        "slug": "vasif-huseynov",
        "name": "Vasif Huseynov",
        "role": "Senior Fellow, South Caucasus",
        "colour": (24, 52, 82),
        "bio": (
            "Vasif Huseynov is a political scientist from Azerbaijan who writes "
            "on the South Caucasus, Russia's policy towards its neighbourhood and "
            "the European Union's Eastern Partnership. He holds a doctorate in "
            "political science and comments regularly for international media."
        ),
    },
    {
        "slug": "elif-yildirim",
        "name": "Elif Yıldırım",
        "role": "Enerji ve İklim Programı Direktörü",
        "colour": (34, 74, 68),
        "bio": (
            "Elif Yıldırım enerji piyasaları, doğal gaz ticareti ve iklim "
            "politikaları üzerine çalışıyor. Orta Doğu Teknik Üniversitesi'nde "
            "ekonomi okudu, doktorasını Oxford Enerji Çalışmaları Enstitüsü ile "
            "ortak yürütülen bir programda tamamladı. Enerji ve İklim "
            "Programı'nı 2021'den bu yana yönetiyor."
        ),
    },
    {
        "slug": "mehmet-kaan-aydin",
        "name": "Mehmet Kaan Aydın",
        "role": "Kıdemli Araştırmacı, Güvenlik ve Savunma",
        "colour": (32, 44, 60),
        "bio": (
            "Mehmet Kaan Aydın Karadeniz güvenliği, deniz hukuku ve savunma "
            "sanayii üzerine yazıyor. Daha önce Ankara'da bir üniversitede "
            "uluslararası ilişkiler dersleri verdi; Montrö Sözleşmesi üzerine "
            "kitabı 2022'de yayımlandı."
        ),
    },
    {
        "slug": "leyla-mammadova",
        "name": "Leyla Mammadova",
        "role": "Research Fellow, Connectivity and Trade",
        "colour": (70, 40, 74),
        "bio": (
            "Leyla Mammadova studies transport corridors, trade facilitation "
            "and customs cooperation between the Caspian region and Europe. "
            "Before joining the centre she worked for a logistics consultancy "
            "in Baku and Tbilisi."
        ),
    },
    {
        "slug": "james-whitfield",
        "name": "James Whitfield",
        "role": "Visiting Fellow, Euro-Atlantic Security",
        "colour": (92, 48, 38),
        "bio": (
            "James Whitfield is a former British defence official who writes "
            "on NATO, Black Sea security and the protection of critical "
            "infrastructure. He is a visiting fellow at the centre and teaches "
            "a postgraduate seminar on alliance politics."
        ),
    },
    {
        "slug": "zeynep-koc",
        "name": "Zeynep Koç",
        "role": "Araştırmacı, Göç ve Toplum",
        "colour": (40, 64, 40),
        "bio": (
            "Zeynep Koç göç yönetimi, yerel yönetimler ve sosyal uyum üzerine "
            "saha araştırmaları yürütüyor. Gaziantep, Hatay ve İstanbul'da "
            "belediyelerle ortak projelerde yer aldı."
        ),
    },
    {
        "slug": "selin-ozturk",
        "name": "Selin Öztürk",
        "role": "Ekonomi Politikaları Direktörü",
        "colour": (110, 60, 40),
        "bio": (
            "Selin Öztürk makroekonomi, dış ticaret ve bölgesel ekonomik "
            "entegrasyon üzerine çalışıyor. Merkeze katılmadan önce bir kamu "
            "bankasının araştırma biriminde ekonomist olarak görev yaptı."
        ),
    },
    {
        "slug": "orkhan-guliyev",
        "name": "Orkhan Guliyev",
        "role": "Research Associate, Caspian and Central Asia",
        "colour": (36, 60, 96),
        "bio": (
            "Orkhan Guliyev works on water, energy and regional cooperation in "
            "Central Asia and the Caspian basin. He reads Russian, Azerbaijani, "
            "Turkish and Kazakh sources and has done archival work in Baku and "
            "Almaty."
        ),
    },
    {
        "slug": "deniz-arslan",
        "name": "Deniz Arslan",
        "role": "Yayın Koordinatörü",
        "colour": (60, 60, 72),
        "bio": (
            "Deniz Arslan merkezin yayınlarını ve aylık bültenini hazırlıyor. "
            "Gazetecilik ve yayıncılık alanında on beş yıllık deneyime sahip."
        ),
    },
]

REFERENCE_SLUG = "azerbaijan-turkey-strategic-alliance-deepens-amid-recent-conflicts"

REFERENCE_ARTICLE = {
    "slug": REFERENCE_SLUG,
    "title": "Azerbaijan–Turkey Strategic Alliance Deepens Amid Recent Conflicts",
    "language": "en",
    "category": "analiz",
    "authors": ["vasif-huseynov"],
    "published_at": "2020-09-23 10:00",
    "source": (
        "Geopolitical monitor",
        "https://www.geopoliticalmonitor.com/"
        "azerbaijan-turkey-strategic-alliance-deepens-amid-recent-conflicts/",
        "2020-09-22",
    ),
    "tags": ["Azerbaijan", "Turkey", "South Caucasus", "Security"],
    "summary": (
        "Shared threats from Armenia’s territorial claims and Russia’s military "
        "presence in the South Caucasus are turning the close ties between "
        "Azerbaijan and Turkey into a strategic alliance."
    ),
    "body": (
        "<p>The relationship between Azerbaijan and Turkey has been on a "
        "developing course since the very beginning of the former’s post-Soviet "
        "independence, and has now arguably reached its hitherto peak. The "
        "unequivocal support by Turkish leaders to Azerbaijan amidst the "
        "escalation of its conflict with Armenia, the subsequent joint exercises "
        "and drills between their armed forces, and frequent mutual visits of "
        "high-ranking officials regardless of the pandemic are some of the "
        "highlights in the bilateral relations of the two countries in recent "
        "months. While the ethnic kinship and cultural proximity constitute the "
        "cornerstone of these bonds, these are common interests and security "
        "threats that lead the two brotherly nations toward building a "
        "strategic alliance.</p>\n"
        "<h2>“One nation, two states”</h2>\n"
        "<p>The two Turkic states that often laud their bonds under the motto "
        "“one nation, two states” have to deal with common security threats "
        "posed by Armenia’s territorial claims and Russia’s military presence "
        "and security interests in the South Caucasus. Armenia hosts Russia’s "
        "military base in Gyumri, a city 10 kilometers away from the Turkish "
        "border, which is supposed to serve, among others, Russia’s aim to "
        "exert pressure on Turkey from its eastern borders. It is widely assumed "
        "that Armenia would have not been able to sustain its control over the "
        "Nagorno-Karabakh region of Azerbaijan and surrounding districts without "
        "Russian military support.</p>\n"
        "<p>These threats were out there since the collapse of the Soviet Union, "
        "but they have recently gained momentum following reckless statements "
        "from Armenia’s leadership, the military attacks (July 12 – 15) by the "
        "armed forces of Armenia on the Tovuz district of Azerbaijan where all "
        "the transportation and energy routes (such as the Baku-Tbilisi-Ceyhan "
        "oil pipeline, Baku-Tbilisi-Erzurum gas pipeline, and Baku-Tbilisi-Kars "
        "railway) connecting Azerbaijan and Turkey pass through, and Russia’s "
        "increasing arms supply to Armenia in the wake of Tovuz escalation.</p>"
    ),
    "comments_enabled": True,
}

ARTICLES = [*ARTICLES_EN, *ARTICLES_TR]

# Approved comments by article slug; "replies" are answers to the comment.
COMMENTS = {
    "middle-corridor-after-the-ukraine-war": [
        {
            "name": "Daniel Ross",
            "email": "d.ross@example.org",
            "hours_after": 20,
            "body": (
                "A useful overview. The section on the Caspian ferries matches "
                "what freight forwarders told us in Aktau last year: the bottleneck "
                "is the ports, not the railways."
            ),
            "replies": [
                {
                    "name": "Leyla Mammadova",
                    "email": "l.mammadova@example.org",
                    "hours_after": 26,
                    "body": (
                        "Thank you. Port capacity at Alat has grown since, but "
                        "vessel numbers have not kept pace; a follow-up piece "
                        "will look at the fleet."
                    ),
                }
            ],
        },
        {
            "name": "Aigerim Sadykova",
            "email": "aigerim.s@example.org",
            "hours_after": 52,
            "body": (
                "It would be good to see the tariff figures for the Kazakh "
                "section too; they changed twice in 2023."
            ),
        },
    ],
    "orta-koridor-ukrayna-savasi-sonrasi": [
        {
            "name": "Burak Çelik",
            "email": "burak.celik@example.org",
            "hours_after": 9,
            "body": (
                "Gümrük işlemlerinin dijitalleşmesine ayrılan bölüm çok yerinde. "
                "Sarp sınır kapısındaki bekleme süreleri de benzer bir sorun."
            ),
        }
    ],
    "sanctions-fatigue-in-the-south-caucasus": [
        {
            "name": "Nino Beridze",
            "email": "nino.beridze@example.org",
            "hours_after": 14,
            "body": (
                "From Tbilisi the picture looks similar, although the re-export "
                "figures are much harder to read than the article suggests."
            ),
        },
        {
            "name": "Tom Hargreaves",
            "email": "tom.hargreaves@example.org",
            "hours_after": 40,
            "body": "Clear and balanced. Shared it with my students.",
        },
    ],
    "karadenizde-deniz-guvenligi-ve-montro": [
        {
            "name": "Ayhan Kurt",
            "email": "ayhan.kurt@example.org",
            "hours_after": 30,
            "body": (
                "Montrö'nün savaş dönemine ilişkin hükümlerinin bu kadar açık "
                "anlatıldığı bir Türkçe metin az bulunur. Teşekkürler."
            ),
        }
    ],
    "kars-tan-tiflis-e-trenle": [
        {
            "name": "Gülşen Tekin",
            "email": "gulsen.tekin@example.org",
            "hours_after": 5,
            "body": (
                "Ahılkelek'teki aktarma anlatısı çok tanıdık geldi. Geçen yaz "
                "aynı yolculuğu yaptık, yemekli vagon hâlâ yok!"
            ),
        }
    ],
    "turkey-azerbaijan-economic-relations-2024-review": [
        {
            "name": "Farid Hasanov",
            "email": "farid.hasanov@example.org",
            "hours_after": 70,
            "body": (
                "The chapter on investment flows is the most useful part; the "
                "breakdown by sector is rarely published anywhere else."
            ),
        }
    ],
}
