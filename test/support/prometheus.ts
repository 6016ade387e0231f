import parsePrometheusTextFormat from 'parse-prometheus-text-format';

export interface ParsedMetric {
  name: string;
  help: string;
  type: string;
  metrics: { value?: string; labels?: Record<string, string>; buckets?: Record<string, string>; count?: string; sum?: string }[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
// Go's strconv.ParseFloat, which Prometheus uses, takes Inf and NaN in any case.
const NUMBER = /^([+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|[+-]?inf|nan)$/i;
const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+-?\d+)?$/;

function parseLabels(text: string | undefined): Record<string, string> {
  const labels: Record<string, string> = {};
  if (!text) return labels;
  const re = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*,?/gy;
  let m: RegExpExecArray | null;
  let end = 0;
  while ((m = re.exec(text))) {
    labels[m[1]] = m[2].replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
    end = re.lastIndex;
  }
  if (end !== text.length) throw new Error(`bad labels {${text}}`);
  return labels;
}

/** Histogram series rebuilt from the raw lines, keyed by their labels without `le`. */
function histograms(text: string, name: string): { labels: Record<string, string>; buckets: [number, number][]; count?: number; sum?: number }[] {
  const series = new Map<string, { labels: Record<string, string>; buckets: [number, number][]; count?: number; sum?: number }>();
  for (const line of text.split('\n')) {
    const m = SAMPLE.exec(line.trim());
    if (!m || !m[1].startsWith(name) || line.startsWith('#')) continue;
    const suffix = m[1].slice(name.length);
    if (!['_bucket', '_sum', '_count'].includes(suffix)) continue;
    const { le, ...labels } = parseLabels(m[2]);
    const key = JSON.stringify(Object.entries(labels).sort());
    const s = series.get(key) ?? { labels, buckets: [] };
    series.set(key, s);
    const value = Number(m[3]);
    if (suffix === '_bucket') s.buckets.push([le === '+Inf' ? Infinity : Number(le), value]);
    else if (suffix === '_sum') s.sum = value;
    else s.count = value;
  }
  return [...series.values()];
}

/**
 * Checks a Prometheus text exposition the way a scraper would and returns it parsed: every line
 * parses (parse-prometheus-text-format, a port of the Prometheus Python client's parser, throws
 * on a bad line), every family has HELP and TYPE, names and label names are valid, no family
 * appears twice, values are numbers; histograms (rebuilt from the raw lines, per label set) have
 * cumulative buckets ending at +Inf = _count, and a _sum.
 */
export function checkExposition(text: string): ParsedMetric[] {
  const parsed = parsePrometheusTextFormat(text) as ParsedMetric[];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const family of parsed) {
    if (!NAME.test(family.name)) problems.push(`bad metric name ${family.name}`);
    if (seen.has(family.name)) problems.push(`${family.name} appears twice`);
    seen.add(family.name);
    if (!family.help) problems.push(`${family.name} has no HELP`);
    if (family.type === 'UNTYPED') problems.push(`${family.name} has no TYPE`);
    if (family.type === 'HISTOGRAM') {
      for (const h of histograms(text, family.name)) {
        const where = `${family.name}${JSON.stringify(h.labels)}`;
        h.buckets.sort((a, b) => a[0] - b[0]);
        if (h.buckets.length === 0 || h.buckets[h.buckets.length - 1][0] !== Infinity) problems.push(`${where}: no +Inf bucket`);
        for (let i = 1; i < h.buckets.length; i++) if (h.buckets[i][1] < h.buckets[i - 1][1]) problems.push(`${where}: buckets not cumulative`);
        if (h.count === undefined || h.sum === undefined) problems.push(`${where}: no _count or _sum`);
        else if (h.buckets.length && h.buckets[h.buckets.length - 1][1] !== h.count) problems.push(`${where}: +Inf bucket ≠ count`);
      }
      continue;
    }
    for (const m of family.metrics) {
      for (const label of Object.keys(m.labels ?? {})) if (!LABEL.test(label)) problems.push(`${family.name}: bad label name ${label}`);
      if (family.type !== 'SUMMARY' && !(m.value !== undefined && NUMBER.test(m.value))) problems.push(`${family.name}: bad value ${m.value}`);
    }
  }
  if (problems.length) throw new Error(`invalid exposition:\n${problems.join('\n')}`);
  return parsed;
}

/** A counter's or gauge's sample with these labels. */
export function sample(parsed: ParsedMetric[], name: string, labels: Record<string, string> = {}): ParsedMetric['metrics'][number] | undefined {
  return parsed.find((f) => f.name === name)?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
}

/** A histogram's series with these labels: its count and buckets (upper bound → cumulative count). */
export function histogram(text: string, name: string, labels: Record<string, string> = {}): { count?: number; sum?: number; buckets: Map<number, number> } | undefined {
  const h = histograms(text, name).find((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return h && { count: h.count, sum: h.sum, buckets: new Map(h.buckets) };
}
