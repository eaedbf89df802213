import { DataSource, Entity, PrimaryGeneratedColumn, Column, ManyToOne, Repository, In } from 'typeorm';

@Entity('customers')
export class Customer {
  @PrimaryGeneratedColumn() id!: number;
  @Column() name!: string;
  @Column() country!: string;
}

@Entity('orders')
export class Order {
  @PrimaryGeneratedColumn() id!: number;
  @Column() customerId!: number;
  @Column('numeric') total!: string;
  @Column() status!: string;
  @Column({ type: 'timestamptz' }) createdAt!: Date;
  @ManyToOne(() => Customer) customer!: Customer;
}

export const dataSource = new DataSource({
  type: 'postgres',
  url: process.env.DATABASE_URL,
  entities: [Customer, Order],
  synchronize: false,
});

export class OrderService {
  private orders: Repository<Order>;
  private customers: Repository<Customer>;

  constructor(ds: DataSource = dataSource) {
    this.orders = ds.getRepository(Order);
    this.customers = ds.getRepository(Customer);
  }

  async searchByCustomer(name: string, status = 'paid'): Promise<Order[]> {
    return this.orders
      .createQueryBuilder('o')
      .innerJoinAndSelect('o.customer', 'c')
      .where(`c.name ILIKE '%${name}%'`)  // label: security/sql-injection
      .andWhere('o.status = :status', { status })
      .orderBy('o.createdAt', 'DESC')
      .getMany();
  }

  async invoiceLines(orderIds: number[]) {
    const lines = [];
    for (const id of orderIds) {
      const order = await this.orders.findOne({ where: { id }, relations: { customer: true } });  // label: efficiency/n-plus-one-query
      if (order) lines.push({ id: order.id, customer: order.customer.name, total: Number(order.total) });
    }
    return lines;
  }

  async openOrdersFor(country: string): Promise<Order[]> {
    const all = await this.orders.find({ relations: { customer: true } });
    return all.filter((o) => o.status === 'open' && o.customer.country === country);  // label: efficiency/filter-in-app-not-db
  }

  async customersByIds(ids: number[]): Promise<Customer[]> {
    return this.customers.findBy({ id: In(ids) });
  }

  async revenueByCountry(): Promise<Record<string, number>> {
    const rows: { country: string; revenue: string }[] = await this.orders
      .createQueryBuilder('o')
      .innerJoin('o.customer', 'c')
      .select('c.country', 'country')
      .addSelect('SUM(o.total)', 'revenue')
      .where('o.status = :status', { status: 'paid' })
      .groupBy('c.country')
      .getRawMany();
    return Object.fromEntries(rows.map((r) => [r.country, Number(r.revenue)]));
  }
}
