"""In-memory ledger used by the settlement workers."""

import logging
import threading
from dataclasses import dataclass, field

log = logging.getLogger(__name__)


@dataclass
class Account:
    id: str
    balance: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


class Ledger:
    def __init__(self):
        self._accounts: dict[str, Account] = {}
        self._registry_lock = threading.Lock()
        self._journal: list[tuple[str, str, int]] = []
        self._journal_lock = threading.Lock()

    def open(self, account_id: str, initial: int = 0) -> Account:
        with self._registry_lock:
            acct = self._accounts.get(account_id)
            if acct is None:
                acct = self._accounts[account_id] = Account(account_id, initial)
            return acct

    def deposit(self, account_id: str, amount: int) -> None:
        acct = self._accounts[account_id]
        acct.lock.acquire()  # label: concurrency/acquire-without-finally
        if amount <= 0:
            raise ValueError("amount must be positive")
        acct.balance += amount
        acct.lock.release()

    def transfer(self, src_id: str, dst_id: str, amount: int) -> None:
        src, dst = self._accounts[src_id], self._accounts[dst_id]
        with src.lock:  # label: concurrency/lock-order-inversion
            with dst.lock:
                if src.balance < amount:
                    raise ValueError("insufficient funds")
                src.balance -= amount
                dst.balance += amount
        self._record(src_id, dst_id, amount)

    def _record(self, src: str, dst: str, amount: int) -> None:
        with threading.Lock():  # label: concurrency/fresh-lock
            self._journal.append((src, dst, amount))

    def balance(self, account_id: str) -> int:
        acct = self._accounts[account_id]
        with acct.lock:
            return acct.balance

    def journal(self) -> list[tuple[str, str, int]]:
        with self._journal_lock:
            return list(self._journal)


def settle(ledger: Ledger, transfers: list[tuple[str, str, int]], workers: int = 4) -> None:
    chunks = [transfers[i::workers] for i in range(workers)]

    def run(chunk):
        for src, dst, amount in chunk:
            try:
                ledger.transfer(src, dst, amount)
            except ValueError as exc:
                log.warning("transfer %s->%s failed: %s", src, dst, exc)

    threads = [threading.Thread(target=run, args=(c,)) for c in chunks]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
