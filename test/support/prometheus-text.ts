/**
 * A strict parser of Prometheus's text exposition format (version 0.0.4), for tests: it throws,
 * naming the line, on anything a Prometheus server would refuse or that the format's rules forbid.
 *
 * Checked: HELP and TYPE lines (at most one of each per family, TYPE before its samples, known
 * types, HELP's escapes `\\` `\n`); metric names `[a-zA-Z_:][a-zA-Z0-9_:]*`; label names
 * `[a-zA-Z_][a-zA-Z0-9_]*` not starting with `__`, each once per sample; label values in double
 * quotes with only `\\` `\"` `\n` escapes; values as Go floats (`+Inf`, `-Inf`, `NaN`); an optional
 * integer timestamp; a family's samples together; no sample twice. Histograms: per label set,
 * `_bucket` samples with `le` ascending, counts never decreasing, a `+Inf` bucket equal to `_count`,
 * and a `_sum`. Summaries: `quantile` labels in [0, 1], `_sum` and `_count`.
 */

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface Sample {
  /** The sample's own name (`x_bucket`, `x_sum`…). */
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface MetricFamily {
  name: string;
  type: MetricType;
  help: string | null;
  samples: Sample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set<MetricType>(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const FLOAT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

export class ExpositionError extends Error {
  override name = 'ExpositionError';
}

export function parsePrometheusText(text: string): Map<string, MetricFamily> {
  const families = new Map<string, MetricFamily>();
  /** Families whose samples have ended (another family's came after): theirs may not come back. */
  const closed = new Set<string>();
  const seen = new Set<string>();
  let current: MetricFamily | null = null;
  if (text.length > 0 && !text.endsWith('\n')) throw new ExpositionError('the exposition must end with a line feed');
  const lines = text.split('\n');
  lines.pop();

  const familyFor = (name: string, lineNo: number): MetricFamily => {
    let family = families.get(name);
    if (family === undefined) {
      family = { name, type: 'untyped', help: null, samples: [] };
      families.set(name, family);
    }
    if (current !== family) {
      if (closed.has(name)) throw new ExpositionError(`line ${lineNo}: ${name} appears again after other families`);
      if (current !== null) closed.add(current.name);
      current = family;
    }
    return family;
  };

  lines.forEach((line, index) => {
    const lineNo = index + 1;
    if (line.trim() === '') return;
    if (line.startsWith('#')) {
      const match = /^#\s+(HELP|TYPE)\s+(\S+)(?:\s(.*))?$/.exec(line);
      if (match === null) return; // an ordinary comment
      const [, keyword, name, rest = ''] = match as unknown as [string, 'HELP' | 'TYPE', string, string | undefined];
      if (!METRIC_NAME.test(name)) throw new ExpositionError(`line ${lineNo}: bad metric name "${name}"`);
      const family = familyFor(name, lineNo);
      if (keyword === 'HELP') {
        if (family.help !== null) throw new ExpositionError(`line ${lineNo}: second HELP for ${name}`);
        family.help = unescapeHelp(rest, lineNo);
      } else {
        const type = rest.trim() as MetricType;
        if (!TYPES.has(type)) throw new ExpositionError(`line ${lineNo}: unknown type "${rest}" for ${name}`);
        if (seen.has(`type:${name}`)) throw new ExpositionError(`line ${lineNo}: second TYPE for ${name}`);
        if (family.samples.length > 0) throw new ExpositionError(`line ${lineNo}: TYPE for ${name} after its samples`);
        seen.add(`type:${name}`);
        family.type = type;
      }
      return;
    }
    const sample = parseSample(line, lineNo);
    const familyName = familyOf(sample.name, families);
    const family = familyFor(familyName, lineNo);
    checkSampleName(family, sample, lineNo);
    const key = `${sample.name}${JSON.stringify(Object.entries(sample.labels).sort())}`;
    if (seen.has(key)) throw new ExpositionError(`line ${lineNo}: duplicate sample ${sample.name}`);
    seen.add(key);
    family.samples.push(sample);
  });

  for (const family of families.values()) {
    if (family.type === 'histogram') checkHistogram(family);
    if (family.type === 'summary') checkSummary(family);
  }
  return families;
}

/** The family a sample belongs to: a histogram's or summary's `_bucket`, `_sum`, `_count` go to it. */
function familyOf(name: string, families: Map<string, MetricFamily>): string {
  for (const suffix of ['_bucket', '_sum', '_count']) {
    if (!name.endsWith(suffix)) continue;
    const base = families.get(name.slice(0, -suffix.length));
    if (base !== undefined && (base.type === 'histogram' || (base.type === 'summary' && suffix !== '_bucket'))) return base.name;
  }
  return name;
}

function checkSampleName(family: MetricFamily, sample: Sample, lineNo: number): void {
  if (family.type === 'histogram') {
    if (![`${family.name}_bucket`, `${family.name}_sum`, `${family.name}_count`].includes(sample.name)) {
      throw new ExpositionError(`line ${lineNo}: ${sample.name} in histogram ${family.name}`);
    }
    if (sample.name.endsWith('_bucket') !== ('le' in sample.labels)) throw new ExpositionError(`line ${lineNo}: le belongs on buckets only`);
  }
  if (family.type === 'summary' && sample.name === family.name && !('quantile' in sample.labels)) {
    throw new ExpositionError(`line ${lineNo}: summary sample without quantile`);
  }
}

function parseSample(line: string, lineNo: number): Sample {
  const nameMatch = /^[^\s{]+/.exec(line);
  if (nameMatch === null) throw new ExpositionError(`line ${lineNo}: no metric name`);
  const name = nameMatch[0];
  if (!METRIC_NAME.test(name)) throw new ExpositionError(`line ${lineNo}: bad metric name "${name}"`);
  let position = name.length;
  const labels: Record<string, string> = {};
  if (line[position] === '{') {
    position++;
    for (;;) {
      if (line[position] === '}') {
        position++;
        break;
      }
      const labelMatch = /^([^=\s]+)="/.exec(line.slice(position));
      if (labelMatch === null) throw new ExpositionError(`line ${lineNo}: bad label at column ${position + 1}`);
      const labelName = labelMatch[1]!;
      if (!LABEL_NAME.test(labelName) || labelName.startsWith('__')) throw new ExpositionError(`line ${lineNo}: bad label name "${labelName}"`);
      if (labelName in labels) throw new ExpositionError(`line ${lineNo}: label ${labelName} twice`);
      position += labelMatch[0].length;
      let value = '';
      for (;;) {
        const char = line[position];
        if (char === undefined) throw new ExpositionError(`line ${lineNo}: unterminated label value`);
        position++;
        if (char === '"') break;
        if (char === '\\') {
          const escaped = line[position++];
          if (escaped === '\\') value += '\\';
          else if (escaped === '"') value += '"';
          else if (escaped === 'n') value += '\n';
          else throw new ExpositionError(`line ${lineNo}: bad escape \\${escaped ?? ''} in a label value`);
        } else value += char;
      }
      labels[labelName] = value;
      if (line[position] === ',') position++;
      else if (line[position] !== '}') throw new ExpositionError(`line ${lineNo}: expected , or } after a label`);
    }
  }
  const rest = line.slice(position);
  const parts = /^[ \t]+(\S+)(?:[ \t]+(-?\d+))?[ \t]*$/.exec(rest);
  if (parts === null) throw new ExpositionError(`line ${lineNo}: expected a value (and maybe a timestamp) after the labels`);
  return { name, labels, value: parseValue(parts[1]!, lineNo) };
}

function parseValue(text: string, lineNo: number): number {
  if (text === '+Inf' || text === 'Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  if (text === 'NaN') return Number.NaN;
  if (!FLOAT.test(text)) throw new ExpositionError(`line ${lineNo}: bad value "${text}"`);
  return Number(text);
}

function unescapeHelp(text: string, lineNo: number): string {
  return text.replace(/\\(.?)/g, (_all, escaped: string) => {
    if (escaped === '\\') return '\\';
    if (escaped === 'n') return '\n';
    throw new ExpositionError(`line ${lineNo}: bad escape \\${escaped} in HELP`);
  });
}

/** Groups a family's samples by their labels but one (`le` or `quantile`). */
function bySeries(family: MetricFamily, without: string): Map<string, Sample[]> {
  const series = new Map<string, Sample[]>();
  for (const sample of family.samples) {
    const { [without]: _dropped, ...rest } = sample.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    series.set(key, [...(series.get(key) ?? []), sample]);
  }
  return series;
}

function checkHistogram(family: MetricFamily): void {
  for (const [key, samples] of bySeries(family, 'le')) {
    const buckets = samples.filter((sample) => sample.name.endsWith('_bucket'));
    const count = samples.find((sample) => sample.name === `${family.name}_count`);
    const sum = samples.find((sample) => sample.name === `${family.name}_sum`);
    if (count === undefined || sum === undefined) throw new ExpositionError(`${family.name}${key}: histogram without _count or _sum`);
    if (buckets.length === 0) throw new ExpositionError(`${family.name}${key}: histogram without buckets`);
    let previousLe = Number.NEGATIVE_INFINITY;
    let previousCount = 0;
    for (const bucket of buckets) {
      const le = parseValue(bucket.labels.le!, 0);
      if (!(le > previousLe)) throw new ExpositionError(`${family.name}${key}: le ${bucket.labels.le} not ascending`);
      if (bucket.value < previousCount) throw new ExpositionError(`${family.name}${key}: bucket le=${bucket.labels.le} counts fewer than the one before`);
      previousLe = le;
      previousCount = bucket.value;
    }
    const last = buckets[buckets.length - 1]!;
    if (last.labels.le !== '+Inf') throw new ExpositionError(`${family.name}${key}: no +Inf bucket last`);
    if (last.value !== count.value) throw new ExpositionError(`${family.name}${key}: +Inf bucket ${last.value} differs from _count ${count.value}`);
  }
}

function checkSummary(family: MetricFamily): void {
  for (const [key, samples] of bySeries(family, 'quantile')) {
    if (!samples.some((sample) => sample.name === `${family.name}_count`) || !samples.some((sample) => sample.name === `${family.name}_sum`)) {
      throw new ExpositionError(`${family.name}${key}: summary without _count or _sum`);
    }
    for (const sample of samples.filter((sample) => sample.name === family.name)) {
      const quantile = parseValue(sample.labels.quantile!, 0);
      if (!(quantile >= 0 && quantile <= 1)) throw new ExpositionError(`${family.name}${key}: quantile ${sample.labels.quantile} outside [0, 1]`);
    }
  }
}

/** The value of the sample with exactly these labels (undefined when there is none). */
export function sampleValue(families: Map<string, MetricFamily>, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const family of families.values()) {
    for (const sample of family.samples) {
      if (sample.name !== name) continue;
      const keys = Object.keys(sample.labels);
      if (keys.length === Object.keys(labels).length && keys.every((key) => sample.labels[key] === labels[key])) return sample.value;
    }
  }
  return undefined;
}
