"""The demo site's content, written for Masthead.

The lead article retells the facts of the reference page (the 37th ASEAN–United States
Dialogue) in the project's own words; the only borrowed sentences are two short,
attributed quotations. Every other article is a clearly labelled sample.
"""

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from .pictures import Scene

PHNOM_PENH = ZoneInfo("Asia/Phnom_Penh")

# A body is a list of (block type, value): value is text for "paragraph" and "heading",
# (quotation, speaker, role) for "quote", (title, [facts]) for "fact_box", [items] for
# "bulleted_list" and "numbered_list", (title, [scene keys]) for "gallery", (caption,
# [rows], header row?) for "table", (text, attribution) for "pull_quote", an article's
# slug for "related_article", (title, [lines]) for "document" (a PDF drawn on load) and
# an EmbedLink for "embed".
Body = list[tuple[str, str | tuple | list]]


@dataclass(frozen=True)
class EmbedLink:
    """A provider's post as an editor's save would have read it: the demo loads it without
    asking the provider, its preview picture drawn like the others (EMBED_PICTURES)."""

    url: str
    provider: str
    title: str
    author_name: str
    picture: str  # a key of EMBED_PICTURES


@dataclass(frozen=True)
class DemoAuthor:
    slug: str
    name: str
    role: str
    bio: str
    is_organisation: bool = False  # a staff byline, not a person


@dataclass(frozen=True)
class DemoSection:
    slug: str
    title: str
    intro: str


@dataclass(frozen=True)
class DemoArticle:
    section: str
    slug: str
    headline: str
    dek: str
    dateline: str
    published: datetime
    authors: list[str]
    tags: list[str]
    body: Body = field(default_factory=list)


SITE_NAME = "Masthead"
TAGLINE = "Regional affairs, reported plainly: a demo newsroom"
SOCIAL_PROFILES = {
    "telegram_url": "https://t.me/masthead_demo",
    "youtube_url": "https://www.youtube.com/@masthead_demo",
    "instagram_url": "https://www.instagram.com/masthead_demo/",
    "facebook_url": "https://www.facebook.com/masthead.demo",
    "x_url": "https://x.com/masthead_demo",
    "linkedin_url": "https://www.linkedin.com/company/masthead-demo/",
}

AUTHORS = [
    DemoAuthor(
        "newsroom-staff",
        "Masthead newsroom",
        "Staff",
        "Reporting by the demo newsroom's regional desk.",
        is_organisation=True,
    ),
    DemoAuthor(
        "sample-writer",
        "Sample Writer",
        "Demo correspondent",
        "A made-up byline for the sample articles that ship with Masthead.",
    ),
]

SECTIONS = [
    DemoSection("world", "World", "Diplomacy and regional affairs."),
    DemoSection("economy", "Economy", "Trade, investment and the cost of living."),
    DemoSection("technology", "Technology", "The digital economy and the people it touches."),
    DemoSection("culture", "Culture", "Heritage, the arts and everyday life."),
]

SAMPLE_NOTE = (
    "This is a sample article that ships with Masthead's demo site, to show how "
    "listings and pages look. Edit it or delete it in the admin."
)

LEAD_ARTICLE = DemoArticle(
    section="world",
    slug="asean-us-dialogue-siem-reap-2025",
    headline=(
        "ASEAN and the United States close their 37th dialogue in Siem Reap "
        "with trade, security and tech in focus"
    ),
    dek=(
        "Two days of talks co-chaired by Sean O'Neill and Kung Phoak ended on 22 April 2025 "
        "with pledges on investment, freedom of navigation, the digital economy and Myanmar."
    ),
    dateline="Siem Reap",
    published=datetime(2025, 4, 22, 17, 0, tzinfo=PHNOM_PENH),
    authors=["newsroom-staff"],
    tags=["ASEAN", "United States", "Cambodia", "Diplomacy", "Trade"],
    body=[
        (
            "paragraph",
            "Senior officials of the United States and the Association of Southeast Asian "
            "Nations (ASEAN) wrapped up their 37th annual dialogue in Siem Reap on 22 April "
            "2025, calling it a new milestone in a relationship now close to fifty years old.",
        ),
        (
            "paragraph",
            "The meeting ran for two days under two co-chairs: Sean O'Neill, Senior Minister "
            "for East Asian and Pacific Affairs, for Washington, and Kung Phoak, Cambodia's "
            "Secretary of State, for the ASEAN side. Its purpose was to move forward the "
            "comprehensive strategic partnership the two sides have signed up to.",
        ),
        (
            "fact_box",
            (
                "The dialogue in brief",
                [
                    "Meeting: the 37th ASEAN–United States Dialogue",
                    "Place: Siem Reap, Cambodia",
                    "Ended: 22 April 2025, after two days",
                    "Co-chairs: Sean O'Neill (United States) and Kung Phoak (Cambodia)",
                ],
            ),
        ),
        ("heading", "Key outcomes and discussions"),
        (
            "paragraph",
            "Washington presented itself as the largest source of foreign direct investment "
            "in the region. Its delegation said President Donald Trump wants trade with ASEAN "
            "to be fairer and more reciprocal, a message delivered while the region is still "
            "weighing recent U.S. tariffs on its exports. The unease those tariffs have caused "
            "took up much of the session, and both sides said economic ties must benefit both.",
        ),
        ("heading", "Regional security and geopolitics"),
        (
            "paragraph",
            "Both delegations named a free and open Indo-Pacific as a shared priority. They "
            "stressed freedom of navigation and overflight in the East Sea, with the maritime "
            "disputes of the South China Sea in mind, and the United States asked for closer "
            "cooperation against external aggression and in support of regional stability.",
        ),
        ("heading", "Digital economy and emerging technologies"),
        (
            "paragraph",
            "Work on the ASEAN Digital Economy Framework Agreement (DEFA) was at the centre of "
            "the technology talks. The two sides also agreed to do more against transnational "
            "crime, from online fraud to drug trafficking, and to work together more closely "
            "on cybersecurity.",
        ),
        ("heading", "Crisis in Myanmar"),
        (
            "paragraph",
            "The United States again urged Myanmar's military rulers to stop the violence, "
            "free political prisoners and let humanitarian aid through without obstruction, "
            "as ASEAN's Five-Point Consensus asks. It said it would keep backing ASEAN's "
            "efforts to bring democracy back to Myanmar.",
        ),
        ("heading", "Bilateral commitments"),
        (
            "paragraph",
            "On the margins of the meeting, Thai officials put forward closer economic "
            "cooperation in the digital field, and ASEAN restated its commitment to a "
            "constructive dialogue with Washington on trade and investment.",
        ),
        ("heading", "Statements"),
        (
            "paragraph",
            "The two co-chairs set out their positions in their closing remarks.",
        ),
        (
            "quote",
            (
                "President Trump's priorities are clear. We will pursue a foreign policy that "
                "will make America safer, stronger and more prosperous.",
                "Sean O'Neill",
                "Senior Minister for East Asian and Pacific Affairs, U.S. co-chair",
            ),
        ),
        (
            "quote",
            (
                "Mutually beneficial cooperation.",
                "Kung Phoak",
                "Secretary of State of Cambodia, ASEAN co-chair",
            ),
        ),
        (
            "paragraph",
            "Kung Phoak used the phrase to call for deeper engagement between the two sides.",
        ),
        ("heading", "Outlook"),
        (
            "paragraph",
            "Both delegations left Siem Reap sounding optimistic about the partnership, and "
            "named economic development, security and digital innovation as the fields where "
            "they expect it to grow.",
        ),
    ],
)


def sample(
    section: str,
    slug: str,
    headline: str,
    dek: str,
    dateline: str,
    day: int,
    tags: list[str],
    paragraphs: list[str],
    heading: str = "",
) -> DemoArticle:
    body: Body = [("paragraph", SAMPLE_NOTE)]
    body += [("paragraph", text) for text in paragraphs[:1]]
    if heading:
        body.append(("heading", heading))
    body += [("paragraph", text) for text in paragraphs[1:]]
    return DemoArticle(
        section=section,
        slug=slug,
        headline=f"Sample: {headline}",
        dek=dek,
        dateline=dateline,
        published=datetime(2025, 4, day, 9, 0, tzinfo=PHNOM_PENH),
        authors=["sample-writer"],
        tags=["Sample", *tags],
        body=body,
    )


SAMPLE_ARTICLES = [
    sample(
        "world",
        "sample-ministers-plan-autumn-meeting",
        "Foreign ministers plan to meet again in the autumn",
        "A made-up follow-up story: officials sketch the calendar after the spring talks.",
        "Phnom Penh",
        21,
        ["Diplomacy"],
        [
            "Officials from several capitals said they would use the coming months to turn "
            "spring commitments into written plans.",
            "A date and a venue are expected to be announced before the end of the summer.",
        ],
        heading="What comes next",
    ),
    sample(
        "economy",
        "sample-small-exporters-weigh-tariffs",
        "Small exporters weigh the cost of new tariffs",
        "A made-up feature: family firms describe how they price goods for distant markets.",
        "Bangkok",
        20,
        ["Trade"],
        [
            "Owners of small export businesses say they plan month by month when duties change.",
            "Several said they were looking for buyers closer to home to spread the risk.",
        ],
        heading="Looking closer to home",
    ),
    sample(
        "economy",
        "sample-port-city-freight-budget",
        "A port city budgets for higher freight costs",
        "A made-up report on how a city council plans when shipping rates swing.",
        "Sihanoukville",
        18,
        ["Shipping"],
        [
            "Council members approved a reserve fund meant to smooth sudden rises in costs.",
            "The fund will be reviewed every quarter, with figures published online.",
        ],
    ),
    sample(
        "technology",
        "sample-two-factor-sign-in-guide",
        "A reader's guide to two-factor sign-in",
        "A made-up explainer: why a second step at sign-in stops most account takeovers.",
        "Kuala Lumpur",
        17,
        ["Cybersecurity"],
        [
            "A password alone is easy to steal; a second factor on a phone or a key is not.",
            "Most banks and e-mail services now offer it in their security settings.",
        ],
        heading="Where to switch it on",
    ),
    sample(
        "technology",
        "sample-online-shops-digital-agreement",
        "What a regional digital agreement could mean for online shops",
        "A made-up analysis of common rules for e-commerce across borders.",
        "Jakarta",
        16,
        ["Digital economy"],
        [
            "Shared rules on e-invoices and consumer protection could cut paperwork for sellers.",
            "Shop owners interviewed for this sample said clarity mattered more than speed.",
        ],
    ),
    sample(
        "culture",
        "sample-temple-conservation-rainy-season",
        "Conservation teams prepare temples for the rainy season",
        "A made-up feature on the drainage work that protects old stone.",
        "Siem Reap",
        15,
        ["Heritage"],
        [
            "Crews clear channels and check roofs before the first heavy rains arrive.",
            "Visitors may find some paths closed for a few days while the work goes on.",
        ],
        heading="Paths and closures",
    ),
    sample(
        "culture",
        "sample-shadow-puppet-weekend",
        "A weekend of shadow puppetry",
        "A made-up listing: a troupe performs the old stories for a new audience.",
        "Battambang",
        14,
        ["Arts"],
        [
            "Performances start after dark, with the puppets cut from leather and lit by fire.",
            "Tickets are free for children, and the troupe holds a workshop on Sunday morning.",
        ],
    ),
]


NEWSLETTERS = [
    {
        "slug": "daily-briefing",
        "name": "Daily briefing",
        "description": "Every morning at seven, the day's articles in one message.",
        "kind": "daily",
        "send_hour": 7,
    },
    {
        "slug": "breaking-news",
        "name": "Breaking news",
        "description": "The stories that cannot wait, as the editors send them.",
        "kind": "articles",
    },
]
# Every article's featured picture, by slug, drawn when the demo loads (pictures.py).
PICTURES = {
    "asean-us-dialogue-siem-reap-2025": Scene(
        "siem-reap",
        "dawn",
        "green",
        "temple",
        "Drawing of a stepped stone temple with three towers among green hills at dawn.",
        "Siem Reap, where the 37th dialogue met, in a drawing made for the demo.",
        seed=3,
    ),
    "sample-ministers-plan-autumn-meeting": Scene(
        "capital",
        "dusk",
        "blue",
        "skyline",
        "Drawing of a city skyline with lit windows under an orange and purple dusk sky.",
        "A capital at dusk (sample picture).",
        seed=5,
    ),
    "sample-small-exporters-weigh-tariffs": Scene(
        "exporters",
        "noon",
        "ochre",
        "port",
        "Drawing of stacked red, blue and yellow shipping containers beside a crane.",
        "Containers wait on a quay (sample picture).",
        seed=7,
    ),
    "sample-port-city-freight-budget": Scene(
        "port",
        "dawn",
        "blue",
        "port",
        "Drawing of a container quay and a crane at dawn, with blue hills behind.",
        "A port city at first light (sample picture).",
        seed=11,
    ),
    "sample-two-factor-sign-in-guide": Scene(
        "network",
        "noon",
        "blue",
        "skyline",
        "Drawing of office towers under a clear blue midday sky.",
        "Offices where most sign-ins happen (sample picture).",
        seed=13,
    ),
    "sample-online-shops-digital-agreement": Scene(
        "shops",
        "dusk",
        "ochre",
        "skyline",
        "Drawing of a row of low buildings with lit windows at dusk.",
        "A shopping street after work (sample picture).",
        seed=17,
    ),
    "sample-temple-conservation-rainy-season": Scene(
        "temple-rain",
        "storm",
        "green",
        "temple",
        "Drawing of a stone temple under a grey storm sky with green hills.",
        "Storm clouds over the temples (sample picture).",
        seed=19,
    ),
    "sample-shadow-puppet-weekend": Scene(
        "evening",
        "dusk",
        "green",
        "hills",
        "Drawing of rolling green hills under an orange evening sky with a pale sun.",
        "Evening falls before the show (sample picture).",
        seed=23,
    ),
}

# The gallery of the temple-conservation sample.
GALLERY_PICTURES = [
    Scene(
        "gallery-channels",
        "storm",
        "green",
        "rain",
        "Drawing of heavy rain falling on green hills under a grey sky.",
        "The first heavy rain of the season (sample picture).",
        seed=29,
    ),
    Scene(
        "gallery-roofs",
        "noon",
        "green",
        "temple",
        "Drawing of a stepped stone temple with three towers under a blue sky.",
        "Roofs checked before the rains (sample picture).",
        seed=31,
    ),
    Scene(
        "gallery-paths",
        "dawn",
        "ochre",
        "hills",
        "Drawing of ochre hills at dawn with a large pale sun.",
        "Paths reopen after the work (sample picture).",
        seed=37,
    ),
    Scene(
        "gallery-evening",
        "dusk",
        "green",
        "temple",
        "Drawing of a temple silhouette against a purple and orange dusk sky.",
        "The site at closing time (sample picture).",
        seed=41,
    ),
]

# Blocks the samples show after their text: every kind of body block appears once.
EXTRA_BLOCKS: dict[str, Body] = {
    "sample-temple-conservation-rainy-season": [
        ("gallery", ("Before the rains", [scene.key for scene in GALLERY_PICTURES])),
    ],
    "sample-two-factor-sign-in-guide": [
        (
            "numbered_list",
            [
                "Open your account's security settings.",
                "Choose an authenticator app or a security key.",
                "Scan the code or touch the key, then save the backup codes.",
            ],
        ),
        ("bulleted_list", ["E-mail", "Banking", "Social networks"]),
    ],
    "sample-port-city-freight-budget": [
        ("pull_quote", ("The fund will be reviewed every quarter.", "The city council")),
        (
            "table",
            (
                "Sample reserve fund, in thousands (made-up figures)",
                [
                    ["Quarter", "Paid in", "Paid out"],
                    ["First", "120", "40"],
                    ["Second", "120", "95"],
                    ["Third", "150", "60"],
                ],
            ),
        ),
        (
            "document",
            (
                "The sample budget summary",
                ["Reserve fund: 390 paid in", "Paid out: 195", "Review: every quarter"],
            ),
        ),
    ],
    "sample-ministers-plan-autumn-meeting": [
        ("related_article", "asean-us-dialogue-siem-reap-2025"),
    ],
    "sample-shadow-puppet-weekend": [
        (
            "paragraph",
            "A sample embed: the video stays on its provider's site until a reader "
            "chooses to load it.",
        ),
        (
            "embed",
            EmbedLink(
                url="https://www.youtube.com/watch?v=jNQXAC9IVRw",
                provider="youtube",
                title="Me at the zoo",
                author_name="jawed",
                picture="embed-zoo",
            ),
        ),
    ],
}

# The local preview pictures of the demo's embeds (readers see no provider's thumbnail).
EMBED_PICTURES = [
    Scene(
        "embed-zoo",
        "noon",
        "green",
        "hills",
        "Drawing of green hills under a clear midday sky.",
        "A sample video's preview picture.",
        seed=43,
    ),
]
