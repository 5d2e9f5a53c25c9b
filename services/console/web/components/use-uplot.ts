import { type Inputs, useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** Narrowest a chart is drawn, in CSS pixels: below it the axes would overlap. */
const MIN_WIDTH = 200;

/**
 * Mounts a uPlot chart in `container`, sized to the container's width and redrawn at that width when it
 * changes, and marks `figure` with `data-drawn` once uPlot has drawn the current data (the browser tests
 * and the bench wait for it). `build` gives the options (without width, height and the draw hook) and the
 * data; the chart is made anew when `deps` change.
 */
export function useUPlot(build: () => { options: Omit<uPlot.Options, 'width' | 'height'>; data: uPlot.AlignedData }, height: number, deps: Inputs) {
  const container = useRef<HTMLDivElement>(null);
  const figure = useRef<HTMLElement>(null);
  useEffect(() => {
    const element = container.current;
    if (!element) return undefined;
    figure.current?.removeAttribute('data-drawn');
    const { options, data } = build();
    const drawn = () => figure.current?.setAttribute('data-drawn', 'true');
    const width = () => Math.max(element.clientWidth, MIN_WIDTH);
    const chart = new uPlot({ ...options, width: width(), height, hooks: { ...options.hooks, draw: [...(options.hooks?.draw ?? []), drawn] } }, data, element);
    const resize = new ResizeObserver(() => chart.setSize({ width: width(), height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, height]);
  return { container, figure };
}
