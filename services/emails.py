"""The texts of the emails DPA Desk sends, and queueing them in the caller's transaction."""

from sqlmodel import Session

from dashboard.settings import get_settings
from models import OutboxMessage
from models.vocabulary import Role

ROLE_LABELS = {
    Role.CLIENT_ADMIN: "client administrator",
    Role.CLIENT_VIEWER: "client viewer",
    Role.ACCOUNT_MANAGER: "account manager",
    Role.EXECUTIVE: "executive",
    Role.PLATFORM_ADMIN: "platform administrator",
}


def enqueue(
    session: Session, tenant_id: int | None, kind: str, to: str, subject: str, body: str
) -> OutboxMessage:
    """Write an email to the outbox; it is sent only if the surrounding transaction commits."""
    message = OutboxMessage(tenant_id=tenant_id, kind=kind, to_email=to, subject=subject, body=body)
    session.add(message)
    return message


def enqueue_welcome(
    session: Session, tenant_id: int | None, to: str, name: str, role: Role, where: str
) -> OutboxMessage:
    url = get_settings().app_url
    body = (
        f"Hello {name},\n\n"
        f"You have been added to DPA Desk as {ROLE_LABELS[role]} for {where}.\n"
        f"Sign in with your company login at {url}.\n\n"
        "If you did not expect this email, tell your administrator.\n\n"
        "DPA Desk, Smartnex Technologies"
    )
    return enqueue(session, tenant_id, "welcome", to, "Welcome to DPA Desk", body)
