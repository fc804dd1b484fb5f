/**
 * What the rush tests share (rush, cluster, failover): the figures each client saves, the counts they print
 * and what they assert of the ledger. Test-only (imports vitest); the bench uses harness.ts alone.
 */
import { expect } from 'vitest';
import { percentile, type Ledger, type RushClient, type verifyLedger } from './harness.js';

export type LedgerCheck = Awaited<ReturnType<typeof verifyLedger>>;

/** Plan and actual of taxes, fees, other revenue and spending; the second save changes every actual. */
export const rushFigures = (i: number) => ({
  first: { 'R01!KH': `${1000 + i}.50`, 'R01!TH': `${900 + i}.25`, 'R02!KH': '300', 'R02!TH': '120', 'R03!KH': '50', 'R03!TH': '10', 'R10!KH': '2000', 'R10!TH': '1500' },
  second: { 'R01!TH': `${950 + i}.75`, 'R02!TH': '180', 'R03!TH': '12.5', 'R10!TH': `${1600 + i}` },
});

/** The ledger's counts as printed: acknowledged, lost, duplicated, answers by status, latencies. */
export function ledgerCounts(result: LedgerCheck, ledger: Ledger): string {
  const statuses = Object.fromEntries([...ledger.statuses.entries()].sort((a, b) => a[0] - b[0]));
  return (
    `acknowledged ${result.acknowledgedSaves} saves and ${result.acknowledgedSubmits} submissions; ` +
    `lost cells ${result.lostCells}, duplicated cells ${result.duplicatedCells}, lost submissions ${result.lostSubmissions}, duplicate submissions ${result.duplicateSubmissions}, ` +
    `wrong final figures ${result.wrongFinal}; statuses ${JSON.stringify(statuses)}; p50 ${percentile(ledger.latencies, 0.5).toFixed(0)} ms, p99 ${percentile(ledger.latencies, 0.99).toFixed(0)} ms`
  );
}

/** Every acknowledged save and submission there once with the last figures, every client done, no 500. */
export function expectIntact(clients: RushClient[], result: LedgerCheck, ledger: Ledger): void {
  expect(result.lostCells).toBe(0);
  expect(result.duplicatedCells).toBe(0);
  expect(result.lostSubmissions).toBe(0);
  expect(result.duplicateSubmissions).toBe(0);
  expect(result.wrongFinal).toBe(0);
  expect(result.acknowledgedSubmits).toBe(clients.length);
  expect(result.acknowledgedSaves).toBeGreaterThanOrEqual(clients.length * 2);
  expect(ledger.statuses.get(500) ?? 0).toBe(0);
}
