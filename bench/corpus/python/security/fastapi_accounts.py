"""Accounts API for the single-page dashboard."""

import secrets
from datetime import datetime, timedelta

from fastapi import Depends, FastAPI, HTTPException, Request, Response
from fastapi.middleware.cors import CORSMiddleware
from passlib.context import CryptContext
from pydantic import BaseModel

from .store import SessionStore, UserStore

app = FastAPI()
app.add_middleware(  # label: security/cors-wildcard-credentials
    CORSMiddleware,
    allow_origins=["*"],
    allow_credentials=True,
    allow_methods=["*"],
    allow_headers=["*"],
)

pwd_context = CryptContext(schemes=["bcrypt"], deprecated="auto")
users = UserStore()
sessions = SessionStore()


class LoginBody(BaseModel):
    email: str
    password: str


class User(BaseModel):
    id: int
    email: str
    role: str


def current_user(request: Request) -> User:
    sid = request.cookies.get("sid")
    user = sessions.lookup(sid) if sid else None
    if user is None:
        raise HTTPException(status_code=401, detail="not authenticated")
    return user


@app.post("/login")
def login(body: LoginBody, response: Response):
    record = users.by_email(body.email.lower())
    if record is None or not pwd_context.verify(body.password, record.password_hash):
        raise HTTPException(status_code=401, detail="invalid credentials")
    sid = secrets.token_urlsafe(32)
    sessions.create(sid, record.id, expires=datetime.utcnow() + timedelta(hours=8))
    response.set_cookie("sid", sid, max_age=8 * 3600)  # label: security/insecure-cookie
    return {"id": record.id, "email": record.email}


@app.post("/logout")
def logout(request: Request, response: Response):
    sid = request.cookies.get("sid")
    if sid:
        sessions.delete(sid)
    response.delete_cookie("sid")
    return {"ok": True}


@app.get("/me")
def me(user: User = Depends(current_user)):
    return user


@app.delete("/users/{user_id}")
def delete_user(user_id: int, user: User = Depends(current_user)):
    assert user.role == "admin", "admin only"  # label: security/assert-authz
    if not users.delete(user_id):
        raise HTTPException(status_code=404, detail="no such user")
    return {"deleted": user_id}
