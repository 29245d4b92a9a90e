/**
 * The food-delivery demo's effect report (chart and summary): public surface.
 */
export type { EffectFiles } from './render.js';
export { writeEffect } from './render.js';
export type { SummaryRow } from './summary-text.js';
export { conservationCheck, formatSummary, summaryRows } from './summary-text.js';
export type { EffectBill, EffectReport, EffectSample, EffectSummary, ReplicaSample } from './types.js';
