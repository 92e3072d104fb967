/** One file of an export, relative to the folder it is written into. */
export interface ExportFile {
  path: string;
  contents: string | Uint8Array;
}

export function float32Bytes(values: Float32Array): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(4 * i, values[i]!, true);
  return bytes;
}
