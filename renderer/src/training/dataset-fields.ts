import type { DatasetReference } from '../../../shared/data/reference';
import { INPUT_FIELD, TARGET_FIELD } from '../../../shared/data/fields';
import { describeReferenceFields } from '../../../shared/data/field-descriptions';
import type { TargetHint } from '../../../shared/data/targets';
import type { FieldChoices } from './bindings-view';

/**
 * The fields the training panel offers for a dataset, as its reference promises them
 * without reading a file (`target`: the model's output as the loaders' `auto` label
 * encoding sees it). Where the file decides (a CSV's columns), only `x` (what the model
 * reads) and `y` (the label) are known, and problems that need the fields' shapes wait
 * for training.
 */
export function referenceFieldChoices(dataset: DatasetReference | null, target: TargetHint): FieldChoices {
  const descriptions = dataset ? describeReferenceFields(dataset, target) : null;
  return { names: descriptions ? Object.keys(descriptions) : [INPUT_FIELD, TARGET_FIELD], descriptions };
}
