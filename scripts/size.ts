/** `npm run size`: builds if needed, then prints the gzipped size of each browser bundle against its budget. */
import { ensureBuilt } from './build-lib.js';
import { BUDGETS, kilobytes, measureBundles } from './bundle-sizes.js';

await ensureBuilt((line) => process.stdout.write(`${line}\n`));
const sizes = await measureBundles();
const rows: Array<[string, number, string]> = [
  ['loader (widget.js, on the host page)', sizes.loader, `budget ${kilobytes(BUDGETS.loaderGzipBytes)}, target ${kilobytes(BUDGETS.loaderTargetGzipBytes)}`],
  ['chat app (iframe: html + js + css)', sizes.chatApp, `budget ${kilobytes(BUDGETS.chatAppGzipBytes)}`],
  ['citizen total before typing', sizes.citizenTotal, `target ${kilobytes(BUDGETS.citizenTotalTargetGzipBytes)}`],
  ['agent console (html + js + css)', sizes.console, ''],
];
process.stdout.write('Gzipped sizes (level 9):\n');
for (const [name, bytes, budget] of rows) {
  process.stdout.write(`  ${name.padEnd(40)} ${kilobytes(bytes).padStart(10)}   ${budget}\n`);
}
