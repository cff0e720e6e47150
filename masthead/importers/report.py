"""What an import did, item by item: for the console, a JSON file and the admin page."""

import json
from dataclasses import asdict, dataclass, field


@dataclass
class ItemOutcome:
    place: str
    source_key: str
    title: str
    outcome: str  # created, updated, unchanged, skipped, failed
    page_id: int | None = None
    reason: str = ""
    findings: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class Report:
    source: str
    dry_run: bool = False
    error: str = ""
    items: list[ItemOutcome] = field(default_factory=list)

    def add(self, outcome: ItemOutcome) -> None:
        self.items.append(outcome)

    def count(self, outcome: str) -> int:
        return sum(1 for item in self.items if item.outcome == outcome)

    @property
    def counts(self) -> dict[str, int]:
        names = ("created", "updated", "unchanged", "skipped", "failed")
        return {name: self.count(name) for name in names}

    @property
    def failures(self) -> list[ItemOutcome]:
        return [item for item in self.items if item.outcome == "failed"]

    def to_dict(self) -> dict:
        return {
            "source": self.source,
            "dry_run": self.dry_run,
            "error": self.error,
            "counts": self.counts,
            "items": [asdict(item) for item in self.items],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False, default=str)

    def lines(self) -> list[str]:
        """The console's summary: the counts, each failure with its place, then findings."""
        head = "Dry run, nothing written. " if self.dry_run else ""
        counts = ", ".join(f"{count} {name}" for name, count in self.counts.items())
        lines = [f"{head}{self.source}: {counts}."]
        if self.error:
            lines.append(f"Error: {self.error}. Nothing was imported.")
        lines += [f"Failed: {item.place}: {item.reason}" for item in self.failures]
        for item in self.items:
            lines += [f"Check: {item.title}: {finding}" for finding in item.findings]
            lines += [f"Warning: {item.place}: {warning}" for warning in item.warnings]
        return lines
