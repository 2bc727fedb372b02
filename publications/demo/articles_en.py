"""English demo articles; see `data.py`."""

ARTICLES_EN = [
    {
        "slug": "middle-corridor-after-the-ukraine-war",
        "title": "The Middle Corridor after the Ukraine War: Promise and Bottlenecks",
        "language": "en",
        "category": "analiz",
        "authors": ["leyla-mammadova"],
        "published_at": "2024-02-14 09:30",
        "featured": True,
        "tags": ["Middle Corridor", "Connectivity", "Central Asia", "Trade"],
        "image": "Abstract cover in blue and copper tones with soft circles",
        "summary": (
            "Sanctions on Russia turned the Trans-Caspian route from a slogan "
            "into a necessity. Volumes have tripled, but ports, ferries and "
            "customs still cap what the corridor can carry."
        ),
        "body": """
<p>Until 2022 the Trans-Caspian International Transport Route, better known as the
Middle Corridor, was mostly a diplomatic talking point. Freight between China and
Europe went north, through Russia and Belarus, because it was cheaper, faster and
predictable. The war in Ukraine and the sanctions that followed changed the
calculation almost overnight.</p>
<h2>A route in demand</h2>
<p>Cargo volumes on the route roughly tripled in 2022 and kept growing in 2023.
Kazakh, Azerbaijani and Georgian railway companies announced joint tariffs, and
the European Union pledged investment under its Global Gateway
programme.[[European Commission, <em>Global Gateway: EU and Central Asia</em>,
January 2024.]] Yet the headline numbers hide how small the corridor still is:
its annual capacity is a fraction of what the northern route carried before the
war.</p>
<h2>Where the corridor narrows</h2>
<p>Three bottlenecks stand out:</p>
<ul>
<li>the Caspian crossing, where a limited fleet of ferries and feeder vessels
sets the pace for the whole route;</li>
<li>port capacity at Aktau, Kuryk and Alat, which is growing but unevenly;</li>
<li>border procedures, with paper documents still required at several
crossings.</li>
</ul>
<p>None of these is a reason to give up on the corridor. They are, however, a
reason to prefer unglamorous investments, such as shared digital customs
declarations and a bigger Caspian fleet, over new headline megaprojects.</p>
""",
    },
    {
        "slug": "armenia-azerbaijan-peace-treaty-unresolved-questions",
        "title": (
            "Armenia and Azerbaijan on the Road to a Peace Treaty: "
            "The Unresolved Questions"
        ),
        "language": "en",
        "category": "analiz",
        "authors": ["vasif-huseynov"],
        "published_at": "2025-09-10 11:00",
        "featured": True,
        "image": "Abstract cover of two overlapping circles on a dark gradient",
        "tags": ["Azerbaijan", "Armenia", "South Caucasus", "Peace process"],
        "summary": (
            "The text of a treaty is agreed, but constitutional questions, "
            "border delimitation and transit arrangements will decide whether "
            "peace holds."
        ),
        "body": """
<p>For the first time since independence, Armenia and Azerbaijan have an agreed
draft of a peace treaty. That is a real achievement, reached largely through
direct bilateral talks rather than through outside mediators. But an agreed text
is the beginning of a process, not its end.</p>
<h2>Three open files</h2>
<p>The first is constitutional. Baku insists that references in Armenia's
constitution which it reads as territorial claims must go before the treaty is
signed. Yerevan has signalled a new constitution, but a referendum is a
political gamble that the government cannot fully control.</p>
<p>The second is the border. Delimitation commissions have agreed a few sections
in the north, yet most of the roughly 1,000 kilometre line remains to be
drawn.[[Figures from the two governments' delimitation commissions, as reported
in their joint statements.]] The third is transit: how goods and people will
move between mainland Azerbaijan and Nakhchivan through Armenian territory, and
under whose control.</p>
<blockquote><p>A treaty that leaves these questions to later negotiations will
be signed with relief and implemented with suspicion.</p></blockquote>
<p>Turkey's normalisation with Armenia, running in parallel, gives both sides an
incentive to keep going. The opening of the Turkish–Armenian border would be the
clearest sign that the region is moving from ceasefire to settlement.</p>
""",
    },
    {
        "slug": "europe-gas-diversification-southern-gas-corridor",
        "title": "Europe's Gas Diversification and the Southern Gas Corridor",
        "language": "en",
        "category": "analiz",
        "authors": ["elif-yildirim", "orkhan-guliyev"],
        "published_at": "2023-12-12 10:15",
        "tags": ["Energy", "Natural gas", "European Union", "Azerbaijan"],
        "summary": (
            "Doubling Azerbaijani gas deliveries to Europe by 2027 is possible "
            "only with new upstream investment and long-term contracts that "
            "European buyers are reluctant to sign."
        ),
        "body": """
<p>In July 2022 the European Commission and Azerbaijan signed a memorandum to
double gas deliveries through the Southern Gas Corridor to at least 20 billion
cubic metres a year by 2027. The pipeline system from the Caspian to Italy was
built with expansion in mind, and compressor stations can lift capacity in
stages.</p>
<p>The constraint lies upstream. Shah Deniz, the field that feeds the corridor,
is close to its plateau, and new fields need investors who want long-term sales
contracts. European buyers, bound by climate targets that foresee falling gas
demand after 2030, prefer short contracts or none at all.</p>
<h2>Squaring the circle</h2>
<p>Three instruments could reconcile the two sides: contracts with declining
volumes, joint purchasing by European buyers, and a clear commitment to reduce
methane leaks along the chain. Each has precedents, and none requires Europe to
abandon its climate goals. What it requires is a decision, and the window for
that decision is closing.</p>
""",
    },
    {
        "slug": "nato-southern-flank-in-an-age-of-drones",
        "title": "NATO's Southern Flank in an Age of Drones",
        "language": "en",
        "category": "analiz",
        "authors": ["james-whitfield"],
        "status": "review",
        "tags": ["NATO", "Defence", "Drones", "Black Sea"],
        "summary": (
            "Cheap drones have changed the arithmetic of air defence; the "
            "alliance's southern members are adapting faster than its plans."
        ),
        "body": """
<p>Three years of war in Ukraine have shown that a drone costing a few thousand
dollars can force a defender to fire a missile worth a million. For NATO's
southern members, from Romania to Turkey, this is no longer a lesson observed
from afar.</p>
<h2>Cost-exchange and industry</h2>
<p>The answer lies partly in cheaper interceptors and electronic warfare, and
partly in industry. Turkey's drone manufacturers have become suppliers to half
the alliance, which gives Ankara new weight in NATO's capability planning.</p>
<p>The alliance's regional plans, written before this shift, still assume that
air superiority can be won early and held. That assumption deserves a hard
second look.</p>
""",
    },
    {
        "slug": "why-the-black-sea-grain-corridor-still-matters",
        "title": "Why the Black Sea Grain Corridor Still Matters",
        "language": "en",
        "category": "yorum",
        "authors": ["james-whitfield"],
        "published_at": "2023-12-28 08:45",
        "source": (
            "The Caspian Policy Review",
            "https://caspian-review.example/black-sea-grain-corridor",
            "2023-12-21",
        ),
        "tags": ["Black Sea", "Food security", "Ukraine", "Shipping"],
        "summary": (
            "The collapse of the UN-brokered deal did not end Ukrainian grain "
            "exports; a humanitarian corridor along the western Black Sea coast "
            "took its place."
        ),
        "body": """
<p>When Russia withdrew from the Black Sea Grain Initiative in July 2023, many
expected Ukrainian exports by sea to stop. They did not. Ships began to sail
along a corridor hugging the coasts of Romania and Bulgaria, inside NATO
members' territorial waters, and by the end of the year volumes were close to
their level under the deal.</p>
<p>The corridor depends on insurance, on mine clearance and on the quiet
cooperation of three littoral NATO states with Ukraine. Turkey's role, as the
guardian of the Straits, remains essential, even if it is less visible than it
was during the UN-brokered arrangement.</p>
<p>For importers in the Middle East and North Africa, this is not a footnote
to the war: it is the difference between stable and volatile bread
prices.</p>
""",
    },
    {
        "slug": "climate-finance-and-the-question-of-fairness",
        "title": "Climate Finance and the Question of Fairness",
        "language": "en",
        "category": "yorum",
        "authors": ["elif-yildirim"],
        "published_at": "2024-11-26 10:00",
        "translation_of": "iklim-finansmaninda-adalet-tartismasi",
        "source": (
            "Ekonomi Gündemi",
            "https://ekonomigundemi.example/iklim-finansmani-adalet",
            "2024-11-22",
        ),
        "tags": ["Climate", "Finance", "COP29"],
        "summary": (
            "The new climate finance goal is a number; whether it is fair "
            "depends on who pays, in what form and on what terms."
        ),
        "body": """
<p>Climate negotiations have always been about money as much as about
emissions. The new collective goal for climate finance replaces the 100 billion
dollar pledge of 2009, which was met late and with creative accounting.</p>
<p>Developing countries ask for grants and cheap loans; donors point to private
capital and to emerging economies that are now large emitters themselves. Both
have a point. A fair settlement would count only the grant equivalent of loans,
widen the group of contributors gradually, and make access simpler for the
poorest countries.</p>
<p>Middle-income countries like Turkey sit uncomfortably in between: eligible
for some support, expected to contribute to some funds, and in need of large
investments in their own energy transition.</p>
""",
    },
    {
        "slug": "sanctions-fatigue-in-the-south-caucasus",
        "title": "Sanctions Fatigue in the South Caucasus",
        "language": "en",
        "category": "yorum",
        "authors": ["vasif-huseynov"],
        "published_at": "2025-06-11 09:00",
        "tags": ["Sanctions", "Russia", "South Caucasus", "Trade"],
        "summary": (
            "Western capitals want the region to help enforce sanctions on "
            "Russia; the region's economies have grown on trade with it."
        ),
        "body": """
<p>Georgia, Armenia and Azerbaijan have each benefited, in different ways, from
the redirection of trade after 2022. Re-exports to Russia, relocated companies
and money transfers lifted growth rates across the region.</p>
<p>Western governments now press for stricter enforcement against the
circumvention of sanctions. Their demands are legitimate, but they meet
economies that have little to gain and much to lose from compliance, and
governments that see few rewards on offer from the West in return.</p>
<p>Enforcement would work better if it came with something tangible: trade
preferences, infrastructure finance or a faster path to European markets. Without
such offers, sanctions fatigue will keep growing.</p>
""",
    },
    {
        "slug": "by-train-from-kars-to-tbilisi",
        "title": "From a Researcher's Notebook: By Train from Kars to Tbilisi",
        "language": "en",
        "category": "blog",
        "authors": ["zeynep-koc"],
        "published_at": "2024-06-05 12:00",
        "translation_of": "kars-tan-tiflis-e-trenle",
        "tags": ["Railways", "Georgia", "Field notes"],
        "summary": (
            "The Baku–Tbilisi–Kars railway is a strategic project on paper. "
            "On board, it is a slow, friendly and very empty train."
        ),
        "body": """
<p>The station in Kars was almost deserted at seven in the morning. Our train,
a single passenger carriage attached to a freight service, left on time, which
the conductor noted with some pride.</p>
<p>The line climbs towards the Georgian border through high pasture. At
Akhalkalaki we changed gauge, or rather the carriage did: the bogies are
swapped while passengers wait with tea in a small hall. The whole operation
took just under two hours.</p>
<blockquote><p>“People come for the view, not for the speed,” the conductor
said.</p></blockquote>
<p>The railway matters for freight and for the Middle Corridor. As a passenger
route, it is still a well-kept secret.</p>
""",
    },
    {
        "slug": "five-datasets-every-energy-analyst-should-know",
        "title": "Five Datasets Every Energy Analyst Should Know",
        "language": "en",
        "category": "blog",
        "authors": ["elif-yildirim"],
        "published_at": "2025-01-22 14:00",
        "tags": ["Energy", "Data", "Methods"],
        "summary": (
            "Good analysis starts with good numbers. These open datasets cover "
            "most questions about gas, oil and power in our region."
        ),
        "body": """
<p>Students and journalists often ask where our energy figures come from. Most
of them come from a handful of open sources, which anyone can use:</p>
<ol>
<li><strong>JODI Gas and Oil</strong> — monthly production, trade and stocks
reported by governments.</li>
<li><strong>ENTSOG Transparency Platform</strong> — daily gas flows at every
European interconnection point.</li>
<li><strong>EPİAŞ Transparency Platform</strong> — hourly Turkish electricity
prices and generation by source.</li>
<li><strong>Energy Institute Statistical Review</strong> — long annual series
for every country.</li>
<li><strong>UN Comtrade</strong> — trade by product and partner, useful for
LNG and coal.</li>
</ol>
<p>Each has its quirks: revisions, missing months and different units. Keep a
note of which release you used, and say so in your footnotes.[[Our own
convention is to cite the dataset, the release date and the date we downloaded
it.]]</p>
""",
    },
    {
        "slug": "reading-soviet-archives-in-baku",
        "title": "Reading Soviet Archives in Baku: A Practical Guide",
        "language": "en",
        "category": "blog",
        "authors": ["orkhan-guliyev"],
        "published_at": "2026-02-09 10:30",
        "tags": ["Archives", "Azerbaijan", "Methods"],
        "summary": (
            "What to request, how long it takes and why you should bring a "
            "pencil: notes from three months in the reading rooms."
        ),
        "body": """
<p>Azerbaijan's state archives hold a remarkable record of the Soviet period,
from oil industry planning to water allocation in the Kura basin. Getting to
them takes patience more than connections.</p>
<h2>Before you go</h2>
<ul>
<li>Apply for a reader's card with a letter from your institution.</li>
<li>Order finding aids in advance; many are only in Russian.</li>
<li>Plan for two to three days between an order and its delivery.</li>
</ul>
<h2>In the reading room</h2>
<p>Photography rules change from collection to collection, so ask each time.
Pencils only, and never rest a file on your notebook. The staff are generous
with advice if you show that you have done your homework.</p>
""",
    },
    {
        "slug": "turkey-azerbaijan-economic-relations-2024-review",
        "title": "Turkey–Azerbaijan Economic Relations: 2024 Review",
        "language": "en",
        "category": "rapor",
        "authors": ["selin-ozturk", "leyla-mammadova"],
        "published_at": "2025-03-03 10:00",
        "translation_of": "turkiye-azerbaycan-ekonomik-iliskileri-2024",
        "image": "Abstract cover with a warm gradient and overlapping circles",
        "tags": ["Azerbaijan", "Turkey", "Trade", "Investment"],
        "summary": (
            "Trade, investment and energy flows between Turkey and Azerbaijan "
            "in 2024, with recommendations for the new preferential trade "
            "agreement."
        ),
        "body": """
<p>Political ties between Turkey and Azerbaijan are famously close; economic
ties have grown more slowly. This report reviews trade, investment and energy
flows in 2024 and asks what would bring the economic relationship up to the
level of the political one.</p>
<h2>Key findings</h2>
<ul>
<li>Bilateral trade grew, but remains concentrated in a few product
groups.</li>
<li>Azerbaijani investment in Turkey, led by the petrochemical sector, still
exceeds Turkish investment in Azerbaijan.</li>
<li>Energy dominates: natural gas through TANAP and oil through the
Baku–Tbilisi–Ceyhan pipeline.[[Pipeline throughput from operators' annual
reports; trade figures from TÜİK and the State Statistical Committee of
Azerbaijan.]]</li>
</ul>
<h2>Recommendations</h2>
<p>Widen the preferential trade agreement to services, harmonise food safety
certificates, and use the Nakhchivan rail link, once built, to connect
industrial zones on both sides.</p>
""",
    },
    {
        "slug": "cyber-resilience-critical-infrastructure-black-sea",
        "title": (
            "Cyber Resilience of Critical Infrastructure in the Black Sea Region"
        ),
        "language": "en",
        "category": "rapor",
        "authors": ["james-whitfield", "mehmet-kaan-aydin"],
        "published_at": "2024-09-17 09:00",
        "featured": True,
        "image": "Abstract cover in dark green with thin diagonal lines",
        "tags": ["Cyber security", "Black Sea", "Critical infrastructure"],
        "summary": (
            "Ports, pipelines and power grids around the Black Sea face "
            "persistent cyber threats. A regional approach to resilience is "
            "overdue."
        ),
        "body": """
<p>Attacks on Ukraine's power grid have shown how cyber operations accompany
and amplify military ones. Around the Black Sea, ports, pipeline operators and
electricity companies report a steady rise in intrusion attempts.</p>
<h2>What we found</h2>
<p>Interviews with operators in four countries point to the same gaps:
outdated industrial control systems, a shortage of specialists and weak
information sharing across borders.</p>
<ul>
<li>Most operators share incident information only with their national
authorities.</li>
<li>Exercises rarely include neighbouring countries' operators.</li>
<li>Supply-chain risks in control software are poorly mapped.</li>
</ul>
<h2>Recommendations</h2>
<p>A regional information-sharing centre, joint exercises for operators of
cross-border infrastructure and common procurement standards would go a long
way, at modest cost.</p>
""",
    },
    {
        "slug": "monthly-bulletin-august-2026",
        "title": "Monthly Bulletin — August 2026",
        "language": "en",
        "category": "bulten",
        "authors": ["deniz-arslan"],
        "published_at": "2026-09-01 09:05",
        "translation_of": "aylik-bulten-agustos-2026",
        "tags": ["Bulletin"],
        "summary": "Our publications, events and media appearances in August.",
        "body": """
<p>August is usually quiet, but not this year. Here is what we published and
where you could hear us.</p>
<h2>Publications</h2>
<ul>
<li>Analysis: the Caspian ferry fleet and the limits of the Middle
Corridor.</li>
<li>Commentary: what the new EU enlargement methodology means for
Georgia.</li>
<li>Blog: a summer school report from Kars.</li>
</ul>
<h2>Events</h2>
<p>Our summer school on regional connectivity brought together 28 young
researchers from nine countries.</p>
""",
    },
    {
        "slug": "monthly-bulletin-september-2026",
        "title": "Monthly Bulletin — September 2026",
        "language": "en",
        "category": "bulten",
        "authors": ["deniz-arslan"],
        "published_at": "2026-10-01 09:05",
        "translation_of": "aylik-bulten-eylul-2026",
        "tags": ["Bulletin"],
        "summary": "Our publications, events and media appearances in September.",
        "body": """
<p>September brought a new academic year and a full programme.</p>
<h2>Publications</h2>
<ul>
<li>Report: energy storage and grid flexibility in Turkey.</li>
<li>Analysis: water allocation in the Amu Darya basin.</li>
<li>Commentary: the peace process between Armenia and Azerbaijan, one year
on.</li>
</ul>
<h2>Events</h2>
<p>We hosted a round table on Black Sea security with diplomats from six
countries, held under the Chatham House rule.</p>
""",
    },
    {
        "slug": "monthly-bulletin-october-2026",
        "title": "Monthly Bulletin — October 2026",
        "language": "en",
        "category": "bulten",
        "authors": ["deniz-arslan"],
        "published_at": "2026-11-02 09:05",
        "translation_of": "aylik-bulten-ekim-2026",
        "tags": ["Bulletin"],
        "summary": "Our publications, events and media appearances in October.",
        "body": """
<p>October was the month of our annual conference.</p>
<h2>Publications</h2>
<ul>
<li>Report: irregular migration and the role of municipalities.</li>
<li>Analysis: Turkey's gas hub ambitions and price formation.</li>
</ul>
<h2>Conference</h2>
<p>More than 300 participants attended “Connectivity in a Fragmented World” in
Istanbul. Recordings of the panels are available on request.</p>
<blockquote><p>“Corridors are built by customs officers as much as by
engineers.” — from the closing panel</p></blockquote>
""",
    },
]
