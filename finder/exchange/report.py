"""What an import did, or would do in a dry run: counts, refused rows, links, values with no equivalent."""

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Report:
    """What an import did, or would do in a dry run."""

    source: str
    format: str
    is_dry_run: bool
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    matched: list[tuple[int, str, str, str]] = field(default_factory=list)  # row, key, place slug, how
    rejected: list[tuple[int, str, str]] = field(default_factory=list)  # row, field, reason
    unmapped: Counter = field(default_factory=Counter)  # (field, value) → rows
    # records of this source imported before and absent from this file: kept, for people to check
    no_longer_in_file: int = 0

    @property
    def changes_something(self) -> bool:
        """Tell whether the import creates, updates or links at least one place."""
        return bool(self.created or self.updated or self.matched)

    def as_dict(self) -> dict:
        return {
            "source": self.source,
            "format": self.format,
            "dry_run": self.is_dry_run,
            "counts": {
                "created": self.created,
                "updated": self.updated,
                "unchanged": self.unchanged,
                "matched": len(self.matched),
                "rejected": len(self.rejected),
            },
            "matched": [dict(zip(("row", "id", "place", "by"), item, strict=True)) for item in self.matched],
            "rejected": [dict(zip(("row", "field", "reason"), item, strict=True)) for item in self.rejected],
            "no_longer_in_file": self.no_longer_in_file,
            "no_equivalent": [
                {"field": name, "value": value, "rows": count}
                for (name, value), count in sorted(self.unmapped.items())
            ],
        }


def summary(report: Report, limit: int = 20) -> str:
    """The report in a few lines: counts, then the first rejections and values with no equivalent."""
    counts = report.as_dict()["counts"]
    lines = [
        ("Dry run, nothing saved: " if report.is_dry_run else "")
        + f"{report.source} ({report.format}): "
        + ", ".join(f"{count} {name}" for name, count in counts.items())
        + ("." if report.changes_something else " — nothing changed.")
    ]
    if report.no_longer_in_file:
        lines.append(
            f"  {report.no_longer_in_file} places of this source are no longer in the file: kept, check them"
        )
    lines += [f"  row {row}: {field_name}: {reason}" for row, field_name, reason in report.rejected[:limit]]
    lines += [
        f"  matched row {row} ({key}) to {slug} by {how}" for row, key, slug, how in report.matched[:limit]
    ]
    lines += [
        f"  no equivalent: {name} = {value!r} ({count} row{'s' if count != 1 else ''})"
        for (name, value), count in sorted(report.unmapped.items())[:limit]
    ]
    return "\n".join(lines)
