export { formatViNumber, parseViNumber, type ParsedNumber } from './number-format.js';
export { checkForm, readCellChanges, violationKey, type CellProblem, type CheckedViolation, type FormCheck } from './form-check.js';
export { aggregateForms, DEFAULT_OUTLIER_OPTIONS, findOutliers, type AggregateSource, type Aggregated, type OutlierOptions } from './aggregate.js';
