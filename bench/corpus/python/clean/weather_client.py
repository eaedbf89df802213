"""Client for a public weather API with retries and timeouts."""

import logging
import os
from dataclasses import dataclass

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

log = logging.getLogger(__name__)

BASE_URL = "https://api.weather.example.com/v1"
DEFAULT_TIMEOUT = (3.05, 15)


@dataclass
class Forecast:
    city: str
    temp_c: float
    condition: str


class WeatherClient:
    def __init__(self, api_key: str | None = None):
        self.api_key = api_key or os.environ["WEATHER_API_KEY"]
        self.session = requests.Session()
        retry = Retry(total=3, backoff_factor=0.5, status_forcelist=(429, 500, 502, 503, 504))
        self.session.mount("https://", HTTPAdapter(max_retries=retry))
        self.session.headers["Authorization"] = f"Bearer {self.api_key}"

    def current(self, city: str) -> Forecast:
        resp = self.session.get(f"{BASE_URL}/current", params={"q": city}, timeout=DEFAULT_TIMEOUT)
        resp.raise_for_status()
        data = resp.json()
        return Forecast(city, float(data["temp_c"]), data["condition"]["text"])

    def daily(self, city: str, days: int = 3) -> list[Forecast]:
        resp = self.session.get(f"{BASE_URL}/forecast", params={"q": city, "days": days}, timeout=DEFAULT_TIMEOUT)
        resp.raise_for_status()
        return [
            Forecast(city, float(d["avg_temp_c"]), d["condition"]["text"]) for d in resp.json()["forecast"]["days"]
        ]

    def close(self) -> None:
        self.session.close()


def status_page() -> bool:
    try:
        return requests.get(f"{BASE_URL}/status", timeout=5).ok
    except requests.RequestException as exc:
        log.warning("status check failed: %s", exc)
        return False


if __name__ == "__main__":
    client = WeatherClient()
    try:
        print(client.current("Lisbon"))
    finally:
        client.close()
