import type { ObjectSummary } from '../../shared/ceremony/init-snapshot';

/** "0x0002" */
export function hexId(id: number): string {
  return `0x${id.toString(16).padStart(4, '0')}`;
}

/** A short list in full; a long one (the factory key has them all) folded behind its count. */
function Capabilities({ names }: { names: readonly string[] }) {
  if (names.length === 0) return 'none';
  if (names.length <= 6) return names.join(', ');
  return (
    <details>
      <summary>{names.length} capabilities</summary>
      {names.join(', ')}
    </details>
  );
}

/** Objects on a device, described as yubihsm-shell would list them (no key material). */
export function ObjectTable({
  objects,
  caption,
  testId,
}: {
  objects: readonly ObjectSummary[];
  caption: string;
  testId?: string;
}) {
  return (
    <table className="object-table" data-testid={testId}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Id</th>
          <th scope="col">Type</th>
          <th scope="col">Label</th>
          <th scope="col">Algorithm</th>
          <th scope="col">Domains</th>
          <th scope="col">Capabilities</th>
        </tr>
      </thead>
      <tbody>
        {objects.map((object) => (
          <tr
            key={`${object.type}-${object.id}`}
            data-testid="object-row"
            data-object-id={object.id}
            data-object-type={object.type}
          >
            <td className="mono">{hexId(object.id)}</td>
            <td>{object.type}</td>
            <td>{object.label}</td>
            <td>{object.algorithm}</td>
            <td>{object.domains.join(', ')}</td>
            <td className="object-table__capabilities">
              <Capabilities names={object.capabilities} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
