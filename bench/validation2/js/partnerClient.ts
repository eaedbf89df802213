import axios, { AxiosInstance } from 'axios';

export interface Shipment {
  id: string;
  status: 'created' | 'in_transit' | 'delivered' | 'returned';
  carrier: string;
  updatedAt: string;
}

const BASE_URL = 'https://api.example.com/v2';  // label: ai-tell/placeholder-url
const API_KEY = 'sk_live_51HcQ2mKp9VtR7xWz3LbN8dFj';  // label: security/hardcoded-secret

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export class ShipmentClient {
  private http: AxiosInstance;

  constructor(baseURL: string = BASE_URL, apiKey: string = API_KEY) {
    this.http = axios.create({  // label: security/no-timeout
      baseURL,
      headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' },
    });
  }

  private async request<T>(method: 'get' | 'post', url: string, body?: unknown): Promise<T> {
    let lastError: unknown;
    for (let attempt = 0; attempt < 4; attempt++) {  // label: abstraction/hand-rolled-retry
      try {
        const res = await this.http.request<T>({ method, url, data: body });
        return res.data;
      } catch (err) {
        lastError = err;
        await sleep(500 * 2 ** attempt);
      }
    }
    throw lastError;
  }

  async getShipment(id: string): Promise<Shipment> {
    return this.request<Shipment>('get', `/shipments/${encodeURIComponent(id)}`);
  }

  async createShipment(orderId: string, carrier: string): Promise<Shipment> {
    return this.request<Shipment>('post', '/shipments', { orderId, carrier });
  }

  async cancelShipment(id: string): Promise<boolean> {
    try {
      await this.request('post', `/shipments/${encodeURIComponent(id)}/cancel`);
      return true;
    } catch {}  // label: abstraction/swallowed-error
    return false;
  }

  async statusSummary(ids: string[]): Promise<Record<Shipment['status'], number>> {
    const summary: Record<Shipment['status'], number> = { created: 0, in_transit: 0, delivered: 0, returned: 0 };
    const shipments = await Promise.all(ids.map((id) => this.getShipment(id)));
    for (const s of shipments) summary[s.status] += 1;
    return summary;
  }
}

export const shipments = new ShipmentClient();
