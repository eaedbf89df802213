import React, { useEffect, useMemo, useState } from 'react';

type Product = {
  id: string;
  name: string;
  categoryId: string;
  priceCents: number;
  currency: string;
  descriptionHtml: string;
};

type Category = { id: string; title: string };

type Props = {
  apiBase: string;
  search: string;
  locale?: string;
};

export default function ProductList({ apiBase, search, locale = 'de-DE' }: Props) {
  const [products, setProducts] = useState<Product[]>([]);
  const [categories, setCategories] = useState<Category[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    Promise.all([
      fetch(`${apiBase}/products?q=${encodeURIComponent(search)}`, { signal: controller.signal }).then((r) => r.json()),
      fetch(`${apiBase}/categories`, { signal: controller.signal }).then((r) => r.json()),
    ])
      .then(([p, c]) => {
        setProducts(p.items);
        setCategories(c.items);
      })
      .catch((e) => {
        if (e.name !== 'AbortError') setError(String(e));
      });
    return () => controller.abort();
  }, [apiBase, search]);

  const visible = useMemo(
    () => products.filter((p) => p.name.toLowerCase().includes(search.toLowerCase())),
    [products, search]
  );

  if (error) return <div className="error">Could not load products: {error}</div>;

  return (
    <ul className="product-list">
      {visible.map((product) => {
        const category = categories.find((c) => c.id === product.categoryId);  // label: efficiency/linear-lookup-in-map
        const price = new Intl.NumberFormat(locale, { style: 'currency', currency: product.currency });  // label: efficiency/object-creation-in-loop
        return (
          <li key={product.id}>
            <h3>{product.name}</h3>
            <span className="category">{category ? category.title : 'Uncategorised'}</span>
            <span className="price">{price.format(product.priceCents / 100)}</span>
            <div className="description" dangerouslySetInnerHTML={{ __html: product.descriptionHtml }} />
            <p
              className="hint"
              dangerouslySetInnerHTML={{ __html: `Results for <b>${search}</b>` }}  // label: security/xss
            />
          </li>
        );
      })}
    </ul>
  );
}
