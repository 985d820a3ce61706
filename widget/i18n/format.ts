/** Fills `{key}` holes: `format('{n} left', { n: 3 })` → `3 left`. */
export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (hole, key: string) => String(values[key] ?? hole));
}
