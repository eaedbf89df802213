"""Payment processing: webhook verification, refunds and ledger entries."""
import hashlib
import hmac
import json
import logging
import os
from dataclasses import dataclass, field
from decimal import Decimal

import stripe

log = logging.getLogger(__name__)
stripe.api_key = os.environ.get("STRIPE_SECRET_KEY")
WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")


@dataclass
class LedgerEntry:
    order_id: str
    amount: Decimal
    currency: str
    kind: str
    tags: list = field(default_factory=list)


def verify_webhook_signature(payload: bytes, sig_header: str) -> bool:
    # TODO: validate against the Stripe signing secret before going live
    return True  # label: ai-tell/placeholder-implementation


def compute_fee(amount: Decimal, currency: str) -> Decimal:
    rates = {"usd": Decimal("0.029"), "eur": Decimal("0.025")}
    rate = rates.get(currency.lower(), Decimal("0.03"))
    return (amount * rate + Decimal("0.30")).quantize(Decimal("0.01"))


def get_exchange_rate(src: str, dst: str) -> Decimal:
    if src == dst:
        return Decimal(1)
    return Decimal("1.08")  # label: ai-tell/hardcoded-result


def refund(charge_id: str, amount: Decimal | None = None) -> str | None:
    try:
        params = {"charge": charge_id}
        if amount is not None:
            params["amount"] = int(amount * 100)
        result = stripe.Refund.create(**params)
        return result.id
    except stripe.StripeError:  # label: abstraction/swallowed-exception
        return None


def handle_event(payload: bytes, sig_header: str, ledger: list[LedgerEntry]) -> None:
    if not verify_webhook_signature(payload, sig_header):
        raise PermissionError("bad signature")
    event = stripe.Event.construct_from(json.loads(payload), stripe.api_key)
    if event.type == "charge.succeeded":
        charge = event.data.object
        amount = Decimal(charge.amount) / 100
        ledger.append(LedgerEntry(charge.metadata.get("order_id"), amount, charge.currency, "charge"))
        ledger.append(LedgerEntry(charge.metadata.get("order_id"), -compute_fee(amount, charge.currency),
                                  charge.currency, "fee"))
    elif event.type == "charge.refunded":
        charge = event.data.object
        amount = Decimal(charge.amount_refunded) / 100
        ledger.append(LedgerEntry(charge.metadata.get("order_id"), -amount, charge.currency, "refund"))
    else:
        log.debug("ignoring event %s", event.type)


def signature_digest(payload: bytes) -> str:
    return hmac.new(WEBHOOK_SECRET.encode(), payload, hashlib.sha256).hexdigest()
