import { z } from 'zod';

/** What a model exports as: TensorFlow.js files (model.json + weights.bin), PyTorch code, or Keras code. */
export const EXPORT_FORMATS = ['tfjs', 'pytorch', 'keras'] as const;
export const ExportFormatSchema = z.enum(EXPORT_FORMATS);
export type ExportFormat = z.infer<typeof ExportFormatSchema>;
