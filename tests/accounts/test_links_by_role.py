"""No page shows its user a link to a page their role cannot open: a walk of each role's main pages."""

import re
from urllib.parse import urlsplit

import pytest
from django.urls import resolve

from msp.accounts.models import Role
from msp.councils.models import SafeguardingAdultsBoard
from tests.cases.conftest import cast, council, manager, practitioner  # noqa: F401 (fixtures)
from tests.conftest import make_user

HREF = re.compile(r'<a\b[^>]*\bhref="(/[^"#]*)"([^>]*)>')
SKIP = ("/accounts/sign-out", "/admin/", "/static/")


def links(html: str) -> list[str]:
    """Internal links a person would follow (downloads are generated files, not pages: left out)."""
    return [
        href.replace("&amp;", "&")
        for href, rest in HREF.findall(html)
        if " download" not in rest and not href.startswith(SKIP)
    ]


def walk(client) -> dict[str, tuple[int, str]]:
    """Breadth-first from the home page, three links deep, one page of each kind (URL name): each page's
    status, and the page that linked it."""
    seen: dict[str, tuple[int, str]] = {}
    kinds: set[str] = set()
    queue = [("/", "", 0)]
    while queue:
        url, source, depth = queue.pop(0)
        kind = resolve(urlsplit(url).path).view_name
        if kind in kinds:
            continue
        kinds.add(kind)
        response = client.get(url)
        seen[url] = (response.status_code, source)
        if response.status_code == 200 and depth < 3 and "text/html" in response.get("Content-Type", ""):
            queue += [(link, url, depth + 1) for link in links(response.content.decode())]
    return seen


@pytest.fixture
def users(council, cast):  # noqa: F811
    board = SafeguardingAdultsBoard.objects.create(name="Test board")
    board.councils.add(council)
    return {
        "interviewer": make_user("w-ivy", Role.INTERVIEWER),
        "analyst": make_user("w-ann", Role.ANALYST),
        "practitioner": make_user("w-pat", Role.PRACTITIONER, council),
        "team_manager": make_user("w-meg", Role.TEAM_MANAGER, council),
        "safeguarding_lead": make_user("w-lee", Role.SAFEGUARDING_LEAD, council),
        "sab_member": make_user("w-sab", Role.SAB_MEMBER, board=board),
        "regional_lead": make_user("w-reg", Role.REGIONAL_LEAD, region=council.region),
        "superuser": make_user("w-su", is_superuser=True, is_staff=True),
    }


@pytest.mark.parametrize(
    "who",
    [
        "interviewer",
        "analyst",
        "practitioner",
        "team_manager",
        "safeguarding_lead",
        "sab_member",
        "regional_lead",
        "superuser",
    ],
)
def test_no_link_a_role_is_shown_leads_to_a_403(client, users, who):
    client.force_login(users[who])
    seen = walk(client)
    refused = {url: source for url, (status, source) in seen.items() if status == 403}
    assert len(seen) > 3, seen  # the walk went somewhere
    assert refused == {}, f"{who} is shown links to pages that refuse them: {refused}"
