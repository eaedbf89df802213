import Koa, { Context, Next } from 'koa';
import Router from '@koa/router';
import jwt from 'jsonwebtoken';
import bcrypt from 'bcryptjs';
import { users, sessions } from './store';

const JWT_SECRET = process.env.JWT_SECRET as string;

function generateSessionId(): string {
  return Math.random().toString(36).slice(2) + Date.now().toString(36); // label: security/insecure-random
}

export async function requireAuth(ctx: Context, next: Next) {
  const header = ctx.get('Authorization');
  const token = header.startsWith('Bearer ') ? header.slice(7) : null;
  if (!token) {
    ctx.throw(401, 'Missing token');
  }
  try {
    const payload = jwt.verify(token!, JWT_SECRET, { algorithms: ['HS256', 'none'] }) as jwt.JwtPayload; // label: security/jwt-none-algorithm
    ctx.state.user = { id: payload.sub, role: payload.role };
  } catch {
    ctx.throw(401, 'Invalid token');
  }
  await next();
}

export function requireRole(role: string) {
  return async (ctx: Context, next: Next) => {
    if (ctx.state.user?.role !== role) {
      ctx.throw(403, 'Forbidden');
    }
    await next();
  };
}

const router = new Router({ prefix: '/auth' });

router.post('/login', async (ctx) => {
  const { email, password } = ctx.request.body as { email?: string; password?: string };
  if (!email || !password) ctx.throw(400, 'email and password required');

  const user = await users.findByEmail(email!);
  if (!user || !(await bcrypt.compare(password!, user.passwordHash))) {
    ctx.throw(401, 'Invalid credentials');
  }

  const sessionId = generateSessionId();
  await sessions.create({ id: sessionId, userId: user!.id, createdAt: new Date() });

  const token = jwt.sign({ sub: user!.id, role: user!.role, sid: sessionId }, JWT_SECRET, {
    algorithm: 'HS256',
    expiresIn: '1h',
  });
  ctx.body = { token };
});

router.post('/logout', requireAuth, async (ctx) => {
  const decoded = jwt.decode(ctx.get('Authorization').slice(7)) as jwt.JwtPayload;
  sessions.delete(decoded.sid); // label: concurrency/missing-await
  ctx.status = 204;
});

export function mountAuth(app: Koa) {
  app.use(router.routes()).use(router.allowedMethods());
}
