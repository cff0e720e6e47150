"""What can go wrong reading a source file: a typed hierarchy the command and admin report."""


class ImportError_(Exception):  # noqa: N801 - not the builtin ImportError
    """A source that cannot be imported, with where the trouble is."""

    def __init__(self, message: str, *, place: str = ""):
        super().__init__(message)
        self.message = message
        self.place = place

    def __str__(self) -> str:
        return f"{self.place}: {self.message}" if self.place else self.message


class MalformedExport(ImportError_):
    """The file claims a format but breaks it: truncated XML, invalid JSON, no article."""


class UnsupportedFormat(ImportError_):
    """The content is none of the formats Masthead reads (a PDF, an empty file)."""


class UnsafeInput(ImportError_):
    """The file tries something dangerous: entities, a zip bomb, paths out of the folder."""
