import { Counter, Registry, Summary } from 'prom-client';
import { parsePrometheusText } from '../../services/console/server/prometheus-text';

describe('parsePrometheusText', () => {
  it('reads what prom-client writes: counters with escaped label values, summaries with their quantiles', async () => {
    const registry = new Registry();
    new Counter({ name: 'requests_total', help: 'h', labelNames: ['model'], registers: [registry] }).inc({ model: 'a "quoted" \\ back\nslash, {braces}' }, 3);
    new Summary({ name: 'latency_us', help: 'h', labelNames: ['model'], percentiles: [0.5], registers: [registry] }).observe({ model: 'm' }, 250);
    expect(parsePrometheusText(await registry.metrics())).toEqual([
      { name: 'requests_total', labels: { model: 'a "quoted" \\ back\nslash, {braces}' }, value: 3 },
      { name: 'latency_us', labels: { quantile: '0.5', model: 'm' }, value: 250 },
      { name: 'latency_us_sum', labels: { model: 'm' }, value: 250 },
      { name: 'latency_us_count', labels: { model: 'm' }, value: 1 },
    ]);
  });

  it('takes NaN, infinities, exponents, timestamps and a trailing comma', () => {
    const text = 'a NaN\nb{le="+Inf"} +Inf\nc -Inf 1700000000000\nd{x="1",} 1.5e-3\n';
    expect(parsePrometheusText(text).map((sample) => [sample.name, sample.labels, sample.value])).toEqual([
      ['a', {}, Number.NaN],
      ['b', { le: '+Inf' }, Infinity],
      ['c', {}, -Infinity],
      ['d', { x: '1' }, 0.0015],
    ]);
  });

  it("takes prom-client's own spelling of NaN, `Nan` (the event-loop lag before its first sample), as Prometheus does", () => {
    expect(parsePrometheusText('nodejs_eventloop_lag_mean_seconds Nan\nx nan\ny inf\n').map((sample) => sample.value)).toEqual([Number.NaN, Number.NaN, Infinity]);
  });

  it.each([
    ['a page of HTML', '<html><body>Welcome</body></html>', /^line 1 is not a Prometheus sample: "<html>/],
    ['a value that is not a number', 'metric{model="m"} many', /^line 1 is not a Prometheus sample/],
    ['an unquoted label value', '# TYPE m counter\nm{model=m} 1', /^line 2 is not a Prometheus sample/],
  ])('refuses %s, naming the line', (_, text, message) => {
    expect(() => parsePrometheusText(text)).toThrow(message);
  });
});
