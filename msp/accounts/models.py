"""Users with a role and a council, and the audit log of who viewed or changed what."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    # Temperature check (national programme)
    INTERVIEWER = "interviewer", "Interviewer"
    ANALYST = "analyst", "Analyst"
    # Council staff working with people's records
    PRACTITIONER = "practitioner", "Practitioner"
    TEAM_MANAGER = "team_manager", "Team manager"
    SAFEGUARDING_LEAD = "safeguarding_lead", "Council safeguarding lead"
    DATA_OFFICER = (
        "data_officer",
        "Council data officer",
    )  # imports the council's extracts; sees no case pages
    # Figures only, never a person-level record
    SAB_MEMBER = "sab_member", "Safeguarding Adults Board member"
    REGIONAL_LEAD = "regional_lead", "Regional lead"


class User(AbstractUser):
    role = models.CharField(max_length=30, choices=Role.choices, blank=True)
    council = models.ForeignKey(
        "councils.Council",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
        help_text="Council staff see only this council's people and cases.",
    )
    board = models.ForeignKey(
        "councils.SafeguardingAdultsBoard",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
        help_text="A board member sees the figures of the board's councils.",
    )
    region = models.ForeignKey(
        "councils.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="leads",
        help_text="A regional lead sees the figures of the region's councils.",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="council_roles_have_a_council",
                condition=~models.Q(
                    role__in=["practitioner", "team_manager", "safeguarding_lead", "data_officer"]
                )
                | models.Q(council__isnull=False),
            ),
            models.CheckConstraint(
                name="board_members_have_a_board",
                condition=~models.Q(role="sab_member") | models.Q(board__isnull=False),
            ),
            models.CheckConstraint(
                name="regional_leads_have_a_region",
                condition=~models.Q(role="regional_lead") | models.Q(region__isnull=False),
            ),
        ]

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    def has_role(self, *roles: str) -> bool:
        return self.is_superuser or self.role in roles


class AuditEvent(models.Model):
    """One view or change of a record. Append-only: never edited, never deleted by the application."""

    class Action(models.TextChoices):
        VIEW = "view", "Viewed"
        CREATE = "create", "Created"
        CHANGE = "change", "Changed"
        DELETE = "delete", "Deleted"
        EXPORT = "export", "Exported"
        IMPORT = "import", "Imported"
        SEARCH = "search", "Searched"
        REFUSED = "refused", "Refused"
        SIGN_IN = "sign_in", "Signed in"
        SIGN_OUT = "sign_out", "Signed out"
        SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
        LOCKED_OUT = "locked_out", "Locked out"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    action = models.CharField(max_length=20, choices=Action.choices)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=60, blank=True)
    council = models.ForeignKey("councils.Council", null=True, blank=True, on_delete=models.PROTECT)
    # Not a foreign key: the trail of a person's records outlives the person's erasure.
    person_id = models.PositiveBigIntegerField(
        null=True, blank=True, help_text="The person whose records the event is about, if any."
    )
    summary = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            # The lead's trail: one council's events, newest first, or one person's.
            models.Index(fields=["council", "-at", "-id"], name="audit_council_newest"),
            models.Index(fields=["council", "person_id", "-at"], name="audit_council_person"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.user} {self.action} {self.object_type} {self.object_id}"
