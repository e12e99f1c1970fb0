/**
 * Kubernetes resource quantities (`500m`, `8`, `64Gi`, `1.5e3`), parsed so
 * quotas can be summed and compared with capacity.
 */

const SUFFIX: Record<string, number> = {
  '': 1,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(n|u|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei))?$/;

/** The value of a quantity in base units (cores, bytes), or `undefined` when it is not one. */
export function parseQuantity(quantity: string | number): number | undefined {
  if (typeof quantity === 'number') return Number.isFinite(quantity) ? quantity : undefined;
  const match = QUANTITY.exec(quantity.trim());
  if (!match) return undefined;
  const [, digits, exponent, suffix] = match;
  const base = Number(digits);
  if (exponent) return base * 10 ** Number(exponent.slice(1));
  return base * SUFFIX[suffix ?? ''];
}

/** True when `quantity` is a valid, non-negative Kubernetes quantity. */
export function isQuantity(quantity: string): boolean {
  const value = parseQuantity(quantity);
  return value !== undefined && value >= 0;
}

/** Formats cores for people: `7.5` stays, `0.25` stays, no trailing zeros. */
export function formatCores(cores: number): string {
  return String(Math.round(cores * 1000) / 1000);
}

/** Formats bytes for people in the largest binary unit that keeps a short number (`96Gi`). */
export function formatBytes(bytes: number): string {
  for (const unit of ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki'] as const) {
    const size = SUFFIX[unit];
    if (bytes >= size) return `${Math.round((bytes / size) * 100) / 100}${unit}`;
  }
  return String(bytes);
}
