/**
 * The activation functions the catalog offers, as plain math for plotting. They follow
 * tfjs's definitions (hardSigmoid is 0.2x + 0.5 clipped; gelu is the exact erf form).
 */
const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const softplus = (x: number) => (x > 30 ? x : Math.log1p(Math.exp(x)));

/** Abramowitz and Stegun 7.1.26: |error| < 1.5e-7, far below what a plot can show. */
export function erf(x: number): number {
  const sign = Math.sign(x);
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a);
  return sign * y;
}

export function activationFunction(name: string, alpha?: number): ((x: number) => number) | null {
  switch (name) {
    case 'linear':
      return (x) => x;
    case 'relu':
      return (x) => Math.max(0, x);
    case 'relu6':
      return (x) => Math.min(6, Math.max(0, x));
    case 'leakyRelu': {
      const slope = alpha ?? 0.3;
      return (x) => (x >= 0 ? x : slope * x);
    }
    case 'elu': {
      const a = alpha ?? 1;
      return (x) => (x >= 0 ? x : a * Math.expm1(x));
    }
    case 'selu':
      return (x) => SELU_SCALE * (x >= 0 ? x : SELU_ALPHA * Math.expm1(x));
    case 'sigmoid':
      return sigmoid;
    case 'hardSigmoid':
      return (x) => Math.min(1, Math.max(0, 0.2 * x + 0.5));
    case 'tanh':
      return Math.tanh;
    // Over two features [x, 0], softmax's first output is e^x / (e^x + 1): the sigmoid.
    case 'softmax':
      return sigmoid;
    case 'softplus':
      return softplus;
    case 'softsign':
      return (x) => x / (1 + Math.abs(x));
    case 'swish':
      return (x) => x * sigmoid(x);
    case 'mish':
      return (x) => x * Math.tanh(softplus(x));
    case 'gelu':
      return (x) => 0.5 * x * (1 + erf(x / Math.SQRT2));
    default:
      return null;
  }
}

/** Central difference: exact enough to plot, and right for every function without a second formula to keep in step. */
export function derivative(f: (x: number) => number, x: number, h = 1e-4): number {
  return (f(x + h) - f(x - h)) / (2 * h);
}

export interface PlotPoint {
  x: number;
  value: number;
  slope: number;
}

export function plotPoints(f: (x: number) => number, from = -4, to = 4, steps = 160): PlotPoint[] {
  const points: PlotPoint[] = [];
  for (let i = 0; i <= steps; i++) {
    const x = from + ((to - from) * i) / steps;
    points.push({ x: Number(x.toFixed(3)), value: f(x), slope: derivative(f, x) });
  }
  return points;
}
