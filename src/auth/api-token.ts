import { createHash, randomBytes } from 'node:crypto';

/** A new API token: the secret (shown once), its hash (stored) and a prefix to recognise it by in lists. */
export interface MintedToken {
  token: string;
  hash: string;
  prefix: string;
}

const tokenShape = /^hl_[A-Za-z0-9_-]{43}$/;

/** Mints a 256-bit random token, `hl_` + base64url. */
export function mintToken(random: (n: number) => Buffer = randomBytes): MintedToken {
  const token = `hl_${random(32).toString('base64url')}`;
  return { token, hash: hashToken(token), prefix: token.slice(0, 10) };
}

/** The stored form of a token. A fast hash is enough: the token has 256 bits of entropy, nothing to brute-force. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** True when the text could be a token at all (saves a database look-up for garbage). */
export function looksLikeToken(text: string): boolean {
  return tokenShape.test(text);
}
