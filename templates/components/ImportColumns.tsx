// The columns an import reads, as a captioned table (member import, opportunity import).

export type ImportColumn = readonly [name: string, required: boolean, meaning: string];

export function ImportColumnsTable(props: { label: string; columns: ReadonlyArray<ImportColumn> }) {
  return (
    <div class="table-wrap" tabindex={0} role="region" aria-label={props.label}>
      <table>
        <caption>{props.label}</caption>
        <thead>
          <tr>
            <th scope="col">Column</th>
            <th scope="col">Required</th>
            <th scope="col">What it holds</th>
          </tr>
        </thead>
        <tbody>
          {props.columns.map(([name, required, meaning]) => (
            <tr>
              <th scope="row">
                <code>{name}</code>
              </th>
              <td>{required ? "yes" : "no"}</td>
              <td>{meaning}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
