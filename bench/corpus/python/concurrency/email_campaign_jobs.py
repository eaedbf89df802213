"""Background job runner that sends email campaigns in batches."""

import logging
import smtplib
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from email.message import EmailMessage

log = logging.getLogger("campaigns")

SMTP_HOST = "localhost"
BATCH_SIZE = 100


class CampaignRunner:
    def __init__(self):
        self.sent = 0
        self.failed: list[str] = []
        self._stats_lock = threading.Lock()

    def _send_one(self, recipient: str, subject: str, body: str) -> None:
        msg = EmailMessage()
        msg["From"] = "news@example.com"
        msg["To"] = recipient
        msg["Subject"] = subject
        msg.set_content(body)
        try:
            with smtplib.SMTP(SMTP_HOST, timeout=30) as smtp:
                smtp.send_message(msg)
            with self._stats_lock:
                self.sent += 1
        except (smtplib.SMTPException, OSError) as exc:
            log.warning("failed to send to %s: %s", recipient, exc)
            with self._stats_lock:
                self.failed.append(recipient)

    def send_campaign(self, recipients: list[str], subject: str, body: str) -> None:
        for start in range(0, len(recipients), BATCH_SIZE):
            batch = recipients[start : start + BATCH_SIZE]
            pool = ThreadPoolExecutor(max_workers=10)  # label: concurrency/executor-per-call
            for r in batch:
                pool.submit(self._send_one, r, subject, body)
            pool.shutdown(wait=True)
            log.info("batch %d done", start // BATCH_SIZE)
            time.sleep(1)

    def schedule(self, recipients: list[str], subject: str, body: str, delay: float) -> threading.Thread:
        def run():
            time.sleep(delay)
            self.send_campaign(recipients, subject, body)

        t = threading.Thread(target=run, name=f"campaign-{subject[:20]}")
        t.start()
        return t


def send_reminders(runner: CampaignRunner, users: list[dict]) -> None:
    for user in users:
        t = threading.Thread(target=runner._send_one, args=(user["email"], "Reminder", "Your trial ends soon."))  # label: concurrency/thread-never-joined
        t.start()
    log.info("reminders dispatched for %d users", len(users))


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    runner = CampaignRunner()
    job = runner.schedule(["a@example.com", "b@example.com"], "Spring sale", "20% off everything", delay=0.1)
    job.join()
    print(runner.sent, runner.failed)
