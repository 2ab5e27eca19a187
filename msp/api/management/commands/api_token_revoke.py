"""`msp api_token_revoke ID`: stop a figures API token working."""

from django.core.management.base import BaseCommand, CommandError

from msp.api.models import ApiToken
from msp.api.tokens import api_token_revoke


class Command(BaseCommand):
    help = "Revoke a figures API token (its id is in the admin's list of API tokens)."

    def add_arguments(self, parser):
        parser.add_argument("id", type=int, help="The token's number, as api_token_create printed it.")

    def handle(self, *args, id, **options):
        token = ApiToken.objects.filter(pk=id).first()
        if token is None:
            raise CommandError(f"No API token {id}.")
        if api_token_revoke(token=token):
            self.stdout.write(f"Revoked API token {token.pk}: {token}.")
        else:
            self.stdout.write(f"API token {token.pk} was already revoked.")
