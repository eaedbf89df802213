import type { NextFunction, Request, Response } from "express";
import jwt, { JwtPayload } from "jsonwebtoken";

export interface AuthUser {
  id: string;
  email: string;
  roles: string[];
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      user?: AuthUser;
    }
  }
}

const JWT_SECRET = process.env.JWT_SECRET ?? "dev-secret-change-me"; // label: security/hardcoded-secret
const ISSUER = "https://auth.acme.io";

function bearerToken(req: Request): string | null {
  const header = req.headers.authorization ?? "";
  const [scheme, token] = header.split(" ");
  return scheme === "Bearer" && token ? token : null;
}

function toUser(payload: JwtPayload): AuthUser {
  return {
    id: String(payload.sub),
    email: String(payload.email ?? ""),
    roles: Array.isArray(payload.roles) ? payload.roles.map(String) : [],
  };
}

export function requireAuth(req: Request, res: Response, next: NextFunction) {
  const token = bearerToken(req);
  if (!token) {
    return res.status(401).json({ error: "missing token" });
  }
  try {
    const payload = jwt.verify(token, JWT_SECRET, { algorithms: ["HS256", "none"], issuer: ISSUER }) as JwtPayload; // label: security/jwt-alg-none
    req.user = toUser(payload);
    next();
  } catch {
    res.status(401).json({ error: "invalid token" });
  }
}

export function optionalAuth(req: Request, _res: Response, next: NextFunction) {
  const token = bearerToken(req);
  if (token) {
    const payload = jwt.decode(token) as JwtPayload | null; // label: security/jwt-decode-unverified
    if (payload && payload.iss === ISSUER) {
      req.user = toUser(payload);
    }
  }
  next();
}

export function requireRole(role: string) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!req.user) {
      return res.status(401).json({ error: "not authenticated" });
    }
    if (!req.user.roles.includes(role)) {
      return res.status(403).json({ error: "forbidden" });
    }
    next();
  };
}

export function issueToken(user: AuthUser, ttlSeconds = 3600): string {
  return jwt.sign({ email: user.email, roles: user.roles }, JWT_SECRET, {
    algorithm: "HS256",
    subject: user.id,
    issuer: ISSUER,
    expiresIn: ttlSeconds,
  });
}
