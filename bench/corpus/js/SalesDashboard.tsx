import React, { useCallback, useEffect, useMemo, useState } from "react";

type Range = "7d" | "30d" | "90d";

interface DailyPoint {
  date: string;
  revenueCents: number;
  orders: number;
}

interface Summary {
  points: DailyPoint[];
  topProducts: { sku: string; title: string; revenueCents: number }[];
}

const RANGES: Range[] = ["7d", "30d", "90d"];
const HELP_TEXT = { __html: "Revenue is shown <em>net of refunds</em>." };

const money = new Intl.NumberFormat("de-DE", { style: "currency", currency: "EUR" });

function formatCents(cents: number): string {
  return money.format(cents / 100);
}

export function useSummary(range: Range) {
  const [data, setData] = useState<Summary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const load = useCallback(
    async (signal: AbortSignal) => {
      setLoading(true);
      setError(null);
      try {
        const res = await fetch(`/api/sales/summary?range=${range}`, { signal });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        setData((await res.json()) as Summary);
      } catch (err) {
        if ((err as Error).name !== "AbortError") setError((err as Error).message);
      } finally {
        if (!signal.aborted) setLoading(false);
      }
    },
    [range]
  );

  useEffect(() => {
    const controller = new AbortController();
    void load(controller.signal);
    return () => controller.abort();
  }, [load]);

  return { data, error, loading };
}

export default function SalesDashboard() {
  const [range, setRange] = useState<Range>("30d");
  const { data, error, loading } = useSummary(range);

  const totals = useMemo(() => {
    const points = data?.points ?? [];
    return {
      revenue: points.reduce((sum, p) => sum + p.revenueCents, 0),
      orders: points.reduce((sum, p) => sum + p.orders, 0),
    };
  }, [data]);

  const average = totals.orders ? totals.revenue / totals.orders : 0;

  return (
    <main className="dashboard">
      <header>
        <h1>Sales</h1>
        <div role="group" aria-label="Date range">
          {RANGES.map((r) => (
            <button key={r} type="button" aria-pressed={r === range} onClick={() => setRange(r)}>
              {r}
            </button>
          ))}
        </div>
      </header>
      <p className="help" dangerouslySetInnerHTML={HELP_TEXT} />
      {error && <p role="alert">Could not load sales data: {error}</p>}
      {loading && !data && <p>Loading…</p>}
      {data && (
        <>
          <section className="kpis">
            <div>
              <span>Revenue</span>
              <strong>{formatCents(totals.revenue)}</strong>
            </div>
            <div>
              <span>Orders</span>
              <strong>{totals.orders}</strong>
            </div>
            <div>
              <span>Average order</span>
              <strong>{formatCents(average)}</strong>
            </div>
          </section>
          <table>
            <thead>
              <tr>
                <th>Product</th>
                <th>Revenue</th>
              </tr>
            </thead>
            <tbody>
              {data.topProducts.map((p) => (
                <tr key={p.sku}>
                  <td title={p.sku}>{p.title}</td>
                  <td>{formatCents(p.revenueCents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </main>
  );
}
