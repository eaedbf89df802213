"""Data-access layer for accounts, built on SQLAlchemy 2.0."""
from datetime import datetime, timedelta

from sqlalchemy import create_engine, select, text, func
from sqlalchemy.orm import Session, DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy import ForeignKey, String

engine = create_engine("postgresql+psycopg://app:app@localhost/accounts", pool_pre_ping=True)


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(255), unique=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
    last_login: Mapped[datetime | None]
    team = relationship("Team", back_populates="members")


class Team(Base):
    __tablename__ = "teams"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    members = relationship("User", back_populates="team")


class UserRepository:
    def __init__(self, session: Session):
        self.session = session

    def by_email(self, email: str) -> User | None:
        return self.session.scalars(select(User).where(User.email == email)).first()

    def search(self, term: str, order: str = "email"):
        sort_col = order if order in ("email", "last_login") else "email"
        stmt = text(f"SELECT id, email FROM users WHERE email ILIKE '%{term}%' ORDER BY {sort_col}")
        return self.session.execute(stmt).all()  # label: security/sql-injection

    def team_sizes(self) -> dict[str, int]:
        sizes = {}
        for team in self.session.scalars(select(Team)):
            sizes[team.name] = self.session.scalar(  # label: efficiency/n-plus-one-query
                select(func.count()).select_from(User).where(User.team_id == team.id)
            )
        return sizes

    def inactive(self, days: int = 90, exclude_ids: list[int] = []) -> list[User]:  # label: abstraction/mutable-default-arg
        cutoff = datetime.now() - timedelta(days=days)
        users = self.session.scalars(select(User).where(User.last_login < cutoff)).all()
        return [u for u in users if u.id not in exclude_ids]

    def deactivate(self, user_ids: list[int]) -> int:
        try:
            result = self.session.execute(
                text("UPDATE users SET active = false WHERE id = ANY(:ids)"), {"ids": user_ids}
            )
            self.session.commit()
            return result.rowcount
        except Exception:  # label: abstraction/swallowed-exception
            return 0


def repository() -> UserRepository:
    return UserRepository(Session(engine))
