/**
 * Cron expressions → how often they run. Supports the 5-field form and the 6-field form with a
 * leading seconds field (node-cron, croner, cron, node-schedule), `*`, `?`, `*∕n`, `a-b`, `a-b/n`,
 * `a/n`, lists, month and weekday names, and the @hourly-style macros. Anything else (L, W, #, a
 * year field) is not guessed at: the result is undefined.
 */
export interface CronInterval {
  /** The shortest time between two consecutive runs. */
  readonly shortestMs: number;
  /** Every gap equals the shortest one: the job runs at a steady rate of one run per shortestMs. */
  readonly regular: boolean;
}

interface FieldSpec {
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const SECONDS: FieldSpec = { min: 0, max: 59 };
const MINUTES: FieldSpec = { min: 0, max: 59 };
const HOURS: FieldSpec = { min: 0, max: 23 };
const DAYS_OF_MONTH: FieldSpec = { min: 1, max: 31 };
const MONTHS: FieldSpec = { min: 1, max: 12, names: ['', 'jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] };
// 7 is Sunday as well as 0.
const DAYS_OF_WEEK: FieldSpec = { min: 0, max: 7, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] };

const MACROS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const DAY_S = 86_400;
/** Four years hold every weekday/month-day/leap-year combination a 5-field expression can express. */
const SIMULATED_DAYS = 4 * 366;

function parseValue(text: string, spec: FieldSpec): number | undefined {
  if (/^\d+$/.test(text)) {
    const value = Number(text);
    return value >= spec.min && value <= spec.max ? value : undefined;
  }
  const index = spec.names?.indexOf(text.toLowerCase()) ?? -1;
  return index > 0 || (index === 0 && spec.names?.[0] !== '') ? index : undefined;
}

/** One comma-separated part: `*`, `*∕n`, `a`, `a-b`, `a-b/n`, `a/n`. */
function expandPart(part: string, spec: FieldSpec, into: Set<number>): boolean {
  const [range, stepText, extra] = part.split('/');
  if (extra !== undefined || range === undefined) return false;
  const step = stepText === undefined ? 1 : /^\d+$/.test(stepText) ? Number(stepText) : 0;
  if (step < 1) return false;
  let low: number | undefined;
  let high: number | undefined;
  if (range === '*' || range === '?') {
    low = spec.min;
    high = spec.max;
  } else {
    const bounds = range.split('-');
    if (bounds.length > 2) return false;
    low = parseValue(bounds[0] ?? '', spec);
    high = bounds.length === 2 ? parseValue(bounds[1] ?? '', spec) : stepText === undefined ? low : spec.max;
  }
  if (low === undefined || high === undefined || high < low) return false;
  for (let value = low; value <= high; value += step) into.add(value);
  return true;
}

function parseField(text: string, spec: FieldSpec): Set<number> | undefined {
  const values = new Set<number>();
  for (const part of text.split(',')) if (!expandPart(part, spec, values)) return undefined;
  return values;
}

interface CronFields {
  readonly seconds: Set<number>;
  readonly minutes: Set<number>;
  readonly hours: Set<number>;
  readonly daysOfMonth: Set<number>;
  readonly months: Set<number>;
  readonly daysOfWeek: Set<number>;
}

export function parseCron(expression: string): CronFields | undefined {
  const text = expression.trim();
  const expanded = MACROS[text.toLowerCase()] ?? text;
  const parts = expanded.split(/\s+/);
  if (parts.length !== 5 && parts.length !== 6) return undefined;
  const fields = parts.length === 5 ? ['0', ...parts] : parts;
  const specs = [SECONDS, MINUTES, HOURS, DAYS_OF_MONTH, MONTHS, DAYS_OF_WEEK];
  const sets = fields.map((field, i) => parseField(field, specs[i] as FieldSpec));
  if (sets.some((set) => set === undefined || set.size === 0)) return undefined;
  const [seconds, minutes, hours, daysOfMonth, months, daysOfWeek] = sets as Set<number>[];
  if (daysOfWeek?.delete(7)) daysOfWeek.add(0);
  return { seconds: seconds!, minutes: minutes!, hours: hours!, daysOfMonth: daysOfMonth!, months: months!, daysOfWeek: daysOfWeek! };
}

/** Seconds after midnight at which the job runs, ascending. */
function runsPerDay(fields: CronFields): number[] {
  const times: number[] = [];
  const sorted = (set: Set<number>): number[] => [...set].sort((a, b) => a - b);
  for (const h of sorted(fields.hours)) for (const m of sorted(fields.minutes)) for (const s of sorted(fields.seconds)) times.push(h * 3600 + m * 60 + s);
  return times;
}

/**
 * Indexes of the days (from a fixed Monday) on which the job runs. As in Vixie cron, when both the
 * day-of-month and the day-of-week fields are restricted a day matches either of them.
 */
function activeDays(fields: CronFields): number[] {
  const domRestricted = fields.daysOfMonth.size < 31;
  const dowRestricted = fields.daysOfWeek.size < 7;
  const start = Date.UTC(2024, 0, 1);
  const days: number[] = [];
  for (let day = 0; day < SIMULATED_DAYS; day++) {
    const date = new Date(start + day * DAY_S * 1000);
    if (!fields.months.has(date.getUTCMonth() + 1)) continue;
    const dom = fields.daysOfMonth.has(date.getUTCDate());
    const dow = fields.daysOfWeek.has(date.getUTCDay());
    const matches = domRestricted && dowRestricted ? dom || dow : dom && dow;
    if (matches) days.push(day);
  }
  return days;
}

export function cronInterval(expression: string): CronInterval | undefined {
  const fields = parseCron(expression);
  if (!fields) return undefined;
  const times = runsPerDay(fields);
  const days = activeDays(fields);
  if (days.length === 0) return undefined;
  const first = times[0] as number;
  const last = times[times.length - 1] as number;
  const gaps: number[] = [];
  for (let i = 1; i < times.length; i++) gaps.push((times[i] as number) - (times[i - 1] as number));
  const dayGaps = new Set<number>();
  for (let i = 1; i < days.length; i++) dayGaps.add((days[i] as number) - (days[i - 1] as number));
  // Gaps across midnight, one per distinct distance between consecutive active days.
  for (const distance of dayGaps) gaps.push(distance * DAY_S - last + first);
  if (gaps.length === 0) return undefined;
  const shortest = Math.min(...gaps);
  return { shortestMs: shortest * 1000, regular: gaps.every((gap) => gap === shortest) };
}
