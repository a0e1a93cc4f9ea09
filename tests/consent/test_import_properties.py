"""Property-based: whatever bytes or rows the importer is fed, it never crashes and never
writes part of a file. Each example counts the rows before and after (the tenants are shared)."""

import csv
import io
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from services.imports.consents import import_consents
from services.imports.report import ImportReport, UnreadableFile
from tests.consent.conftest import HEADER, ConsentTenant, counts

SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
HEADER_LINE = ",".join(HEADER).encode()
ZONES = st.sampled_from([None, UTC, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-6))])
LAST_WEEK = datetime.now() - timedelta(days=7)
RECENT = st.datetimes(min_value=datetime(2020, 1, 1), max_value=LAST_WEEK, timezones=ZONES)
# (subject_type, purpose, method) that the acme tenant accepts for a grant
VALID_KINDS = [("EMP", "employee", "biometric-attendance", "written"),
               ("EMP", "employee", "biometric-attendance", "e-signature"),
               ("EMP", "employee", "payroll", "electronic-click"),
               ("VIS", "visitor", "visitor-badge", "verbal-recorded")]  # fmt: skip
ODD_VALUES = ["", " ", "\x00", "withdrawn", "a\x00b", "N" * 65, "G" * 400, "=cmd|' /C calc'!A0",
              "0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00", "2015-02-29", "GDPR-XX",
              "A" * 64, "x" * 101, "\U0001f600" * 80, "\ufeff", "\r\n"]  # fmt: skip


@st.composite
def plausible_row(draw: st.DrawFn) -> dict[str, str]:
    """A row that is valid on its own (though the ledger may hold a conflicting event)."""
    prefix, kind, purpose, method = draw(st.sampled_from(VALID_KINDS))
    captured = draw(RECENT)
    name = draw(st.one_of(st.sampled_from(["1", "2", "=1+1", "-5", "@x"]), st.text(min_size=1, max_size=40)))
    fields = {
        "subject_ref": f"{prefix}{name}",  # one type per prefix: no clashes with earlier examples
        "subject_type": kind, "purpose": purpose, "method": method,
        "status": draw(st.sampled_from(["granted", "granted", "Granted", "refused", "expired"])),
        "captured_at": draw(st.sampled_from([captured.isoformat(), captured.date().isoformat()])),
        "notice_version": draw(st.sampled_from(["BIO-1", "v2", "=HYPERLINK(\"x\")"])),
        "evidence_sha256": draw(st.sampled_from(["", "ab" * 32, "AB" * 32])),
        "date_of_birth": draw(st.sampled_from(["", "1980-05-17"])),
        "guardian_ref": "", "jurisdiction": draw(st.sampled_from(["", "coppa", "GDPR-DE"])),
    }  # fmt: skip
    return fields


@st.composite
def plausible_rows(draw: st.DrawFn) -> list[dict[str, str]]:
    """One to three plausible rows; in two files out of three, one field odd or random."""
    rows = draw(st.lists(plausible_row(), min_size=1, max_size=3))
    if draw(st.integers(0, 2)):
        column = draw(st.sampled_from(HEADER))
        rows[draw(st.integers(0, len(rows) - 1))][column] = draw(
            st.one_of(st.sampled_from(ODD_VALUES), st.text(max_size=600))
        )
    return rows


def rows_file(rows: list[dict[str, str]], columns: list[str], bom: bool) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8", errors="surrogatepass")


def import_all_or_nothing(tenant: ConsentTenant, content: bytes) -> ImportReport | None:
    """Import; assert that either nothing was written or exactly the reported events were."""
    before = counts()
    try:
        report = import_consents(tenant.admin, tenant.slug, content)
    except UnreadableFile:
        assert counts() == before
        return None
    after = counts()
    if report.errors:
        assert after == before and report.imported == 0
    else:
        assert after[1] == before[1] + report.imported and after[2] == before[2]
        assert after[0] - before[0] <= report.imported
    assert all(e.row >= 1 and e.message for e in report.errors)
    return report


def edge(**fields: str) -> dict[str, str]:
    base = {"subject_ref": "EMP-edge", "subject_type": "employee", "purpose": "payroll",
            "status": "granted", "captured_at": "2024-05-01T09:30:00+02:00", "method": "written",
            "notice_version": "v1"}  # fmt: skip
    return base | fields


@settings(SETTINGS, max_examples=70)
@example(rows=[edge(notice_version="N" * 65)], optional=[], bom=False)  # PostgreSQL: varchar(64)
@example(rows=[edge(notice_version="a\x00b")], optional=[], bom=False)  # PostgreSQL: no NUL in text
@example(rows=[edge(guardian_ref="G" * 400)], optional=["guardian_ref"], bom=False)  # ciphertext > 500
@example(rows=[edge(subject_ref="\U0001f600" * 80)], optional=[], bom=True)  # 80 characters, 320 bytes
@example(rows=[edge(captured_at="0001-01-01T00:00:00+05:00")], optional=[], bom=False)  # before year 1 UTC
@given(
    rows=plausible_rows(),
    optional=st.permutations(HEADER[7:]).flatmap(lambda cols: st.sampled_from([cols[:n] for n in range(5)])),
    bom=st.booleans(),
)
def test_any_rows_import_all_or_nothing_and_twice_imports_nothing(
    acme: ConsentTenant, rows: list[dict[str, str]], optional: list[str], bom: bool
) -> None:
    try:
        content = rows_file(rows, HEADER[:7] + optional, bom)
    except UnicodeEncodeError:  # a lone surrogate: not text a file could hold
        return
    first = import_all_or_nothing(acme, content)
    event("refused" if first is None or first.errors else "imported")
    if first is None or first.errors:
        return
    again = import_all_or_nothing(acme, content)
    assert again is not None and again.imported == 0
    assert again.duplicates == first.imported + first.duplicates


@settings(SETTINGS, max_examples=30)
@given(head=st.sampled_from([b"", HEADER_LINE + b"\n", b"\xef\xbb\xbf" + HEADER_LINE + b"\r\n"]),
       body=st.binary(max_size=400))  # fmt: skip
def test_random_bytes_never_crash_nor_write_part_of_a_file(
    acme: ConsentTenant, head: bytes, body: bytes
) -> None:
    import_all_or_nothing(acme, head + body)
