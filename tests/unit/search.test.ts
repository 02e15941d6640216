import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { SearchSummary } from '@/components/SearchSummary';
import { describeSearch } from '@/lib/format';
import { mailboxMatchesOf, searchCriteria } from '@/lib/imap/search';
import { parser } from 'imapflow/lib/handler/imap-handler.js';
import type { MessagePage, SearchTerms } from '@/lib/imap/types';
import { dayParam, folderUrl, readSearch, resultsSearch, searchFromQuery, searchQuery, sizeParam } from '@/lib/urls';

const sp = (url: string) => Object.fromEntries(new URL(url, 'http://x').searchParams);

describe('readSearch: the search a URL asks for', () => {
  it('reads every field of the advanced search, and writes them back the same', () => {
    const search: SearchTerms = {
      text: 'budget',
      body: true,
      from: 'marta',
      to: 'optics lab',
      cc: 'jonas',
      subject: 'quarterly',
      bodyText: 'travel lines',
      anyText: 'reimbursement',
      since: '2024-01-01',
      before: '2024-06-30',
      unread: true,
      flagged: true,
      answered: true,
      label: 'finance',
      larger: 500 * 1024,
      smaller: 2 * 1024 * 1024,
    };
    const url = folderUrl('Projects', 2, search);
    expect(url).toBe(
      '/mail?folder=Projects&q=budget&body=1&from=marta&to=optics+lab&cc=jonas&subject=quarterly&bodytext=travel+lines&anytext=reimbursement&since=2024-01-01&before=2024-06-30&unread=1&flagged=1&answered=1&larger=500K&smaller=2M&label=finance&page=2',
    );
    expect(readSearch(sp(url))).toEqual({ search });
    expect(searchFromQuery(searchQuery(search))).toEqual(search);
  });

  it('asks for no search when the URL has none, and for the window it names', () => {
    expect(readSearch({ folder: 'INBOX', page: '2' })).toEqual({});
    expect(readSearch({ q: 'x', below: '500', down: '120' }).search).toMatchObject({ below: 500, down: 120 });
    // A window's lower edge above its upper one is no window: dropped.
    expect(readSearch({ q: 'x', below: '100', down: '120' }).search).toEqual({ text: 'x', body: false, below: 100 });
  });

  it('says what is wrong with a search that cannot be run', () => {
    expect(readSearch({ q: '   ' }).problem).toMatch(/^Type what to search for/);
    expect(readSearch({ q: '', from: '', subject: ' ', since: '', larger: '' }).problem).toMatch(/^Type what to search for/);
    expect(readSearch({ since: '2024-02-30' }).problem).toMatch(/“Since” is not a date/);
    expect(readSearch({ before: 'next week' }).problem).toMatch(/“Before” is not a date/);
    expect(readSearch({ since: '2024-05-01', before: '2024-05-01' }).problem).toMatch(/“Since” must be a day before “Before”/);
    expect(readSearch({ larger: 'big' }).problem).toMatch(/“Larger than” is not a size/);
    expect(readSearch({ larger: '2M', smaller: '1M' }).problem).toMatch(/“Larger than” must be smaller than “Smaller than”/);
    expect(readSearch({ label: 'a;b' }).problem).toMatch(/A label has letters/);
    // Two problems: both are named.
    expect(readSearch({ since: 'x', larger: 'y' }).problem).toMatch(/Since.*Larger than/);
    expect(readSearch({ q: 'fine', unread: '1' }).problem).toBeUndefined();
  });

  it('reads days and sizes as people write them', () => {
    expect(dayParam('2024-3-5')).toBe('2024-03-05');
    expect(dayParam('2024/03/05')).toBe('2024-03-05');
    expect(dayParam('05.03.2024')).toBeUndefined();
    expect(dayParam('2023-02-29')).toBeUndefined();
    expect(sizeParam('500K')).toBe(500 * 1024);
    expect(sizeParam('2 MB')).toBe(2 * 1024 * 1024);
    expect(sizeParam('1,5m')).toBe(1.5 * 1024 * 1024);
    expect(sizeParam('1200')).toBe(1200);
    expect(sizeParam('5G')).toBeUndefined();
    expect(sizeParam('-1K')).toBeUndefined();
  });
});

describe('searchCriteria: what the IMAP server is asked', () => {
  it('ORs the search box over subject and people (the whole text with "Include message text"), and ANDs the rest', () => {
    expect(searchCriteria({ text: 'budget', body: false })).toEqual({ or: [{ subject: 'budget' }, { from: 'budget' }, { to: 'budget' }, { cc: 'budget' }] });
    expect(searchCriteria({ text: 'budget', body: true })).toEqual({ text: 'budget' });
    expect(searchCriteria({ text: 'budget', body: true, anyText: 'travel' })).toEqual({ text: 'budget', or: [{ text: 'travel' }, { text: 'travel' }] });
    expect(
      searchCriteria({ text: '', body: false, from: 'a', to: 'b', cc: 'c', subject: 'd', bodyText: 'e', anyText: 'f', since: '2024-03-01', before: '2024-04-01', unread: true, flagged: true, answered: true, label: 'x', larger: 10, smaller: 20, below: 5, down: 1 }),
    ).toEqual({
      from: 'a',
      to: 'b',
      cc: 'c',
      subject: 'd',
      body: 'e',
      text: 'f',
      since: new Date('2024-03-01T00:00:00Z'),
      before: new Date('2024-04-01T00:00:00Z'),
      seen: false,
      flagged: true,
      answered: true,
      keyword: 'x',
      larger: 10,
      smaller: 20,
    });
  });
});

describe('the results page says what was searched', () => {
  const page = (coverage: MessagePage['coverage'], total = 3): MessagePage => ({ folder: 'INBOX', total, page: 1, pageCount: 1, uidValidity: '7', uidNext: 900, messages: [], coverage, order: { key: 'arrival', descending: true } });
  const render = (search: SearchTerms, list: MessagePage) => renderToStaticMarkup(createElement(SearchSummary, { folder: 'INBOX', search, list }));

  it('in words', () => {
    expect(describeSearch({ text: 'budget', body: true, from: 'marta', unread: true, since: '2024-03-01', larger: 2 * 1024 * 1024 })).toBe('“budget” in the whole message, from “marta”, unread, since 1 Mar 2024, larger than 2 MB');
  });

  it('offers "Search older messages" below the newest messages searched, and back to the newest from there', () => {
    const search = resultsSearch({ text: 'budget', body: true }, { searched: 20000, complete: false, down: 412, downDate: '2024-03-05T12:00:00.000Z' });
    expect(search.down).toBe(412);
    const html = render(search, page({ searched: 20000, complete: false, down: 412, downDate: '2024-03-05T12:00:00.000Z' }));
    expect(html).toContain('3 messages match “budget” in the whole message. Searched the newest 20,000 messages, back to 5 Mar 2024.');
    expect(html).toContain(`href="${folderUrl('INBOX', 1, { text: 'budget', body: true, below: 412 }).replace(/&/g, '&amp;')}">Search older messages</a>`);
    expect(html).not.toContain('Back to the newest results');
    const older = render({ text: 'budget', body: true, below: 412 }, page({ searched: 411, complete: true }));
    expect(older).toContain('Searched the rest of the folder: 411 messages older than those before.');
    expect(older).not.toContain('Search older messages');
    expect(older).toContain(`href="${folderUrl('INBOX', 1, { text: 'budget', body: true }).replace(/&/g, '&amp;')}">Back to the newest results</a>`);
  });

  it('says nothing of windows when the whole folder was searched', () => {
    const html = render({ text: 'budget', body: false }, page({ searched: 120, complete: true }, 1));
    expect(html).toContain('1 message matches “budget” in subject, sender or recipients. <a');
    expect(html).not.toMatch(/Searched|older messages|newest results/);
  });
});

describe('a multi-folder ESEARCH answer (RFC 7377)', () => {
  it('is read per folder: its name, UIDVALIDITY and matches; a one-folder answer is none of them', async () => {
    const attrs = async (line: string) => (await parser(Buffer.from(line))).attributes as unknown[];
    expect(mailboxMatchesOf(await attrs('* ESEARCH (TAG "a" MAILBOX "folder1" UIDVALIDITY 1) UID ALL 4001,3001:3003'))).toEqual({ mailbox: 'folder1', uidValidity: '1', matches: [[3001, 3003], [4001, 4001]] });
    expect(mailboxMatchesOf(await attrs('* ESEARCH (TAG "a" MAILBOX "Caf&AOk-" UIDVALIDITY 99) UID ALL 7'))).toMatchObject({ mailbox: 'Caf&AOk-', matches: [[7, 7]] });
    expect(mailboxMatchesOf(await attrs('* ESEARCH (TAG "a") UID ALL 1:3'))).toBeUndefined();
    expect(mailboxMatchesOf(await attrs('* ESEARCH (TAG "a" MAILBOX "x" UIDVALIDITY nope) UID ALL 1'))).toBeUndefined();
  });
});
