"""Turkish demo articles; see `data.py`."""

ARTICLES_TR = [
    {
        "slug": "orta-koridor-ukrayna-savasi-sonrasi",
        "title": "Ukrayna Savaşı Sonrasında Orta Koridor: Vaatler ve Darboğazlar",
        "language": "tr",
        "category": "analiz",
        "authors": ["leyla-mammadova"],
        "published_at": "2024-02-16 09:30",
        "translation_of": "middle-corridor-after-the-ukraine-war",
        "image": "Mavi ve bakır tonlarında, yumuşak dairelerden oluşan soyut kapak",
        "tags": ["Orta Koridor", "Bağlantısallık", "Orta Asya", "Ticaret"],
        "summary": (
            "Rusya'ya yönelik yaptırımlar Hazar geçişli rotayı bir slogandan "
            "zorunluluğa dönüştürdü. Hacim üç katına çıktı; ancak limanlar, "
            "feribotlar ve gümrükler koridorun kapasitesini hâlâ sınırlıyor."
        ),
        "body": """
<p>2022'ye kadar Hazar Geçişli Uluslararası Taşımacılık Güzergâhı, yaygın adıyla
Orta Koridor, daha çok diplomatik bir söylem olarak kaldı. Çin ile Avrupa
arasındaki yükler daha ucuz, daha hızlı ve öngörülebilir olduğu için kuzeyden,
Rusya ve Belarus üzerinden taşınıyordu. Ukrayna'daki savaş ve ardından gelen
yaptırımlar bu hesabı neredeyse bir gecede değiştirdi.</p>
<h2>Talep gören bir güzergâh</h2>
<p>Güzergâhtaki yük hacmi 2022'de yaklaşık üç katına çıktı ve 2023'te de artmaya
devam etti. Kazakistan, Azerbaycan ve Gürcistan demiryolu şirketleri ortak
tarifeler açıkladı; Avrupa Birliği de Küresel Geçit programı kapsamında yatırım
sözü verdi.[[Avrupa Komisyonu, <em>Global Gateway: EU and Central Asia</em>,
Ocak 2024.]] Ne var ki bu rakamlar koridorun hâlâ ne kadar küçük olduğunu
gizliyor: yıllık kapasitesi, kuzey güzergâhının savaştan önce taşıdığı yükün
küçük bir bölümü kadar.</p>
<h2>Koridorun daraldığı yerler</h2>
<p>Üç darboğaz öne çıkıyor:</p>
<ul>
<li>sınırlı sayıda feribot ve besleyici geminin bütün güzergâhın hızını
belirlediği Hazar geçişi;</li>
<li>Aktau, Kuryk ve Alat limanlarında artan ama dengesiz kapasite;</li>
<li>bazı sınır kapılarında hâlâ kâğıt belge istenen gümrük işlemleri.</li>
</ul>
<p>Bunların hiçbiri koridordan vazgeçmek için bir neden değil. Ancak yeni ve
gösterişli mega projeler yerine ortak dijital gümrük beyannamesi ve daha büyük
bir Hazar filosu gibi göze batmayan yatırımları öncelemek için güçlü bir
neden.</p>
""",
    },
    {
        "slug": "karadenizde-deniz-guvenligi-ve-montro",
        "title": "Karadeniz'de Deniz Güvenliği ve Montrö Sözleşmesi",
        "language": "tr",
        "category": "analiz",
        "authors": ["mehmet-kaan-aydin"],
        "published_at": "2025-03-05 10:00",
        "featured": True,
        "image": "Koyu mavi zemin üzerinde ince çizgilerle soyut deniz kompozisyonu",
        "tags": ["Karadeniz", "Montrö", "Deniz güvenliği", "Boğazlar"],
        "summary": (
            "Montrö Sözleşmesi, Ukrayna savaşı boyunca Karadeniz'de "
            "tırmanmayı sınırlayan en önemli araçlardan biri oldu. Savaş "
            "sonrası düzende de önemini koruyacak."
        ),
        "body": """
<p>1936'da imzalanan Montrö Boğazlar Sözleşmesi, doksan yıla yaklaşan ömrüne
rağmen Karadeniz güvenliğinin temel taşı olmayı sürdürüyor. Şubat 2022'de
Türkiye'nin sözleşmenin savaş hâline ilişkin hükümlerini işletmesi, savaşan
tarafların savaş gemilerinin Boğazlardan geçişini fiilen durdurdu.[[Montrö
Sözleşmesi, madde 19 ve 21. Türkiye kararını 28 Şubat 2022'de
açıkladı.]]</p>
<h2>Sözleşme neden işledi?</h2>
<p>Sözleşmenin gücü, kurallarının açık ve öngörülebilir olmasından geliyor.
Kıyıdaş olmayan devletlerin savaş gemileri için tonaj ve süre sınırları,
Karadeniz'i büyük güç rekabetinin sahnesi olmaktan kısmen korudu.
Türkiye'nin kuralları tutarlı biçimde uygulaması da hem Ukrayna'nın hem de
Batılı müttefiklerin güvenini kazandı.</p>
<blockquote><p>Montrö, Türkiye'ye bir ayrıcalık değil, bir sorumluluk
yüklüyor: kuralları herkes için aynı biçimde uygulamak.</p></blockquote>
<h2>Savaş sonrasına bakış</h2>
<p>Karadeniz'de mayın temizliği, ticari gemiciliğin güvenliği ve Ukrayna'nın
deniz kuvvetlerinin yeniden inşası savaş sonrası gündemin başlıkları olacak.
Bu başlıkların hiçbiri Montrö'nün değiştirilmesini gerektirmiyor; aksine
sözleşmenin sağladığı istikrar, bölgesel işbirliği için en sağlam zemin.</p>
""",
    },
    {
        "slug": "turkiyenin-enerji-merkezi-hedefi-dogal-gaz-fiyat-olusumu",
        "title": "Türkiye'nin Enerji Merkezi Hedefi: Doğal Gazda Fiyat Oluşumu",
        "language": "tr",
        "category": "analiz",
        "authors": ["elif-yildirim"],
        "published_at": "2024-10-08 09:00",
        "tags": ["Enerji", "Doğal gaz", "Türkiye", "Piyasalar"],
        "summary": (
            "Bir doğal gaz merkezi, boru hatlarından önce şeffaf bir fiyat "
            "demektir. Türkiye'nin bu hedefe ulaşması için atması gereken "
            "adımlar."
        ),
        "body": """
<p>Türkiye uzun süredir bölgesel bir enerji merkezi olmayı hedefliyor. Boru
hatları, LNG terminalleri ve depolama kapasitesi açısından bu hedef için
önemli yatırımlar yapıldı. Ancak gerçek bir doğal gaz merkezi, fiziksel
altyapının ötesinde, alıcıların ve satıcıların güvendiği bir referans fiyat
gerektiriyor.</p>
<h2>Fiyat nasıl oluşur?</h2>
<p>Avrupa'daki başarılı merkezler, örneğin Hollanda'daki TTF, üç koşulu bir
araya getirdi:</p>
<ul>
<li>çok sayıda alıcı ve satıcının katıldığı likit bir piyasa;</li>
<li>altyapıya ayrımcı olmayan üçüncü taraf erişimi;</li>
<li>fiyatların düzenleyici müdahaleden bağımsız oluşması.</li>
</ul>
<p>Türkiye'de spot doğal gaz piyasası 2018'de açıldı ve işlem hacmi istikrarlı
biçimde artıyor.[[EPİAŞ Şeffaflık Platformu, organize toptan doğal gaz satış
piyasası verileri.]] Fakat piyasanın büyük bölümü hâlâ kamu şirketinin
düzenlenmiş tarifeleriyle belirleniyor.</p>
<p>Merkez hedefine giden yol, tarifelerin kademeli olarak maliyet esaslı hâle
getirilmesinden ve iletim sistemine erişimin kolaylaştırılmasından geçiyor.
Bu adımlar, yeni boru hatlarından daha az görünür ama çok daha belirleyici.</p>
""",
    },
    {
        "slug": "orta-asyada-su-stresi-ve-bolgesel-isbirligi",
        "title": "Orta Asya'da Su Stresi ve Bölgesel İşbirliği",
        "language": "tr",
        "category": "analiz",
        "authors": ["orkhan-guliyev", "elif-yildirim"],
        "published_at": "2026-05-19 10:00",
        "tags": ["Orta Asya", "Su", "İklim", "Bölgesel işbirliği"],
        "summary": (
            "Amu Derya ve Sir Derya havzalarında iklim değişikliği ve yeni "
            "kanal projeleri, su paylaşımını bölgenin en hassas konusu hâline "
            "getiriyor."
        ),
        "body": """
<p>Orta Asya'nın iki büyük nehri Amu Derya ve Sir Derya, beş ülkenin tarımını,
enerjisini ve içme suyunu besliyor. Sovyet döneminde merkezden yönetilen su
paylaşımı, bağımsızlıktan sonra ülkeler arasında sürekli bir pazarlık konusu
oldu.</p>
<h2>Yeni baskılar</h2>
<p>Buzulların erimesi kısa vadede debiyi artırsa da uzun vadede azaltacak.
Afganistan'ın inşa ettiği Kuş Tepe kanalı ise Amu Derya'dan önemli miktarda su
çekmeye hazırlanıyor. Aşağı havzadaki Özbekistan ve Türkmenistan için bu,
pamuk ve buğday üretiminde ciddi kayıplar anlamına gelebilir.</p>
<p>Bölgesel kurumlar var, fakat kararları bağlayıcı değil ve veri paylaşımı
sınırlı. Ortak ölçüm istasyonları, şeffaf veri ve enerji ile suyu birlikte ele
alan takas anlaşmaları, gerilimleri azaltmanın en gerçekçi yolu olarak öne
çıkıyor.</p>
""",
    },
    {
        "slug": "secim-yilinda-dis-politika",
        "title": "Seçim Yılında Dış Politika: Sürekliliğin Sınırları",
        "language": "tr",
        "category": "yorum",
        "authors": ["mehmet-kaan-aydin"],
        "published_at": "2024-03-20 08:30",
        "tags": ["Türkiye", "Dış politika"],
        "summary": (
            "Seçim dönemleri dış politikada büyük kırılmalar yaratmaz; ama "
            "tonu, öncelikleri ve zamanlamayı değiştirir."
        ),
        "body": """
<p>Seçim takvimi yaklaştıkça dış politika iç siyasetin diline daha çok
karışıyor. Bu, Türkiye'ye özgü bir durum değil; Washington'dan Berlin'e kadar
her başkentte benzer bir eğilim görülüyor.</p>
<p>Ancak Türkiye'nin dış politikasının temel parametreleri, yani NATO
üyeliği, Avrupa ile ekonomik bütünleşme ve komşu bölgelerdeki aktif
diplomasi, seçim dönemlerinde de büyük ölçüde korunuyor. Değişen, daha çok
söylemin sertliği ve kararların zamanlaması.</p>
<p>Asıl soru seçimden sonra soruluyor: kazanılan iç siyasi alan, dış
politikada daha cesur adımlar için mi kullanılacak, yoksa sürekliliği
pekiştirmek için mi? Geçmiş deneyimler ikincisine işaret ediyor.</p>
""",
    },
    {
        "slug": "iklim-finansmaninda-adalet-tartismasi",
        "title": "İklim Finansmanında Adalet Tartışması",
        "language": "tr",
        "category": "yorum",
        "authors": ["elif-yildirim"],
        "published_at": "2024-11-25 10:00",
        "source": (
            "Ekonomi Gündemi",
            "https://ekonomigundemi.example/iklim-finansmani-adalet",
            "2024-11-22",
        ),
        "tags": ["İklim", "Finans", "COP29"],
        "summary": (
            "Yeni iklim finansmanı hedefi bir rakam; adil olup olmadığı ise "
            "kimin, hangi biçimde ve hangi koşullarla ödediğine bağlı."
        ),
        "body": """
<p>İklim müzakereleri her zaman emisyonlar kadar para ile de ilgili oldu. Yeni
kolektif iklim finansmanı hedefi, 2009'da verilen ve gecikmeyle, yaratıcı
muhasebe yöntemleriyle karşılanan yıllık 100 milyar dolarlık taahhüdün yerini
alıyor.</p>
<p>Gelişmekte olan ülkeler hibe ve düşük faizli kredi istiyor; bağışçılar ise
özel sermayeye ve artık büyük emisyon kaynağı olan yükselen ekonomilere işaret
ediyor. İki tarafın da haklı olduğu noktalar var. Adil bir uzlaşı, kredilerin
yalnızca hibe eşdeğerini saymalı, katkı verenlerin çevresini kademeli olarak
genişletmeli ve en yoksul ülkelerin kaynaklara erişimini kolaylaştırmalı.</p>
<p>Türkiye gibi orta gelirli ülkeler bu tartışmanın tam ortasında duruyor: bazı
fonlardan yararlanabiliyor, bazılarına katkı vermesi bekleniyor ve kendi enerji
dönüşümü için büyük yatırımlara ihtiyaç duyuyor.</p>
""",
    },
    {
        "slug": "yapay-zeka-ve-kamu-diplomasisi",
        "title": "Yapay Zekâ ve Kamu Diplomasisi",
        "language": "tr",
        "category": "yorum",
        "authors": ["zeynep-koc"],
        "status": "draft",
        "tags": ["Kamu diplomasisi", "Teknoloji"],
        "summary": "Taslak: dezenformasyon çağında kamu diplomasisinin araçları.",
        "body": """
<p>Dışişleri bakanlıkları sosyal medyada her gün binlerce mesaj yayımlıyor.
Üretken modellerin yaygınlaşmasıyla bu mesajların hem üretimi hem de taklidi
kolaylaştı.</p>
<p>Bu yazıda kamu diplomasisinin güvenilirliğini korumak için üç öneri
tartışılacak.</p>
""",
    },
    {
        "slug": "kars-tan-tiflis-e-trenle",
        "title": "Bir Araştırmacının Not Defterinden: Kars'tan Tiflis'e Trenle",
        "language": "tr",
        "category": "blog",
        "authors": ["zeynep-koc"],
        "published_at": "2024-06-03 12:00",
        "image": "Sıcak tonlarda, yumuşak geçişli soyut bir manzara kompozisyonu",
        "tags": ["Demiryolları", "Gürcistan", "Saha notları"],
        "summary": (
            "Bakü-Tiflis-Kars demiryolu kâğıt üzerinde stratejik bir proje. "
            "Trende ise yavaş, samimi ve neredeyse boş bir yolculuk."
        ),
        "body": """
<p>Sabah yedide Kars garı neredeyse bomboştu. Bir yük trenine eklenmiş tek
yolcu vagonundan oluşan trenimiz tam vaktinde kalktı; kondüktör bunu gururla
hatırlattı.</p>
<p>Hat, Gürcistan sınırına doğru yüksek yaylalardan tırmanıyor. Ahılkelek'te
ray açıklığı değişti; daha doğrusu vagonun bojileri değiştirildi, yolcular da
bu sırada küçük bir salonda çay içerek bekledi. Bütün işlem iki saatten biraz
kısa sürdü.</p>
<blockquote><p>“İnsanlar hız için değil, manzara için geliyor,” dedi
kondüktör.</p></blockquote>
<p>Demiryolu yük taşımacılığı ve Orta Koridor için önemli. Yolcular için ise
hâlâ iyi saklanmış bir sır.</p>
""",
    },
    {
        "slug": "goc-calismalarinda-saha-arastirmasi-etik-sorular",
        "title": "Göç Çalışmalarında Saha Araştırması: Etik Sorular",
        "language": "tr",
        "category": "blog",
        "authors": ["zeynep-koc"],
        "published_at": "2025-10-14 11:00",
        "tags": ["Göç", "Araştırma etiği", "Yöntem"],
        "summary": (
            "Kırılgan gruplarla görüşme yaparken bilgilendirilmiş onam, "
            "anonimlik ve araştırmacının sorumluluğu üzerine notlar."
        ),
        "body": """
<p>Göç alanında saha araştırması yapmak, görüştüğünüz kişilerin hayatına kısa
da olsa dokunmak demek. Sığınmacılar, mevsimlik işçiler ya da kayıt dışı
çalışanlarla yapılan görüşmeler, araştırmacıya olağan etik kuralların ötesinde
sorumluluklar yüklüyor.</p>
<blockquote><p>Bir görüşmeci bana “Siz yazıp gidiyorsunuz, biz burada
kalıyoruz” demişti. Bu cümle o günden beri not defterimin ilk
sayfasında.</p></blockquote>
<p>Bilgilendirilmiş onam formu tek başına yetmiyor. Görüşmecinin araştırmanın
amacını gerçekten anlaması, istediği an vazgeçebileceğini bilmesi ve
kimliğinin hiçbir biçimde açığa çıkmayacağından emin olması gerekiyor. Küçük
bir ilçede “otuzlu yaşlarda, iki çocuklu bir terzi” tanımı bile bir kişiyi
tanınır kılabilir.</p>
<p>Bu yüzden ekibimiz ayrıntıları yayımlamadan önce her alıntıyı yeniden
okuyor ve gerekirse değiştiriyor. Veri, bilgiden önce insanların
güvenliğine hizmet etmeli.</p>
""",
    },
    {
        "slug": "2027-butcesi-uzerine-ilk-notlar",
        "title": "2027 Bütçesi Üzerine İlk Notlar",
        "language": "tr",
        "category": "blog",
        "authors": ["selin-ozturk"],
        "publish_in_days": 12,
        "tags": ["Ekonomi", "Bütçe", "Maliye politikası"],
        "summary": (
            "Meclis'e sunulan 2027 bütçesinde faiz giderleri, deprem "
            "harcamaları ve vergi gelirleri üzerine ilk gözlemler."
        ),
        "body": """
<p>2027 yılı merkezi yönetim bütçesi Meclis'te görüşülmeye başlandı. İlk
bakışta üç kalem dikkat çekiyor: artan faiz giderleri, azalmakla birlikte
yüksek seyreden deprem bölgesi harcamaları ve dolaylı vergilerin gelirler
içindeki payı.</p>
<p>Bütçe açığı hedefi ihtiyatlı görünüyor; ancak büyüme varsayımı
gerçekleşmezse vergi gelirleri tahminin altında kalabilir. Önümüzdeki
haftalarda kalem kalem ayrıntılı bir değerlendirme yayımlayacağız.</p>
""",
    },
    {
        "slug": "turkiye-azerbaycan-ekonomik-iliskileri-2024",
        "title": "Türkiye-Azerbaycan Ekonomik İlişkileri: 2024 Değerlendirmesi",
        "language": "tr",
        "category": "rapor",
        "authors": ["selin-ozturk", "leyla-mammadova"],
        "published_at": "2025-02-27 10:00",
        "featured": True,
        "image": "Sıcak renk geçişli ve iç içe dairelerden oluşan soyut kapak",
        "tags": ["Azerbaycan", "Türkiye", "Ticaret", "Yatırım"],
        "summary": (
            "Türkiye ile Azerbaycan arasında 2024'teki ticaret, yatırım ve "
            "enerji akışları; yeni tercihli ticaret anlaşması için öneriler."
        ),
        "body": """
<p>Türkiye ile Azerbaycan arasındaki siyasi bağlar “tek millet, iki devlet”
sözüyle özetleniyor; ekonomik ilişkiler ise daha yavaş gelişti. Bu rapor
2024 yılındaki ticaret, yatırım ve enerji akışlarını inceliyor ve ekonomik
ilişkileri siyasi ilişkilerin düzeyine taşımak için neler yapılabileceğini
soruyor.</p>
<h2>Temel bulgular</h2>
<ul>
<li>İkili ticaret büyüdü, ancak birkaç ürün grubunda yoğunlaşmaya devam
ediyor.</li>
<li>Petrokimya sektörünün öncülüğünde Azerbaycan'ın Türkiye'deki yatırımları,
Türkiye'nin Azerbaycan'daki yatırımlarını hâlâ aşıyor.</li>
<li>Enerji belirleyici olmayı sürdürüyor: TANAP üzerinden doğal gaz,
Bakü-Tiflis-Ceyhan boru hattı üzerinden petrol.[[Boru hattı verileri
işletmecilerin yıllık raporlarından; ticaret verileri TÜİK ve Azerbaycan
Devlet İstatistik Komitesi'nden alınmıştır.]]</li>
</ul>
<h2>Öneriler</h2>
<p>Tercihli ticaret anlaşması hizmetleri de kapsayacak biçimde
genişletilmeli, gıda güvenliği sertifikaları uyumlaştırılmalı ve tamamlandığında
Nahçıvan demiryolu bağlantısı iki taraftaki sanayi bölgelerini birbirine
bağlamak için kullanılmalı.</p>
""",
    },
    {
        "slug": "turkiyede-duzensiz-goc-ve-yerel-yonetimler",
        "title": "Türkiye'de Düzensiz Göç ve Yerel Yönetimler",
        "language": "tr",
        "category": "rapor",
        "authors": ["zeynep-koc"],
        "published_at": "2026-04-21 10:00",
        "featured": True,
        "image": "Yeşil ve altın tonlarında katmanlı, soyut bir kompozisyon",
        "tags": ["Göç", "Yerel yönetimler", "Sosyal uyum"],
        "summary": (
            "Göçün yükünü en çok belediyeler taşıyor, ama yetki ve kaynak "
            "merkezde. Üç ildeki saha çalışmasına dayanan bulgular ve "
            "öneriler."
        ),
        "body": """
<p>Türkiye dünyada en çok sığınmacı barındıran ülkeler arasında. Bu nüfusun
gündelik ihtiyaçlarıyla, yani su, ulaşım, atık, sağlık ve eğitimle ilk
karşılaşan kurum ise belediyeler. Oysa belediye bütçeleri, kayıtlı nüfusa göre
hesaplanıyor ve sığınmacıları dikkate almıyor.[[5779 sayılı Kanun uyarınca
genel bütçe vergi gelirlerinden aktarılan paylar nüfusa göre
dağıtılır.]]</p>
<h2>Sahadan gözlemler</h2>
<p>Gaziantep, Hatay ve İstanbul'un iki ilçesinde belediye çalışanları,
muhtarlar ve sivil toplum temsilcileriyle 64 görüşme yaptık. Öne çıkan
sorunlar şunlar:</p>
<ul>
<li>hizmet planlamasında kullanılabilecek güncel nüfus verisinin
olmaması;</li>
<li>uluslararası fonların proje bazlı ve kısa süreli olması;</li>
<li>sosyal uyum birimlerinin personel devir hızının yüksekliği.</li>
</ul>
<h2>Öneriler</h2>
<p>Belediyelere aktarılan payların hesaplanmasında geçici koruma altındaki
nüfusun da dikkate alınması, il düzeyinde veri paylaşım protokolleri ve çok
yıllı fon mekanizmaları, yerel yönetimlerin bu yükü taşıyabilmesi için
zorunlu.</p>
""",
    },
    {
        "slug": "aylik-bulten-agustos-2026",
        "title": "Aylık Bülten — Ağustos 2026",
        "language": "tr",
        "category": "bulten",
        "authors": ["deniz-arslan"],
        "published_at": "2026-09-01 09:00",
        "tags": ["Bülten"],
        "summary": "Ağustos ayındaki yayınlarımız, etkinliklerimiz ve basında biz.",
        "body": """
<p>Ağustos genellikle sakin geçer; bu yıl öyle olmadı. İşte bu ay
yayımladıklarımız ve bizi dinleyebileceğiniz yerler.</p>
<h2>Yayınlar</h2>
<ul>
<li>Analiz: Hazar feribot filosu ve Orta Koridor'un sınırları.</li>
<li>Yorum: AB'nin yeni genişleme yöntemi Gürcistan için ne anlama
geliyor?</li>
<li>Blog: Kars'taki yaz okulundan notlar.</li>
</ul>
<h2>Etkinlikler</h2>
<p>Bölgesel bağlantısallık yaz okulumuz dokuz ülkeden 28 genç araştırmacıyı
bir araya getirdi.</p>
""",
    },
    {
        "slug": "aylik-bulten-eylul-2026",
        "title": "Aylık Bülten — Eylül 2026",
        "language": "tr",
        "category": "bulten",
        "authors": ["deniz-arslan"],
        "published_at": "2026-10-01 09:00",
        "tags": ["Bülten"],
        "summary": "Eylül ayındaki yayınlarımız, etkinliklerimiz ve basında biz.",
        "body": """
<p>Eylül yeni akademik yılla birlikte yoğun bir programla geçti.</p>
<h2>Yayınlar</h2>
<ul>
<li>Rapor: Türkiye'de enerji depolama ve şebeke esnekliği.</li>
<li>Analiz: Amu Derya havzasında su paylaşımı.</li>
<li>Yorum: Ermenistan ile Azerbaycan arasındaki barış süreci, bir yıl
sonra.</li>
</ul>
<h2>Etkinlikler</h2>
<p>Altı ülkeden diplomatların katıldığı, Chatham House kuralıyla yürütülen bir
Karadeniz güvenliği yuvarlak masa toplantısına ev sahipliği yaptık.</p>
""",
    },
    {
        "slug": "aylik-bulten-ekim-2026",
        "title": "Aylık Bülten — Ekim 2026",
        "language": "tr",
        "category": "bulten",
        "authors": ["deniz-arslan"],
        "published_at": "2026-11-02 09:00",
        "tags": ["Bülten"],
        "summary": "Ekim ayındaki yayınlarımız, etkinliklerimiz ve basında biz.",
        "body": """
<p>Ekim, yıllık konferansımızın ayıydı.</p>
<h2>Yayınlar</h2>
<ul>
<li>Rapor: Düzensiz göç ve belediyelerin rolü.</li>
<li>Analiz: Türkiye'nin doğal gaz merkezi hedefi ve fiyat oluşumu.</li>
</ul>
<h2>Konferans</h2>
<p>“Parçalanan Bir Dünyada Bağlantısallık” başlıklı konferansımıza İstanbul'da
300'ü aşkın katılımcı geldi. Oturumların kayıtları talep üzerine
paylaşılabilir.</p>
<blockquote><p>“Koridorları mühendisler kadar gümrük memurları da inşa eder.”
— kapanış oturumundan</p></blockquote>
""",
    },
]
