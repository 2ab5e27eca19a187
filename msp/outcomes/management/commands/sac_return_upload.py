"""`msp sac_return_upload FILE [--dry-run]`: a return made outside MSP, in the long format, all or nothing."""

from msp.outcomes.management.commands._upload import UploadCommand
from msp.outcomes.uploads import upload_return


class Command(UploadCommand):
    help = (
        "Store returns made in another system (CSV or XLSX in the long format of docs/sac.md:"
        " council_gss,year,table,row,column,value) so those councils count in roll-ups and benchmarks."
        " Every row is checked first; any problem and nothing is stored."
    )

    def upload(self, name, data, *, dry_run):
        return upload_return(name, data, dry_run=dry_run)
