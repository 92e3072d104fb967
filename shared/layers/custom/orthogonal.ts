import * as tf from '@tensorflow/tfjs';

export interface OrthogonalArgs {
  gain?: number;
  seed?: number;
}

type Initializer = ReturnType<typeof tf.initializers.zeros>;
// tfjs exports its initializers but not their base class; reach it through one of them, so
// that `instanceof Initializer` checks inside tfjs accept ours.
const InitializerBase = Object.getPrototypeOf(tf.initializers.zeros().constructor) as abstract new () => Initializer;

/**
 * Orthonormal columns of a tall matrix (rows ≥ columns), by modified Gram-Schmidt run twice
 * ("twice is enough": the second pass restores orthogonality to working precision).
 * The result equals Q of a QR factorization whose R has a positive diagonal, which is what
 * Keras gets from its QR after multiplying Q by the signs of R's diagonal.
 */
function orthonormalColumns(values: ArrayLike<number>, rows: number, columns: number): Float64Array {
  // Column-major copy: each column is contiguous, which is what the inner loops walk.
  const q = new Float64Array(rows * columns);
  for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) q[c * rows + r] = values[r * columns + c]!;
  for (let pass = 0; pass < 2; pass++) {
    for (let j = 0; j < columns; j++) {
      const jOffset = j * rows;
      for (let k = 0; k < j; k++) {
        const kOffset = k * rows;
        let projection = 0;
        for (let r = 0; r < rows; r++) projection += q[kOffset + r]! * q[jOffset + r]!;
        for (let r = 0; r < rows; r++) q[jOffset + r]! -= projection * q[kOffset + r]!;
      }
      let norm = 0;
      for (let r = 0; r < rows; r++) norm += q[jOffset + r]! ** 2;
      norm = Math.sqrt(norm);
      for (let r = 0; r < rows; r++) q[jOffset + r]! /= norm;
    }
  }
  return q;
}

/**
 * Keras's Orthogonal initializer, the default for every recurrent kernel, computed in plain
 * arithmetic. tfjs's own runs tf.linalg.qr as thousands of small tensor ops: building one
 * LSTM with 64 units took 15 s and with 128 units 97 s on the CPU backend, the same again
 * when loading such a model. This one draws the same seeded normal matrix and returns the
 * same kind of matrix in milliseconds. Once registered (register.ts) it stands in for tfjs's
 * `Orthogonal`, so `'orthogonal'` everywhere (layers, Keras files, model.json) resolves to it,
 * and it serializes as `Orthogonal`, so model files keep the standard Keras config.
 */
export class FastOrthogonal extends InitializerBase {
  static className = 'NndOrthogonal';
  /** tfjs's class this one stands in for: what model.json names, so plain tfjs loads the file. */
  static readonly tfjsClassName = 'Orthogonal';

  override getClassName(): string {
    return FastOrthogonal.tfjsClassName;
  }

  readonly gain: number;
  readonly seed: number | undefined;

  constructor(args: OrthogonalArgs = {}) {
    super();
    this.gain = args.gain ?? 1;
    this.seed = args.seed ?? undefined;
  }

  /** The tfjs Initializer contract: a tensor of `shape`, read as [rows…, columns]. */
  override apply(shape: number[], dtype?: tf.DataType): tf.Tensor {
    if (shape.length < 2) throw new Error(`an orthogonal initializer needs a matrix shape, not ${JSON.stringify(shape)}`);
    if (dtype !== undefined && dtype !== 'float32' && dtype !== 'int32')
      throw new Error(`an orthogonal initializer cannot make ${dtype} values`);
    const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
    const columns = shape[shape.length - 1]!;
    const tall = rows >= columns;
    const [m, n] = tall ? [rows, columns] : [columns, rows];
    const gaussian = tf.tidy(() => tf.randomNormal([m, n], 0, 1, 'float32', this.seed).dataSync());
    const q = orthonormalColumns(gaussian, m, n);
    // q is column-major m×n; the result is q (rows×columns) when tall, else its transpose.
    const out = new Float32Array(rows * columns);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        const value = this.gain * q[j * m + i]!;
        if (tall) out[i * columns + j] = value;
        else out[j * columns + i] = value;
      }
    return tf.tensor(out, shape, dtype ?? 'float32');
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { gain: this.gain, seed: this.seed ?? null };
  }

  // Declared again because the base class is typed only as a constructor above.
  static fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    return new cls(config);
  }
}
