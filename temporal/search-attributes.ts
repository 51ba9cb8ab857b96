import {
  defineSearchAttributeKey,
  SearchAttributeType,
  TypedSearchAttributes,
} from '@temporalio/common';
// Not re-exported from the package root; maps 'KEYWORD' to the proto enum the operator API wants.
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import type { Connection } from '@temporalio/client';

/**
 * The custom search attributes ops use to find a reminder in Temporal UI.
 * They are stored and shown in plain text: ids and states only, never names,
 * phone numbers or health details. Workflow code imports this file too, so it
 * must stay free of Node built-ins (the client import is type-only).
 */
export const FamilyId = defineSearchAttributeKey('FamilyId', SearchAttributeType.KEYWORD);
export const CareRecipientId = defineSearchAttributeKey('CareRecipientId', SearchAttributeType.KEYWORD);
export const CareKind = defineSearchAttributeKey('CareKind', SearchAttributeType.KEYWORD);
/** Per-kind lifecycle, e.g. pending → expired for an invitation. */
export const CareState = defineSearchAttributeKey('CareState', SearchAttributeType.KEYWORD);
/** When the workflow next wakes up by itself; lets ops sort "what fires soon". */
export const NextDueAt = defineSearchAttributeKey('NextDueAt', SearchAttributeType.DATETIME);
/** A medication schedule's next dose (its due instant, not a heads-up); empty once it ends. */
export const NextDoseAt = defineSearchAttributeKey('NextDoseAt', SearchAttributeType.DATETIME);
/** An escalation's current step in its chain (1 = first contacts); "who is being paged now". */
export const EscalationLevel = defineSearchAttributeKey('EscalationLevel', SearchAttributeType.INT);

export const CARE_KINDS = ['invitation', 'medication', 'appointment', 'appointment-visit', 'rotation', 'shift', 'escalation', 'emergency'] as const;
export type CareKindValue = (typeof CARE_KINDS)[number];

/** What a care workflow starts with: whose it is, its kind, and 'scheduled'. */
export function startingCareAttributes(kind: CareKindValue, owner: { familyId: string; careRecipientId: string }) {
  return [
    { key: FamilyId, value: owner.familyId },
    { key: CareRecipientId, value: owner.careRecipientId },
    { key: CareKind, value: kind },
    { key: CareState, value: 'scheduled' },
  ];
}

export const SEARCH_ATTRIBUTES = [FamilyId, CareRecipientId, CareKind, CareState, NextDueAt, NextDoseAt, EscalationLevel];

/** `--search-attribute Name=Type` pairs for `temporal server start-dev`. */
export function searchAttributeCliArgs(): string[] {
  return SEARCH_ATTRIBUTES.flatMap((key) => [
    '--search-attribute',
    `${key.name}=${TypedSearchAttributes.toMetadataType(key.type)}`,
  ]);
}

/**
 * Registers whichever project attributes the namespace lacks. The dev server gets them
 * on its command line; an external or production server needs this once (it needs
 * operator rights). Safe to call on every start: existing attributes are left alone.
 */
export async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<string[]> {
  const known = await registeredNames(connection, namespace);
  const missing = SEARCH_ATTRIBUTES.filter((key) => !known.has(key.name));
  if (missing.length > 0) {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((k) => [k.name, encodeSearchAttributeIndexedValueType(k.type)!])),
    });
  }
  return missing.map((k) => k.name);
}

const GRPC_UNIMPLEMENTED = 12;

async function registeredNames(connection: Connection, namespace: string): Promise<Set<string>> {
  try {
    const existing = await connection.operatorService.listSearchAttributes({ namespace });
    return new Set([...Object.keys(existing.customAttributes ?? {}), ...Object.keys(existing.systemAttributes ?? {})]);
  } catch (err) {
    // The time-skipping test server implements adding search attributes but not listing them.
    if ((err as { code?: number }).code === GRPC_UNIMPLEMENTED) return new Set();
    throw err;
  }
}

/** True when every project attribute is registered (visibility is eventually consistent after adding). */
export async function hasSearchAttributes(connection: Connection, namespace: string): Promise<boolean> {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  return SEARCH_ATTRIBUTES.every((key) => key.name in (existing.customAttributes ?? {}));
}
