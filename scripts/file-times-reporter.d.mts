export interface TestEventLike {
  type: string;
  data: { file?: string; nesting?: number; details?: { duration_ms?: number } };
}
export default function fileTimes(source: AsyncIterable<TestEventLike>): AsyncGenerator<string>;
