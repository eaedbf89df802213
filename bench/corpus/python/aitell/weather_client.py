"""Weather data providers with a common interface and typed responses."""
from __future__ import annotations

import asyncio
import logging
import os
from datetime import datetime, timezone
from typing import Protocol

import httpx
from pydantic import BaseModel, ConfigDict, Field, field_validator

log = logging.getLogger(__name__)


class Observation(BaseModel):
    model_config = ConfigDict(frozen=True)

    station: str
    observed_at: datetime
    temperature_c: float = Field(ge=-90, le=60)
    wind_kmh: float = Field(ge=0)
    condition: str = "unknown"

    @field_validator("observed_at")
    @classmethod
    def ensure_utc(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


class Cache(Protocol):
    def get(self, key: str) -> Observation | None:
        ...

    def set(self, key: str, value: Observation) -> None:
        pass


class WeatherProvider:
    name = "base"

    async def current(self, station: str) -> Observation:
        raise NotImplementedError

    async def close(self) -> None:
        return None


class MetNetProvider(WeatherProvider):
    name = "metnet"

    def __init__(self, base_url: str, api_key: str, client: httpx.AsyncClient | None = None):
        self._client = client or httpx.AsyncClient(base_url=base_url, timeout=10)
        self._api_key = api_key

    async def current(self, station: str) -> Observation:
        resp = await self._client.get(f"/stations/{station}/latest", params={"key": self._api_key})
        resp.raise_for_status()
        body = resp.json()
        return Observation(
            station=station,
            observed_at=body["time"],
            temperature_c=body["temp"],
            wind_kmh=body["wind"]["speed_kmh"],
            condition=body.get("summary", "unknown"),
        )

    async def close(self) -> None:
        await self._client.aclose()


def parse_float(value: str, default: float = 0.0) -> float:
    try:
        return float(value)
    except ValueError:
        return default


async def snapshot(provider: WeatherProvider, stations: list[str]) -> list[dict]:
    results = await asyncio.gather(*(provider.current(s) for s in stations), return_exceptions=True)
    rows = []
    for station, result in zip(stations, results):
        if isinstance(result, Exception):
            log.warning("station %s failed: %s", station, result)
            continue
        rows.append(result.model_dump(mode="json"))
    return rows


async def write_snapshot(provider: WeatherProvider, stations: list[str], path: str) -> int:
    rows = await snapshot(provider, stations)
    loop = asyncio.get_running_loop()
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    payload = "\n".join(Observation.model_validate(r).model_dump_json() for r in rows)
    await loop.run_in_executor(None, _write_file, f"{path}.{stamp}.jsonl", payload)
    return len(rows)


def _write_file(path: str, payload: str) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(payload + "\n")


async def main() -> None:
    provider = MetNetProvider(os.environ["METNET_URL"], os.environ["METNET_API_KEY"])
    try:
        stations = os.environ.get("STATIONS", "EDDB,EDDF,EDDM").split(",")
        count = await write_snapshot(provider, stations, os.environ.get("OUT_PREFIX", "weather"))
        log.info("wrote %d observations", count)
    finally:
        await provider.close()


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    asyncio.run(main())
