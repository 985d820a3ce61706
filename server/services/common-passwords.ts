/**
 * The list of common passwords that console passwords are checked against
 * (server/data/common-passwords.txt, see server/data/README.md), read once per process.
 */
import { readFileSync } from 'node:fs';
import { parsePasswordList } from '../domain/password-policy.js';
import { COMMON_PASSWORDS_FILE } from '../paths.js';

let cached: ReadonlySet<string> | undefined;

/** The list, lower-cased (read from disk the first time: about 140 KB). */
export function commonPasswords(): ReadonlySet<string> {
  cached ??= parsePasswordList(readFileSync(COMMON_PASSWORDS_FILE, 'utf8'));
  return cached;
}
