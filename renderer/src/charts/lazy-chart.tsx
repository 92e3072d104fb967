import { lazy, Suspense, type ComponentType } from 'react';
import './lazy-chart.css';

function ChartUnavailable() {
  return <div className="chart-loading chart-unavailable" />;
}

/**
 * A chart component whose module (and recharts, about 430 kB) loads when it is first shown,
 * not with the editor page; its box pulses meanwhile. A module that fails to load leaves the
 * box empty rather than taking the page down.
 */
export function lazyChart<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  const Chart = lazy(() => load().then((component) => ({ default: component }), () => ({ default: ChartUnavailable as ComponentType<P> })));
  return function LazyChart(props: P) {
    return (
      <Suspense fallback={<div className="chart-loading" aria-busy="true" data-testid="chart-loading" />}>
        <Chart {...props} />
      </Suspense>
    );
  };
}
