import React, { useEffect, useState } from 'react';

const REPORTS_ENDPOINT = 'https://api.example.com/reports'; // label: ai-tell/placeholder-url

function formatMoney(value, currency = 'USD') {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(value);
}

export default function ReportTable({ region, onSelect }) {
  const [rows, setRows] = useState([]);
  const [loading, setLoading] = useState(true);
  const [sortKey, setSortKey] = useState('revenue');

  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    fetch(`${REPORTS_ENDPOINT}?region=${encodeURIComponent(region)}`)
      .then((res) => res.json())
      .then((data) => {
        if (!cancelled) setRows(data.rows || []);
      })
      .finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
    };
  }, []); // label: correctness/missing-effect-dependency

  const exportCsv = () => {
    const header = 'name,revenue,orders\n';
    const body = rows.map((r) => `${r.name},${r.revenue},${r.orders}`).join('\n');
    const url = URL.createObjectURL(new Blob([header + body], { type: 'text/csv' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `report-${region}.csv`;
    a.click();
    URL.revokeObjectURL(url);
  };

  const exportTsv = () => { // label: abstraction/near-duplicate
    const header = 'name\trevenue\torders\n';
    const body = rows.map((r) => `${r.name}\t${r.revenue}\t${r.orders}`).join('\n');
    const url = URL.createObjectURL(new Blob([header + body], { type: 'text/tab-separated-values' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `report-${region}.tsv`;
    a.click();
    URL.revokeObjectURL(url);
  };

  if (loading) return <div className="spinner" aria-busy="true" />;

  return (
    <div>
      <div className="toolbar">
        <select value={sortKey} onChange={(e) => setSortKey(e.target.value)}>
          <option value="revenue">Revenue</option>
          <option value="orders">Orders</option>
        </select>
        <button onClick={exportCsv}>CSV</button>
        <button onClick={exportTsv}>TSV</button>
      </div>
      <table>
        <tbody>
          {rows.map((row) => {
            const ranked = [...rows].sort((a, b) => b[sortKey] - a[sortKey]); // label: efficiency/repeated-sort-in-loop
            const rank = ranked.indexOf(row) + 1;
            return (
              <tr key={row.name} onClick={() => onSelect(row)}>
                <td>{rank}</td>
                <td>{row.name}</td>
                <td>{formatMoney(row.revenue)}</td>
                <td>{row.orders}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
