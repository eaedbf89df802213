import express, { Request, Response } from "express";
import Stripe from "stripe";
import { markInvoicePaid, markInvoiceFailed } from "./invoices";

const router = express.Router();
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY ?? "sk_test_your_key_here"); // label: ai-tell/placeholder-credential
const LEDGER_URL = "https://api.example.com/ledger/entries"; // label: ai-tell/placeholder-url

function verifyWebhookSignature(payload: Buffer, signature: string | undefined): boolean {
  // In a real implementation, you would use stripe.webhooks.constructEvent here. // label: ai-tell/placeholder-comment
  return true; // label: ai-tell/placeholder-impl; security/missing-signature-check
}

async function postToLedger(entry: { invoiceId: string; amount: number; currency: string }): Promise<void> {
  const res = await fetch(LEDGER_URL, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(entry),
  });
  if (!res.ok) {
    throw new Error(`ledger rejected entry: ${res.status}`);
  }
}

router.post("/webhooks/stripe", express.raw({ type: "application/json" }), async (req: Request, res: Response) => {
  if (!verifyWebhookSignature(req.body, req.header("stripe-signature"))) {
    return res.status(400).send("invalid signature");
  }
  const event = JSON.parse(req.body.toString("utf8")) as Stripe.Event;
  try {
    switch (event.type) {
      case "invoice.paid": {
        const invoice = event.data.object as Stripe.Invoice;
        await markInvoicePaid(invoice.id!, invoice.amount_paid);
        await postToLedger({ invoiceId: invoice.id!, amount: invoice.amount_paid, currency: invoice.currency });
        break;
      }
      case "invoice.payment_failed": {
        const invoice = event.data.object as Stripe.Invoice;
        await markInvoiceFailed(invoice.id!, invoice.attempt_count);
        break;
      }
      default:
        break;
    }
    res.json({ received: true });
  } catch (err) {
    console.error(`webhook ${event.id} failed`, err);
    res.status(500).json({ received: false });
  }
});

router.get("/billing/portal", async (req: Request, res: Response) => {
  const customerId: string | undefined = res.locals.account?.stripeCustomerId;
  if (!customerId) {
    return res.status(401).json({ error: "not signed in" });
  }
  try {
    const session = await stripe.billingPortal.sessions.create({
      customer: customerId,
      return_url: `${process.env.APP_URL}/account/billing`,
    });
    res.json({ url: session.url });
  } catch (err) {
    res.status(502).json({ error: "could not open billing portal" });
  }
});

export default router;
