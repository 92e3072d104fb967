import { TakeStep } from './take-step';
import { tfjsBuilder } from '../../tfjs-types';
import { takeStepSpec } from './spec';

const takeStepBuilder = tfjsBuilder(takeStepSpec, (p, name) => new TakeStep({ name, index: p.index }));

export const tfjsBuilders = [takeStepBuilder];
