/**
 * One layout change on the way from a tfjs weight to a PyTorch one; each has an exact inverse
 * (shared/export/tensor.ts applies and inverts them). The kinds' PyTorch emitters say which
 * steps each weight takes.
 */
export type LayoutStep =
  | { op: 'transpose'; perm: number[] }
  | { op: 'reshape'; shape: number[] }
  /** Gate order, e.g. Keras GRU z,r,h → PyTorch r,z,n is [1, 0, 2]. */
  | { op: 'reorder'; order: number[] }
  /** One row of the first axis (GRU reset-after keeps its input and recurrent biases as rows). */
  | { op: 'row'; index: number };
