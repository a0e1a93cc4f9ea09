"""Tenant scoping in one place, failing closed.

Every ORM statement run in a session is filtered to the tenants its principal may see
(reads) or write (updates, deletes, bulk inserts), and every flushed row is checked
against the principal's writable tenants. A session with no principal refuses to run.
The only ways around are `unscoped_session(reason)` and, for one statement,
`.execution_options(unscoped_reason=...)`: for login look-ups, the email sender,
migrations and platform-wide admin work. Grep for `unscoped`.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import ORMExecuteState, with_loader_criteria
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, SQLModel

from dashboard.db import get_engine
from models import Membership, Tenant, TenantOwned, User
from services.errors import ScopeViolation

if TYPE_CHECKING:
    from services.principal import Principal

PRINCIPAL_KEY = "principal"
UNSCOPED_KEY = "unscoped_reason"


@contextmanager
def scoped_session(principal: "Principal") -> Iterator[Session]:
    """A session bound to `principal`; commits when the block ends without an error."""
    if principal is None:
        raise ScopeViolation("A database session needs a principal.")
    with (
        Session(get_engine(), info={PRINCIPAL_KEY: principal}, expire_on_commit=False) as session,
        session.begin(),
    ):
        yield session


@contextmanager
def unscoped_session(reason: str) -> Iterator[Session]:
    """The explicit opt-out of tenant scoping. `reason` says why, for the reader."""
    with (
        Session(get_engine(), info={UNSCOPED_KEY: reason}, expire_on_commit=False) as session,
        session.begin(),
    ):
        yield session


def _principal_of(session: OrmSession, options: Any = None) -> "Principal | None":
    """The principal to scope by; None on an opt-out. Raises when there is neither."""
    if session.info.get(UNSCOPED_KEY) or (options or {}).get(UNSCOPED_KEY):
        return None
    principal = session.info.get(PRINCIPAL_KEY)
    if principal is None:
        raise ScopeViolation("Query refused: the session has no principal.")
    return principal


@cache
def _tenant_owned_tables() -> tuple[type[TenantOwned], ...]:
    return tuple(m.class_ for m in SQLModel._sa_registry.mappers if issubclass(m.class_, TenantOwned))


def _criteria(ids: tuple[int, ...]) -> list[Any]:
    member_ids = select(Membership.user_id).where(Membership.tenant_id.in_(ids))
    criteria = [
        with_loader_criteria(table, lambda cls: cls.tenant_id.in_(ids), include_aliases=True)
        for table in _tenant_owned_tables()
    ]
    return [
        *criteria,
        with_loader_criteria(Tenant, lambda cls: cls.id.in_(ids), include_aliases=True),
        with_loader_criteria(User, lambda cls: cls.id.in_(member_ids), include_aliases=True),
    ]


@event.listens_for(OrmSession, "do_orm_execute")
def _scope_statement(state: ORMExecuteState) -> None:
    principal = _principal_of(state.session, state.execution_options)
    if principal is None:
        return
    if state.is_insert:
        _check_insert_params(principal, state.parameters)
        return
    writing = state.is_update or state.is_delete
    if writing and not principal.writes_all_tenants:
        ids = tuple(principal.writable_tenant_ids)
    elif not writing and not principal.sees_all_tenants:
        ids = tuple(principal.tenant_ids)
    else:
        return
    state.statement = state.statement.options(*_criteria(ids))


def _check_insert_params(principal: "Principal", parameters: Any) -> None:
    rows = parameters if isinstance(parameters, list) else [parameters or {}]
    for row in rows:
        if "tenant_id" in row and not principal.may_write(row["tenant_id"]):
            raise ScopeViolation(f"{principal.actor} may not write to tenant {row['tenant_id']}.")


def _owning_tenants(obj: object) -> list[int | None]:
    """The tenant(s) a flushed object belongs to, before and after the change."""
    if isinstance(obj, Tenant):
        return [obj.id]
    if not isinstance(obj, TenantOwned):
        return []
    history = inspect(obj).attrs.tenant_id.history
    return [obj.tenant_id, *history.deleted]


@event.listens_for(OrmSession, "before_flush")
def _check_writes(session: OrmSession, _context: Any, _instances: Any) -> None:
    principal = _principal_of(session)
    if principal is None:
        return
    for obj in (*session.new, *session.dirty, *session.deleted):
        for tenant_id in _owning_tenants(obj):
            if not principal.may_write(tenant_id):
                raise ScopeViolation(
                    f"{principal.actor} may not write {type(obj).__name__} of tenant {tenant_id}."
                )
