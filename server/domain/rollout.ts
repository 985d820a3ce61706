/**
 * Who is offered chat during a soft launch: a share of visitors, sticky per visitor, bucketed
 * exactly as Unleash's gradual rollout does, so that an agency running Unleash gets the same
 * cohorts from the same ids.
 *
 * `rolloutBucket` is a stable name: checks outside the code call it.
 */

/**
 * The visitor's bucket in 1..100 for a rollout group: murmurhash3 (x86, 32-bit, seed 0) of
 * `"<groupId>:<visitorId>"`, modulo 100, plus one. A visitor is offered a share of p % when their
 * bucket is at most p, so raising the share only ever adds visitors, and lowering it removes the
 * ones added last. (Strings are hashed as UTF-8; Unleash's clients agree on the ASCII ids used here.)
 */
export function rolloutBucket(groupId: string, visitorId: string): number {
  return (murmurhash3x86(utf8(`${groupId}:${visitorId}`), 0) % 100) + 1;
}

const encoder = new TextEncoder();

/**
 * The string's UTF-8 bytes. Ids are ASCII in practice, and this runs for every rule on every page
 * view: ASCII is copied byte for byte, which costs a fraction of TextEncoder's call; the rest is
 * encoded by TextEncoder (the same bytes either way).
 */
function utf8(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7f) return encoder.encode(text);
    bytes[i] = code;
  }
  return bytes;
}

/** Whether a visitor in `bucket` is within a share of `percentage` % (0 offers no one, 100 everyone). */
export function withinShare(bucket: number, percentage: number): boolean {
  return percentage > 0 && bucket <= percentage;
}

/** MurmurHash3, x86 32-bit variant (Austin Appleby's public-domain reference), as an unsigned integer. */
export function murmurhash3x86(bytes: Uint8Array, seed: number): number {
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  let h = seed >>> 0;
  const blocks = bytes.length & ~3;
  for (let i = 0; i < blocks; i += 4) {
    let k = bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  let k = 0;
  switch (bytes.length & 3) {
    case 3:
      k ^= bytes[blocks + 2]! << 16;
    // falls through
    case 2:
      k ^= bytes[blocks + 1]! << 8;
    // falls through
    case 1:
      k ^= bytes[blocks]!;
      k = Math.imul(k, c1);
      k = (k << 15) | (k >>> 17);
      k = Math.imul(k, c2);
      h ^= k;
  }
  h ^= bytes.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
