"""Subject references are kept as a keyed HMAC-SHA256 and Fernet ciphertext: the plain text
reaches neither the database (file or rows) nor the logs."""

import hashlib
import hmac
import json
import logging
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlmodel import SQLModel, select

from dashboard.db import get_engine
from dashboard.settings import get_settings
from models import ConsentSubject
from services.consent import ledger, pseudonyms
from services.imports.consents import import_consents
from services.scoping import unscoped_session
from tests.consent.conftest import ConsentTenant, ago, csv_bytes, draft, row, years_before

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"
HMAC_KEY, FERNET_KEY = "k" * 64, Fernet.generate_key().decode()


@pytest.fixture
def configured_keys(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("SUBJECT_HMAC_KEY", HMAC_KEY)
    monkeypatch.setenv("SUBJECT_FERNET_KEY", FERNET_KEY)
    get_settings.cache_clear()
    yield
    monkeypatch.undo()
    get_settings.cache_clear()


def database_text() -> str:
    """Every row of every table, as text."""
    engine = get_engine()
    with engine.connect() as conn:
        return "\n".join(
            str(tuple(r)) for t in SQLModel.metadata.sorted_tables for r in conn.execute(t.select()).all()
        )


def sqlite_files() -> bytes:
    """The database file and its write-ahead log, where recent pages live until a checkpoint."""
    path = Path(get_settings().database_url.split("///", 1)[1])
    return b"".join(p.read_bytes() for p in (path, path.with_name(path.name + "-wal")) if p.exists())


def test_plain_references_appear_nowhere_in_the_database_or_the_logs(
    klinik: ConsentTenant, ref: str, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.INFO, logger="sqlalchemy.engine")  # every statement and its parameters
    captured = ago(days=40)
    child = {"subject_type": "patient", "purpose": "patient-records", "captured_at": captured,
             "date_of_birth": years_before(captured.date(), 10), "method": "guardian-written"}  # fmt: skip
    secrets = {
        "recorded": f"{ref}-R",
        "guardian": f"{ref}-G",
        "imported": f"{ref}-I",
        "guardian2": f"{ref}-H",
    }
    ledger.record_event(
        klinik.admin, klinik.id,
        draft(secrets["recorded"], guardian_ref=secrets["guardian"], notice_version=f"{ref}-N", **child),
        evidence=("consent.pdf", PDF),
    )  # fmt: skip
    rows = [row(secrets["imported"], subject_type="patient", purpose="patient-records",
                method="e-signature", date_of_birth=child["date_of_birth"].isoformat(),
                guardian_ref=secrets["guardian2"])]  # fmt: skip
    assert import_consents(klinik.admin, klinik.slug, csv_bytes(rows)).imported == 1
    bad = [row(secrets["imported"], subject_type="visitor", purpose="patient-records")]
    assert import_consents(klinik.admin, klinik.slug, csv_bytes(bad)).errors  # an error names no reference

    stored = database_text()
    assert f"{ref}-N" in stored and "consent_subject" in caplog.text  # the searches do find plain text
    for secret in secrets.values():
        assert secret not in stored
        assert secret not in caplog.text
        assert secret not in capsys.readouterr().out
    if get_engine().dialect.name == "sqlite":
        raw = sqlite_files()
        assert f"{ref}-N".encode() in raw
        for secret in secrets.values():
            assert secret.encode() not in raw
    history = ledger.subject_history(klinik.admin, klinik.id, secrets["recorded"])
    assert history is not None and history.subject_ref == secrets["recorded"]
    assert history.events[0].guardian_ref == secrets["guardian"]


def test_stored_subject_holds_its_hmac_and_ciphertext(acme: ConsentTenant, ref: str) -> None:
    ledger.record_event(acme.admin, acme.id, draft(ref))
    key = pseudonyms.ref_hmac(acme.id, ref)
    with unscoped_session("tests: read a subject") as session:
        subject = session.exec(select(ConsentSubject).where(ConsentSubject.ref_hmac == key)).one()
    assert len(subject.ref_hmac) == 64 and int(subject.ref_hmac, 16) >= 0
    assert subject.ref_encrypted != ref and pseudonyms.decrypt(subject.ref_encrypted) == ref
    assert ledger.subject_history(acme.admin, acme.id, f"  {ref} ") is not None  # trimmed, then matched
    assert ledger.subject_history(acme.admin, acme.id, ref.lower()) is None  # exact otherwise


def test_the_same_reference_at_two_tenants_is_two_subjects(
    acme: ConsentTenant, klinik: ConsentTenant, ref: str
) -> None:
    ledger.record_event(acme.admin, acme.id, draft(ref))
    assert ledger.subject_history(klinik.admin, klinik.id, ref) is None
    ledger.record_event(
        klinik.admin, klinik.id, draft(ref, subject_type="patient", purpose="patient-records")
    )
    at_acme = ledger.subject_history(acme.admin, acme.id, ref)
    at_klinik = ledger.subject_history(klinik.admin, klinik.id, ref)
    assert (
        at_acme and at_klinik and at_acme.subject_type == "employee" and at_klinik.subject_type == "patient"
    )
    assert pseudonyms.ref_hmac(acme.id, ref) != pseudonyms.ref_hmac(klinik.id, ref)


def test_keys_from_settings_give_hmac_sha256_and_fernet(configured_keys: None) -> None:
    expected = hmac.new(HMAC_KEY.encode(), b"7:EMP-1", hashlib.sha256).hexdigest()
    assert pseudonyms.ref_hmac(7, " EMP-1 ") == expected
    token = pseudonyms.encrypt("EMP-1")
    assert Fernet(FERNET_KEY.encode()).decrypt(token.encode()) == b"EMP-1"
    assert pseudonyms.decrypt(token) == "EMP-1" and pseudonyms.decrypt(None) == ""
    foreign = Fernet(Fernet.generate_key()).encrypt(b"EMP-1").decode()
    assert pseudonyms.decrypt(foreign) == "(unreadable: encrypted with another key)"


def test_dev_keys_are_generated_once_readable_by_the_owner_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pseudonyms, "DEV_KEY_FILE", tmp_path / "data" / "keys.json")
    first = pseudonyms._dev_keys()
    assert pseudonyms._dev_keys() == first
    path = tmp_path / "data" / "keys.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(path.read_text()) == {"hmac": first[0], "fernet": first[1]}
    assert [p.name for p in path.parent.iterdir()] == ["keys.json"]  # no draft left behind
    Fernet(first[1].encode())  # a valid key


def test_dev_keys_written_by_another_process_first_are_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "keys.json"
    monkeypatch.setattr(pseudonyms, "DEV_KEY_FILE", path)
    real_exists = Path.exists
    theirs = {"hmac": "ab" * 32, "fernet": Fernet.generate_key().decode()}

    def racing_exists(self: Path) -> bool:  # the other process publishes between check and link
        if self == path and not real_exists(self):
            path.write_text(json.dumps(theirs))
            return False
        return real_exists(self)

    monkeypatch.setattr(Path, "exists", racing_exists)
    assert pseudonyms._dev_keys() == (theirs["hmac"], theirs["fernet"])
