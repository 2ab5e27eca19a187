"""`msp comparators_import FILE [--dry-run]`: comparator groups (council_gss,group,from_year,member_gss)."""

from msp.outcomes.management.commands._upload import UploadCommand
from msp.outcomes.uploads import upload_groups


class Command(UploadCommand):
    help = (
        "Import comparator groups, one row per member: council_gss, group, from_year, member_gss (e.g. a"
        " nearest-neighbours list a council licenses). A group with the same council, name and first year is"
        " replaced; earlier versions stay. Any problem and nothing is stored."
    )

    def upload(self, name, data, *, dry_run):
        return upload_groups(name, data, dry_run=dry_run)
