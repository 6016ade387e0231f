import { ChangeEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useClient } from 'urql';
import { DecisionInput, ReasonDialog } from '../Dialog';
import { graphql, ResultOf } from '../graphql';
import { PRIORITIES, PRIORITY_RANK, qty } from '../format';
import { Link, navigate } from '../router';
import { can, describeError, useSession } from '../session';

const LIST = graphql(`
  query Recommendations($filter: RecommendationFilter, $after: String) {
    recommendations(filter: $filter, first: 500, after: $after) {
      nodes { id sku itemName supplierName abcClass priority status daysToStockout recommendedQty decidedQty decidedBy decisionReason purchaseOrderId }
      pageInfo { endCursor hasNextPage }
    }
  }
`);
const APPROVE = graphql(`
  mutation Approve($id: ID!) { approveRecommendation(id: $id) { id status decidedQty decidedBy decisionReason } }
`);
const ADJUST = graphql(`
  mutation Adjust($id: ID!, $quantity: Decimal!, $reason: String!) { adjustRecommendation(id: $id, quantity: $quantity, reason: $reason) { id status decidedQty decidedBy decisionReason } }
`);
const REJECT = graphql(`
  mutation Reject($id: ID!, $reason: String!) { rejectRecommendation(id: $id, reason: $reason) { id status decidedQty decidedBy decisionReason } }
`);

type Row = ResultOf<typeof LIST>['recommendations']['nodes'][number];
type Decision = { action: 'approve' } | { action: 'adjust'; quantity: string; reason: string } | { action: 'reject'; reason: string };
type Notice = { kind: 'error' | 'conflict' | 'ok'; text: string };

/** Rows shown per page: the DOM never holds more, however many recommendations a run has. */
export const PAGE_SIZE = 100;
const MAX_PAGES = 40;

export function RecommendationsPage() {
  const client = useClient();
  const session = useSession();
  const decider = can(session, 'approver');
  const [serverFilter, setServerFilter] = useState<{ priority: string; status: string; abcClass: string }>({ priority: '', status: 'open', abcClass: '' });
  const [supplier, setSupplier] = useState('');
  const [text, setText] = useState('');
  const [rows, setRows] = useState<Row[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [overrides, setOverrides] = useState<Record<string, Partial<Row>>>({});
  const [cursor, setCursor] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [dialog, setDialog] = useState<{ kind: 'adjust' | 'reject'; row: Row } | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let cancelled = false;
    (async () => {
      const filter = Object.fromEntries(Object.entries(serverFilter).filter(([, v]) => v)) as never;
      const all: Row[] = [];
      let after: string | null = null;
      for (let page = 0; page < MAX_PAGES; page++) {
        const result = await client.query(LIST, { filter, after }, { requestPolicy: 'network-only' }).toPromise();
        if (cancelled) return;
        const problem = describeError(result.error);
        if (problem || !result.data) return setLoadError(problem?.message ?? 'could not load the recommendations');
        all.push(...result.data.recommendations.nodes);
        if (!result.data.recommendations.pageInfo.hasNextPage) break;
        after = result.data.recommendations.pageInfo.endCursor;
      }
      setLoadError(null);
      setRows(all);
      setOverrides({});
    })();
    return () => {
      cancelled = true;
    };
  }, [client, serverFilter, reload]);

  const suppliers = useMemo(() => [...new Set((rows ?? []).map((r) => r.supplierName ?? ''))].filter(Boolean).sort(), [rows]);
  const visible = useMemo(() => {
    const needle = text.trim().toLowerCase();
    return (rows ?? [])
      .filter((r) => (!supplier || r.supplierName === supplier) && (!needle || r.sku.toLowerCase().includes(needle) || r.itemName.toLowerCase().includes(needle)))
      .map((r) => (overrides[r.id] ? { ...r, ...overrides[r.id] } : r))
      .sort((a, b) => PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] || Number(a.daysToStockout ?? Infinity) - Number(b.daysToStockout ?? Infinity) || (a.sku < b.sku ? -1 : 1));
  }, [rows, overrides, supplier, text]);

  const index = Math.min(cursor, Math.max(visible.length - 1, 0));
  const page = Math.floor(index / PAGE_SIZE);
  const pageRows = visible.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
  const current: Row | undefined = visible[index];

  // Optimistic: the row shows the decision at once; an error puts it back and says why.
  const decide = useCallback(
    async (row: Row, decision: Decision): Promise<boolean> => {
      if (row.status !== 'open') {
        setNotice({ kind: 'error', text: `${row.sku} is ${row.status}; only open recommendations can be decided.` });
        return false;
      }
      const optimistic: Partial<Row> =
        decision.action === 'approve' ? { status: 'approved', decidedQty: row.recommendedQty } : decision.action === 'adjust' ? { status: 'adjusted', decidedQty: decision.quantity, decisionReason: decision.reason } : { status: 'rejected', decidedQty: '0', decisionReason: decision.reason };
      setOverrides((o) => ({ ...o, [row.id]: optimistic }));
      const result =
        decision.action === 'approve'
          ? await client.mutation(APPROVE, { id: row.id }).toPromise()
          : decision.action === 'adjust'
            ? await client.mutation(ADJUST, { id: row.id, quantity: decision.quantity, reason: decision.reason }).toPromise()
            : await client.mutation(REJECT, { id: row.id, reason: decision.reason }).toPromise();
      const problem = describeError(result.error);
      const saved = result.data && ('approveRecommendation' in result.data ? result.data.approveRecommendation : 'adjustRecommendation' in result.data ? result.data.adjustRecommendation : result.data.rejectRecommendation);
      if (problem || !saved) {
        setOverrides((o) => {
          const { [row.id]: _rolledBack, ...rest } = o;
          return rest;
        });
        setNotice(
          problem?.code === 'CONFLICT'
            ? { kind: 'conflict', text: `CONFLICT: someone else decided ${row.sku} first — ${problem.message}. The list is reloaded with the current state.` }
            : { kind: 'error', text: `${row.sku}: ${problem?.code ?? 'ERROR'} — ${problem?.message ?? 'no answer'}. Nothing was changed.` },
        );
        if (problem?.code === 'CONFLICT') setReload((n) => n + 1);
        return false;
      }
      setRows((rs) => rs && rs.map((r) => (r.id === row.id ? { ...r, ...saved } : r)));
      setOverrides((o) => {
        const { [row.id]: _done, ...rest } = o;
        return rest;
      });
      setNotice({ kind: 'ok', text: `${row.sku} ${saved.status}${saved.decidedQty !== null ? ` (${qty(saved.decidedQty, 3)})` : ''}.` });
      return true;
    },
    [client],
  );

  const selectedLow = visible.filter((r) => selected.has(r.id) && r.priority === 'low' && r.status === 'open');
  async function approveSelectedLow() {
    const results = await Promise.all(selectedLow.map((r) => decide(r, { action: 'approve' })));
    const ok = results.filter(Boolean).length;
    setSelected(new Set());
    setNotice((n) => (ok === results.length ? { kind: 'ok', text: `Approved ${ok} low-priority recommendations.` } : n));
  }

  function toggle(id: string) {
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  // One listener for the page's life; it reads the latest render's state through a ref.
  const latest = useRef({ dialog, index, count: visible.length, current, decider, decide });
  latest.current = { dialog, index, count: visible.length, current, decider, decide };
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      const { dialog, count, current, decider, decide } = latest.current;
      if (dialog || e.ctrlKey || e.metaKey || e.altKey) return;
      const target = e.target as HTMLElement;
      if (['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName)) return;
      const key = e.key;
      if (key === 'j') setCursor((c) => Math.min(Math.min(c, count - 1) + 1, count - 1));
      else if (key === 'k') setCursor((c) => Math.max(Math.min(c, count - 1) - 1, 0));
      else if (key === 'o' && current) navigate(`/items/${encodeURIComponent(current.sku)}`);
      else if (!decider || !current) return;
      else if (key === 'a') void decide(current, { action: 'approve' });
      else if (key === 'e') setDialog({ kind: 'adjust', row: current });
      else if (key === 'r') setDialog({ kind: 'reject', row: current });
      else if (key === 'x') toggle(current.id);
      else return;
      e.preventDefault();
    }
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    document.querySelector('tr[aria-current="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [index]);

  function onDialog(input: DecisionInput) {
    if (!dialog) return;
    const { row, kind } = dialog;
    setDialog(null);
    void decide(row, kind === 'adjust' ? { action: 'adjust', quantity: input.quantity ?? '', reason: input.reason } : { action: 'reject', reason: input.reason });
  }

  const setFilter = (key: 'priority' | 'status' | 'abcClass') => (e: ChangeEvent<HTMLSelectElement>) => {
    setServerFilter((f) => ({ ...f, [key]: e.target.value }));
    setCursor(0);
  };

  return (
    <>
      <h1>Recommendations</h1>
      <p className="muted" id="keys-help">
        Keys: <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>o</kbd> open the item{decider && <>, <kbd>a</kbd> approve, <kbd>e</kbd> adjust, <kbd>r</kbd> reject, <kbd>x</kbd> select</>}.
      </p>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filters">
        <label>Priority
          <select value={serverFilter.priority} onChange={setFilter('priority')}>
            <option value="">all</option>
            {PRIORITIES.map((p) => <option key={p} value={p}>{p}</option>)}
          </select>
        </label>
        <label>Status
          <select value={serverFilter.status} onChange={setFilter('status')}>
            <option value="">all</option>
            {['open', 'approved', 'adjusted', 'rejected', 'no_action', 'superseded'].map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </label>
        <label>Class
          <select value={serverFilter.abcClass} onChange={setFilter('abcClass')}>
            <option value="">all</option>
            {['A', 'B', 'C'].map((c) => <option key={c} value={c}>{c}</option>)}
          </select>
        </label>
        <label>Supplier
          <select value={supplier} onChange={(e) => { setSupplier(e.target.value); setCursor(0); }}>
            <option value="">all</option>
            {suppliers.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </label>
        <label>Search
          <input type="search" value={text} onChange={(e) => { setText(e.target.value); setCursor(0); }} placeholder="SKU or name" />
        </label>
      </form>

      <div aria-live="polite" className="notice-area">
        {notice && <p role={notice.kind === 'ok' ? 'status' : 'alert'} className={`notice notice-${notice.kind}`} data-testid="notice">{notice.text}</p>}
      </div>
      {loadError && <p role="alert" className="error">{loadError}</p>}

      {decider && current && (
        <div className="toolbar" role="toolbar" aria-label="Decide the current recommendation">
          <span>Current: <strong>{current.sku}</strong> ({current.status})</span>
          <button type="button" onClick={() => void decide(current, { action: 'approve' })} disabled={current.status !== 'open'}>Approve (a)</button>
          <button type="button" onClick={() => setDialog({ kind: 'adjust', row: current })} disabled={current.status !== 'open'}>Adjust… (e)</button>
          <button type="button" onClick={() => setDialog({ kind: 'reject', row: current })} disabled={current.status !== 'open'}>Reject… (r)</button>
          <button type="button" onClick={() => void approveSelectedLow()} disabled={selectedLow.length === 0}>Approve {selectedLow.length} selected low-priority</button>
        </div>
      )}

      {rows === null && !loadError && <p>Loading…</p>}
      {rows !== null && (
        <>
          <p className="muted" data-testid="row-count">{visible.length} recommendations{visible.length > PAGE_SIZE ? `, page ${page + 1} of ${Math.ceil(visible.length / PAGE_SIZE)}` : ''}</p>
          <table className="recs" aria-describedby="keys-help">
            <thead>
              <tr>
                {decider && <th scope="col"><span className="sr-only">Selected</span></th>}
                <th scope="col">Priority</th>
                <th scope="col">SKU</th>
                <th scope="col">Item</th>
                <th scope="col">Supplier</th>
                <th scope="col">Class</th>
                <th scope="col" className="num">Days to stockout</th>
                <th scope="col" className="num">Recommended</th>
                <th scope="col" className="num">Decided</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {pageRows.map((r, i) => {
                const here = page * PAGE_SIZE + i === index;
                return (
                  <tr key={r.id} aria-current={here ? 'true' : undefined} className={here ? 'current' : undefined} data-testid="rec-row" data-sku={r.sku} data-status={r.status} onClick={() => setCursor(page * PAGE_SIZE + i)}>
                    {decider && (
                      <td><input type="checkbox" checked={selected.has(r.id)} onChange={() => toggle(r.id)} aria-label={`Select ${r.sku}`} /></td>
                    )}
                    <td><span className={`badge prio-${r.priority}`}>{r.priority}</span></td>
                    <td><Link to={`/items/${encodeURIComponent(r.sku)}`}>{r.sku}</Link></td>
                    <td>{r.itemName}</td>
                    <td>{r.supplierName ?? '—'}</td>
                    <td>{r.abcClass}</td>
                    <td className="num">{qty(r.daysToStockout)}</td>
                    <td className="num">{qty(r.recommendedQty, 3)}</td>
                    <td className="num">{qty(r.decidedQty, 3)}</td>
                    <td><span className={`status status-${r.status}`}>{r.status}</span>{r.decisionReason ? <span className="muted"> — {r.decisionReason}</span> : null}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {visible.length > PAGE_SIZE && (
            <nav className="pager" aria-label="Pages">
              <button type="button" onClick={() => setCursor(Math.max((page - 1) * PAGE_SIZE, 0))} disabled={page === 0}>Previous page</button>
              <button type="button" onClick={() => setCursor((page + 1) * PAGE_SIZE)} disabled={(page + 1) * PAGE_SIZE >= visible.length}>Next page</button>
            </nav>
          )}
        </>
      )}
      {dialog && (
        <ReasonDialog
          title={`${dialog.kind === 'adjust' ? 'Adjust' : 'Reject'} ${dialog.row.sku}`}
          quantity={dialog.kind === 'adjust' ? dialog.row.recommendedQty : undefined}
          confirm={dialog.kind === 'adjust' ? 'Adjust' : 'Reject'}
          onSubmit={onDialog}
          onClose={() => setDialog(null)}
        />
      )}
    </>
  );
}
