"""Named errors raised where input enters; the CLI and the web app turn them into sentences."""


class KBError(Exception):
    """Base class: a problem a user can fix, with a message that says how."""


class CorpusError(KBError):
    """The corpus directory or its manifest is missing or unreadable."""


class NotBuiltError(KBError):
    """The knowledge base has not been built yet (run `kb build`)."""


class DamagedStateError(KBError):
    """A built file is missing, truncated or does not match its checksum."""


class ReadOnlyError(KBError):
    """A directory the build must write to cannot be written."""
