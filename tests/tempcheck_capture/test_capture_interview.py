"""Capturing an interview: starting it, saving sections, the rules, stale saves, submitting and reopening."""

import datetime

import pytest
from django.urls import reverse

from msp.accounts.models import AuditEvent, Role
from msp.tempcheck.models import Interview
from msp.tempcheck.services import interview_answers, interview_save
from tests.conftest import make_user
from tests.tempcheck_capture.conftest import COMPLETE_ANSWERS, assert_access_battery, make_council

pytestmark = pytest.mark.django_db

DETAILS = {
    "interview_date_day": "12",
    "interview_date_month": "5",
    "interview_date_year": "2016",
    "interviewer_name": "Robin Ashdown",
    "respondent_role": "head_of_safeguarding",
    "consent_to_attribution": "yes",
}


def section_url(interview, section):
    return reverse("tempcheck:interview_section", args=[interview.pk, section])


def post_section(client, interview, section, data, action="continue", revision=None):
    payload = {
        "revision": revision or Interview.objects.get(pk=interview.pk).revision,
        "action": action,
        **data,
    }
    return client.post(section_url(interview, section), payload)


def field(code):
    return code.replace(".", "__")


def complete(interview):
    interview_save(
        interview=interview,
        answers=COMPLETE_ANSWERS,
        facts={
            "interview_date": datetime.date(2016, 5, 12),
            "interviewer_name": "Robin Ashdown",
            "respondent_role": "head_of_safeguarding",
            "consent_to_attribution": True,
        },
    )


# --- Access -------------------------------------------------------------------------------------------------


def test_starting_an_interview_is_for_interviewers_and_analysts(
    client, interviewer, analyst, practitioner, council
):
    url = reverse("tempcheck:interview_new", args=["2016", council.gss_code])
    assert_access_battery(client, url, interviewer=interviewer, analyst=analyst, practitioner=practitioner)


def test_the_task_list_is_for_interviewers_and_analysts(
    client, interviewer, analyst, practitioner, interview
):
    url = reverse("tempcheck:interview", args=[interview.pk])
    assert_access_battery(client, url, interviewer=interviewer, analyst=analyst, practitioner=practitioner)


@pytest.mark.parametrize("section", ["details", "commitment", "rating"])
def test_section_pages_are_for_interviewers_and_analysts(
    client, interviewer, analyst, practitioner, interview, section
):
    assert_access_battery(
        client,
        section_url(interview, section),
        interviewer=interviewer,
        analyst=analyst,
        practitioner=practitioner,
    )


def test_the_check_page_is_for_interviewers_and_analysts(
    client, interviewer, analyst, practitioner, interview
):
    url = reverse("tempcheck:interview_check", args=[interview.pk])
    assert_access_battery(client, url, interviewer=interviewer, analyst=analyst, practitioner=practitioner)


def test_the_confirmation_is_for_interviewers_and_analysts(
    client, interviewer, analyst, practitioner, interview
):
    complete(interview)
    Interview.objects.filter(pk=interview.pk).update(status=Interview.Status.SUBMITTED)
    url = reverse("tempcheck:interview_submitted", args=[interview.pk])
    assert_access_battery(client, url, interviewer=interviewer, analyst=analyst, practitioner=practitioner)


@pytest.mark.parametrize(
    "name", ["interview", "interview_check", "interview_submitted", "interview_reopen", "interview_section"]
)
def test_an_unknown_interview_is_not_found(client, analyst, name):
    client.force_login(analyst)
    args = [999999, "details"] if name == "interview_section" else [999999]
    method = client.post if name == "interview_reopen" else client.get
    assert method(reverse(f"tempcheck:{name}", args=args)).status_code == 404


def test_an_unknown_section_is_not_found(client, interviewer, interview):
    client.force_login(interviewer)
    assert client.get(section_url(interview, "nonsense")).status_code == 404


def test_a_council_outside_the_sample_or_unknown_is_not_found(client, interviewer, region):
    later = make_council("E06999931", "Newshire", region, valid_from=datetime.date(2019, 4, 1))
    client.force_login(interviewer)
    assert client.get(reverse("tempcheck:interview_new", args=["2016", later.gss_code])).status_code == 404
    assert client.get(reverse("tempcheck:interview_new", args=["2016", "E00000000"])).status_code == 404


def test_a_practitioner_cannot_save_a_section(client, practitioner, interview):
    client.force_login(practitioner)
    assert post_section(client, interview, "commitment", {"strategy_fit": "main"}).status_code == 403
    assert interview_answers(interview) == {}


# --- Starting -----------------------------------------------------------------------------------------------


def test_starting_an_interview_creates_it_with_its_details_and_audits_it(client, interviewer, council, wave):
    client.force_login(interviewer)
    url = reverse("tempcheck:interview_new", args=["2016", council.gss_code])
    assert client.get(url).context["form"].initial["interviewer_name"] == "Ivy"
    response = client.post(url, {**DETAILS, "action": "continue"})
    interview = Interview.objects.get(wave=wave, council=council)
    assert response["Location"] == section_url(interview, "meaning")
    assert interview.interview_date == datetime.date(2016, 5, 12)
    assert interview.consent_to_attribution is True
    assert interview.recorded_by == interviewer
    event = AuditEvent.objects.get(object_type="tempcheck.Interview", object_id=str(interview.pk))
    assert (event.action, event.council, event.user) == ("create", council, interviewer)


def test_starting_an_interview_that_exists_goes_to_it(client, interviewer, interview, council):
    client.force_login(interviewer)
    response = client.get(reverse("tempcheck:interview_new", args=["2016", council.gss_code]))
    assert response["Location"] == reverse("tempcheck:interview", args=[interview.pk])


def test_a_draft_of_the_details_can_be_saved_with_gaps(client, interviewer, council, wave):
    client.force_login(interviewer)
    url = reverse("tempcheck:interview_new", args=["2016", council.gss_code])
    response = client.post(url, {"interviewer_name": "Robin Ashdown", "action": "draft"})
    interview = Interview.objects.get(wave=wave, council=council)
    assert response["Location"] == reverse("tempcheck:interview", args=[interview.pk])
    assert interview.interview_date is None


def test_save_and_continue_asks_for_every_detail(client, interviewer, interview):
    client.force_login(interviewer)
    response = post_section(client, interview, "details", {"interviewer_name": "Robin Ashdown"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"interview_date", "respondent_role", "consent_to_attribution"}
    assert "Robin Ashdown" in response.content.decode()
    assert 'href="#id_interview_date_day"' in response.content.decode()


def test_an_impossible_or_future_date_is_refused(client, interviewer, interview):
    client.force_login(interviewer)
    response = post_section(
        client,
        interview,
        "details",
        {**DETAILS, "interview_date_day": "31", "interview_date_month": "2"},
        action="draft",
    )
    assert response.context["form"].errors["interview_date"] == ["Enter a real date, for example 27 3 2016"]
    future = datetime.date.today() + datetime.timedelta(days=2)
    response = post_section(
        client,
        interview,
        "details",
        {
            **DETAILS,
            "interview_date_day": future.day,
            "interview_date_month": future.month,
            "interview_date_year": future.year,
        },
    )
    assert "today or in the past" in response.context["form"].errors["interview_date"][0]


# --- Sections -----------------------------------------------------------------------------------------------


def test_the_task_list_shows_each_section_and_its_status(client, interviewer, interview):
    interview_save(interview=interview, answers={"strategy_fit": "main", "msp_meaning": "Asking first."})
    client.force_login(interviewer)
    tasks = client.get(reverse("tempcheck:interview", args=[interview.pk])).context["state"].tasks
    assert [(t.title, t.status) for t in tasks] == [
        ("Interview details", "Not yet started"),
        ("What MSP means", "Completed"),
        ("Organisational commitment", "In progress"),
        ("Measuring outcomes", "Not yet started"),
        ("Impact", "Not yet started"),
        ("Coaching", "Not yet started"),
        ("Rating of progress", "Not yet started"),
    ]


def test_a_section_page_shows_grids_with_a_heading_and_a_fieldset_per_row(client, interviewer, interview):
    client.force_login(interviewer)
    html = client.get(section_url(interview, "commitment")).content.decode()
    assert '<h2 class="govuk-heading-m">How well is MSP engaged with at various levels?</h2>' in html
    assert "Table 2" not in html and "Table 3" not in html  # the report's numbering is not for interviewers
    assert "Strategic/partnership/board</legend>" in html
    assert html.count('name="engagement__board"') == 5


def test_an_optional_grid_row_can_be_cleared_back_to_not_answered(client, interviewer, interview):
    client.force_login(interviewer)
    html = client.get(section_url(interview, "commitment")).content.decode()
    assert html.count('name="involvement__police"') == 7  # six answers and "Not answered"
    assert html.count('name="engagement__board"') == 5  # a required row has no way to blank
    post_section(client, interview, "commitment", {"involvement__police": "very"}, action="draft")
    assert interview_answers(interview)["involvement.police"] == "very"
    post_section(client, interview, "commitment", {"involvement__police": ""}, action="draft")
    assert "involvement.police" not in interview_answers(interview)


def test_change_from_check_answers_saves_and_returns_there(client, interviewer, interview):
    client.force_login(interviewer)
    check = reverse("tempcheck:interview_check", args=[interview.pk])
    html = client.get(check).content.decode()
    change = section_url(interview, "commitment") + "?from=check#id_strategy_fit_0"
    assert f'href="{change}"' in html
    page = client.get(section_url(interview, "commitment") + "?from=check").content.decode()
    assert "Save and return to check answers" in page and "Save and continue" not in page
    assert f'href="{check}" class="govuk-back-link">Back to check answers' in page
    revision = Interview.objects.get(pk=interview.pk).revision
    response = client.post(
        section_url(interview, "commitment") + "?from=check",
        {"revision": revision, "strategy_fit": "other", "action": "check"},
    )
    assert response["Location"] == check  # not on to the next section, and the rest need not be complete
    assert interview_answers(interview)["strategy_fit"] == "other"
    details = client.get(section_url(interview, "details") + "?from=check")
    assert "Save and return to check answers" in details.content.decode()


def test_achievement_options_show_their_letter(client, interviewer, interview):
    client.force_login(interviewer)
    html = client.get(section_url(interview, "rating")).content.decode()
    assert "A) Fully implemented" in html
    assert "govuk-grid-column-one-half" in html


def test_saving_a_section_stores_its_answers_and_goes_on(client, interviewer, interview):
    client.force_login(interviewer)
    data = {
        field(c): v
        for c, v in COMPLETE_ANSWERS.items()
        if c.split(".")[0] in ("strategy_fit", "engagement", "involvement")
    }
    response = post_section(client, interview, "commitment", data)
    assert response.status_code == 302
    assert response["Location"] == section_url(interview, "outcomes")
    answers = interview_answers(interview)
    assert answers["engagement.board"] == "fairly_well"
    assert answers["involvement.police"] == "fairly"
    event = AuditEvent.objects.get(object_id=str(interview.pk), action="change")
    assert "strategy_fit" in event.changes["changed"]


def test_save_as_draft_keeps_gaps_and_returns_to_the_task_list(client, interviewer, interview):
    client.force_login(interviewer)
    response = post_section(client, interview, "commitment", {"strategy_fit": "main"}, action="draft")
    assert response["Location"] == reverse("tempcheck:interview", args=[interview.pk])
    assert interview_answers(interview) == {"strategy_fit": "main"}


def test_save_and_continue_asks_for_the_required_answers_and_keeps_what_was_typed(
    client, interviewer, interview
):
    client.force_login(interviewer)
    response = post_section(
        client,
        interview,
        "outcomes",
        {"user_voice": "A reference group meets monthly.", "asked_outcomes": "partly"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "A reference group meets monthly." in html
    assert 'value="partly" checked' in html
    assert 'href="#id_measuring_difference_0"' in html
    assert "<title>Error: Measuring outcomes – " in html
    assert interview_answers(interview) == {}


def test_a_value_that_is_not_an_option_is_an_error_even_in_a_draft(client, interviewer, interview):
    client.force_login(interviewer)
    response = post_section(client, interview, "commitment", {"strategy_fit": "maybe"}, action="draft")
    assert response.context["form"].errors["strategy_fit"] == ["Select one of the options shown"]
    assert interview_answers(interview) == {}


def test_the_moderation_reason_is_required_when_the_ratings_differ(client, interviewer, interview):
    client.force_login(interviewer)
    response = post_section(
        client,
        interview,
        "rating",
        {"achievement__self": "B", "achievement__interviewer": "D"},
        action="draft",
    )
    assert response.context["form"].errors["moderation_reason"] == [
        "Enter why the interviewer's rating differs from the respondent's"
    ]
    assert 'href="#id_moderation_reason"' in response.content.decode()
    assert interview_answers(interview) == {}
    response = post_section(
        client,
        interview,
        "rating",
        {
            "achievement__self": "B",
            "achievement__interviewer": "D",
            "moderation_reason": "Roll-out is only in one team.",
        },
    )
    assert response.status_code == 302
    assert interview_answers(interview)["achievement.interviewer"] == "D"


def test_matching_ratings_need_no_reason(client, interviewer, interview):
    client.force_login(interviewer)
    response = post_section(
        client, interview, "rating", {"achievement__self": "C", "achievement__interviewer": "C"}
    )
    assert response.status_code == 302
    saved = interview_answers(interview)
    assert (saved["achievement.self"], saved["achievement.interviewer"]) == ("C", "C")


def test_the_conditional_question_shows_its_hint_and_refuses_an_answer_when_not_asked(
    client, interviewer, interview
):
    client.force_login(interviewer)
    assert "leave blank where they are" in client.get(section_url(interview, "outcomes")).content.decode()
    response = post_section(
        client, interview, "outcomes", {"recording_progress": "just_starting"}, action="draft"
    )
    [message] = response.context["form"].errors["recording_progress"]
    assert message.startswith("Only answer ‘If not yet complete, how far are you in your planning")
    assert "Have you changed any of your reporting and recording systems" in message
    response = post_section(
        client,
        interview,
        "outcomes",
        {"recording_progress": "just_starting", "changed_recording": "no"},
        action="draft",
    )
    assert response.status_code == 302


def test_a_stale_save_is_refused_and_the_typed_answers_are_kept(client, interviewer, analyst, interview):
    opened_at = interview.revision
    # Someone else saves after the page was opened.
    interview_save(
        interview=Interview.objects.get(pk=interview.pk),
        answers={"strategy_fit": "overriding"},
        user=analyst,
        expected_revision=opened_at,
    )
    client.force_login(interviewer)
    response = post_section(
        client,
        interview,
        "commitment",
        {"strategy_fit": "particular_task", "engagement__board": "very_well"},
        action="draft",
        revision=opened_at,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else saved a change to this record after you opened this page." in html
    assert 'value="particular_task" checked' in html
    assert 'value="very_well" checked' in html
    assert interview_answers(interview) == {"strategy_fit": "overriding"}
    # The page now carries the current revision, so saving again after review goes through.
    assert f'name="revision" value="{opened_at + 1}"' in html
    response = post_section(
        client,
        interview,
        "commitment",
        {"strategy_fit": "particular_task"},
        action="draft",
        revision=opened_at + 1,
    )
    assert response.status_code == 302
    assert interview_answers(interview)["strategy_fit"] == "particular_task"


def test_saving_nothing_new_on_an_old_page_overwrites_nothing_and_moves_on(client, interviewer, interview):
    interview_save(interview=interview, answers={"strategy_fit": "main"})
    interview_save(interview=interview, answers={"strategy_fit": "main", "msp_meaning": "Theirs"})
    before = Interview.objects.get(pk=interview.pk)
    changes = AuditEvent.objects.filter(action="change").count()
    client.force_login(interviewer)
    response = post_section(
        client, interview, "commitment", {"strategy_fit": "main"}, action="draft", revision=1
    )
    assert response.status_code == 302
    assert "/sign-in/" not in response.url
    after = Interview.objects.get(pk=interview.pk)
    assert after.revision == before.revision  # nothing written
    assert interview_answers(interview)["msp_meaning"] == "Theirs"  # the newer save is untouched
    assert AuditEvent.objects.filter(action="change").count() == changes


# --- Check, submit, reopen ----------------------------------------------------------------------------------


def test_submit_is_blocked_while_required_answers_are_missing(client, interviewer, interview):
    interview_save(interview=interview, answers={"strategy_fit": "main"})
    client.force_login(interviewer)
    url = reverse("tempcheck:interview_check", args=[interview.pk])
    response = client.post(url, {"revision": Interview.objects.get(pk=interview.pk).revision})
    assert response.status_code == 200
    assert Interview.objects.get(pk=interview.pk).status == "draft"
    html = response.content.decode()
    assert "You cannot submit this interview yet" in html
    assert "Enter the date of the interview" in html
    assert f'href="{section_url(interview, "details")}?from=check#id_interview_date_day"' in html
    assert f'href="{section_url(interview, "commitment")}?from=check#id_engagement__board_0"' in html


def test_the_check_page_lists_each_section_with_change_links(client, interviewer, interview):
    complete(interview)
    client.force_login(interviewer)
    response = client.get(reverse("tempcheck:interview_check", args=[interview.pk]))
    html = response.content.decode()
    assert response.context["problems"] == []
    assert "B) Planning completed and rolling out" in html
    assert "4. MSP implementation plan agreed and implementation started" in html
    assert f'href="{section_url(interview, "rating")}?from=check#id_moderation_reason"' in html


def test_submit_works_when_everything_is_answered(client, interviewer, interview):
    complete(interview)
    client.force_login(interviewer)
    url = reverse("tempcheck:interview_check", args=[interview.pk])
    response = client.post(url, {"revision": Interview.objects.get(pk=interview.pk).revision})
    assert response["Location"] == reverse("tempcheck:interview_submitted", args=[interview.pk])
    interview.refresh_from_db()
    assert interview.status == "submitted"
    assert interview.submitted_at is not None
    assert "Interview submitted" in client.get(response["Location"]).content.decode()
    assert AuditEvent.objects.filter(object_id=str(interview.pk), summary="Submitted the interview").exists()


def test_a_stale_submit_is_refused(client, interviewer, interview):
    complete(interview)
    client.force_login(interviewer)
    url = reverse("tempcheck:interview_check", args=[interview.pk])
    response = client.post(url, {"revision": 1})
    assert "Someone else saved a change to this record" in response.content.decode()
    assert Interview.objects.get(pk=interview.pk).status == "draft"


def test_a_submitted_interview_is_read_only(client, interviewer, interview):
    complete(interview)
    Interview.objects.filter(pk=interview.pk).update(status=Interview.Status.SUBMITTED)
    client.force_login(interviewer)
    response = client.get(reverse("tempcheck:interview", args=[interview.pk]))
    assert response.context["readonly"] is True
    assert ">Change<" not in response.content.decode() and "Change<span" not in response.content.decode()
    assert client.get(section_url(interview, "rating"))["Location"] == reverse(
        "tempcheck:interview", args=[interview.pk]
    )
    response = post_section(client, interview, "commitment", {"strategy_fit": "other"}, action="draft")
    assert "has been submitted, so it cannot be changed" in response.content.decode()
    assert interview_answers(interview)["strategy_fit"] == "main"


def test_its_interviewer_can_reopen_a_submitted_interview(client, interviewer, interview):
    Interview.objects.filter(pk=interview.pk).update(status=Interview.Status.SUBMITTED)
    client.force_login(interviewer)
    url = reverse("tempcheck:interview_reopen", args=[interview.pk])
    confirm = client.get(url)  # asks first, and changes nothing
    assert confirm.status_code == 200
    assert "Yes, reopen the interview" in confirm.content.decode()
    assert Interview.objects.get(pk=interview.pk).status == "submitted"
    assert client.post(url)["Location"] == reverse("tempcheck:interview", args=[interview.pk])
    interview.refresh_from_db()
    assert (interview.status, interview.submitted_at) == ("draft", None)
    assert AuditEvent.objects.filter(object_id=str(interview.pk), summary="Reopened the interview").exists()


def test_an_analyst_can_reopen_any_submitted_interview(client, analyst, interview):
    Interview.objects.filter(pk=interview.pk).update(status=Interview.Status.SUBMITTED)
    client.force_login(analyst)
    client.post(reverse("tempcheck:interview_reopen", args=[interview.pk]))
    assert Interview.objects.get(pk=interview.pk).status == "draft"


def test_another_interviewer_or_a_practitioner_cannot_reopen(client, practitioner, interview):
    Interview.objects.filter(pk=interview.pk).update(status=Interview.Status.SUBMITTED)
    url = reverse("tempcheck:interview_reopen", args=[interview.pk])
    for user in (make_user("olly", Role.INTERVIEWER), practitioner):
        client.force_login(user)
        assert client.post(url).status_code == 403
        assert client.get(url).status_code == 403
    client.logout()
    assert client.post(url)["Location"].startswith("/accounts/sign-in/")
    assert Interview.objects.get(pk=interview.pk).status == "submitted"


def test_a_section_page_reads_a_fixed_number_of_queries(
    client, interviewer, interview, django_assert_max_num_queries
):
    complete(interview)
    client.force_login(interviewer)
    with django_assert_max_num_queries(6):
        client.get(section_url(interview, "commitment"))
    with django_assert_max_num_queries(10):
        client.get(reverse("tempcheck:interview_check", args=[interview.pk]))
