import { Client, type Connection } from '@temporalio/client';
import { ClosingConnection } from './closing-connection';
import { dataConverter } from './data-converter';

export interface TemporalTarget {
  address: string;
  namespace: string;
}

/** A gRPC connection to the frontend; `config.temporal` from api/config.ts fits `target`. */
export function connectTemporal(target: Pick<TemporalTarget, 'address'>): Promise<Connection> {
  return ClosingConnection.connect({ address: target.address });
}

/** Every client in the project goes through here, so the shared data converter is never forgotten. */
export function createClient(connection: Connection, namespace: string): Client {
  return new Client({ connection, namespace, dataConverter });
}

/** Connection and client in one call, for the API and scripts. Close with `connection.close()`. */
export async function connectClient(target: TemporalTarget): Promise<{ connection: Connection; client: Client }> {
  const connection = await connectTemporal(target);
  return { connection, client: createClient(connection, target.namespace) };
}
