"""Sub-commands of the `ipaas-auth` command line, one module each."""


class CommandError(Exception):
    """A command failed for a reason the user can fix; printed as one line on stderr."""
