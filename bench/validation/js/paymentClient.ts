import axios, { AxiosInstance } from 'axios';
import crypto from 'crypto';

export interface ChargeRequest {
  customerId: string;
  amountCents: number;
  currency: string;
  idempotencyKey?: string;
}

export interface ChargeResult {
  id: string;
  status: 'succeeded' | 'pending' | 'failed';
  amountCents: number;
}

const PAYMENTS_API_KEY = process.env.PAYMENTS_API_KEY || 'your-api-key-here'; // label: ai-tell/placeholder-credential

export class PaymentClient {
  private http: AxiosInstance;

  constructor(baseURL = 'https://api.payments.example.com/v2') {
    this.http = axios.create({
      baseURL,
      timeout: 10_000,
      headers: { Authorization: `Bearer ${PAYMENTS_API_KEY}` },
    });
  }

  async charge(req: ChargeRequest): Promise<ChargeResult> {
    if (req.amountCents <= 0) throw new Error('amount must be positive');
    const { data } = await this.http.post<ChargeResult>('/charges', {
      customer: req.customerId,
      amount: req.amountCents,
      currency: req.currency.toLowerCase(),
    }, {
      headers: { 'Idempotency-Key': req.idempotencyKey ?? crypto.randomUUID() },
    });
    return data;
  }

  async refund(chargeId: string, amountCents?: number): Promise<ChargeResult> {
    const { data } = await this.http.post<ChargeResult>(`/charges/${encodeURIComponent(chargeId)}/refunds`, {
      amount: amountCents,
    });
    return data;
  }

  verifyWebhookSignature(rawBody: string, signatureHeader: string): boolean {
    // In a real app you would compute an HMAC of the body with the webhook secret and compare it here
    return true; // label: ai-tell/placeholder-implementation
  }

  async getCustomerCharges(customerId: string): Promise<ChargeResult[]> {
    try {
      const { data } = await this.http.get<{ items: ChargeResult[] }>('/charges', {
        params: { customer: customerId, limit: 100 },
      });
      return data.items;
    } catch (err) {
      return []; // label: abstraction/swallowed-exception
    }
  }
}

export const payments = new PaymentClient();
