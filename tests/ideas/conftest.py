import pytest

from councils.models import Council, User
from ideas.models import Idea
from ideas.services import propose_idea
from portfolios.models import Portfolio, VisionObjective
from tests.factories import PortfolioFactory


@pytest.fixture
def scoping(db: None) -> VisionObjective:
    return VisionObjective.objects.get(slug="scoping")


@pytest.fixture
def portfolio(db: None) -> Portfolio:
    return PortfolioFactory(name="Service Design and Innovation")


def new_idea(
    by: User, *, title: str = "Bulky waste booking", councils: tuple = ()
) -> Idea:
    """An idea proposed through the service, as a person would."""
    return propose_idea(
        Idea(
            title=title,
            problem="Residents phone to book a bulky uplift; half the calls are "
            "about dates.",
            affects="Residents with bulky waste, and contact centre staff.",
            objective=VisionObjective.objects.get(slug="scoping"),
        ),
        by=by,
        councils=councils,
    )


@pytest.fixture
def fife_idea(lead_user: User) -> Idea:
    """An open idea proposed by Fife's lead: Fife is interested."""
    return new_idea(lead_user)


@pytest.fixture
def glasgow(db: None) -> Council:
    return Council.objects.get(slug="glasgow-city")
