import { describe, expect, it } from 'vitest';
import { parseTimeseriesDataset, TimeseriesDatasetSchema } from './timeseries';

const series = 'date,temp,rain\n1,10,0\n2,12,1\n3,14,0\n4,16,2\n5,18,0\n';

describe('time series datasets', () => {
  it('windows the rows and labels each window with the target one step after it', () => {
    const ref = TimeseriesDatasetSchema.parse({ kind: 'timeseries', path: 's.csv', features: ['temp', 'rain'], target: 'temp', window: 2, normalize: 'none' });
    const data = parseTimeseriesDataset(series, ref, { source: 's.csv' });
    expect(data.xShape).toEqual([3, 2, 2]);
    expect(Array.from(data.x.slice(0, 4))).toEqual([10, 0, 12, 1]);
    expect(Array.from(data.y)).toEqual([14, 16, 18]);
  });

  it('standardizes columns and says how to undo it for the target; horizon looks further ahead', () => {
    const ref = TimeseriesDatasetSchema.parse({ kind: 'timeseries', path: 's.csv', features: ['temp'], target: 'temp', window: 2, horizon: 2 });
    const data = parseTimeseriesDataset(series, ref, { source: 's.csv' });
    expect(data.xShape).toEqual([2, 2, 1]);
    const { offset, scale } = data.targetNormalization!;
    expect(offset).toBeCloseTo(14);
    expect(Array.from(data.y, (v) => v * scale + offset).map((v) => Math.round(v * 1e4) / 1e4)).toEqual([16, 18]);
  });

  it('uses every numeric column when none are named, and locates a value that is not a number', () => {
    const ref = TimeseriesDatasetSchema.parse({ kind: 'timeseries', path: 's.csv', target: 'temp', window: 2 });
    expect(parseTimeseriesDataset(series, ref, { source: 's.csv' }).featureNames).toEqual(['date', 'temp', 'rain']);
    const bad = TimeseriesDatasetSchema.parse({ kind: 'timeseries', path: 's.csv', features: ['temp'], target: 'temp', window: 2 });
    expect(() => parseTimeseriesDataset('temp\n1\nx\n3\n4\n', bad, { source: 's.csv' })).toThrow(/s.csv line 3, column "temp": "x" is not a number/);
  });
});
