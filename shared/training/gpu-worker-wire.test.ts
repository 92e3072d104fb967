import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, GpuWorkerToHostSchema, HostToGpuWorkerSchema } from './gpu-worker-wire';

describe('GPU worker frames', () => {
  it('carry typed arrays and buffers byte for byte, at any alignment', () => {
    const x = new Float32Array([1.5, -2.25, Math.PI, 1e-30, Number.MAX_VALUE]);
    const odd = new Uint8Array([1, 2, 3]);
    const weights = new Float32Array([0.5, 0.25]).buffer;
    const message = { kind: 'test', nested: { x, odd, list: [weights, 'text', 3] }, plain: { $note: 'not binary' } };
    const frame = encodeFrame(message);
    // Offset inside a larger buffer, as a WebSocket library may hand it over.
    const shifted = new Uint8Array(frame.byteLength + 1);
    shifted.set(frame, 1);
    const decoded = decodeFrame(shifted.subarray(1)) as typeof message;
    expect(decoded.nested.x).toBeInstanceOf(Float32Array);
    expect(Array.from(decoded.nested.x)).toEqual(Array.from(x));
    expect(Array.from(decoded.nested.odd)).toEqual([1, 2, 3]);
    expect(decoded.nested.list[0]).toBeInstanceOf(ArrayBuffer);
    expect(Array.from(new Float32Array(decoded.nested.list[0] as ArrayBuffer))).toEqual([0.5, 0.25]);
    expect(decoded.nested.list.slice(1)).toEqual(['text', 3]);
    expect(decoded.plain).toEqual({ $note: 'not binary' });
  });

  it('refuses a truncated frame', () => {
    const frame = encodeFrame({ x: new Float32Array(100) });
    expect(() => decodeFrame(frame.subarray(0, frame.byteLength - 8))).toThrow(/past the end/);
  });

  it('validates a dataset against its shapes', () => {
    const data = { x: new Float32Array(6), xShape: [3, 2], y: new Float32Array(3), yShape: [3, 1], featureNames: ['a', 'b'], classNames: [] };
    expect(HostToGpuWorkerSchema.safeParse({ kind: 'data', id: 1, data }).success).toBe(true);
    expect(HostToGpuWorkerSchema.safeParse({ kind: 'data', id: 1, data: { ...data, xShape: [4, 2] } }).success).toBe(false);
    expect(HostToGpuWorkerSchema.safeParse({ kind: 'data', id: 1, data: { ...data, x: [0, 0, 0, 0, 0, 0] } }).success).toBe(false);
    expect(GpuWorkerToHostSchema.safeParse({ kind: 'save', id: 1, dir: '/tmp/x', modelJson: {}, weightData: new ArrayBuffer(8) }).success).toBe(true);
  });
});
