// The benchmark's budget checks (scripts/bench-report.ts) on hand-made results: a budget whose figure is missing
// is "not measured", with the reason, never PASS.
import { describe, expect, it } from 'vitest';
import type { BrowserBenchResult, DocumentInfo, StepResult, Timing, Visit } from '../../scripts/bench-browser';
import { KB, checkBudgets, printReport, verdict, type BudgetCheck } from '../../scripts/bench-report';

function doc(over: Partial<DocumentInfo> = {}): DocumentInfo {
  return {
    url: 'http://127.0.0.1/x',
    acceptEncoding: 'br',
    contentEncoding: 'br',
    wireBytes: 8 * KB,
    decodedBytes: 40 * KB,
    rscPayloadBytes: 10 * KB,
    rscPayloadWireEstimate: 2 * KB,
    otherInlineScriptBytes: 0,
    messageRows: null,
    messageTextBytes: null,
    ...over,
  };
}

function timing(over: Partial<Timing> = {}): Timing {
  return {
    method: 'navigation-timing',
    readableMs: 900,
    content: { via: 'after-main', parserPastMainMs: 850, paintOpportunityMs: 900, nodeAfterMain: '#comment', hydrationDataStartMs: 860 },
    htmlStartMs: 400,
    htmlEndMs: 1500,
    cssEndMs: 700,
    firstScriptEndMs: 2500,
    lastScriptEndMs: 4000,
    firstContentfulPaintMs: 900,
    largestContentfulPaintMs: 950,
    ...over,
  };
}

function visit(over: { timing?: Partial<Timing>; document?: DocumentInfo | null } = {}): Visit {
  const document = over.document === undefined ? doc() : over.document;
  return {
    bytes: { html: 8 * KB, css: 4 * KB, js: 60 * KB, other: 0, total: 72 * KB },
    requests: 6,
    fromCache: 0,
    staticFetched: [],
    bytesBeforeReadable: (document?.wireBytes ?? 8 * KB) + 4 * KB,
    timing: timing(over.timing),
    imap: { bytesFromServer: 30_000, bytesToServer: 500, commands: ['UID FETCH 71:120 (UID FLAGS)'] },
    document,
    requestList: [],
  };
}

function stepOf(key: string, visits: Partial<Pick<StepResult, 'cold' | 'warm' | 'slow'>>): StepResult {
  return { key, name: key, url: `http://127.0.0.1/${key}`, cold: null, warm: null, slow: null, ...visits };
}

/** Every figure present and within budget. */
function complete(): BrowserBenchResult {
  return {
    chromium: 'test',
    view: 'standard',
    steps: [
      stepOf('login', { cold: visit(), warm: visit() }),
      stepOf('inbox', { cold: visit({ document: doc({ messageRows: 50, wireBytes: 12 * KB }) }), warm: visit(), slow: visit() }),
      stepOf('text', { cold: visit(), warm: visit({ document: doc({ messageTextBytes: 300 }) }) }),
      stepOf('largeAttachment', { cold: visit(), warm: visit({ document: doc({ messageTextBytes: 3 * KB }) }) }),
      stepOf('pane', { cold: visit(), warm: visit({ document: doc({ wireBytes: 18 * KB, messageTextBytes: 3 * KB }) }) }),
    ],
    firstVisit: { bytes: { html: 10 * KB, css: 4 * KB, js: 90 * KB, other: 0, total: 104 * KB }, requests: 9 },
  };
}

function withStep(r: BrowserBenchResult, key: string, change: (s: StepResult) => StepResult): BrowserBenchResult {
  return { ...r, steps: r.steps.map((s) => (s.key === key ? change(s) : s)) };
}

const slowBudget = (checks: BudgetCheck[]) => checks.find((c) => c.id === '1' && c.budget.startsWith('slow link'));
const budget3 = (checks: BudgetCheck[]) => checks.find((c) => c.id === '3' && c.budget.includes('~3 KB text'));

function printed(r: BrowserBenchResult): string[] {
  const lines: string[] = [];
  printReport(r, checkBudgets(r), (s) => lines.push(...s.split('\n')));
  const from = lines.findIndex((l) => l.startsWith('Budgets'));
  return lines.slice(from + 1).filter((l) => l.trim() !== '');
}

describe('bench budgets', () => {
  it('passes and fails budgets whose figures were measured (the control)', () => {
    const checks = checkBudgets(complete());
    expect(checks.map(verdict)).toEqual(['PASS', 'PASS', 'PASS', 'PASS', 'PASS', 'PASS', 'info', 'PASS', 'PASS']);
    expect(checks.every((c) => c.notMeasured === undefined)).toBe(true);
    const late = withStep(complete(), 'inbox', (s) => ({ ...s, slow: visit({ timing: { readableMs: 3000 } }) }));
    expect(verdict(slowBudget(checkBudgets(late))!)).toBe('FAIL');
    const heavy = withStep(complete(), 'largeAttachment', (s) => ({ ...s, warm: visit({ document: doc({ wireBytes: 20 * KB, messageTextBytes: 3 * KB }) }) }));
    expect(verdict(budget3(checkBudgets(heavy))!)).toBe('FAIL');
    const paneCheck = (r: BrowserBenchResult) => checkBudgets(r).find((c) => c.budget.includes('reading pane'))!;
    const heavyPane = withStep(complete(), 'pane', (s) => ({ ...s, warm: visit({ document: doc({ wireBytes: 26 * KB, messageTextBytes: 3 * KB }) }) }));
    expect(verdict(paneCheck(heavyPane))).toBe('FAIL');
    expect(verdict(paneCheck({ ...complete(), steps: complete().steps.filter((s) => s.key !== 'pane') }))).toBe('not measured');
  });

  it('says "not measured" for the slow-link budget when no script was timed', () => {
    const r = withStep(complete(), 'inbox', (s) => ({ ...s, slow: visit({ timing: { firstScriptEndMs: null, lastScriptEndMs: null } }) }));
    const c = slowBudget(checkBudgets(r))!;
    expect(verdict(c)).toBe('not measured');
    expect(c.pass).toBeNull();
    expect(c.notMeasured).toMatch(/no script was timed/);
    const line = printed(r).find((l) => l.includes('slow link'))!;
    expect(line).toMatch(/^\s*not measured\s+\(1\) slow link: .*: no script was timed/);
    expect(line).not.toMatch(/PASS|FAIL/);
  });

  it('says "not measured" for the slow-link budget when content readable fell back on DOMContentLoaded (†)', () => {
    const content = { via: 'domcontentloaded' as const, parserPastMainMs: null, paintOpportunityMs: 800, nodeAfterMain: null, hydrationDataStartMs: 860 };
    const r = withStep(complete(), 'inbox', (s) => ({ ...s, slow: visit({ timing: { content, readableMs: 800 } }) }));
    const c = slowBudget(checkBudgets(r))!;
    expect(verdict(c)).toBe('not measured');
    expect(c.notMeasured).toMatch(/DOMContentLoaded/);
    // Also when the page left no record at all.
    const none = withStep(complete(), 'inbox', (s) => ({ ...s, slow: visit({ timing: { content: { ...content, via: 'none' } } }) }));
    expect(verdict(slowBudget(checkBudgets(none))!)).toBe('not measured');
    expect(printed(r).find((l) => l.includes('slow link'))).toMatch(/^\s*not measured\s.*DOMContentLoaded/);
  });

  it('keeps budget 3 as "not measured" when the size of the shown text is unknown', () => {
    const r = withStep(complete(), 'largeAttachment', (s) => ({ ...s, warm: visit({ document: doc({ messageTextBytes: null }) }) }));
    const c = budget3(checkBudgets(r));
    expect(c).toBeDefined();
    expect(verdict(c!)).toBe('not measured');
    expect(c!.notMeasured).toMatch(/size of the shown text is unknown/);
    expect(printed(r).find((l) => l.includes('(3)') && l.includes('~3 KB text'))).toMatch(/^\s*not measured\s.*size of the shown text is unknown/);
  });

  it('never passes a budget with nothing measured: every budget of an empty run is "not measured", with a reason', () => {
    const r: BrowserBenchResult = { chromium: 'test', view: 'standard', steps: [], firstVisit: { bytes: { html: 0, css: 0, js: 0, other: 0, total: 0 }, requests: 0 } };
    const checks = checkBudgets(r);
    expect(new Set(checks.map((c) => c.id))).toEqual(new Set(['1', '2', '3', '4', '5']));
    for (const c of checks) {
      expect(verdict(c), c.budget).toBe('not measured');
      expect(c.notMeasured, c.budget).toMatch(/\w/);
    }
    const lines = printed(r);
    expect(lines).toHaveLength(checks.length);
    for (const line of lines) expect(line).toMatch(/^\s*not measured\s/);
  });
});
