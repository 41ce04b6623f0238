"""Why a plain command could not do what was asked, said in one line the CLI prints as it is."""


class UsageError(Exception):
    """The request names something that is not there (a section, a term, a format): exit 2."""


class OutputError(Exception):
    """The output could not be written where it was asked to go: exit 1."""
