/**
 * Password hashing with scrypt from Node's standard library (memory-hard; no native add-on to
 * build). Stored as `scrypt$N$r$p$salt$hash`, so the cost can be raised later without breaking
 * existing hashes.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const COST = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 64;
// N=2^15, r=8 needs 32 MiB; Node's default ceiling is exactly 32 MiB, so raise it.
const MAX_MEMORY = 64 * 1024 * 1024;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { ...options, maxmem: MAX_MEMORY }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || salt === undefined || key === undefined) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

let unusableHash: Promise<string> | undefined;

/**
 * Spends the time of one verification without matching anything: called when the email is
 * unknown, so a wrong email and a wrong password take as long and cannot be told apart.
 */
export async function verifyAgainstNothing(password: string): Promise<false> {
  unusableHash ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(password, await unusableHash);
  return false;
}
