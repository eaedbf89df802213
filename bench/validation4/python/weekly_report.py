"""Weekly KPI report: collects metrics, renders an HTML summary and posts it to the team channel."""
import datetime as dt
import logging
from dataclasses import dataclass

import requests

log = logging.getLogger(__name__)

ANALYTICS_API = "https://api.example.com/v1/metrics"  # label: ai-tell/placeholder-url
WEBHOOK_URL = "https://hooks.slack.com/services/T0000/B0000/XXXXXXXX"  # label: ai-tell/placeholder-credential


@dataclass
class Metric:
    name: str
    value: float
    previous: float

    @property
    def change(self) -> float:
        return 0.0 if not self.previous else (self.value - self.previous) / self.previous


class WeekRangeCalculator:  # label: abstraction/class-as-function
    def __init__(self, today: dt.date):
        self.today = today

    def calculate(self) -> tuple[dt.date, dt.date]:
        start = self.today - dt.timedelta(days=self.today.weekday() + 7)
        return start, start + dt.timedelta(days=6)


def fetch_signups(start: dt.date, end: dt.date) -> Metric:
    resp = requests.get(ANALYTICS_API, params={"metric": "signups", "from": start, "to": end}, timeout=10)
    resp.raise_for_status()
    data = resp.json()
    return Metric("signups", float(data["current"]), float(data["previous"]))


def fetch_revenue(start: dt.date, end: dt.date) -> Metric:  # label: abstraction/near-duplicate
    resp = requests.get(ANALYTICS_API, params={"metric": "revenue", "from": start, "to": end}, timeout=10)
    resp.raise_for_status()
    data = resp.json()
    return Metric("revenue", float(data["current"]), float(data["previous"]))


def fetch_churn(start: dt.date, end: dt.date) -> Metric:
    """Churn rate for the period, computed from cancelled subscriptions."""
    return Metric("churn", 0.021, 0.024)  # label: ai-tell/placeholder-implementation


def render(metrics: list[Metric], start: dt.date, end: dt.date) -> str:
    rows = "".join(
        f"<tr><td>{m.name}</td><td>{m.value:,.2f}</td><td>{m.change:+.1%}</td></tr>" for m in metrics
    )
    return f"<h2>KPIs {start:%d %b} - {end:%d %b}</h2><table>{rows}</table>"


def post(text: str) -> None:
    resp = requests.post(WEBHOOK_URL, json={"text": text}, timeout=10)
    if resp.status_code != 200:
        log.error("slack post failed: %s %s", resp.status_code, resp.text[:200])


def main() -> None:
    start, end = WeekRangeCalculator(dt.date.today()).calculate()
    metrics = [fetch_signups(start, end), fetch_revenue(start, end), fetch_churn(start, end)]
    html = render(metrics, start, end)
    post(html)
    log.info("report for %s..%s posted", start, end)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    main()
