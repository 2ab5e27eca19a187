"""API tokens: one per organisation's system (a council, a board, a region or the national programme), kept
only as a hash, so that the figures API can be read by a BI tool without anyone's password."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class ApiToken(models.Model):
    """A bearer token for the figures API. It reads what a user of its organisation reads: a council's token
    its own council's figures exact, a board's or region's token their councils' figures published, the
    programme's every council published. The token itself is shown once, when it is made, and never stored."""

    name = models.CharField(max_length=100, help_text="What uses it, e.g. 'Ashcombe BI dashboard'.")
    council = models.ForeignKey(
        "councils.Council", null=True, blank=True, on_delete=models.PROTECT, related_name="api_tokens"
    )
    board = models.ForeignKey(
        "councils.SafeguardingAdultsBoard",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="api_tokens",
    )
    region = models.ForeignKey(
        "councils.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="api_tokens"
    )
    programme = models.BooleanField(
        "national programme", default=False, help_text="Every council's figures, published."
    )
    prefix = models.CharField(
        max_length=12, editable=False, help_text="The token's first characters, to tell tokens apart."
    )
    digest = models.CharField(max_length=64, unique=True, editable=False)  # SHA-256 of the token, hex
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API token"
        constraints = [
            models.CheckConstraint(
                name="api_token_has_one_organisation",
                condition=(
                    Q(council__isnull=False, board__isnull=True, region__isnull=True, programme=False)
                    | Q(council__isnull=True, board__isnull=False, region__isnull=True, programme=False)
                    | Q(council__isnull=True, board__isnull=True, region__isnull=False, programme=False)
                    | Q(council__isnull=True, board__isnull=True, region__isnull=True, programme=True)
                ),
                violation_error_message="Choose exactly one organisation: a council, a board, a region or"
                " the national programme.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"

    @property
    def organisation(self) -> str:
        """Who the token reads for, as the audit log names it."""
        if self.council_id:
            return f"council {self.council.gss_code} {self.council.name}"
        if self.board_id:
            return f"board {self.board.name}"
        if self.region_id:
            return f"region {self.region.gss_code} {self.region.name}"
        return "national programme"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
