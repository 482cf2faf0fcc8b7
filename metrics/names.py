"""The names of the stored figures and of the figures pages show.

One enumeration each, so that a job, a page, a test and an export name a figure the
same way, and a misspelt name fails where it is written instead of reading nothing.
"""

from enum import StrEnum


class Metric(StrEnum):
    """A stored figure's name (`Snapshot.metric`). The values are the stored names:
    renaming one needs a migration of the snapshots (see 0002_committed_figures)."""

    # Progress: per portfolio, vision objective and the programme.
    PROJECTS_RUNNING = "projects_running"  # in flight on the day
    PROJECTS_IN_PHASE = "projects_in_phase"  # key: the phase's number
    PROJECTS_BY_RAG = "projects_by_rag"  # key: red, amber or green
    PROJECTS_STALLED = "projects_stalled"
    GATE_DECISIONS_30D = "gate_decisions_30d"  # key: the decision
    MEDIAN_DAYS_IN_PHASE = "median_days_in_phase"  # key: the phase's number
    PRODUCTS_DELIVERED = "products_delivered"
    PRODUCTS_EXPECTED = "products_expected"
    PRODUCTS_DELIVERED_SHARE = "products_delivered_share"

    # Participation.
    COUNCILS_TAKING_PART = "councils_taking_part"
    COUNCILS_SHARE = "councils_share"  # of the 32
    POPULATION_SHARE = "population_share"  # of Scotland's

    # Coverage of the needs of the projects in flight: its parts, then its shares.
    COVERAGE_DAYS = "coverage_days"  # person-days counted against needs
    COVERAGE_DAYS_NEEDED = "coverage_days_needed"
    COVERAGE_MONEY = "coverage_money"  # pounds counted against needs
    COVERAGE_MONEY_NEEDED = "coverage_money_needed"
    COVERAGE_PEOPLE = "coverage_people"
    COVERAGE_MONEY_SHARE = "coverage_money_share"
    COVERAGE = "coverage"  # the mean of people and money, where needed

    # What councils have committed (confirmed or fulfilled on the day), to the
    # projects of the scope whatever their state.
    COMMITTED_DAYS = "committed_days"
    COMMITTED_MONEY = "committed_money"

    # Benefits; key: the measure (a project's own named measures: "custom:<name>").
    BENEFIT_ACTUAL = "benefit_actual"
    BENEFIT_TARGET = "benefit_target"
    BENEFIT_BASELINE = "benefit_baseline"
    BENEFIT_PROGRESS = "benefit_progress"

    # A project's own, as on the day.
    PHASE = "phase"  # the phase's number
    DAYS_IN_PHASE = "days_in_phase"
    RAG = "rag"  # red 1, amber 2, green 3
    STALLED = "stalled"  # 1 or 0

    # A council's own.
    PROJECTS_TAKING_PART = "projects_taking_part"
    # Each council against each portfolio; key: the portfolio's id.
    GRID_PROJECTS = "portfolio_projects"
    GRID_COMMITTED_DAYS = "portfolio_committed_days"


# Figures whose programme value is the sum of the portfolios' values (every project
# belongs to one portfolio).
ADDITIVE = frozenset(
    {
        Metric.PROJECTS_RUNNING,
        Metric.PROJECTS_IN_PHASE,
        Metric.PROJECTS_BY_RAG,
        Metric.PROJECTS_STALLED,
        Metric.GATE_DECISIONS_30D,
        Metric.PRODUCTS_DELIVERED,
        Metric.PRODUCTS_EXPECTED,
        Metric.COVERAGE_DAYS,
        Metric.COVERAGE_DAYS_NEEDED,
        Metric.COVERAGE_MONEY,
        Metric.COVERAGE_MONEY_NEEDED,
        Metric.COMMITTED_DAYS,
        Metric.COMMITTED_MONEY,
        Metric.BENEFIT_ACTUAL,
        Metric.BENEFIT_TARGET,
        Metric.BENEFIT_BASELINE,
    }
)

# The participation grid: many figures a day, kept daily for a month only.
GRID = frozenset({Metric.GRID_PROJECTS, Metric.GRID_COMMITTED_DAYS})


class Datum(StrEnum):
    """The name a page gives a figure it shows (`{% datum %}`'s `data-figure`), so
    that the same figure on two pages can be found and compared."""

    PROJECTS_IN_FLIGHT = "projects-in-flight"
    PROJECTS_STALLED = "projects-stalled"
    PROJECTS_RED = "projects-red"
    COUNCILS_TAKING_PART = "councils-taking-part"
    PROJECTS_TAKING_PART = "projects-taking-part"
    COVERAGE = "coverage"
    COVERAGE_PEOPLE = "coverage-people"
    COVERAGE_MONEY = "coverage-money"
    COMMITTED_DAYS = "committed-days"
    COMMITTED_MONEY = "committed-money"
