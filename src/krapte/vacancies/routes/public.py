"""The public vacancy pages: search (`/vacatures`), a vacancy with its JobPosting JSON-LD and the
short application form, regional landing pages with their Atom feed, and `/sitemap.xml`.

Only open vacancies are searched, listed in a feed or in the sitemap; a closed vacancy's page
says it is closed and carries no JSON-LD. No page ever shows an applicant.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Annotated
from urllib.parse import urlencode
from xml.sax.saxutils import escape

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.responses import Response

from krapte.bootstrap import Container
from krapte.errors import InvalidInput, NotFound
from krapte.vacancies import service
from krapte.vacancies.core.application import CONSENT_TEXT, ApplicationForm
from krapte.vacancies.core.jsonld import job_posting, script_text
from krapte.vacancies.core.search import PAGE_SIZE, Search, region_of, slug
from krapte.vacancies.routes.cache import public, uncached
from krapte.web.deps import ContainerDep
from krapte.web.templating import render

router = APIRouter()

VacancyId = Annotated[str, Path(max_length=20, description="Het nummer van de vacature.")]
"""Text, checked by the service after the store (an unknown or wrong id is a 404 page, and a
site without a store answers 503 as every page does)."""
Short = Annotated[str, Query(max_length=200)]
Fair = Annotated[
    int | None,
    Query(ge=1, le=2_147_483_647, description="De jobbeurs waar de bezoeker vandaan komt."),
]
"""``?jobbeurs=N``: a link from a job fair's page; the application keeps it (source_fair_id)."""
FEED_SIZE = 50


def _site(container: Container) -> str:
    """The site's public address from the settings (a request's Host header is never used)."""
    return container.settings.site_url.rstrip("/")


def _search_of(regio: str, diploma: str, niveau: str, sector: str, uren: str, q: str) -> Search:
    return Search(
        region=regio, diploma=diploma, level=niveau, sector=sector, hours=uren, text=q.strip()
    )


def _page_links(
    search: Search, page: int, pages: int, base: str = "/vacatures"
) -> list[dict[str, object]]:
    links = []
    for number in range(max(1, page - 3), min(pages, page + 3) + 1):
        query = urlencode({**search.query(), "pagina": str(number)})
        links.append({"number": number, "url": f"{base}?{query}", "current": number == page})
    return links


@router.get("/vacatures", include_in_schema=False)
async def search_page(
    request: Request,
    container: ContainerDep,
    regio: Short = "",
    diploma: Short = "",
    niveau: Short = "",
    sector: Short = "",
    uren: Short = "",
    q: Short = "",
    pagina: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    return await public(
        request,
        container,
        lambda: _search_page(request, container, regio, diploma, niveau, sector, uren, q, pagina),
    )


def _search_page(
    request: Request,
    container: ContainerDep,
    regio: str,
    diploma: str,
    niveau: str,
    sector: str,
    uren: str,
    q: str,
    pagina: int,
) -> HTMLResponse:
    search = _search_of(regio, diploma, niveau, sector, uren, q)
    found = service.search(container.unit_of_work(), search, page=pagina, page_size=PAGE_SIZE)
    return render(
        request,
        "vacancies/search.html",
        {
            "search": search,
            "found": found,
            "choices": service.choices(container.unit_of_work()),
            "regions": service.regions(container.unit_of_work()),
            "slug": slug,
            "links": _page_links(search, found.page, found.pages),
        },
    )


def _detail(
    request: Request, container: ContainerDep, vacancy_id: str, fair: int | None = None
) -> Response:
    vacancy = service.vacancy(container.unit_of_work(), vacancy_id)
    is_open = vacancy.open_on(service.today())
    url = _site(container) + service.vacancy_path(vacancy.id)
    return render(
        request,
        "vacancies/detail.html",
        {
            "vacancy": vacancy,
            "is_open": is_open,
            "jsonld": script_text(job_posting(vacancy, url)) if is_open else "",
            "region_slug": slug(vacancy.province),
            "fair": fair,
        },
    )


@router.get("/vacatures/{vacancy_id}", include_in_schema=False)
async def vacancy_page(
    request: Request, container: ContainerDep, vacancy_id: VacancyId, jobbeurs: Fair = None
) -> Response:
    return await public(
        request, container, lambda: _detail(request, container, vacancy_id, jobbeurs)
    )


def _apply_page(
    request: Request,
    container: ContainerDep,
    vacancy_id: str,
    *,
    form: ApplicationForm | None = None,
    problems: dict[str, list[str]] | None = None,
    sent: bool = False,
    status_code: int = 200,
    fair: int | None = None,
) -> Response:
    vacancy = service.vacancy(container.unit_of_work(), vacancy_id)
    page = render(
        request,
        "vacancies/apply.html",
        {
            "vacancy": vacancy,
            "is_open": vacancy.open_on(service.today()),
            "form": form or ApplicationForm(),
            "problems": problems or {},
            "sent": sent,
            "consent_text": CONSENT_TEXT,
            "fair": fair,
        },
        status_code=status_code,
    )
    return uncached(page)


@router.get("/vacatures/{vacancy_id}/solliciteren", include_in_schema=False)
def apply_page(
    request: Request,
    container: ContainerDep,
    vacancy_id: VacancyId,
    verstuurd: Annotated[bool, Query()] = False,
    jobbeurs: Fair = None,
) -> Response:
    return _apply_page(request, container, vacancy_id, sent=verstuurd, fair=jobbeurs)


@router.post("/vacatures/{vacancy_id}/solliciteren", include_in_schema=False)
def apply_form(
    request: Request,
    container: ContainerDep,
    vacancy_id: VacancyId,
    name: Annotated[str, Form(max_length=400)] = "",
    email: Annotated[str, Form(max_length=400)] = "",
    phone: Annotated[str, Form(max_length=100)] = "",
    message: Annotated[str, Form(max_length=8000)] = "",
    consent: Annotated[str, Form(max_length=10)] = "",
    jobbeurs: Annotated[int | None, Form(ge=1, le=2_147_483_647)] = None,
) -> Response:
    form = ApplicationForm(name, email, phone, message, consent == "ja")
    try:
        vacancy = service.vacancy(container.unit_of_work(), vacancy_id)
        service.apply(container.unit_of_work(write=True), vacancy.id, form, source_fair_id=jobbeurs)
    except InvalidInput as error:
        found: dict[str, list[str]] = {}
        for problem in error.problems:
            found.setdefault(problem.field, []).append(problem.message)
        return _apply_page(
            request,
            container,
            vacancy_id,
            form=form,
            problems=found,
            status_code=422,
            fair=jobbeurs,
        )
    return RedirectResponse(f"/vacatures/{vacancy.id}/solliciteren?verstuurd=true", 303)


@router.get("/vacatures/regio/{region}", include_in_schema=False)
async def region_page(
    request: Request,
    container: ContainerDep,
    region: Annotated[str, Path(max_length=40)],
    pagina: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    return await public(
        request, container, lambda: _region_page(request, container, region, pagina)
    )


def _region_page(request: Request, container: ContainerDep, region: str, pagina: int) -> Response:
    name = region_of(region)
    if name is None:
        raise NotFound(f"de regio '{region}' bestaat niet")
    search = Search(region=name)
    found = service.search(container.unit_of_work(), search, page=pagina)
    return render(
        request,
        "vacancies/region.html",
        {
            "region": name,
            "region_slug": region,
            "found": found,
            "links": _page_links(search, found.page, found.pages, f"/vacatures/regio/{region}"),
        },
    )


@router.get("/vacatures/regio/{region}/feed.atom", include_in_schema=False)
async def region_feed(
    request: Request, container: ContainerDep, region: Annotated[str, Path(max_length=40)]
) -> Response:
    return await public(request, container, lambda: _region_feed(request, container, region))


def _region_feed(request: Request, container: ContainerDep, region: str) -> Response:
    from feedgen.feed import FeedGenerator

    name = region_of(region)
    if name is None:
        raise NotFound(f"de regio '{region}' bestaat niet")
    found = service.search(container.unit_of_work(), Search(region=name), page_size=FEED_SIZE)
    page_url = f"{_site(container)}/vacatures/regio/{region}"
    feed = FeedGenerator()
    feed.id(page_url)
    feed.title(f"Vacatures in sociaal werk: {name}")
    feed.subtitle(f"Open vacatures in {name}, nieuwste eerst (krapte).")
    feed.link(href=page_url, rel="alternate")
    feed.link(href=f"{page_url}/feed.atom", rel="self")
    feed.language("nl-BE")
    latest = datetime(2026, 1, 1, tzinfo=UTC)
    for vacancy in reversed(found.vacancies):
        url = _site(container) + service.vacancy_path(vacancy.id)
        posted = datetime.combine(vacancy.posted_on, time(), tzinfo=UTC)
        latest = max(latest, vacancy.created_at or posted)
        entry = feed.add_entry()
        entry.id(url)
        entry.title(f"{vacancy.title} – {vacancy.organisation}, {vacancy.municipality}")
        entry.link(href=url)
        entry.published(posted)
        entry.updated(vacancy.created_at or posted)
        entry.author({"name": vacancy.organisation})
        entry.summary(
            f"{vacancy.organisation} zoekt een {vacancy.occupation} ({vacancy.level}) in "
            f"{vacancy.municipality}, {vacancy.hours:g} uur per week. Solliciteren kan tot "
            f"{vacancy.closes_on.isoformat()}."
        )
    feed.updated(latest)
    return Response(feed.atom_str(pretty=True), media_type="application/atom+xml")


@router.get("/sitemap.xml", include_in_schema=False)
async def sitemap(request: Request, container: ContainerDep) -> Response:
    """The site's sitemap: its main pages, the regional pages and every open vacancy."""
    return await public(request, container, lambda: _sitemap(request, container))


def _sitemap(request: Request, container: ContainerDep) -> Response:
    base = _site(container)
    pages = ["/", "/cijfers", "/vacatures"]
    from krapte.vacancies.core.search import REGIONS

    pages += [f"/vacatures/regio/{slug(region)}" for region in REGIONS]
    lines = ['<?xml version="1.0" encoding="UTF-8"?>']
    lines.append('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')
    lines += [f"<url><loc>{escape(base + page)}</loc></url>" for page in pages]
    for vacancy_id, posted_on in service.sitemap_entries(container.unit_of_work()):
        lines.append(
            f"<url><loc>{escape(base)}/vacatures/{vacancy_id}</loc>"
            f"<lastmod>{posted_on.isoformat()}</lastmod></url>"
        )
    lines.append("</urlset>")
    return Response("\n".join(lines) + "\n", media_type="application/xml")
