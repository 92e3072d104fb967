/**
 * Reading a Keras layer `config` (snake_case, Keras 2.0 – 3.x) strictly, for the kinds that
 * opt in: every key must be one the kind knows, and options that would change what the
 * layer computes but that we cannot represent are refused by name, so an import never
 * silently builds a different network.
 */

/** Keys every Keras layer config may carry that say nothing about the computation. */
const COMMON_KEYS = [
  'name',
  'trainable',
  'dtype',
  'batch_input_shape',
  'batch_shape',
  'input_shape',
  'input_dtype',
  'activity_regularizer',
  'build_config',
  'module',
  'registered_name',
  'autocast',
];

export interface KerasConfigReader {
  readonly className: string;
  /** The raw value; undefined when absent. */
  raw(key: string): unknown;
  number(key: string, fallback: number): number;
  /** An integer that must be present (Keras always writes it for this class). */
  requiredInt(key: string): number;
  optionalInt(key: string): number | undefined;
  /** Booleans; Keras and early tfjs sometimes write null for "default". */
  boolean(key: string, fallback: boolean): boolean;
  /** Throws when the option is present with a value other than the ones we can build. */
  refuseUnless(key: string, accepted: (value: unknown) => boolean, why: string): void;
}

function describe(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

/**
 * `known` lists the class's own keys on top of the common ones; a key outside both throws.
 * Regularizers and constraints change training, which an imported graph cannot carry, so a
 * non-null one is refused rather than dropped.
 */
export function readKerasConfig(
  className: string,
  config: Record<string, unknown>,
  known: readonly string[],
): KerasConfigReader {
  const allowed = new Set([...COMMON_KEYS, ...known]);
  const unknown = Object.keys(config).filter((k) => !allowed.has(k));
  if (unknown.length) {
    const many = unknown.length > 1;
    throw new Error(
      `${className} option${many ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')} ${many ? 'are' : 'is'} ` +
        `not supported by NN Designer — rebuild the layer without ${many ? 'them' : 'it'} and export again`,
    );
  }
  for (const key of Object.keys(config)) {
    if ((key.endsWith('_regularizer') || key.endsWith('_constraint')) && key !== 'activity_regularizer' && config[key] !== null && config[key] !== undefined)
      throw new Error(
        `${className} has ${key} ${describe(config[key])}, which NN Designer cannot represent — set it to None in Keras and export again`,
      );
  }
  const typeError = (key: string, expected: string): Error =>
    new Error(`${className} option ${key} should be ${expected} but is ${describe(config[key])}`);

  return {
    className,
    raw: (key) => config[key],
    number(key, fallback) {
      const v = config[key];
      if (v === undefined || v === null) return fallback;
      if (typeof v !== 'number' || !Number.isFinite(v)) throw typeError(key, 'a number');
      return v;
    },
    requiredInt(key) {
      const v = config[key];
      if (typeof v !== 'number' || !Number.isInteger(v)) throw typeError(key, 'an integer');
      return v;
    },
    optionalInt(key) {
      const v = config[key];
      if (v === undefined || v === null) return undefined;
      if (typeof v !== 'number' || !Number.isInteger(v)) throw typeError(key, 'an integer');
      return v;
    },
    boolean(key, fallback) {
      const v = config[key];
      if (v === undefined || v === null) return fallback;
      if (typeof v !== 'boolean') throw typeError(key, 'true or false');
      return v;
    },
    refuseUnless(key, accepted, why) {
      const v = config[key];
      if (v === undefined) return;
      if (!accepted(v)) throw new Error(`${className} with ${key}=${describe(v)} is not supported: ${why}`);
    },
  };
}

/** Keys of the initializers Keras writes; imported weights replace what they would draw. */
export const initializerKeys = (...weights: string[]): string[] => weights.map((w) => `${w}_initializer`);

/** Regularizer and constraint keys: allowed as keys, refused when non-null by readKerasConfig. */
export const regularizerKeys = (...weights: string[]): string[] =>
  weights.flatMap((w) => [`${w}_regularizer`, `${w}_constraint`]);

/**
 * A nested layer inside a wrapper's config (`{class_name, config}`, plus `module` and
 * `registered_name` in Keras 3).
 */
export function nestedKerasLayer(owner: string, value: unknown): { className: string; config: Record<string, unknown> } {
  if (typeof value !== 'object' || value === null)
    throw new Error(`${owner} has no wrapped layer in its config (expected layer: {class_name, config})`);
  const { class_name: className, config } = value as { class_name?: unknown; config?: unknown };
  if (typeof className !== 'string' || typeof config !== 'object' || config === null)
    throw new Error(`${owner} has a malformed wrapped layer: expected {class_name, config} but got ${describe(value)}`);
  return { className, config: config as Record<string, unknown> };
}
