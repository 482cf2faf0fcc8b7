"""Content of the Heartbeat demo data: the nine portfolios and fifty projects.

Demo data, shown as such in the portal. Portfolio names, targets and dates follow
reference/business-plan.md; lead officers, projects and their details are invented
for the demo and are editable in the portal. A project's texts name no year: the
demo lays its dates out around the day it is seeded.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoPortfolio:
    rank: int
    name: str
    slug: str
    summary: str
    lead_officer: str
    objectives: tuple[str, ...]


@dataclass(frozen=True)
class DemoProject:
    portfolio: str
    name: str
    kind: str
    headline: str  # the pack's one line, written for it
    summary: str
    problem: str
    outcome: str
    objectives: tuple[str, ...]
    roles: tuple[str, ...]
    funding: int = 0


PORTFOLIOS: tuple[DemoPortfolio, ...] = (
    DemoPortfolio(
        rank=1,
        name="Modern Workplace",
        slug="modern-workplace",
        summary=(
            "Leadership, skills, tools and collaboration for the modern workplace, so "
            "council staff can work together across organisational boundaries. Its "
            "headline target is half of Scotland's councils federated on Office 365 by "
            "2021; 13 organisations were federating by December 2020."
        ),
        lead_officer="Fiona Sinclair",
        objectives=("shaping", "building-capabilities", "scaling"),
    ),
    DemoPortfolio(
        rank=2,
        name="Driven By Data",
        slug="driven-by-data",
        summary=(
            "Helps councils treat data as a shared asset: better evidence for "
            "decisions, common standards and the skills to analyse and share. It "
            "brings together a data task force of senior officers and communities of "
            "data practitioners across the sector."
        ),
        lead_officer="Ruaridh Mackenzie",
        objectives=("scoping", "shaping", "building-capabilities"),
    ),
    DemoPortfolio(
        rank=3,
        name="Digital Telecare",
        slug="digital-telecare",
        summary=(
            "Supports councils and their health and social care partners to move "
            "telecare from analogue to digital before the telephone network goes fully "
            "digital. Targets: at least 1,000 digital telecare units in use by 2021, "
            "and staged awards for services at Gold 1 (20% of users migrated), Gold 2 "
            "(40%) and Platinum (80% sustained for 9 months)."
        ),
        lead_officer="Kirsty Drummond",
        objectives=("shifting", "building-capabilities", "scaling"),
    ),
    DemoPortfolio(
        rank=4,
        name="Supply Chain and Procurement",
        slug="supply-chain-and-procurement",
        summary=(
            "Gives councils a shared view of their IT contracts so they can time "
            "renewals, buy together and stop paying separately for the same products. "
            "It works alongside Scotland Excel and existing national frameworks rather "
            "than duplicating them."
        ),
        lead_officer="Graeme Paterson",
        objectives=("scoping", "scaling"),
    ),
    DemoPortfolio(
        rank=5,
        name="Digital Leadership",
        slug="digital-leadership",
        summary=(
            "Builds the leadership that digital change needs, from chief executives "
            "and senior managers to elected members. Its digital maturity assessment "
            "had covered 18 of the 32 councils by late 2020, with a target of all 32 "
            "by October 2021."
        ),
        lead_officer="Shona Robertson",
        objectives=("scoping", "shaping", "building-capabilities"),
    ),
    DemoPortfolio(
        rank=6,
        name="Service Design and Innovation",
        slug="service-design-and-innovation",
        summary=(
            "Helps councils design services around the people who use them, following "
            "the Scottish Approach to Service Design, and opens council challenges to "
            "innovative businesses. Its Open Innovation Programme with Scottish "
            "Enterprise was the first project to recruit through a Heartbeat Marketing "
            "Pack."
        ),
        lead_officer="Alasdair Munro",
        objectives=("shaping", "shifting", "building-capabilities"),
    ),
    DemoPortfolio(
        rank=7,
        name="Technical Assurance and Architecture",
        slug="technical-assurance-and-architecture",
        summary=(
            "Sets common technical standards and offers peer assurance, so shared "
            "solutions fit together and councils invest with confidence. With SOCITM "
            "Scotland it runs a Digital Design Board and develops options for the "
            "future operating model of council IT."
        ),
        lead_officer="Catriona Baird",
        objectives=("shaping", "scaling"),
    ),
    DemoPortfolio(
        rank=8,
        name="Cyber Security",
        slug="cyber-security",
        summary=(
            "Strengthens councils' defences against cyber attack and their ability to "
            "recover when one gets through. The work covers a shared cyber maturity "
            "model, Cyber Essentials certification, active cyber defence services and "
            "incident exercises."
        ),
        lead_officer="Euan Gillespie",
        objectives=("shaping", "building-capabilities", "scaling"),
    ),
    DemoPortfolio(
        rank=9,
        name="Emerging Technology",
        slug="emerging-technology",
        summary=(
            "Tests new technologies on real council problems before anyone invests at "
            "scale, and shares what worked and what did not. Current work covers "
            "robotic process automation, artificial intelligence for customer contact "
            "and Internet of Things sensors."
        ),
        lead_officer="Mhairi Kerr",
        objectives=("scoping", "shaping", "scaling"),
    ),
)

PROJECTS: tuple[DemoProject, ...] = (
    # Modern Workplace
    DemoProject(
        portfolio="modern-workplace",
        name="Office 365 Federation",
        headline=(
            "Find, chat with and call colleagues in any federated council as easily "
            "as your own."
        ),
        kind="technology",
        summary=(
            "Connects councils' Microsoft 365 tenants so that staff can find each "
            "other, see presence, chat, call and share files across council "
            "boundaries."
        ),
        problem=(
            "Officers on joint projects fall back on email attachments and personal "
            "accounts, because each council's directory and Teams stop at its own "
            "boundary."
        ),
        outcome=(
            "Half of Scotland's councils federated within two years of the start, "
            "with directory search, presence and guest access tested between every "
            "pair of federated councils."
        ),
        objectives=("scaling", "shaping"),
        roles=(
            "Technical architect",
            "Information security officer",
            "Project manager",
        ),
        funding=120_000,
    ),
    DemoProject(
        portfolio="modern-workplace",
        name="Everyday Digital Skills Framework",
        headline=(
            "One skills framework and one self-assessment, so every council can see "
            "where its staff need help."
        ),
        kind="new_ways",
        summary=(
            "Agrees a common framework of everyday digital skills for council staff, "
            "with a short self-assessment any council can run."
        ),
        problem=(
            "Each council commissions its own skills survey and courses, so nobody can "
            "compare results or see where staff across the sector need most help."
        ),
        outcome=(
            "The framework and self-assessment in use in at least ten councils, with "
            "results used to target training at the teams that need it."
        ),
        objectives=("building-capabilities", "scoping"),
        roles=("Trainer", "User researcher", "Communications officer"),
        funding=25_000,
    ),
    DemoProject(
        portfolio="modern-workplace",
        name="Teams Adoption Playbook",
        headline=(
            "Learn from the councils that rolled out Teams first, before you "
            "consolidate yours."
        ),
        kind="influence",
        summary=(
            "Gathers what councils learned rolling out Microsoft Teams at speed and "
            "turns it into a playbook for councils still consolidating."
        ),
        problem=(
            "Teams arrived in weeks in many councils, leaving sprawling sites, unclear "
            "ownership and staff unsure which tool to use for what."
        ),
        outcome=(
            "A playbook on governance, naming, ownership and training, used by at "
            "least eight councils to tidy their Teams estate."
        ),
        objectives=("building-capabilities",),
        roles=("Trainer", "Communications officer"),
    ),
    DemoProject(
        portfolio="modern-workplace",
        name="Records and Retention in Microsoft 365",
        headline=(
            "Shared retention labels and file plans: records in Microsoft 365 kept "
            "for as long as they should be, no longer."
        ),
        kind="new_ways",
        summary=(
            "Produces shared retention labels, file plans and guidance so council "
            "records kept in Microsoft 365 follow agreed retention schedules."
        ),
        problem=(
            "Documents now live in Teams chats and OneDrive as well as file shares, "
            "and records managers cannot apply retention rules consistently across "
            "them."
        ),
        outcome=(
            "A common set of retention labels adopted by participating councils, with "
            "the share of content under a retention policy reported each quarter."
        ),
        objectives=("shaping", "building-capabilities"),
        roles=("Records manager", "Information security officer", "Business analyst"),
    ),
    DemoProject(
        portfolio="modern-workplace",
        name="Hybrid Council Meetings",
        headline=(
            "Council meetings that work as well for those online as for those in "
            "the chamber."
        ),
        kind="redesign",
        summary=(
            "Redesigns how council and committee meetings run when members, officers "
            "and the public take part both in the chamber and online."
        ),
        problem=(
            "Councils improvised remote meetings with mixed results: members dropping "
            "out of votes, patchy webcasts and clerks juggling several tools at once."
        ),
        outcome=(
            "A tested meeting model and equipment guide used in six councils, with "
            "fewer adjournments for technical problems and every public meeting "
            "webcast."
        ),
        objectives=("shifting", "scaling"),
        roles=("Service designer", "Project manager", "Technical architect"),
        funding=40_000,
    ),
    DemoProject(
        portfolio="modern-workplace",
        name="Teams Telephony Migration",
        headline=(
            "Retire ageing phone systems together and move your calls to Teams by "
            "one tested route."
        ),
        kind="technology",
        summary=(
            "Moves council desk phones and contact lines from ageing on-site phone "
            "systems to calling through Microsoft Teams, using a jointly procured "
            "route."
        ),
        problem=(
            "Many councils' phone systems are near end of support, and each was "
            "planning a separate replacement with its own supplier and direct routing "
            "design."
        ),
        outcome=(
            "Telephony moved to Teams in the first cohort of councils, with running "
            "costs compared before and after, and call quality monitored for a year."
        ),
        objectives=("scaling",),
        roles=("Technical architect", "Procurement officer", "Project manager"),
        funding=350_000,
    ),
    # Driven By Data
    DemoProject(
        portfolio="driven-by-data",
        name="Data Task Force",
        headline=(
            "Help set local government's data priorities and speak for councils in "
            "national data work."
        ),
        kind="influence",
        summary=(
            "A group of senior council officers that sets priorities for data work "
            "across local government and represents councils in national data "
            "discussions."
        ),
        problem=(
            "Councils had no single voice on data, and each answered the same requests "
            "from national bodies separately and in different formats."
        ),
        outcome=(
            "A sector data strategy agreed by the task force and a ranked list of "
            "shared data projects, reviewed every year."
        ),
        objectives=("scoping", "shaping"),
        roles=("Data analyst", "Business analyst"),
    ),
    DemoProject(
        portfolio="driven-by-data",
        name="Data Communities of Practice",
        headline=(
            "Meet the analysts, GIS officers and data protection leads solving the "
            "same problems as you."
        ),
        kind="influence",
        summary=(
            "Regular meet-ups and an online space where council analysts, GIS officers "
            "and data protection leads share methods, code and lessons."
        ),
        problem=(
            "Many council analysts work alone or in very small teams and rebuild "
            "dashboards and scripts that colleagues elsewhere have already written."
        ),
        outcome=(
            "Active communities in at least three disciplines, and a shared library of "
            "queries, templates and dashboards reused by other councils."
        ),
        objectives=("building-capabilities",),
        roles=("Data analyst", "Communications officer"),
    ),
    DemoProject(
        portfolio="driven-by-data",
        name="Data Skills Academy",
        headline=(
            "A training pathway in data, from literacy for managers to analytics "
            "for specialists, built by councils."
        ),
        kind="new_ways",
        summary=(
            "A training pathway from data literacy for managers to advanced analytics "
            "for specialists, designed and delivered jointly by councils."
        ),
        problem=(
            "Councils struggle to recruit analysts and have few routes for existing "
            "staff to build data skills on the job."
        ),
        outcome=(
            "200 council staff complete at least one module in the first year, and 20 "
            "finish the advanced analytics pathway."
        ),
        objectives=("building-capabilities",),
        roles=("Trainer", "Data analyst"),
        funding=60_000,
    ),
    DemoProject(
        portfolio="driven-by-data",
        name="Open Data Schemas for Councils",
        headline=(
            "Publish your data once in a shape everyone uses: common schemas for "
            "the datasets councils are asked for most."
        ),
        kind="new_ways",
        summary=(
            "Agrees common schemas for datasets councils are often asked to publish, "
            "such as planning applications, bin collection days and public toilets."
        ),
        problem=(
            "The same dataset is published in many different shapes, so nobody can "
            "build a national view or a service on top of it."
        ),
        outcome=(
            "Schemas agreed for five datasets and adopted by at least twelve councils, "
            "with publication checked automatically against each schema."
        ),
        objectives=("shaping", "scaling"),
        roles=("Data analyst", "Developer"),
    ),
    DemoProject(
        portfolio="driven-by-data",
        name="Rent Arrears Early Intervention",
        headline=(
            "Reach tenants before arrears build up, by reading housing, benefits "
            "and council tax data together."
        ),
        kind="redesign",
        summary=(
            "Uses housing, benefits and council tax data together to contact tenants "
            "at risk of rent arrears before debts build up."
        ),
        problem=(
            "Tenants often come to the council's attention only when arrears are "
            "large, by which time eviction action is hard to avoid."
        ),
        outcome=(
            "Pilot councils contact at-risk tenants weeks earlier, with the number of "
            "tenancies reaching formal arrears action tracked against the year before."
        ),
        objectives=("shifting", "shaping"),
        roles=("Data analyst", "Service designer", "Information security officer"),
        funding=50_000,
    ),
    DemoProject(
        portfolio="driven-by-data",
        name="Shared Analytics Platform",
        headline=(
            "One cloud analytics platform for councils, instead of thirty-two "
            "bought separately."
        ),
        kind="technology",
        summary=(
            "A cloud analytics environment where councils can store, model and publish "
            "data with common tools instead of each buying their own."
        ),
        problem=(
            "Smaller councils cannot justify a full analytics stack, so much of their "
            "data sits in spreadsheets and service systems that are hard to combine."
        ),
        outcome=(
            "The platform live for a first cohort of six councils, each with at least "
            "two services reporting from it."
        ),
        objectives=("scaling", "shaping"),
        roles=("Technical architect", "Data analyst", "Information security officer"),
        funding=250_000,
    ),
    # Digital Telecare
    DemoProject(
        portfolio="digital-telecare",
        name="Analogue to Digital Telecare Transition",
        headline=(
            "Move every telecare alarm to digital before the telephone network "
            "switches off analogue lines."
        ),
        kind="technology",
        summary=(
            "Replaces analogue alarm units in people's homes with digital units that "
            "communicate over IP and mobile networks."
        ),
        problem=(
            "Analogue alarms grow less reliable as the telephone network goes digital, "
            "with calls failing or delayed just when someone has fallen."
        ),
        outcome=(
            "At least 1,000 digital telecare units in use before the project closes, "
            "each tested end to end from the home to the alarm receiving centre."
        ),
        objectives=("scaling", "shifting"),
        roles=("Telecare service manager", "Project manager", "Technical architect"),
        funding=300_000,
    ),
    DemoProject(
        portfolio="digital-telecare",
        name="Digital Alarm Receiving Centre Procurement",
        headline=(
            "Buy a digital-ready alarm receiving centre platform together, at a "
            "better price and lower risk."
        ),
        kind="technology",
        summary=(
            "Jointly procures digital-ready platforms for the alarm receiving centres "
            "that councils run for their own telecare calls."
        ),
        problem=(
            "Several alarm receiving centres run platforms that cannot take digital "
            "alarm protocols, and each council would otherwise have to tender alone."
        ),
        outcome=(
            "A call-off route open to every council, with the first two alarm "
            "receiving centres taking digital calls on the new platform."
        ),
        objectives=("scaling",),
        roles=(
            "Procurement officer",
            "Telecare service manager",
            "Technical architect",
        ),
        funding=180_000,
    ),
    DemoProject(
        portfolio="digital-telecare",
        name="Alarm Receiving Centre Mutual Aid",
        headline=(
            "When your alarm receiving centre is down or overwhelmed, another "
            "council takes the calls."
        ),
        kind="new_ways",
        summary=(
            "Sets up arrangements for alarm receiving centres to take each other's "
            "calls during outages and peaks."
        ),
        problem=(
            "An outage at one centre can leave thousands of people without a response, "
            "and few councils have tested what would happen."
        ),
        outcome=(
            "Signed mutual aid agreements between at least four centres, with failover "
            "tested twice a year."
        ),
        objectives=("building-capabilities", "scaling"),
        roles=("Telecare service manager", "Business analyst"),
    ),
    DemoProject(
        portfolio="digital-telecare",
        name="Digital Telecare Awards Peer Support",
        headline=(
            "Reach Gold and Platinum sooner with help from the telecare services "
            "that already have."
        ),
        kind="influence",
        summary=(
            "Helps telecare services work towards the Gold 1, Gold 2 and Platinum "
            "awards by sharing evidence, plans and lessons with peers further ahead."
        ),
        problem=(
            "Services found it hard to measure migration progress consistently and to "
            "learn from councils that had already moved users."
        ),
        outcome=(
            "Every participating service reports its share of users migrated each "
            "quarter, and at least eight services reach Gold 1 (20%)."
        ),
        objectives=("building-capabilities",),
        roles=("Telecare service manager", "Data analyst"),
    ),
    DemoProject(
        portfolio="digital-telecare",
        name="Telecare Referral to Installation Journey",
        headline=(
            "From referral to a working alarm in days, redesigned with the people "
            "who use telecare and their carers."
        ),
        kind="redesign",
        summary=(
            "Redesigns the journey from referral to a working alarm with the people "
            "who use telecare and their carers."
        ),
        problem=(
            "People can wait weeks between referral and installation, and carers say "
            "nobody explains what the alarm does or who will respond."
        ),
        outcome=(
            "Median time from referral to installation halved in pilot councils, and "
            "most users say they understand how their service works."
        ),
        objectives=("shifting",),
        roles=("Service designer", "User researcher", "Telecare service manager"),
        funding=35_000,
    ),
    DemoProject(
        portfolio="digital-telecare",
        name="Proactive Telecare Pilots",
        headline=(
            "Use telecare activity data to phone people before a crisis, not after it."
        ),
        kind="new_ways",
        summary=(
            "Tests using activity data from digital telecare, such as fewer kitchen "
            "visits, to spot changes and phone people before a crisis."
        ),
        problem=(
            "Telecare is reactive: services find out something is wrong only when "
            "someone presses their alarm or fails to answer it."
        ),
        outcome=(
            "Three pilots running, each recording how many proactive calls led to a "
            "change in a person's care or prevented an emergency visit."
        ),
        objectives=("shifting", "shaping"),
        roles=(
            "Telecare service manager",
            "Data analyst",
            "Information security officer",
        ),
        funding=40_000,
    ),
    # Supply Chain and Procurement
    DemoProject(
        portfolio="supply-chain-and-procurement",
        name="Shared Register of IT Contracts",
        headline=(
            "See every council's IT contracts and renewal dates in one register, "
            "and stop paying twice for the same product."
        ),
        kind="technology",
        summary=(
            "A common register of every council's IT contracts, suppliers, values and "
            "renewal dates, visible to all partner councils."
        ),
        problem=(
            "Councils cannot see when neighbours' contracts for the same products end, "
            "so chances to buy together are spotted too late."
        ),
        outcome=(
            "IT contracts from all 32 councils recorded, with renewals flagged 18 "
            "months ahead as candidates for joint procurement."
        ),
        objectives=("scoping", "scaling"),
        roles=("Procurement officer", "Data analyst"),
        funding=35_000,
    ),
    DemoProject(
        portfolio="supply-chain-and-procurement",
        name="Joint Procurement Pipeline",
        headline=(
            "Find the renewals worth buying together each quarter, and join a "
            "buying group for them."
        ),
        kind="new_ways",
        summary=(
            "A quarterly review of the contract register that picks the renewals worth "
            "buying together and forms buying groups for them."
        ),
        problem=(
            "Even when renewals lined up, there was no routine for deciding which "
            "council leads a joint tender or how costs are shared."
        ),
        outcome=(
            "At least four joint procurements started each year, each with a lead "
            "council, an agreed specification and recorded savings."
        ),
        objectives=("scaling",),
        roles=("Procurement officer", "Business analyst"),
    ),
    DemoProject(
        portfolio="supply-chain-and-procurement",
        name="CRM Requirements and Market Engagement",
        headline=(
            "Replacing your CRM? Agree requirements with other councils and meet "
            "suppliers as one buyer."
        ),
        kind="influence",
        summary=(
            "Brings councils replacing customer relationship management systems "
            "together to agree requirements and talk to suppliers as one."
        ),
        problem=(
            "Councils replacing CRM each write their own requirements from scratch and "
            "meet the same problems with integration and exit costs."
        ),
        outcome=(
            "A shared requirements catalogue and a supplier engagement day, with the "
            "catalogue reused in at least five council tenders."
        ),
        objectives=("scoping", "shaping"),
        roles=("Business analyst", "Procurement officer"),
    ),
    DemoProject(
        portfolio="supply-chain-and-procurement",
        name="Standard Digital Contract Clauses",
        headline=(
            "Standard clauses on data, open interfaces, accessibility and exit, "
            "ready for your next technology contract."
        ),
        kind="new_ways",
        summary=(
            "Drafts standard clauses on data ownership, open interfaces, accessibility "
            "and exit for councils to use in technology contracts."
        ),
        problem=(
            "Councils find their data locked in suppliers' systems at contract end "
            "because exit and data return were never written into the contract."
        ),
        outcome=(
            "Clauses agreed with council legal teams and used in every joint "
            "procurement, and in at least ten councils' own technology tenders."
        ),
        objectives=("shaping", "scaling"),
        roles=(
            "Procurement officer",
            "Information security officer",
            "Records manager",
        ),
    ),
    DemoProject(
        portfolio="supply-chain-and-procurement",
        name="Technology Purchasing Journey",
        headline=(
            "One joint review of a technology request by IT, procurement and "
            "information governance, not three in turn."
        ),
        kind="redesign",
        summary=(
            "Redesigns how services ask for and buy technology, so IT, procurement and "
            "information governance review a request once, together."
        ),
        problem=(
            "Services sometimes buy software directly, and IT learns of it at go-live, "
            "leaving unsupported systems and gaps in data protection."
        ),
        outcome=(
            "A single request route piloted in three councils, with time from request "
            "to contract award and the share of purchases reviewed both measured."
        ),
        objectives=("shifting", "shaping"),
        roles=("Service designer", "Procurement officer", "Business analyst"),
    ),
    # Digital Leadership
    DemoProject(
        portfolio="digital-leadership",
        name="Digital Maturity Assessment",
        headline=(
            "Know where your council stands on digital, and leave with an "
            "improvement plan to match."
        ),
        kind="new_ways",
        summary=(
            "A structured assessment of each council's digital maturity across "
            "leadership, skills, data, technology and services, followed by an "
            "improvement plan."
        ),
        problem=(
            "Councils lacked an independent, comparable view of where they stood and "
            "what to tackle first."
        ),
        outcome=(
            "All 32 councils assessed, each with an improvement plan agreed by its "
            "senior team."
        ),
        objectives=("scoping", "building-capabilities"),
        roles=("Business analyst", "Project manager"),
    ),
    DemoProject(
        portfolio="digital-leadership",
        name="Elected Members' Digital Programme",
        headline="Help councillors lead and scrutinise digital change with confidence.",
        kind="influence",
        summary=(
            "Briefings, workshops and short guides that help councillors lead and "
            "scrutinise digital change in their council."
        ),
        problem=(
            "Councillors are asked to approve digital investment without a shared "
            "grounding in what good digital services look like."
        ),
        outcome=(
            "Sessions offered in every council, with at least 150 councillors taking "
            "part and a refreshed induction pack for newly elected members."
        ),
        objectives=("building-capabilities", "shaping"),
        roles=("Trainer", "Communications officer"),
    ),
    DemoProject(
        portfolio="digital-leadership",
        name="Senior Officers' Digital Leadership Cohorts",
        headline=(
            "Lead digital change in your service with peers from other councils, "
            "around a live project of your own."
        ),
        kind="new_ways",
        summary=(
            "A cohort programme for heads of service and senior managers on leading "
            "digital change, built around a live project in each participant's "
            "council."
        ),
        problem=(
            "Digital change stalls when service leaders see it as an IT matter rather "
            "than a change to how their service works."
        ),
        outcome=(
            "Three cohorts of 25 officers, each participant completing a change "
            "project with a measured result in their own service."
        ),
        objectives=("building-capabilities",),
        roles=("Trainer", "Service designer"),
        funding=45_000,
    ),
    DemoProject(
        portfolio="digital-leadership",
        name="Maturity Benchmarking Dashboard",
        headline=(
            "Compare your council's digital maturity with its peers and the whole "
            "sector."
        ),
        kind="technology",
        summary=(
            "Brings anonymised maturity assessment results together so councils can "
            "compare themselves with peers and the sector as a whole."
        ),
        problem=(
            "Assessment reports sat as separate documents, so common weaknesses across "
            "councils were hard to see."
        ),
        outcome=(
            "A dashboard of sector-wide scores by theme, used to set the programme's "
            "priorities at each annual review."
        ),
        objectives=("scoping", "shaping"),
        roles=("Data analyst", "Developer"),
        funding=30_000,
    ),
    DemoProject(
        portfolio="digital-leadership",
        name="Digital Strategy Peer Review",
        headline=(
            "Have your digital strategy reviewed by a peer council before it goes "
            "to committee."
        ),
        kind="influence",
        summary=(
            "Pairs councils to review each other's digital strategies before they go "
            "to committee."
        ),
        problem=(
            "Strategies are often written by a small team in isolation and repeat gaps "
            "others have already learned to close."
        ),
        outcome=(
            "Ten strategies peer-reviewed in the first year, with the reviewers' "
            "recommendations and the council's response recorded."
        ),
        objectives=("building-capabilities",),
        roles=("Business analyst",),
    ),
    DemoProject(
        portfolio="digital-leadership",
        name="Digital Champions Network",
        headline=(
            "Front-line champions who help colleagues with new tools and tell "
            "project teams what needs fixing."
        ),
        kind="new_ways",
        summary=(
            "Recruits and supports front-line staff who help colleagues use new "
            "digital tools and feed problems back to project teams."
        ),
        problem=(
            "New systems go live with little support on the ground, and managers hear "
            "about problems only when staff stop using them."
        ),
        outcome=(
            "A trained champion in every participating service, with adoption of new "
            "tools tracked in teams with and without one."
        ),
        objectives=("building-capabilities", "scaling"),
        roles=("Trainer", "Communications officer"),
        funding=20_000,
    ),
    # Service Design and Innovation
    DemoProject(
        portfolio="service-design-and-innovation",
        name="Open Innovation Programme with Scottish Enterprise",
        headline=(
            "Set a real service challenge and work with innovative businesses to "
            "solve it, with Scottish Enterprise."
        ),
        kind="redesign",
        summary=(
            "Councils set out real service challenges and, with Scottish Enterprise, "
            "work with businesses to develop and test new solutions. Its cohort of "
            "council officers is recruited through its Heartbeat Marketing Pack."
        ),
        problem=(
            "Councils had problems no existing product solved, and no simple route to "
            "develop solutions with innovative businesses."
        ),
        outcome=(
            "At least four challenges published and solutions tested with councils, "
            "each ending in a clear decision on whether to scale."
        ),
        objectives=("shaping", "shifting", "scaling"),
        roles=("Service designer", "Procurement officer", "Project manager"),
        funding=100_000,
    ),
    DemoProject(
        portfolio="service-design-and-innovation",
        name="Scottish Approach to Service Design in Councils",
        headline=(
            "Design services with the people who use them: methods, research and "
            "case studies shared across councils."
        ),
        kind="influence",
        summary=(
            "Helps council teams apply the Scottish Approach to Service Design, "
            "sharing methods, research and case studies through a community of "
            "practice."
        ),
        problem=(
            "Service design skills are thin and scattered: many councils have one "
            "designer or none, and research is rarely shared."
        ),
        outcome=(
            "A community meeting monthly and a shared library of user research and "
            "design patterns, drawn on by at least 15 councils."
        ),
        objectives=("building-capabilities", "shifting"),
        roles=("Service designer", "User researcher"),
    ),
    DemoProject(
        portfolio="service-design-and-innovation",
        name="Shared User Research Panel",
        headline=(
            "Residents ready to take part in your user research, with consent and "
            "incentives handled once for all."
        ),
        kind="new_ways",
        summary=(
            "A shared pool of residents willing to take part in council user research, "
            "with consent, incentives and recruitment handled once."
        ),
        problem=(
            "Teams skip user research because finding participants takes weeks, and "
            "people who rely on services most are hardest to reach."
        ),
        outcome=(
            "A panel of 500 residents across participating councils, with time to "
            "recruit participants for a study cut to under a week."
        ),
        objectives=("shifting", "building-capabilities"),
        roles=("User researcher", "Information security officer"),
        funding=25_000,
    ),
    DemoProject(
        portfolio="service-design-and-innovation",
        name="Council Tax Online Services",
        headline=(
            "Moving home, single person discount, direct debits: council tax online "
            "services any council can reuse."
        ),
        kind="redesign",
        summary=(
            "Redesigns common council tax tasks, such as moving home, single person "
            "discount and setting up a direct debit, as online services councils can "
            "reuse."
        ),
        problem=(
            "Moving home still means phone calls and paper forms in many councils, and "
            "residents have to tell each service separately."
        ),
        outcome=(
            "Shared designs for three council tax tasks, with digital take-up and "
            "completion rate measured in pilot councils against their baselines."
        ),
        objectives=("shifting", "scaling"),
        roles=("Service designer", "User researcher", "Developer"),
        funding=90_000,
    ),
    DemoProject(
        portfolio="service-design-and-innovation",
        name="Blue Badge Assessment Journey",
        headline=(
            "A clearer, quicker blue badge assessment for applicants who do not "
            "qualify automatically."
        ),
        kind="redesign",
        summary=(
            "Redesigns how councils assess blue badge applicants who do not qualify "
            "automatically, from evidence gathering to decision."
        ),
        problem=(
            "Applicants needing a discretionary assessment face long waits and are "
            "asked again for evidence they have already given."
        ),
        outcome=(
            "Decisions on discretionary applications within four weeks in pilot "
            "councils, with fewer applications returned for missing evidence."
        ),
        objectives=("shifting",),
        roles=("Service designer", "User researcher", "Business analyst"),
        funding=30_000,
    ),
    DemoProject(
        portfolio="service-design-and-innovation",
        name="Waste Services Online",
        headline=(
            "Missed bins, bulky uplifts and garden waste permits online, connected "
            "to your waste system."
        ),
        kind="technology",
        summary=(
            "Builds reusable online forms for missed bins, bulky uplifts and garden "
            "waste permits, connected to councils' waste management systems."
        ),
        problem=(
            "Residents cannot report a missed bin or book an uplift online in many "
            "councils, and phone lines peak after every change to collections."
        ),
        outcome=(
            "Forms live in at least six councils, with phone contact for the three "
            "tasks down by a third in pilot councils."
        ),
        objectives=("shifting", "scaling"),
        roles=("Developer", "Service designer", "Technical architect"),
        funding=120_000,
    ),
    # Technical Assurance and Architecture
    DemoProject(
        portfolio="technical-assurance-and-architecture",
        name="Digital Design Board",
        headline=(
            "Have significant digital designs reviewed by council architects "
            "against agreed standards before you invest."
        ),
        kind="influence",
        summary=(
            "A board of council architects, convened with SOCITM Scotland, that "
            "reviews significant digital designs against agreed standards before "
            "investment."
        ),
        problem=(
            "Councils committed to major systems without peer review and later found "
            "they did not integrate or could not be shared."
        ),
        outcome=(
            "Every Digital Office technology project reviewed by the board before its "
            "Deliver gate, with decisions published to all councils."
        ),
        objectives=("shaping",),
        roles=("Technical architect", "Information security officer"),
    ),
    DemoProject(
        portfolio="technical-assurance-and-architecture",
        name="Future Operating Model of IT",
        headline=(
            "Shape the options for how council IT could be organised and sourced in "
            "future."
        ),
        kind="redesign",
        summary=(
            "Develops options for how council IT could be organised and sourced, from "
            "shared services between councils to cloud-first models."
        ),
        problem=(
            "IT teams are stretched between keeping legacy systems running and "
            "supporting change, and each council reviews its sourcing alone."
        ),
        outcome=(
            "Costed operating model options tested with five councils and used in at "
            "least three councils' IT strategies."
        ),
        objectives=("scoping", "shaping"),
        roles=("Technical architect", "Business analyst", "Project manager"),
    ),
    DemoProject(
        portfolio="technical-assurance-and-architecture",
        name="Local Government Reference Architecture",
        headline=(
            "Describe your technology estate the way every other council does, on "
            "one common map."
        ),
        kind="new_ways",
        summary=(
            "A common map of council business capabilities, applications and "
            "integrations, so every council describes its technology estate the same "
            "way."
        ),
        problem=(
            "Without shared terms it is hard to see which councils run the same "
            "systems or could share an integration or a contract."
        ),
        outcome=(
            "The reference architecture published and at least 15 councils mapping "
            "their applications to it."
        ),
        objectives=("shaping", "building-capabilities"),
        roles=("Technical architect", "Business analyst"),
    ),
    DemoProject(
        portfolio="technical-assurance-and-architecture",
        name="Cloud Hosting Landing Zone",
        headline=(
            "A secure, reusable design and route to market for moving council "
            "workloads to public cloud."
        ),
        kind="technology",
        summary=(
            "Agrees a secure design and a route to market for moving council workloads "
            "to public cloud, reusable by any council."
        ),
        problem=(
            "Council data centres are ageing, and each council works out cloud "
            "networking, identity and security controls from scratch."
        ),
        outcome=(
            "A reusable landing zone in place in four councils, hosting at least 20 "
            "migrated workloads in the first year."
        ),
        objectives=("scaling", "shaping"),
        roles=(
            "Technical architect",
            "Information security officer",
            "Procurement officer",
        ),
        funding=150_000,
    ),
    DemoProject(
        portfolio="technical-assurance-and-architecture",
        name="API and Integration Standards",
        headline=(
            "Common API standards and shared integrations with national platforms "
            "such as mygov.scot."
        ),
        kind="technology",
        summary=(
            "Sets common API standards and builds shared integrations between council "
            "systems and national platforms such as mygov.scot."
        ),
        problem=(
            "Each council builds its own point-to-point links between CRM, service "
            "systems and national platforms, and maintains them alone."
        ),
        outcome=(
            "API standards published and two shared integrations reused by at least "
            "five councils."
        ),
        objectives=("shaping", "scaling"),
        roles=("Technical architect", "Developer"),
        funding=60_000,
    ),
    # Cyber Security
    DemoProject(
        portfolio="cyber-security",
        name="Cyber Maturity Model for Councils",
        headline=(
            "Assess your cyber security maturity each year on a model every council "
            "shares."
        ),
        kind="new_ways",
        summary=(
            "A common model for councils to assess their cyber security maturity each "
            "year and plan improvements against it."
        ),
        problem=(
            "Councils fill in several overlapping security questionnaires a year with "
            "no shared yardstick for progress."
        ),
        outcome=(
            "Every participating council assessed annually against one model, with the "
            "sector's most common gaps prioritised for joint work."
        ),
        objectives=("scoping", "building-capabilities"),
        roles=("Information security officer", "Business analyst"),
    ),
    DemoProject(
        portfolio="cyber-security",
        name="Cyber Essentials Plus Support",
        headline=(
            "Guidance, peers and funded pre-assessment checks to gain and keep "
            "Cyber Essentials Plus."
        ),
        kind="new_ways",
        summary=(
            "Guidance, peer support and funded pre-assessment checks to help councils "
            "achieve and keep Cyber Essentials and Cyber Essentials Plus."
        ),
        problem=(
            "Councils fail certification on the same few controls, such as unsupported "
            "software and admin rights, and each fixes them alone."
        ),
        outcome=(
            "Every participating council holding Cyber Essentials Plus, renewed each "
            "year at the first attempt."
        ),
        objectives=("building-capabilities", "scaling"),
        roles=("Information security officer", "Technical architect"),
        funding=45_000,
    ),
    DemoProject(
        portfolio="cyber-security",
        name="Active Cyber Defence Adoption",
        headline=(
            "Switch on the National Cyber Security Centre's free active cyber "
            "defence services, with help from peers."
        ),
        kind="technology",
        summary=(
            "Helps councils switch on and use the National Cyber Security Centre's "
            "active cyber defence services, such as protective DNS and mail checking."
        ),
        problem=(
            "Take-up of these free services is uneven, and small security teams lack "
            "time to set them up and act on what they report."
        ),
        outcome=(
            "Protective DNS and mail checks live in every participating council, with "
            "findings reviewed monthly and fixes tracked."
        ),
        objectives=("scaling",),
        roles=("Information security officer", "Technical architect"),
    ),
    DemoProject(
        portfolio="cyber-security",
        name="Ransomware Incident Exercises",
        headline=(
            "Rehearse a ransomware attack with your leadership team before a real "
            "one tests you."
        ),
        kind="influence",
        summary=(
            "Runs tabletop exercises in which council leadership teams rehearse a "
            "ransomware attack, and shares the lessons across the sector."
        ),
        problem=(
            "Incident response plans are rarely tested with senior managers, and "
            "recovery of critical services is assumed rather than proven."
        ),
        outcome=(
            "Twelve councils exercised each year, each updating its response plan and "
            "restoring one critical system from backup as a test."
        ),
        objectives=("building-capabilities",),
        roles=(
            "Information security officer",
            "Communications officer",
            "Project manager",
        ),
    ),
    DemoProject(
        portfolio="cyber-security",
        name="Shared Security Monitoring Service",
        headline=(
            "Round-the-clock monitoring of your networks and logs, shared with "
            "other councils."
        ),
        kind="technology",
        summary=(
            "A shared service that watches council networks and logs around the clock "
            "and raises alerts for local teams to act on."
        ),
        problem=(
            "Few councils can staff security monitoring out of hours, so attacks that "
            "start at night or over a weekend go unnoticed for too long."
        ),
        outcome=(
            "Monitoring live for a first cohort of eight councils, with time from "
            "detection to response measured for every alert."
        ),
        objectives=("scaling", "shaping"),
        roles=(
            "Information security officer",
            "Technical architect",
            "Procurement officer",
        ),
        funding=220_000,
    ),
    # Emerging Technology
    DemoProject(
        portfolio="emerging-technology",
        name="Robotic Process Automation Library",
        headline=(
            "Automations for repetitive back-office processes, built once and "
            "reused by many councils."
        ),
        kind="technology",
        summary=(
            "Builds automations for repetitive back-office processes, such as benefit "
            "change of circumstances and direct debit set-up, once for many councils."
        ),
        problem=(
            "Staff re-key data between systems that do not talk to each other, and "
            "councils build their own bots for the same processes."
        ),
        outcome=(
            "A library of ten reusable automations, each with staff hours saved per "
            "month measured in the councils using it."
        ),
        objectives=("scaling", "shaping"),
        roles=("Developer", "Business analyst", "Information security officer"),
        funding=120_000,
    ),
    DemoProject(
        portfolio="emerging-technology",
        name="AI for Customer Contact",
        headline=(
            "Pilot an AI assistant that answers common enquiries and routes the "
            "rest to the right team."
        ),
        kind="technology",
        summary=(
            "Pilots an artificial intelligence assistant that answers common enquiries "
            "online and by phone, and routes the rest to the right team."
        ),
        problem=(
            "Contact centres spend much of their time on simple questions, such as bin "
            "days and payment dates, that could be answered automatically at any hour."
        ),
        outcome=(
            "Pilots in three councils, with the share of enquiries resolved without an "
            "adviser and user satisfaction measured against live chat."
        ),
        objectives=("shifting", "shaping"),
        roles=("Service designer", "Developer", "Data analyst"),
        funding=160_000,
    ),
    DemoProject(
        portfolio="emerging-technology",
        name="IoT Sensors for Damp in Council Housing",
        headline=(
            "Low-cost sensors that warn housing teams of damp and mould before "
            "tenants' health suffers."
        ),
        kind="technology",
        summary=(
            "Fits low-cost sensors in council homes to measure humidity and "
            "temperature so housing teams can act on damp and mould early."
        ),
        problem=(
            "Damp and mould are often reported only when they already affect tenants' "
            "health and need major repairs."
        ),
        outcome=(
            "Sensors in 500 homes across pilot councils, with damp repairs compared "
            "against similar homes without sensors."
        ),
        objectives=("shaping", "shifting"),
        roles=("Technical architect", "Data analyst", "Project manager"),
        funding=200_000,
    ),
    DemoProject(
        portfolio="emerging-technology",
        name="Ethical AI Guidance for Councils",
        headline=(
            "Principles and practical checks for using AI and algorithms in "
            "decisions that affect people."
        ),
        kind="new_ways",
        summary=(
            "Agrees principles and practical checks for councils using artificial "
            "intelligence or algorithms in decisions that affect people."
        ),
        problem=(
            "Councils considering AI lack common guidance on transparency, bias and "
            "accountability, and worry about getting it wrong in public."
        ),
        outcome=(
            "Guidance adopted by the Digital Design Board and applied to every AI "
            "project in the portfolio before it reaches the Deliver phase."
        ),
        objectives=("shaping", "building-capabilities"),
        roles=("Information security officer", "Data analyst", "Records manager"),
    ),
    DemoProject(
        portfolio="emerging-technology",
        name="Emerging Technology Horizon Scanning",
        headline=(
            "Short briefings on which new technologies could solve real council "
            "problems, twice a year."
        ),
        kind="influence",
        summary=(
            "A twice-yearly review of new technologies judged against real council "
            "problems, shared with all councils as short briefings."
        ),
        problem=(
            "Councils hear about new technology mostly from suppliers, with little "
            "independent view of what is ready to use."
        ),
        outcome=(
            "Two briefings a year, each recommending which technologies to pilot, "
            "watch or set aside."
        ),
        objectives=("scoping",),
        roles=("Technical architect", "Business analyst"),
    ),
)
