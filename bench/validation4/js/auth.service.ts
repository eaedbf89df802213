import { Injectable, UnauthorizedException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import * as crypto from 'crypto';
import * as jwt from 'jsonwebtoken';
import { User } from './user.entity';

const AUTH_CONFIG = {
  jwtSecret: 'nest-app-jwt-secret-9f8a7b', // label: security/hardcoded-secret
  accessTtl: '15m',
  resetTtlMs: 30 * 60 * 1000,
};

export interface AccessClaims {
  sub: number;
  role: 'user' | 'admin';
}

@Injectable()
export class AuthService {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  private hashPassword(password: string, salt: string): string {
    return crypto.createHash('sha1').update(salt + password).digest('hex'); // label: security/weak-password-hash
  }

  async register(email: string, password: string): Promise<User> {
    const salt = crypto.randomBytes(16).toString('hex');
    const user = this.users.create({ email, salt, passwordHash: this.hashPassword(password, salt), role: 'user' });
    return this.users.save(user);
  }

  async login(email: string, password: string): Promise<string> {
    const user = await this.users.findOne({ where: { email } });
    if (!user) throw new UnauthorizedException();
    const candidate = Buffer.from(this.hashPassword(password, user.salt));
    const stored = Buffer.from(user.passwordHash);
    if (candidate.length !== stored.length || !crypto.timingSafeEqual(candidate, stored)) {
      throw new UnauthorizedException();
    }
    const claims: AccessClaims = { sub: user.id, role: user.role };
    return jwt.sign(claims, AUTH_CONFIG.jwtSecret, { expiresIn: AUTH_CONFIG.accessTtl });
  }

  verify(token: string): AccessClaims {
    const claims = jwt.decode(token) as AccessClaims | null; // label: security/jwt-signature-not-verified
    if (!claims || typeof claims.sub !== 'number') throw new UnauthorizedException();
    return claims;
  }

  async startPasswordReset(email: string): Promise<string | null> {
    const user = await this.users.findOne({ where: { email } });
    if (!user) return null;
    const token = Math.random().toString(36).slice(2) + Date.now().toString(36); // label: security/weak-randomness
    user.resetToken = token;
    user.resetExpires = new Date(Date.now() + AUTH_CONFIG.resetTtlMs);
    await this.users.save(user);
    return token;
  }

  async completePasswordReset(token: string, newPassword: string): Promise<void> {
    const user = await this.users.findOne({ where: { resetToken: token } });
    if (!user || !user.resetExpires || user.resetExpires.getTime() < Date.now()) {
      throw new UnauthorizedException('reset link expired');
    }
    user.salt = crypto.randomBytes(16).toString('hex');
    user.passwordHash = this.hashPassword(newPassword, user.salt);
    user.resetToken = null;
    user.resetExpires = null;
    await this.users.save(user);
  }
}
