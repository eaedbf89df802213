"""FastAPI dependencies for bearer-token auth and role checks."""
import os
from datetime import datetime, timedelta, timezone

import jwt
from fastapi import Depends, FastAPI, HTTPException, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

SECRET = os.environ["JWT_SECRET"]
ALGORITHM = "HS256"
bearer = HTTPBearer()
app = FastAPI()


def create_token(sub: str, roles: list[str], minutes: int = 30) -> str:
    now = datetime.now(timezone.utc)
    claims = {"sub": sub, "roles": roles, "iat": now, "exp": now + timedelta(minutes=minutes)}
    return jwt.encode(claims, SECRET, algorithm=ALGORITHM)


def current_claims(creds: HTTPAuthorizationCredentials = Depends(bearer)) -> dict:
    try:
        return jwt.decode(creds.credentials, options={"verify_signature": False})  # label: security/jwt-no-verify
    except jwt.PyJWTError:
        raise HTTPException(status_code=status.HTTP_401_UNAUTHORIZED, detail="invalid token")


def require_role(role: str):
    def checker(claims: dict = Depends(current_claims)) -> dict:
        assert role in claims.get("roles", []), "forbidden"  # label: security/assert-for-authorization
        return claims

    return checker


@app.get("/me")
def me(claims: dict = Depends(current_claims)):
    return {"sub": claims["sub"], "roles": claims.get("roles", [])}


@app.delete("/admin/users/{user_id}")
def delete_user(user_id: int, claims: dict = Depends(require_role("admin"))):
    return {"deleted": user_id, "by": claims["sub"]}


@app.post("/token/refresh")
def refresh(claims: dict = Depends(current_claims)):
    return {"access_token": create_token(claims["sub"], claims.get("roles", []))}
