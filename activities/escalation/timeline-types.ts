import type { TimelineEntry } from '../../api/contracts/escalations';

export type EscalationTimelineType = TimelineEntry['type'];
