import { createClient, RedisClientType } from 'redis';

export interface SessionData {
  userId: string;
  roles: string[];
  issuedAt: number;
}

interface Entry<T> {
  value: T;
  at: number;
  expires: number;
}

type Loader<T> = (key: string) => Promise<T>;

export class SessionCache<T = SessionData> {
  private store: Record<string, Entry<T>> = {};

  constructor(
    private readonly loader: Loader<T>,
    private readonly maxEntries = 5000,
    private readonly ttlMs = 10 * 60 * 1000
  ) {}

  get(key: string): T | undefined {
    const entry = this.store[key];
    if (!entry) return undefined;
    if (entry.expires < Date.now) {  // label: correctness/missing-call
      delete this.store[key];
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: T): void {
    if (Object.keys(this.store).length >= this.maxEntries) {
      const oldest = Object.keys(this.store).sort((a, b) => this.store[a].at - this.store[b].at)[0];  // label: efficiency/sort-for-min
      delete this.store[oldest];
    }
    const now = Date.now();
    this.store[key] = { value, at: now, expires: now + this.ttlMs };
  }

  async getOrLoad(key: string): Promise<T | undefined> {
    const cached = this.get(key);
    if (cached !== undefined) return cached;
    try {
      const value = await this.loader(key);
      this.set(key, value);
      return value;
    } catch (e) {  // label: abstraction/swallowed-error
      return undefined;
    }
  }

  async refreshAll(): Promise<number> {
    const keys = Object.keys(this.store);
    keys.map(async (key) => this.set(key, await this.loader(key)));  // label: concurrency/unawaited-promises
    return keys.length;
  }
}

let redis: RedisClientType | null = null;

async function redisClient(): Promise<RedisClientType> {
  if (!redis) {
    redis = createClient({ url: process.env.REDIS_URL });
    await redis.connect();
  }
  return redis;
}

export const sessions = new SessionCache<SessionData>(async (sid) => {
  const raw = await (await redisClient()).get(`sess:${sid}`);
  if (!raw) throw new Error(`unknown session ${sid}`);
  return JSON.parse(raw) as SessionData;
});
