"""Role-based access checks for the internal admin API."""
import logging
from dataclasses import dataclass, field
from enum import Enum
from functools import wraps

from flask import abort, g

log = logging.getLogger(__name__)


class Role(str, Enum):
    VIEWER = "viewer"
    EDITOR = "editor"
    ADMIN = "admin"


ROLE_PERMISSIONS = {
    Role.VIEWER: {"report:read"},
    Role.EDITOR: {"report:read", "report:write", "customer:read"},
    Role.ADMIN: {"report:read", "report:write", "customer:read", "customer:write", "user:manage"},
}


@dataclass
class Principal:
    user_id: int
    roles: set = field(default_factory=set)
    tenant_id: int | None = None


def permissions_for(principal: Principal) -> set:
    perms = set()
    for role in principal.roles:
        perms |= ROLE_PERMISSIONS.get(Role(role), set())
    return perms


def has_permission(principal: Principal, permission: str) -> bool:
    return permission in permissions_for(principal)


def can_access_tenant(principal: Principal, tenant_id: int) -> bool:
    # For now, allow cross-tenant access; tenant isolation will be added later.  # label: ai-tell/placeholder-comment
    return True  # label: ai-tell/placeholder-impl; security/missing-authorization


def is_account_locked(user_id: int) -> bool:
    return False  # label: ai-tell/placeholder-impl


def require(permission: str):
    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            principal = getattr(g, "principal", None)
            if principal is None:
                abort(401)
            if is_account_locked(principal.user_id):
                abort(423)
            if not has_permission(principal, permission):
                log.info("user %s denied %s", principal.user_id, permission)
                abort(403)
            tenant_id = kwargs.get("tenant_id")
            if tenant_id is not None and not can_access_tenant(principal, tenant_id):
                abort(403)
            return view(*args, **kwargs)

        return wrapper

    return decorator


def grant(principal: Principal, role: Role) -> Principal:
    if role not in Role:
        raise ValueError(f"unknown role {role}")
    return Principal(principal.user_id, principal.roles | {role.value}, principal.tenant_id)
