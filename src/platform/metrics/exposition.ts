/**
 * Reads Prometheus's text exposition format (what `/metrics` serves) into samples, for tests and tools
 * that check series by name and labels. Comments and `# TYPE` lines are skipped; label values are
 * unescaped (`\\`, `\"`, `\n`).
 */

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export function parseExposition(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const brace = line.indexOf('{');
    const space = line.indexOf(' ');
    if (brace === -1 || (space !== -1 && space < brace)) {
      out.push({
        name: line.slice(0, space),
        labels: {},
        value: Number(line.slice(space + 1).split(' ')[0]),
      });
      continue;
    }
    const labels: Record<string, string> = {};
    let i = brace + 1;
    while (line[i] !== '}' && i < line.length) {
      const eq = line.indexOf('=', i);
      const key = line.slice(i, eq).trim();
      let value = '';
      let j = eq + 2; // past ="
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === '\\') {
          j++;
          value += line[j] === 'n' ? '\n' : line[j];
        } else value += line[j];
      }
      labels[key] = value;
      i = j + 1;
      if (line[i] === ',') i++;
    }
    const rest = line.slice(i + 1).trim();
    out.push({ name: line.slice(0, brace), labels, value: Number(rest.split(' ')[0]) });
  }
  return out;
}

/** Samples named `name` whose labels include every pair in `labels`. */
export function select(samples: Sample[], name: string, labels: Record<string, string> = {}): Sample[] {
  const wanted = Object.entries(labels);
  return samples.filter((s) => s.name === name && wanted.every(([k, v]) => s.labels[k] === v));
}

/** The sum of the selected samples' values. */
export function total(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return select(samples, name, labels).reduce((sum, s) => sum + s.value, 0);
}
