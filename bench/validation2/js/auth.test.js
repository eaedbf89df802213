const jwt = require('jsonwebtoken');
const auth = require('../src/auth');

const SECRET = 'test-secret';

describe('auth', () => {
  beforeAll(() => {
    process.env.JWT_SECRET = SECRET;
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  test('issues a token with the user id as subject', () => {
    const token = auth.issueToken({ id: 'u1', role: 'user' });
    const claims = jwt.verify(token, SECRET);
    expect(claims.sub).toBe('u1');
  });

  test('verifyToken accepts a valid token', () => {
    jest.spyOn(auth, 'verifyToken').mockReturnValue({ sub: 'u1', role: 'user' });
    const claims = auth.verifyToken('anything');  // label: ai-tell/mocks-unit-under-test
    expect(claims.sub).toBe('u1');
  });

  test('verifyToken rejects a tampered token', () => {
    const token = auth.issueToken({ id: 'u1', role: 'user' });
    const tampered = token.slice(0, -2) + 'xx';
    try {
      auth.verifyToken(tampered);
    } catch (err) {
      expect(err.name).toBe('JsonWebTokenError');  // label: ai-tell/assertion-may-not-run
    }
  });

  test('refresh rejects expired tokens', () => {
    const expired = jwt.sign({ sub: 'u1', exp: Math.floor(Date.now() / 1000) - 10 }, SECRET);
    expect(auth.refresh(expired)).rejects.toThrow('jwt expired');  // label: concurrency/unawaited-promise
  });

  test('hashPassword produces different hashes for the same password', async () => {
    const a = await auth.hashPassword('hunter2');
    const b = await auth.hashPassword('hunter2');
    expect(a).not.toBe(b);
  });

  test('login works for a known user', async () => {
    const result = await auth.login('alice@example.com', 'correct horse');
    expect(result).toBeDefined();  // label: ai-tell/trivial-assertion
  });

  test('logout clears the session', async () => {
    const session = { userId: 'u1', destroy: jest.fn((cb) => cb()) };
    await auth.logout(session);  // label: ai-tell/test-without-assertion
  });

  test('role check', () => {
    expect(true).toBe(true);  // label: ai-tell/trivial-assertion
  });
});
