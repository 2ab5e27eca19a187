"""`msp api_token_create --council GSS|--board NAME|--region GSS|--programme --name NAME`: a figures API
token for one organisation, printed once."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from msp.api.tokens import api_token_create
from msp.councils.models import Council, Region, SafeguardingAdultsBoard


class Command(BaseCommand):
    help = (
        "Make a token for the figures API that reads as the organisation's users do (docs/api.md). The token"
        " is printed once and only its hash is kept."
    )

    def add_arguments(self, parser):
        whose = parser.add_mutually_exclusive_group(required=True)
        whose.add_argument("--council", metavar="GSS", help="A council's GSS code: its own figures, exact.")
        whose.add_argument("--board", metavar="NAME", help="A Safeguarding Adults Board's exact name.")
        whose.add_argument("--region", metavar="GSS", help="A region's GSS code.")
        whose.add_argument("--programme", action="store_true", help="The national programme: every council.")
        parser.add_argument("--name", required=True, help="What will use it, e.g. 'Ashcombe BI dashboard'.")

    def handle(self, *args, council, board, region, programme, name, **options):
        found = {}
        try:
            if council:
                found["council"] = Council.objects.get(gss_code=council.strip().upper())
            elif board:
                found["board"] = SafeguardingAdultsBoard.objects.get(name=board.strip())
            elif region:
                found["region"] = Region.objects.get(gss_code=region.strip().upper())
        except (Council.DoesNotExist, SafeguardingAdultsBoard.DoesNotExist, Region.DoesNotExist):
            given = council or board or region
            raise CommandError(
                f"No council, board or region '{given}'; give a GSS code or a board's name."
            ) from None
        try:
            token, raw = api_token_create(name=name, programme=programme, **found)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        self.stderr.write(
            f"API token {token.pk} for {token.organisation}. Copy it now; it is not shown again:"
        )
        self.stdout.write(raw)
