import { useState } from 'react';
import { useClient, useQuery } from 'urql';
import { DecisionInput, ReasonDialog } from '../Dialog';
import { graphql, ResultOf } from '../graphql';
import { money, qty, when } from '../format';
import { Link } from '../router';
import { can, describeError, useSession } from '../session';


const ORDERS = graphql(`
  query PurchaseOrders($status: PurchaseOrderStatus) {
    purchaseOrders(status: $status, first: 200) {
      id poNumber supplierName status totalCost createdAt decidedBy decidedAt decisionReason receivedAt
      lines { id sku quantity unitCost lineTotal expectedDelivery notes recommendationId }
    }
  }
`);
const APPROVE = graphql(`mutation ApprovePo($id: ID!) { approvePurchaseOrder(id: $id) { id status totalCost decidedBy decidedAt } }`);
const REJECT = graphql(`mutation RejectPo($id: ID!, $reason: String!) { rejectPurchaseOrder(id: $id, reason: $reason) { id status decidedBy decidedAt decisionReason } }`);
const RECEIVE = graphql(`mutation ReceivePo($id: ID!) { receivePurchaseOrder(id: $id) { id status receivedAt } }`);
const EDIT_LINE = graphql(`
  mutation EditPoLine($id: ID!, $quantity: Decimal!, $reason: String!) {
    updatePurchaseOrderLine(id: $id, quantity: $quantity, reason: $reason) { id totalCost lines { id quantity lineTotal } }
  }
`);

type Order = ResultOf<typeof ORDERS>['purchaseOrders'][number];
type Line = Order['lines'][number];
const STATUSES = ['pending_approval', 'approved', 'rejected', 'received', 'superseded'] as const;

export function PurchaseOrdersPage() {
  const client = useClient();
  const session = useSession();
  const decider = can(session, 'approver');
  const [status, setStatus] = useState<(typeof STATUSES)[number] | ''>('');
  const [{ data, error, fetching }, refetch] = useQuery({ query: ORDERS, variables: { status: status || null }, requestPolicy: 'cache-and-network' });
  const [dialog, setDialog] = useState<{ kind: 'reject'; po: Order } | { kind: 'line'; po: Order; line: Line } | null>(null);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const problem = describeError(error);
  const bySupplier = new Map<string, Order[]>();
  for (const po of data?.purchaseOrders ?? []) bySupplier.set(po.supplierName, [...(bySupplier.get(po.supplierName) ?? []), po]);

  async function run(label: string, call: () => Promise<{ error?: Parameters<typeof describeError>[0] }>) {
    const result = await call();
    const p = describeError(result.error);
    setNotice(p ? { ok: false, text: `${label}: ${p.code === 'CONFLICT' ? 'CONFLICT — ' : ''}${p.message}` } : { ok: true, text: `${label}: done.` });
    refetch({ requestPolicy: 'network-only' });
  }

  function onDialog(input: DecisionInput) {
    if (!dialog) return;
    setDialog(null);
    if (dialog.kind === 'reject') void run(`Reject ${dialog.po.poNumber}`, () => client.mutation(REJECT, { id: dialog.po.id, reason: input.reason }).toPromise());
    else void run(`${dialog.po.poNumber} ${dialog.line.sku}`, () => client.mutation(EDIT_LINE, { id: dialog.line.id, quantity: input.quantity ?? '', reason: input.reason }).toPromise());
  }

  return (
    <>
      <h1>Purchase orders</h1>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filters">
        <label>Status
          <select value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
            <option value="">all</option>
            {STATUSES.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </label>
      </form>
      <div aria-live="polite" className="notice-area">
        {notice && <p role={notice.ok ? 'status' : 'alert'} className={`notice notice-${notice.ok ? 'ok' : 'error'}`} data-testid="notice">{notice.text}</p>}
      </div>
      {problem && <p role="alert" className="error">{problem.message}</p>}
      {fetching && !data && <p>Loading…</p>}
      {data && data.purchaseOrders.length === 0 && <p>No purchase orders{status ? ` with status ${status}` : ''}.</p>}
      {[...bySupplier.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([supplier, orders]) => (
        <section key={supplier} aria-labelledby={`sup-${slug(supplier)}`} className="card">
          <h2 id={`sup-${slug(supplier)}`}>{supplier}</h2>
          {orders.map((po) => (
            <article key={po.id} className="po" data-testid="po" data-po={po.poNumber} aria-labelledby={`po-${po.id}`}>
              <h3 id={`po-${po.id}`}>
                {po.poNumber} <span className={`status status-${po.status}`}>{po.status}</span> <span className="muted">total {money(po.totalCost)} · created {when(po.createdAt)}</span>
              </h3>
              {po.decidedBy && <p className="muted">decided by {po.decidedBy} {when(po.decidedAt)}{po.decisionReason ? `: ${po.decisionReason}` : ''}{po.receivedAt ? ` · received ${when(po.receivedAt)}` : ''}</p>}
              <table>
                <thead>
                  <tr>
                    <th scope="col">SKU</th><th scope="col" className="num">Quantity</th><th scope="col" className="num">Unit cost</th><th scope="col" className="num">Line total</th>
                    <th scope="col">Expected</th><th scope="col">Notes</th>{decider && po.status === 'pending_approval' && <th scope="col"><span className="sr-only">Edit</span></th>}
                  </tr>
                </thead>
                <tbody>
                  {po.lines.map((l) => (
                    <tr key={l.id} data-testid="po-line" data-sku={l.sku}>
                      <td><Link to={`/items/${encodeURIComponent(l.sku)}`}>{l.sku}</Link></td>
                      <td className="num" data-testid="po-line-qty">{qty(l.quantity, 3)}</td>
                      <td className="num">{money(l.unitCost)}</td>
                      <td className="num">{money(l.lineTotal)}</td>
                      <td>{l.expectedDelivery}</td>
                      <td>{l.notes}</td>
                      {decider && po.status === 'pending_approval' && (
                        <td><button type="button" className="small" onClick={() => setDialog({ kind: 'line', po, line: l })} aria-label={`Edit quantity of ${l.sku} on ${po.poNumber}`}>Edit</button></td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
              {decider && (
                <div className="actions">
                  {po.status === 'pending_approval' && (
                    <>
                      <button type="button" onClick={() => void run(`Approve ${po.poNumber}`, () => client.mutation(APPROVE, { id: po.id }).toPromise())}>Approve {po.poNumber}</button>
                      <button type="button" className="secondary" onClick={() => setDialog({ kind: 'reject', po })}>Reject {po.poNumber}…</button>
                    </>
                  )}
                  {po.status === 'approved' && (
                    <button type="button" onClick={() => void run(`Receive ${po.poNumber}`, () => client.mutation(RECEIVE, { id: po.id }).toPromise())}>Mark {po.poNumber} received</button>
                  )}
                </div>
              )}
            </article>
          ))}
        </section>
      ))}
      {dialog && (
        <ReasonDialog
          title={dialog.kind === 'reject' ? `Reject ${dialog.po.poNumber}` : `Change ${dialog.line.sku} on ${dialog.po.poNumber}`}
          quantity={dialog.kind === 'line' ? dialog.line.quantity : undefined}
          confirm={dialog.kind === 'reject' ? 'Reject' : 'Save'}
          onSubmit={onDialog}
          onClose={() => setDialog(null)}
        />
      )}
    </>
  );
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

