import { createRequire } from 'node:module';
import type { History } from '@temporalio/common/lib/proto-utils';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root';

/**
 * History <-> proto3 JSON (the format of `temporal workflow show --output json`).
 *
 * Why not the SDK's historyToJSON / historyFromJSON: npm installs two copies of
 * protobufjs 8 here (under @temporalio/common and under @temporalio/proto, because the
 * top-level slot holds grpc's protobufjs 7). The SDK helpers take the JSON codec from
 * one copy and the message types from the other, and fail with "type must be a Type".
 * Loading the codec from the copy @temporalio/proto itself uses always matches.
 */
interface ProtoJson {
  toJson(type: unknown, message: unknown): unknown;
  fromJson(type: unknown, json: unknown, options?: { ignoreUnknownFields?: boolean }): unknown;
}

const require = createRequire(import.meta.url);
const requireFromProto = createRequire(require.resolve('@temporalio/proto'));
const { toJson, fromJson } = requireFromProto('protobufjs/ext/protojson') as ProtoJson;
// The CommonJS module object itself: an ESM import of it would not expose the generated namespaces.
const proto = require('@temporalio/proto') as typeof import('@temporalio/proto');
const root = patchProtobufRoot(proto) as unknown as { lookupType(name: string): unknown };
const historyType = root.lookupType('temporal.api.history.v1.History');

/** Pretty-printed, so a changed fixture reads as a reviewable diff. */
export function historyToJson(history: History): string {
  const message = proto.temporal.api.history.v1.History.fromObject(history);
  return `${JSON.stringify(toJson(historyType, message), null, 2)}\n`;
}

export function historyFromJson(json: unknown): History {
  // Unknown fields are tolerated: a history recorded by a newer server must still load.
  return fromJson(historyType, json, { ignoreUnknownFields: true }) as History;
}
