import type { KeyValue } from './tracking-api';

/** A run's params or tags as a two-column table, by key. */
export function KeyValueTable({ caption, items, empty }: { caption: string; items: readonly KeyValue[]; empty: string }) {
  const sorted = [...items].sort((a, b) => a.key.localeCompare(b.key));
  return (
    <div class="table-wrap">
      <table class="data">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          {sorted.length === 0 && (
            <tr>
              <td colSpan={2} class="muted">
                {empty}
              </td>
            </tr>
          )}
          {sorted.map((item) => (
            <tr key={item.key}>
              <th scope="row">{item.key}</th>
              <td class="value">{item.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
