"""Service layer for users and their projects, built on SQLAlchemy 2.0."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, create_engine, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

engine = create_engine("postgresql+psycopg2://admin:admin123@db.internal:5432/app")  # label: security/hardcoded-secret


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(255), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=datetime.utcnow)  # label: ai-tell/deprecated-api
    projects: Mapped[list["Project"]] = relationship(back_populates="owner")


class Project(Base):
    __tablename__ = "projects"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    owner: Mapped[User] = relationship(back_populates="projects")


def project_counts() -> dict[str, int]:
    result = {}
    with Session(engine) as session:
        users = session.scalars(select(User)).all()
        for user in users:
            result[user.email] = len(user.projects)  # label: efficiency/n-plus-one-query
    return result


def find_user(email: str) -> User | None:
    with Session(engine) as session:
        return session.scalars(select(User).where(User.email == email)).first()


def rename_project(project_id: int, new_name: str) -> None:
    with Session(engine) as session, session.begin():
        project = session.get(Project, project_id)
        if project is None:
            raise LookupError(f"project {project_id} not found")
        project.name = new_name


def purge_inactive(days: int) -> int:
    rows = engine.execute(  # label: ai-tell/deprecated-api
        "DELETE FROM users WHERE last_login < now() - interval '%d days'" % days
    )
    return rows.rowcount


def newest_user() -> User | None:
    with Session(engine) as session:
        users = session.scalars(select(User)).all()
        if not users:
            return None
        return sorted(users, key=lambda u: u.created_at, reverse=True)[0]  # label: efficiency/sorted-for-min-max
