import { ApiError } from '../../api';
import { ErrorNotice, Loading, useAsync } from '../../components/status';
import { formatNumber } from '../../format';
import { DistributionChart } from './DistributionChart';
import { type ColumnDistribution, driftApi } from './drift-api';
import { DriftVerdict, percent } from './DriftVerdict';

/**
 * The newest window against the reference: the dataset verdict, each column's test and verdict, and each
 * column's distributions (reference vs current shares over the bins its test used), drifted columns first.
 */
export function LatestReport({ model }: { model: string }) {
  const latest = useAsync(() => driftApi.distributions(model), [model]);
  const heading = <h2 id="drift-latest">Latest report</h2>;
  if (latest.error) {
    // 404 before the first report: a state to explain, not an error.
    const notYet = latest.error instanceof ApiError && latest.error.status === 404 && /no report yet/.test(latest.error.message);
    return (
      <section aria-labelledby="drift-latest">
        {heading}
        {notYet ? <p class="notice">{(latest.error as ApiError).message}</p> : <ErrorNotice error={latest.error} />}
      </section>
    );
  }
  if (!latest.data) return <Loading what="the latest report" />;
  const { dataset, columns, window_rows: windowRows, reference_rows: referenceRows } = latest.data;
  return (
    <section aria-labelledby="drift-latest">
      {heading}
      <p>
        <DriftVerdict drifted={dataset.drifted} /> {dataset.drifted_columns} of {dataset.columns} columns drifted ({percent(dataset.drifted_share)}; the dataset drifts from{' '}
        {percent(dataset.threshold)}). The newest {formatNumber(windowRows)} rows against the reference's {formatNumber(referenceRows)}.
      </p>
      <div class="table-wrap">
        <table class="data">
          <caption>Columns of the latest report</caption>
          <thead>
            <tr>
              <th scope="col">Column</th>
              <th scope="col">Type</th>
              <th scope="col">Test</th>
              <th scope="col" class="number">Statistic</th>
              <th scope="col" class="number">Threshold</th>
              <th scope="col">Verdict</th>
            </tr>
          </thead>
          <tbody>
            {columns.map((column) => (
              <tr key={column.column}>
                <th scope="row">{column.column}</th>
                <td>{column.type}</td>
                <td>{column.stattest}</td>
                <td class="number">{statistic(column)}</td>
                <td class="number">{formatNumber(column.threshold)}</td>
                <td>
                  <DriftVerdict drifted={column.drifted} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="grid drift-distributions">
        {columns.map((column) => (
          <div key={column.column}>
            <DistributionChart title={`Distribution of ${column.column}`} labels={column.labels} reference={column.reference} current={column.current} />
          </div>
        ))}
      </div>
    </section>
  );
}

/** A chi-square statistic is infinite (null in JSON) when a value appears only in the current data. */
function statistic(column: ColumnDistribution): string {
  return column.statistic === null ? '∞' : formatNumber(column.statistic);
}
