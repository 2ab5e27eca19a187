"""Local answer lists for case records (the national SAC lists live in categories.yaml)."""

from django.db import models


class ReferrerType(models.TextChoices):
    POLICE = "police", "Police"
    AMBULANCE = "ambulance", "Ambulance service"
    ACUTE_HOSPITAL = "acute_hospital", "Acute hospital"
    GP = "gp", "GP"
    MENTAL_HEALTH_TRUST = "mental_health_trust", "Mental health trust"
    CARE_PROVIDER = "care_provider", "Care provider"
    HOUSING = "housing", "Housing"
    FAMILY_FRIEND = "family_friend", "Family member or friend"
    SELF = "self", "The person themselves"
    OTHER = "other", "Other"


class RepresentativeType(models.TextChoices):
    FAMILY = "family", "Family member"
    FRIEND = "friend", "Friend"
    CARER = "carer", "Carer"
    ADVOCATE = "advocate", "Advocate"
    IMCA = "imca", "Independent mental capacity advocate (IMCA)"


class Channel(models.TextChoices):
    STAFF = "staff", "Recorded by council staff"
    ALERT = "alert", "Partner alert form"
    IMPORT = "import", "Imported from another system"


class ConcernStatus(models.TextChoices):
    AWAITING_DECISION = "awaiting_decision", "Awaiting a decision"
    IN_ENQUIRY = "in_enquiry", "Enquiry open"
    CLOSED = "closed", "Closed"


class Decision(models.TextChoices):
    S42 = "s42", "Section 42 enquiry"
    OTHER = "other", "Other safeguarding enquiry"
    NONE = "none", "No enquiry"


class NoEnquiryOutcome(models.TextChoices):
    INFO_ADVICE = "info_advice", "Information and advice"
    SIGNPOSTED = "signposted", "Signposted to community or voluntary services"
    REFERRED = "referred", "Referred for assessment or other support"
    NO_FURTHER_ACTION = "no_further_action", "No further action"


class OutcomesAsked(models.TextChoices):
    """Was the person (or someone for them) asked what outcomes they want? Kept once, on the concern."""

    ASKED = "asked", "Asked"
    DECLINED = "declined", "Asked, but they did not want to say"
    NOT_ASKED = "not_asked", "Not asked"
    UNKNOWN = "unknown", "Not known whether they were asked"


class SaidBy(models.TextChoices):
    PERSON = "person", "The person"
    REPRESENTATIVE = "representative", "Their representative"
    REFERRER = "referrer", "The referrer, for the person"


class PersonAware(models.TextChoices):
    """Does the person know about this report, and agree to it? "" = not recorded."""

    AGREES = "agrees", "Knows and agrees"
    DOES_NOT_AGREE = "does_not_agree", "Knows but does not agree"
    DOES_NOT_KNOW = "does_not_know", "Does not know"
    NOT_KNOWN = "not_known", "Not known"


class OutcomeStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Stage(models.TextChoices):
    """When in the process something was said or changed (beginning, during, end)."""

    CONCERN = "concern", "At the concern"
    ENQUIRY = "enquiry", "During the enquiry"
    CLOSURE = "closure", "At closure"


class ChangeKind(models.TextChoices):
    ADDED = "added", "Added"
    CHANGED = "changed", "Changed"
    WITHDRAWN = "withdrawn", "Withdrawn"
    REVIEWED = "reviewed", "Reviewed, no change"
    RATED = "rated", "Rated at closure"


class InvolvementMethod(models.TextChoices):
    HOME_VISIT = "home_visit", "Home visit"
    MEETINGS = "meetings", "Attended meetings"
    ADVOCATE = "advocate", "Through an advocate"
    PHONE = "phone", "By phone"
    DECLINED = "declined", "Chose not to be involved"


class FeedbackAnswer(models.TextChoices):
    YES = "yes", "Yes"
    PARTLY = "partly", "Partly"
    NO = "no", "No"
    NOT_ASKED = "not_asked", "Not asked"


class Respondent(models.TextChoices):
    PERSON = "person", "The person"
    REPRESENTATIVE = "representative", "Their representative"


class FeedbackMethod(models.TextChoices):
    AT_CLOSURE = "at_closure", "By the enquiry lead at closure"
    INDEPENDENT = "independent", "By an independent person within eight weeks of closure"


FEEDBACK_QUESTIONS = (
    ("listened_to", "Did you feel listened to?"),
    ("treated_with_respect", "Were you treated with respect?"),
    ("kept_informed", "Were you kept informed?"),
    ("feels_safer", "Do you feel safer?"),
    ("made_difference", "Did it make a difference?"),
)
