import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../../shared/layers';
import { inCourseOrder } from './course-order';

const EXAMPLES = new URL('../../../examples/', import.meta.url);

describe('templates in course order', () => {
  it('puts the GANs after the graph networks, the 2-D ring before the DCGAN', () => {
    const examples = readdirSync(EXAMPLES)
      .filter((f) => f.endsWith('.nnd.json'))
      .map((file) => ({ file, document: JSON.parse(readFileSync(new URL(file, EXAMPLES), 'utf8')) as never }));
    const order = inCourseOrder(examples, catalog).map((e) => e.file);
    const gans = order.filter((file) => /gan/.test(file));
    expect(gans).toContain('gan-ring.nnd.json');
    expect(order.slice(-gans.length)).toEqual(gans);
    expect(order.indexOf('gnn-cycles-trees.nnd.json')).toBeLessThan(order.indexOf('gan-ring.nnd.json'));
    if (order.includes('dcgan-mnist.nnd.json')) expect(order.indexOf('gan-ring.nnd.json')).toBeLessThan(order.indexOf('dcgan-mnist.nnd.json'));
  });

  it('puts the perceptron and MLPs first, LeNet-5 before the recurrent, attention and graph models', () => {
    const examples = readdirSync(EXAMPLES)
      .filter((f) => f.endsWith('.nnd.json'))
      .map((file) => ({ file, document: JSON.parse(readFileSync(new URL(file, EXAMPLES), 'utf8')) as { nodes: { type: string; id: string; name: string }[] } }));
    const order = inCourseOrder(examples as never[], catalog).map((e: { file: string }) => e.file);
    expect(order[0]).toBe('perceptron-xor.nnd.json');
    expect(order.indexOf('lenet5-mnist.nnd.json')).toBeLessThan(order.indexOf('lstm-spam.nnd.json'));
    expect(order.indexOf('lenet5-mnist.nnd.json')).toBeLessThanOrEqual(4);
    expect(order.indexOf('lstm-spam.nnd.json')).toBeLessThan(order.indexOf('transformer-spam.nnd.json'));
    expect(order.indexOf('transformer-spam.nnd.json')).toBeLessThan(order.indexOf('gcn-sbm.nnd.json'));
    expect(order.slice(0, 3).every((f) => /xor|spirals/.test(f))).toBe(true);
    // Two heads on Dense layers are an MLP; the autoencoder and the U-Net convolve, after LeNet-5's classification.
    expect(order.indexOf('penguins-two-heads.nnd.json')).toBeLessThan(order.indexOf('lenet5-mnist.nnd.json'));
    expect(order.indexOf('lenet5-mnist.nnd.json')).toBeLessThan(order.indexOf('denoising-autoencoder-mnist.nnd.json'));
    expect(order.indexOf('denoising-autoencoder-mnist.nnd.json')).toBeLessThan(order.indexOf('unet-shapes.nnd.json'));
    expect(order.indexOf('unet-shapes.nnd.json')).toBeLessThan(order.indexOf('lstm-spam.nnd.json'));
    // One decoder block predicting after its window, two predicting at every position, then an encoder and a decoder.
    expect(order.indexOf('char-decoder.nnd.json')).toBeLessThan(order.indexOf('tiny-gpt.nnd.json'));
    expect(order.indexOf('tiny-gpt.nnd.json')).toBeLessThan(order.indexOf('seq2seq-reverse.nnd.json'));
    expect(order.indexOf('seq2seq-reverse.nnd.json')).toBeLessThan(order.indexOf('gcn-sbm.nnd.json'));
    // The GANs close the course, after every graph network.
    expect(order.indexOf('dcgan-mnist.nnd.json')).toBeGreaterThan(Math.max(...order.filter((f) => /gcn|gat|graphsage|gnn/.test(f)).map((f) => order.indexOf(f))));
  });
});
