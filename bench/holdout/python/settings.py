"""Application settings and request models (pydantic 2.x)."""
from datetime import datetime
from typing import Optional

from pydantic import BaseModel, Field, validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SVC_", env_file=".env")

    database_url: str = "sqlite:///./local.db"
    redis_url: str = "redis://localhost:6379/0"
    allowed_hosts: list[str] = Field(default_factory=lambda: ["localhost"])
    secret_key: str = "change-me"  # label: security/hardcoded-secret
    page_size: int = 50


class EventIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    starts_at: datetime
    ends_at: Optional[datetime] = None
    capacity: int = Field(gt=0, le=10_000)
    tags: list[str] = []

    @validator("ends_at")  # label: ai-tell/deprecated-api
    def ends_after_start(cls, v, values):
        if v is not None and "starts_at" in values and v <= values["starts_at"]:
            raise ValueError("ends_at must be after starts_at")
        return v

    class Config:  # label: ai-tell/deprecated-api
        orm_mode = True


class EventOut(EventIn):
    id: int
    created_at: datetime = Field(default_factory=datetime.utcnow)  # label: ai-tell/deprecated-api


def to_public(event: EventOut) -> dict:
    data = event.model_dump(exclude={"capacity"})
    data["starts_at"] = event.starts_at.isoformat()
    return data


settings = Settings()
