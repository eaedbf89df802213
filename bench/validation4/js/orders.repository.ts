import { PrismaClient, Prisma } from '@prisma/client';

const prisma = new PrismaClient();

export interface OrderSummary {
  id: number;
  customer: string;
  total: number;
  items: number;
}

export class OrdersRepository {
  constructor(private readonly db: PrismaClient = prisma) {}

  async recent(limit = 20): Promise<OrderSummary[]> {
    const orders = await this.db.order.findMany({ orderBy: { createdAt: 'desc' }, take: limit });
    const result: OrderSummary[] = [];
    for (const order of orders) {
      const customer = await this.db.customer.findUnique({ where: { id: order.customerId } }); // label: efficiency/n-plus-one-query
      const items = await this.db.orderItem.count({ where: { orderId: order.id } }); // label: efficiency/n-plus-one-query
      result.push({ id: order.id, customer: customer?.name ?? 'unknown', total: Number(order.total), items });
    }
    return result;
  }

  async byStatus(status: string, sortBy: string): Promise<unknown[]> {
    return this.db.$queryRawUnsafe( // label: security/sql-injection
      `SELECT id, total, status FROM "Order" WHERE status = $1 ORDER BY ${sortBy} DESC LIMIT 100`,
      status,
    );
  }

  async totalsByCustomer(from: Date, to: Date): Promise<Array<{ customerId: number; total: number }>> {
    const rows = await this.db.$queryRaw<Array<{ customerId: number; total: Prisma.Decimal }>>`
      SELECT "customerId", SUM(total) AS total FROM "Order"
      WHERE "createdAt" BETWEEN ${from} AND ${to}
      GROUP BY "customerId"`;
    return rows.map((r) => ({ customerId: r.customerId, total: Number(r.total) }));
  }

  async missingFromWarehouse(orderIds: number[], shippedIds: number[]): Promise<number[]> {
    const missing: number[] = [];
    for (const id of orderIds) {
      if (!shippedIds.includes(id)) missing.push(id); // label: efficiency/quadratic-membership
    }
    return missing;
  }

  async cancel(orderId: number): Promise<boolean> {
    try {
      await this.db.order.update({ where: { id: orderId }, data: { status: 'cancelled' } });
      return true;
    } catch (e) { // label: abstraction/swallowed-exception
      return false;
    }
  }
}
