/**
 * URL-safe random ids from the browser's CSPRNG. Not `crypto.randomUUID`: that exists only in
 * secure contexts, and the chat must also work inside a page served over plain HTTP.
 */
export function randomId(bytes = 16): string {
  const values = crypto.getRandomValues(new Uint8Array(bytes));
  return Array.from(values, (value) => value.toString(16).padStart(2, '0')).join('');
}
