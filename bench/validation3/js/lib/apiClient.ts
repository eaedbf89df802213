import axios, { AxiosInstance } from 'axios';
import https from 'https';

export interface Invoice {
  id: string;
  customerId: string;
  amountCents: number;
  status: 'draft' | 'open' | 'paid' | 'void';
}

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

const BILLING_API_KEY = 'bk_live_9f3c2a71d84e4b0c8d55e2a1f7c6b903'; // label: security/hardcoded-secret

const agent = new https.Agent({ keepAlive: true, rejectUnauthorized: false }); // label: security/tls-verify-disabled

export class BillingClient {
  private http: AxiosInstance;

  constructor(baseURL = process.env.BILLING_URL ?? 'https://api.example.com/v1') { // label: ai-tell/placeholder-url
    this.http = axios.create({
      baseURL,
      timeout: 10_000,
      httpsAgent: agent,
      headers: { Authorization: `Bearer ${BILLING_API_KEY}` },
    });
  }

  async getInvoice(id: string): Promise<Invoice | null> {
    try {
      const { data } = await this.http.get<Invoice>(`/invoices/${encodeURIComponent(id)}`);
      return data;
    } catch (err) { // label: abstraction/swallowed-exception
      return null;
    }
  }

  async listInvoices(customerId: string): Promise<Invoice[]> {
    const all: Invoice[] = [];
    let cursor: string | null = null;
    do {
      const { data }: { data: Page<Invoice> } = await this.http.get('/invoices', {
        params: { customer: customerId, cursor: cursor ?? undefined, limit: 100 },
      });
      all.push(...data.data);
      cursor = data.nextCursor;
    } while (cursor);
    return all;
  }

  async markPaid(id: string, reference: string): Promise<Invoice> {
    const { data } = await this.http.post<Invoice>(`/invoices/${encodeURIComponent(id)}/pay`, {
      reference,
    });
    return data;
  }
}

export const billing = new BillingClient();
