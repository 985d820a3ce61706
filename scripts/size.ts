/** `npm run size`: builds if needed, then prints the gzipped size of each browser bundle against its budget. */
import { ensureBuilt } from './build-lib.js';
import { BUDGETS, kilobytes, measureBundles } from './bundle-sizes.js';

await ensureBuilt((line) => process.stdout.write(`${line}\n`));
const sizes = await measureBundles();
const rows: Array<[string, number, string]> = [
  ['loader (widget.js, on the host page)', sizes.loader, `budget ${kilobytes(BUDGETS.loaderGzipBytes)}, target ${kilobytes(BUDGETS.loaderTargetGzipBytes)}`],
  ...Object.entries(sizes.chatInitialByPage).map(([page, bytes]): [string, number, string] => [`chat app, initial (${page} + its imports)`, bytes, '']),
  ['citizen total before typing', sizes.citizenTotal, `budget ${kilobytes(BUDGETS.citizenTotalGzipBytes)}, target ${kilobytes(BUDGETS.citizenTotalTargetGzipBytes)}`],
  ...Object.entries(sizes.lazyChunks).map(([file, bytes]): [string, number, string] => [`  loaded later: ${file}`, bytes, '']),
  ['chat app, everything (pages, all chunks)', sizes.chatApp, `budget ${kilobytes(BUDGETS.chatAppGzipBytes)}`],
  ['agent console (html + js + css)', sizes.console, ''],
];
process.stdout.write('Gzipped sizes (level 9):\n');
for (const [name, bytes, budget] of rows) {
  process.stdout.write(`  ${name.padEnd(52)} ${kilobytes(bytes).padStart(10)}   ${budget}\n`);
}
