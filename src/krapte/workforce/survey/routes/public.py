"""The public form behind a one-time link: no account, no sign-in, a CSRF-safe form.

The form carries the site's double-submit CSRF token (no session needed). A used, unknown or
closed link gets a page that says so and what to do; after answering, the browser goes to a thanks
page whose address holds no token. The pages tell the browser to send no referrer, so the token
never leaves in a ``Referer`` header.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field
from starlette.responses import Response

from krapte.errors import Conflict, InvalidInput, NotFound
from krapte.web.deps import ContainerDep
from krapte.web.templating import render
from krapte.workforce.survey import service
from krapte.workforce.survey.core.questionnaire import KEYS, QUESTIONS, SCALE
from krapte.workforce.survey.routes.shared import Token, by_field

router = APIRouter()

THANKS = "/bevraging/bedankt"


def _link_problem(request: Request, refused: NotFound | Conflict) -> HTMLResponse:
    context = {"message": refused.message, "used": isinstance(refused, service.UsedLink)}
    return _no_store(render(request, "bevraging_link.html", context, refused.http_status))


def _no_store(response: HTMLResponse) -> HTMLResponse:
    """A link's pages depend on the link's state: never kept by a cache (ours or another)."""
    response.headers["cache-control"] = "no-store"
    return response


def _form(
    request: Request,
    token: str,
    invitation: service.Invitation,
    answers: dict[str, str] | None = None,
    problems: dict[str, list[str]] | None = None,
    status: int = 200,
) -> HTMLResponse:
    context = {
        "token": token,
        "invitation": invitation,
        "questions": QUESTIONS,
        "scale": SCALE,
        "answers": answers or {},
        "problems": problems or {},
    }
    return _no_store(render(request, "bevraging_formulier.html", context, status))


@router.get(THANKS, response_class=HTMLResponse, include_in_schema=False)
def thanks(request: Request) -> HTMLResponse:
    return render(request, "bevraging_bedankt.html")


@router.get("/bevraging/{token}", response_class=HTMLResponse, include_in_schema=False)
def questionnaire(request: Request, container: ContainerDep, token: Token) -> HTMLResponse:
    try:
        invitation = service.invitation(container.unit_of_work(), token)
    except (NotFound, Conflict) as refused:
        return _link_problem(request, refused)
    return _form(request, token, invitation)


class AnswerForm(BaseModel):
    """One answer per question: ``"0"`` (nooit) to ``"3"`` (altijd); checked by the service."""

    work_stress: str = Field("", max_length=10)
    motivation: str = Field("", max_length=10)
    learning: str = Field("", max_length=10)
    work_life: str = Field("", max_length=10)
    emotional_load: str = Field("", max_length=10)
    workload: str = Field("", max_length=10)
    autonomy: str = Field("", max_length=10)


assert tuple(AnswerForm.model_fields) == KEYS


@router.post("/bevraging/{token}", include_in_schema=False)
def answer(
    request: Request,
    container: ContainerDep,
    token: Token,
    form: Annotated[AnswerForm, Form()],
) -> Response:
    answers = form.model_dump()
    try:
        service.respond(container.unit_of_work(write=True), token, answers)
    except InvalidInput as refused:
        try:
            invitation = service.invitation(container.unit_of_work(), token)
        except (NotFound, Conflict) as gone:
            return _link_problem(request, gone)
        return _form(request, token, invitation, answers, by_field(refused), 422)
    except (NotFound, Conflict) as refused:
        return _link_problem(request, refused)
    return RedirectResponse(THANKS, status_code=303)
