import { INITIALIZERS } from './params';

/**
 * Reading Keras layer configs (snake_case, as `model.to_json()` and the tfjs converter
 * write them, Keras 2.0 to 3.x). Each helper throws an Error a person can act on when the
 * config holds something NN Designer cannot represent.
 */

type Config = Record<string, unknown>;

/** `Conv2D "conv2d_1"`: how a message names the Keras layer it is about. */
export function layerLabel(c: Config, className: string): string {
  return typeof c.name === 'string' ? `${className} "${c.name}"` : className;
}

/** NN Designer computes channels-last (NHWC) only; a channels-first model would get wrong shapes. */
export function requireChannelsLast(c: Config, className: string): void {
  const format = c.data_format;
  if (format === undefined || format === null || format === 'channels_last') return;
  throw new Error(
    `${layerLabel(c, className)} uses data_format "${String(format)}"; NN Designer works channels-last (NHWC) only — re-save the model with data_format="channels_last"`,
  );
}

/** Keras writes a window as an int or a list (`3`, `[3]`, `[3, 3]`); we want exactly `rank` ints. */
export function kerasInts(value: unknown, rank: number, key: string, c: Config, className: string): number[] {
  const list = typeof value === 'number' ? Array.from({ length: rank }, () => value) : value;
  if (Array.isArray(list) && list.length === rank && list.every((v) => Number.isInteger(v) && v >= 1)) return list as number[];
  throw new Error(`${layerLabel(c, className)} has ${key} ${JSON.stringify(value)}; expected ${rank === 1 ? 'a positive integer' : `${rank} positive integers`}`);
}

/** The one int of a 1-D setting (Keras writes `[5]`, older files `5`). */
export function kerasInt(value: unknown, key: string, c: Config, className: string): number {
  return kerasInts(value, 1, key, c, className)[0]!;
}

/** Options that change what the layer computes and that we cannot represent: refuse them by name. */
export function rejectUnless(c: Config, className: string, key: string, accepted: (value: unknown) => boolean, why: string): void {
  if (!(key in c) || accepted(c[key])) return;
  throw new Error(`${layerLabel(c, className)} sets ${key} = ${JSON.stringify(c[key])}, which NN Designer does not support: ${why}`);
}

export const isNullish = (v: unknown) => v === null || v === undefined;
export const isOne = (v: unknown) => v === 1 || (Array.isArray(v) && v.every((d) => d === 1));

export function kerasPadding<const P extends readonly string[]>(value: unknown, allowed: P, c: Config, className: string): P[number] {
  const padding = value ?? 'valid';
  if (typeof padding === 'string' && (allowed as readonly string[]).includes(padding)) return padding as P[number];
  throw new Error(`${layerLabel(c, className)} has padding ${JSON.stringify(value)}; NN Designer supports ${allowed.map((a) => `"${a}"`).join(' and ')} here`);
}

type InitializerName = (typeof INITIALIZERS)[number];

const INITIALIZER_CLASSES: Record<string, InitializerName> = {
  GlorotUniform: 'glorotUniform',
  GlorotNormal: 'glorotNormal',
  HeUniform: 'heUniform',
  HeNormal: 'heNormal',
  LecunUniform: 'leCunUniform',
  LecunNormal: 'leCunNormal',
  Zeros: 'zeros',
  Ones: 'ones',
  RandomNormal: 'randomNormal',
  RandomUniform: 'randomUniform',
  TruncatedNormal: 'truncatedNormal',
  Orthogonal: 'orthogonal',
};

/**
 * The named initializer a Keras initializer config stands for, or undefined for one we have
 * no name for (the kind's default then applies). Initial values do not change the
 * architecture, so an exotic one is no reason to refuse a model.
 */
export function initializerFromKeras(value: unknown): InitializerName | undefined {
  if (typeof value === 'string') {
    const camel = value.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase()).toLowerCase();
    return INITIALIZERS.find((i) => i.toLowerCase() === camel);
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { class_name: className, config } = value as { class_name?: string; config?: Record<string, unknown> };
  if (className === undefined) return undefined;
  if (className !== 'VarianceScaling') return INITIALIZER_CLASSES[className];
  // glorot_*, he_* and lecun_* are VarianceScaling with fixed settings; older files write them that way.
  const scale = Number(config?.scale ?? 1);
  const mode = config?.mode ?? 'fan_in';
  const uniform = config?.distribution === 'uniform';
  if (scale === 1 && mode === 'fan_avg') return uniform ? 'glorotUniform' : 'glorotNormal';
  if (scale === 2 && mode === 'fan_in') return uniform ? 'heUniform' : 'heNormal';
  if (scale === 1 && mode === 'fan_in') return uniform ? 'leCunUniform' : 'leCunNormal';
  return undefined;
}

/** Drops undefined entries so the zod schema's defaults apply to them. */
export function definedOnly(params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
}
