/**
 * Params whose empty value (null) stands for another param's value, as in Keras: a pooling
 * layer's `strides=None` steps by its pool size, an attention layer's `value_dim=None` is
 * its key size. The editor shows the value in effect, not "null", because the shape
 * arithmetic a student checks uses it.
 */
const NULL_STANDS_FOR: Readonly<Record<string, string>> = {
  strides: 'poolSize',
  valueDim: 'keyDim',
};

/** The param whose value a null `name` takes, when `params` has one (strides → poolSize). */
export function nullStandsFor(name: string, params: Readonly<Record<string, unknown>>): string | null {
  const source = NULL_STANDS_FOR[name];
  return source !== undefined && source in params && params[source] !== null && params[source] !== undefined ? source : null;
}

/** The value `name` has in effect: its own, or for a null that stands for another param, that param's. */
export function effectiveParamValue(name: string, params: Readonly<Record<string, unknown>>): unknown {
  const value = params[name];
  if (value !== null) return value;
  const source = nullStandsFor(name, params);
  return source === null ? value : params[source];
}
