/** One figure of `npm run bench`, with its target when the issue names one. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** e.g. "<= 20 ms"; absent when the figure is informative only. */
  target?: string;
  /** Whether the target was met; absent without a target. */
  met?: boolean;
  note?: string;
}
