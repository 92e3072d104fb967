import type { KerasInputEmitter } from '../../../codegen/keras';
import { pyString, pyValue } from '../../../codegen/python';

export const kerasEmitters: KerasInputEmitter[] = [
  {
    type: 'Input',
    input: (p, name) => `keras.Input(shape=${pyValue(p.shape)}, ${p.dtype === 'int32' ? 'dtype="int32", ' : ''}name=${pyString(name)})`,
  },
];
