"""Two years of daily data volumes per demo tenant, loaded through the ingest service.
Each series is a seeded random walk from a fixed start, so a day's figures never change."""

import csv
import io
import random
from datetime import date, timedelta

from services.imports.data_volumes import FIELDS, ingest_volumes
from services.principal import Principal

START = date(2024, 1, 1)
DAYS_KEPT = 730
# slug -> [(service, category, records on START, mean created per day, share deleted per day)]
SERIES = {
    "northwind-health": [
        ("healthcare", "phi", 412_000, 310, 0.0002),
        ("healthcare", "contact", 398_000, 290, 0.0002),
        ("healthcare", "usage", 2_400_000, 5_200, 0.0019),
        ("hrms", "hr", 6_100, 6, 0.0008),
        ("hrms", "contact", 6_300, 6, 0.0008),
    ],
    "acme-manufacturing": [
        ("attendance", "biometric", 3_850, 4, 0.0009),
        ("attendance", "geolocation", 910_000, 7_600, 0.0081),
        ("attendance", "usage", 120_000, 900, 0.0068),
        ("hrms", "hr", 4_200, 5, 0.0010),
    ],
    "rhein-klinik": [
        ("healthcare", "phi", 188_000, 140, 0.0003),
        ("healthcare", "contact", 181_000, 130, 0.0003),
        ("healthcare", "usage", 760_000, 2_100, 0.0026),
    ],
    "pune-medicare": [
        ("healthcare", "phi", 655_000, 720, 0.0001),
        ("healthcare", "contact", 640_000, 700, 0.0001),
        ("attendance", "biometric", 9_400, 11, 0.0007),
        ("attendance", "geolocation", 1_700_000, 14_000, 0.0080),
    ],
}


def _walk(
    slug: str, service: str, category: str, total: int, created: int, deleted_share: float, until: date
):
    rng = random.Random(f"volumes:{slug}:{service}:{category}")
    day = START
    while day <= until:
        weekday_factor = 0.35 if day.weekday() >= 5 else 1.0
        made = int(rng.gauss(created, created * 0.25) * weekday_factor) if created else 0
        gone = int(total * deleted_share * rng.uniform(0.5, 1.5))
        total = max(0, total + max(0, made) - gone)
        yield day, total, max(0, made), gone
        day += timedelta(days=1)


def volumes_csv(until: date) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(FIELDS)
    first = until - timedelta(days=DAYS_KEPT - 1)
    for slug, series in SERIES.items():
        for service, category, *shape in series:
            for day, total, made, gone in _walk(slug, service, category, *shape, until):
                if day >= first:
                    writer.writerow([day.isoformat(), slug, service, category, total, made, gone])
    return buffer.getvalue().encode()


def seed_volumes(system: Principal, until: date) -> int:
    report = ingest_volumes(system, volumes_csv(until))
    if report.errors:
        raise RuntimeError(f"demo volumes are invalid: {report.errors[:3]}")
    return report.imported
