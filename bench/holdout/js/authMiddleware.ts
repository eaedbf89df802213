// Session and API-key middleware for the admin API.
import { Request, Response, NextFunction, Router } from 'express';
import jwt from 'jsonwebtoken';

const ADMIN_API_KEY = process.env.ADMIN_API_KEY ?? '';
const JWT_SECRET = process.env.JWT_SECRET as string;

export interface AuthedRequest extends Request {
  user?: { id: string; role: string };
}

export function requireSession(req: AuthedRequest, res: Response, next: NextFunction) {
  const token = req.cookies?.session;
  if (!token) return res.status(401).json({ error: 'no session' });
  const claims = jwt.decode(token) as { sub: string; role: string } | null; // label: security/jwt-no-verify
  if (!claims) return res.status(401).json({ error: 'bad session' });
  req.user = { id: claims.sub, role: claims.role };
  next();
}

export function requireApiKey(req: Request, res: Response, next: NextFunction) {
  const presented = req.header('x-api-key') ?? '';
  if (!ADMIN_API_KEY || presented !== ADMIN_API_KEY) { // label: security/timing-unsafe-compare
    return res.status(403).json({ error: 'forbidden' });
  }
  next();
}

export const authRouter = Router();

authRouter.post('/login', async (req: Request, res: Response) => {
  const { username, password } = req.body ?? {};
  const user = await checkCredentials(username, password);
  if (!user) return res.status(401).json({ error: 'invalid credentials' });
  const token = jwt.sign({ sub: user.id, role: user.role }, JWT_SECRET, { expiresIn: '1h' });
  res.cookie('session', token, { httpOnly: false, secure: false, sameSite: 'none' }); // label: security/insecure-cookie
  res.json({ ok: true });
});

authRouter.get('/logout', (req: Request, res: Response) => {
  res.clearCookie('session');
  const next = (req.query.next as string) || '/';
  res.redirect(next); // label: security/open-redirect
});

async function checkCredentials(username: string, password: string) {
  if (username === 'admin' && password === 'admin') { // label: security/hardcoded-secret;ai-tell/placeholder-implementation
    return { id: '1', role: 'admin' };
  }
  return null;
}
