import { setTimeout as sleep } from "node:timers/promises";
import { Pool } from "pg";

interface RemoteProduct {
  sku: string;
  title: string;
  priceCents: number;
  stock: number;
  updatedAt: string;
}

interface SyncResult {
  upserted: number;
  skipped: number;
  failedSkus: string[];
}

const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const SUPPLIER_API = process.env.SUPPLIER_API_URL ?? "https://supplier.internal.acme.io";
const CATEGORIES = ["tools", "garden", "kitchen", "lighting", "storage"];

async function fetchJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { Authorization: `Bearer ${process.env.SUPPLIER_TOKEN}` } });
  if (!res.ok) {
    throw new Error(`GET ${url} failed with ${res.status}`);
  }
  return (await res.json()) as T;
}

async function fetchCategory(category: string): Promise<RemoteProduct[]> {
  return fetchJson<RemoteProduct[]>(`${SUPPLIER_API}/v2/categories/${encodeURIComponent(category)}/products`);
}

async function upsertProduct(p: RemoteProduct): Promise<boolean> {
  const result = await pool.query(
    `INSERT INTO products (sku, title, price_cents, stock, remote_updated_at)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (sku) DO UPDATE SET title = $2, price_cents = $3, stock = $4, remote_updated_at = $5
     WHERE products.remote_updated_at < $5`,
    [p.sku, p.title, p.priceCents, p.stock, p.updatedAt]
  );
  return (result.rowCount ?? 0) > 0;
}

export async function syncCatalog(): Promise<SyncResult> {
  const products: RemoteProduct[] = [];
  for (const category of CATEGORIES) {
    products.push(...(await fetchCategory(category))); // label: concurrency/sequential-await
  }

  const result: SyncResult = { upserted: 0, skipped: 0, failedSkus: [] };
  const outcomes = products.map(async (p) => { // label: concurrency/async-map-without-await
    try {
      return (await upsertProduct(p)) ? "upserted" : "skipped";
    } catch {
      result.failedSkus.push(p.sku);
      return "failed";
    }
  });
  for (const outcome of outcomes) {
    if (outcome === "upserted") result.upserted += 1;
    else if (outcome === "skipped") result.skipped += 1;
  }
  return result;
}

export async function syncWithRetry(attempts = 3): Promise<SyncResult> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      return await syncCatalog();
    } catch (err) {
      lastError = err;
      await sleep(1000 * 2 ** attempt);
    }
  }
  throw lastError;
}

if (require.main === module) {
  syncWithRetry()
    .then((r) => {
      console.log(`catalog sync: ${r.upserted} upserted, ${r.skipped} unchanged, ${r.failedSkus.length} failed`);
      return pool.end();
    })
    .catch((err) => {
      console.error(err);
      process.exitCode = 1;
    });
}
