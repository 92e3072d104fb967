import { describe, expect, it } from 'vitest';
import { parseCsvDataset } from './csv';
import { CsvDatasetSchema } from './reference';
import { splitIndices } from './dataset';

const ref = (over: Record<string, unknown> = {}) => CsvDatasetSchema.parse({ kind: 'csv', path: 'data.csv', ...over });
const options = { source: 'data.csv', validationSplit: 0, seed: 1 };

const IRIS_LIKE = `sepal,petal,id,species
5.1,1.4,1,setosa
7.0,4.7,2,versicolor
6.3,6.0,3,virginica
4.9,1.4,4,setosa
`;

describe('parseCsvDataset', () => {
  it('uses the last column as the label and one-hot encodes text classes', () => {
    const data = parseCsvDataset(IRIS_LIKE, ref({ columns: { id: 'ignore' } }), options);
    expect(data.featureNames).toEqual(['sepal', 'petal']);
    expect(data.xShape).toEqual([4, 2]);
    expect(Array.from(data.x)).toEqual([5.1, 1.4, 7.0, 4.7, 6.3, 6.0, 4.9, 1.4].map(Math.fround));
    expect(data.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(data.yShape).toEqual([4, 3]);
    expect(Array.from(data.y)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0]);
  });

  it('names a missing column and the file', () => {
    expect(() => parseCsvDataset(IRIS_LIKE, ref({ columns: { color: 'feature' } }), options)).toThrow(
      /column "color" named in the dataset mapping is not in data\.csv/,
    );
    expect(() => parseCsvDataset(IRIS_LIKE, ref({ label: 'kind' }), options)).toThrow(/column "kind" chosen as the label is not in data\.csv/);
  });

  it('names the line and column of a value that is not a number', () => {
    const text = 'a,b,label\n1,2,0\n3,oops,1\n';
    expect(() => parseCsvDataset(text, ref(), options)).toThrow('data.csv:3:2: "oops" in column "b" is not a number — fix the value, or set the column to ignore');
  });

  it('encodes labels by index, raw, or to fit a single sigmoid unit', () => {
    expect(Array.from(parseCsvDataset(IRIS_LIKE, ref({ labelEncoding: 'index' }), options).y)).toEqual([0, 1, 2, 0]);
    const binary = 'a,b,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n';
    const forSigmoid = parseCsvDataset(binary, ref(), { ...options, target: { units: 1, loss: 'binaryCrossentropy' } });
    expect(forSigmoid.yShape).toEqual([4, 1]);
    expect(Array.from(forSigmoid.y)).toEqual([0, 1, 1, 0]);
    expect(parseCsvDataset(binary, ref(), options).yShape).toEqual([4, 2]);
    const regression = 'a,price\n1,10.5\n2,20.25\n';
    const raw = parseCsvDataset(regression, ref(), options);
    expect(Array.from(raw.y)).toEqual([10.5, 20.25]);
    expect(raw.classNames).toEqual([]);
    expect(() => parseCsvDataset(IRIS_LIKE, ref({ labelEncoding: 'raw' }), options)).toThrow(/^data\.csv:2: the label column "species" holds text \("setosa"\)/);
  });

  it('fits normalization on the training rows only', () => {
    const text = 'a,y\n' + [0, 10, 20, 30, 40, 50, 60, 70, 80, 1000].map((v, i) => `${v},${i % 2}`).join('\n');
    const opts = { source: 'data.csv', validationSplit: 0.3, seed: 5 };
    const { train } = splitIndices(10, 0.3, 5);
    const values = [0, 10, 20, 30, 40, 50, 60, 70, 80, 1000];
    const trainValues = Array.from(train, (i) => values[i]!);
    const minmax = parseCsvDataset(text, ref({ normalize: 'minmax', stratify: false }), opts);
    expect(minmax.normalization?.offset).toEqual([Math.min(...trainValues)]);
    expect(minmax.normalization?.scale).toEqual([Math.max(...trainValues) - Math.min(...trainValues)]);
    for (const i of train) {
      expect(minmax.x[i]).toBeGreaterThanOrEqual(0);
      expect(minmax.x[i]).toBeLessThanOrEqual(1);
    }
    const standard = parseCsvDataset(text, ref({ normalize: 'standardize', stratify: false }), opts);
    const mean = Array.from(train, (i) => standard.x[i]!).reduce((s, v) => s + v, 0) / train.length;
    expect(mean).toBeCloseTo(0, 5);
  });

  it('reports a row with the wrong number of fields', () => {
    expect(() => parseCsvDataset('a,b,y\n1,2,0\n3,4\n', ref(), options)).toThrow(/^data\.csv:3: the line has 2 values but the header has 3 columns/);
  });
});
