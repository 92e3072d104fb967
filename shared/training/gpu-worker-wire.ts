import { z } from 'zod';
import { DeviceChoiceSchema, WorkerEventSchema, WorkerRequestSchema } from './protocol';

/**
 * The GPU worker: a page (a hidden window in the desktop app, a browser tab in browser mode)
 * that runs the same training job as the worker process (runner.ts) on the tfjs WebGPU or
 * WebGL backend. It cannot read files, so the host sends it the dataset as arrays and it
 * sends the trained weights back for the host to write. These are the messages between the
 * two, over a MessagePort (desktop) or a WebSocket (browser mode; see encodeFrame).
 */

export { GPU_WORKER_PAGE, GPU_WORKER_PATH, GPU_WORKER_PORT_MESSAGE } from './gpu-worker-names';

export const GpuInfoSchema = DeviceChoiceSchema.shape.gpu.unwrap();
export type GpuInfo = z.infer<typeof GpuInfoSchema>;

const FeatureNormalizationSchema = z.object({ mode: z.enum(['standardize', 'minmax']), offset: z.array(z.number()), scale: z.array(z.number()) });
const dims = z.array(z.number().int().min(0));
const floats = z.custom<Float32Array>((v) => v instanceof Float32Array, { message: 'expected a Float32Array' });
const bytes = z.custom<ArrayBuffer>((v) => v instanceof ArrayBuffer, { message: 'expected an ArrayBuffer' });
const product = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** A loaded table of samples (shared/data/dataset.ts) as it crosses to the page. */
export const DatasetArraysSchema = z
  .object({
    x: floats,
    xShape: dims.min(1),
    y: floats,
    yShape: dims.min(1),
    featureNames: z.array(z.string()),
    classNames: z.array(z.string()),
    normalization: FeatureNormalizationSchema.optional(),
    test: z.object({ x: floats, y: floats, count: z.number().int().min(0) }).optional(),
  })
  .refine((d) => d.x.length === product(d.xShape) && d.y.length === product(d.yShape), { message: 'the arrays do not have the sizes their shapes say' });

export const HostToGpuWorkerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('request'), request: WorkerRequestSchema }),
  /** The answer to `load`: the job's dataset, or why the host could not load it (for a person). */
  z.object({ kind: z.literal('data'), id: z.number().int(), data: DatasetArraysSchema.optional(), error: z.string().optional() }),
  /** The answer to `save`. */
  z.object({ kind: z.literal('saved'), id: z.number().int(), error: z.string().optional() }),
  /** Drop the job in hand (its calibration lost, or its run was killed) and wait for the next. */
  z.object({ kind: z.literal('release') }),
]);
export type HostToGpuWorker = z.infer<typeof HostToGpuWorkerSchema>;

export const GpuWorkerToHostSchema = z.discriminatedUnion('kind', [
  /** First message: the backend the page activated and its adapter, or why it has none. */
  z.object({ kind: z.literal('hello'), gpu: GpuInfoSchema.nullable(), problem: z.string().optional() }),
  z.object({ kind: z.literal('event'), event: WorkerEventSchema }),
  /** The job's dataset, loaded by the host with its target fitted to `outputUnits` of the model. */
  z.object({ kind: z.literal('load'), id: z.number().int(), outputUnits: z.number().int().min(1).nullable() }),
  /** model.json and weights.bin of a trained model, to be written into the host folder `dir`. */
  z.object({ kind: z.literal('save'), id: z.number().int(), dir: z.string().min(1), modelJson: z.record(z.string(), z.unknown()), weightData: bytes }),
  /** The job ended (or was released) and its memory is free: the page takes the next. */
  z.object({ kind: z.literal('idle') }),
]);
export type GpuWorkerToHost = z.infer<typeof GpuWorkerToHostSchema>;


/**
 * A WebGL renderer or WebGPU adapter that rasterizes on the CPU. Chromium's WebGL falls back
 * to SwiftShader without a GPU; Mesa's is llvmpipe (softpipe), Windows' WARP is the
 * "Microsoft Basic Render Driver".
 */
export function isSoftwareRenderer(name: string): boolean {
  return /swiftshader|llvmpipe|softpipe|software|basic render driver|\bwarp\b/i.test(name);
}

// ---- WebSocket framing ---------------------------------------------------------------

type Binary = Float32Array | Int32Array | Uint8Array | ArrayBuffer;
const BINARY_TYPES = { Float32Array, Int32Array, Uint8Array } as const;
type BinaryTypeName = keyof typeof BINARY_TYPES | 'ArrayBuffer';

function binaryTypeOf(value: unknown): BinaryTypeName | null {
  if (value instanceof ArrayBuffer) return 'ArrayBuffer';
  for (const [name, type] of Object.entries(BINARY_TYPES)) if (value instanceof type) return name as BinaryTypeName;
  return null;
}

/**
 * One message as one binary WebSocket frame: a JSON header in which every typed array and
 * ArrayBuffer is replaced by `{ $binary: index, type }`, then the raw bytes of each, 4-byte
 * aligned. A MNIST-sized dataset as JSON numbers would be ten times larger and slow to parse.
 */
export function encodeFrame(message: unknown): Uint8Array<ArrayBuffer> {
  const buffers: Uint8Array[] = [];
  const json = JSON.stringify(message, (_key, value: unknown) => {
    const type = binaryTypeOf(value);
    if (!type) return value;
    const bytes = value instanceof ArrayBuffer ? new Uint8Array(value) : new Uint8Array((value as Exclude<Binary, ArrayBuffer>).buffer, (value as Exclude<Binary, ArrayBuffer>).byteOffset, (value as Exclude<Binary, ArrayBuffer>).byteLength);
    buffers.push(bytes);
    return { $binary: buffers.length - 1, type };
  });
  const header = new TextEncoder().encode(json);
  const align = (n: number) => (n + 3) & ~3;
  let size = align(4 + header.length);
  for (const b of buffers) size += 4 + align(b.byteLength);
  const frame = new Uint8Array(size);
  const view = new DataView(frame.buffer);
  view.setUint32(0, header.length, true);
  frame.set(header, 4);
  let offset = align(4 + header.length);
  for (const b of buffers) {
    view.setUint32(offset, b.byteLength, true);
    frame.set(b, offset + 4);
    offset += 4 + align(b.byteLength);
  }
  return frame;
}

/** The message of a frame from encodeFrame; throws on a frame that is not one. */
export function decodeFrame(frame: Uint8Array): unknown {
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const align = (n: number) => (n + 3) & ~3;
  const headerLength = view.getUint32(0, true);
  if (4 + headerLength > frame.byteLength) throw new Error('the frame is shorter than its header says');
  const json = new TextDecoder().decode(frame.subarray(4, 4 + headerLength));
  const buffers: ArrayBuffer[] = [];
  let offset = align(4 + headerLength);
  while (offset < frame.byteLength) {
    const length = view.getUint32(offset, true);
    if (offset + 4 + length > frame.byteLength) throw new Error('a binary part runs past the end of the frame');
    // A copy: each array gets its own aligned buffer, whatever the frame's alignment.
    buffers.push(frame.slice(offset + 4, offset + 4 + length).buffer);
    offset += 4 + align(length);
  }
  return JSON.parse(json, (_key, value: unknown) => {
    const ref = value as { $binary?: unknown; type?: unknown } | null;
    if (ref === null || typeof ref !== 'object' || typeof ref.$binary !== 'number') return value;
    const buffer = buffers[ref.$binary];
    if (!buffer) throw new Error(`the frame has no binary part ${ref.$binary}`);
    if (ref.type === 'ArrayBuffer') return buffer;
    const type = BINARY_TYPES[ref.type as keyof typeof BINARY_TYPES];
    if (!type) throw new Error(`unknown binary type ${String(ref.type)}`);
    return new type(buffer);
  });
}
