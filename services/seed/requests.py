"""A year of realistic rights requests per demo tenant, loaded through the CSV importer."""

import csv
import io
import random
from datetime import date, timedelta

from services.imports.rights_requests import OPTIONAL, REQUIRED, import_requests
from services.principal import Principal
from services.rights import deadlines
from services.rights.rules import Jurisdiction, RequestType

# slug -> (reference prefix, requests per year, [(jurisdictions, weight)], [(subject type, weight)])
PROFILES = {
    "northwind-health": (
        "NWH",
        90,
        [("HIPAA", 5), ("CCPA", 3), ("HIPAA;CCPA", 2)],
        [("patient", 8), ("employee", 2)],
    ),
    "acme-manufacturing": ("ACME", 28, [("CCPA", 1)], [("employee", 9), ("visitor", 1)]),
    "rhein-klinik": ("RK", 64, [("GDPR", 9), ("GDPR;UK-GDPR", 1)], [("patient", 8), ("employee", 2)]),
    "pune-medicare": ("PMH", 52, [("DPDP", 8), ("DPDP;GDPR", 1)], [("patient", 7), ("employee", 3)]),
}
TYPES = [
    ("access", 45),
    ("deletion", 20),
    ("correction", 15),
    ("objection", 8),
    ("portability", 7),
    ("restriction", 5),
]


def _pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    return rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


def _row(
    rng: random.Random, ref: str, received: date, laws: str, kind: str, subject: str, today: date
) -> dict[str, str]:
    deadline = deadlines.compute(received, RequestType(kind), [Jurisdiction(j) for j in laws.split(";")])
    extendable = deadline.extension_notice_due is not None
    extended = extendable and rng.random() < 0.12
    due = deadlines.compute(
        received, RequestType(kind), [Jurisdiction(j) for j in laws.split(";")], extended
    ).due_date
    row = {
        "external_ref": ref,
        "request_type": kind,
        "jurisdiction": laws,
        "subject_type": subject,
        "received_at": received.isoformat(),
        "extended": str(extended).lower(),
        "closed_at": "",
    }
    age = (today - received).days
    if age > 20 and rng.random() < min(0.97, age / 60):
        span = max(1, (due - received).days)
        closed = min(today, received + timedelta(days=int(span * rng.uniform(0.2, 1.15))))
        row["status"] = _pick(rng, [("completed", 85), ("refused", 10), ("withdrawn", 5)])
        row["closed_at"] = closed.isoformat()
    else:
        row["status"] = (
            "extended" if extended else _pick(rng, [("received", 3), ("verifying", 3), ("in_progress", 6)])
        )
    return row


def requests_csv(slug: str, today: date) -> bytes:
    prefix, per_year, laws, subjects = PROFILES[slug]
    rng = random.Random(f"requests:{slug}")
    days = sorted(rng.randrange(0, 365) for _ in range(per_year))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=REQUIRED + OPTIONAL)
    writer.writeheader()
    for n, back in enumerate(reversed(days), start=1):
        received = today - timedelta(days=back)
        ref = f"{prefix}-{received.year}-{n:04d}"
        writer.writerow(
            _row(rng, ref, received, _pick(rng, laws), _pick(rng, TYPES), _pick(rng, subjects), today)
        )
    return buffer.getvalue().encode()


def seed_requests(system: Principal, today: date) -> int:
    """`today` should be yesterday in UTC, so that no date is in any tenant's future."""
    imported = 0
    for slug in PROFILES:
        report = import_requests(system, slug, requests_csv(slug, today))
        if report.errors:
            raise RuntimeError(f"demo requests for {slug} are invalid: {report.errors[:3]}")
        imported += report.imported
    return imported
