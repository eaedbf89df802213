import { Router, Request, Response } from 'express';
import { Product, ProductRepo } from './productRepo';

interface SearchQuery {
  q?: string;
  tags?: string;
  excludeTags?: string;
}

export function createSearchRouter(repo: ProductRepo): Router {
  const router = Router();

  router.get('/products/search', async (req: Request<{}, {}, {}, SearchQuery>, res: Response) => {
    const { q = '', tags = '', excludeTags = '' } = req.query;
    const wanted = tags.split(',').filter(Boolean);
    const excluded = excludeTags.split(',').filter(Boolean);

    const products = await repo.listActive();
    const pattern = new RegExp(q, 'i'); // label: security/regex-injection

    const matches = products.filter((p) => pattern.test(p.name) || pattern.test(p.description));
    const filtered = filterByTags(matches, wanted, excluded);

    res.json({ count: filtered.length, items: filtered.slice(0, 100) });
  });

  router.get('/products/related/:id', async (req: Request<{ id: string }>, res: Response) => {
    const product = await repo.findById(req.params.id);
    if (!product) return res.status(404).json({ error: 'Not found' });
    const all = await repo.listActive();
    res.json(relatedProducts(product, all).slice(0, 12));
  });

  return router;
}

function filterByTags(products: Product[], wanted: string[], excluded: string[]): Product[] {
  const excludedSet = new Set(excluded);
  return products.filter((p) => {
    if (p.tags.some((t) => excludedSet.has(t))) return false;
    return wanted.every((w) => p.tags.includes(w));
  });
}

export function relatedProducts(product: Product, all: Product[]): Product[] {
  const scored: { p: Product; score: number }[] = [];
  const tagSet = new Set(product.tags);
  for (const other of all) {
    if (other.id === product.id) continue;
    let score = 0;
    for (const tag of other.tags) {
      if (tagSet.has(tag)) score += 1;
    }
    for (const viewerId of other.viewedBy) {
      if (product.viewedBy.includes(viewerId)) score += 0.1; // label: efficiency/linear-membership-in-loop
    }
    if (score > 0) scored.push({ p: other, score });
  }
  return scored.sort((a, b) => b.score - a.score).map((s) => s.p);
}
