import { useState } from 'react';
import { useClient, useQuery } from 'urql';
import { graphql, ResultOf } from '../graphql';
import { duration, when } from '../format';
import { can, describeError, useSession } from '../session';

const RUNS = graphql(`
  query Runs {
    forecastRuns(first: 30) { id runKey trigger triggeredBy rolloutPhase status error startedAt finishedAt progress { total processed succeeded insufficientHistory failed urgent high } }
  }
`);
const VERIFY = graphql(`query VerifyAudit { verifyAuditChain { valid entries firstBadSeq reason } }`);
const AUDIT_LOG = graphql(`query AuditLog { auditLog(first: 25) { seq actor action entityType entityId createdAt } }`);

export function RunsPage() {
  const session = useSession();
  const admin = can(session, 'admin');
  const [{ data, error }] = useQuery({ query: RUNS });
  const problem = describeError(error);
  return (
    <>
      <h1>Runs and audit</h1>
      {problem && <p role="alert" className="error">{problem.message}</p>}
      <section aria-labelledby="runs-h" className="card">
        <h2 id="runs-h">Past runs</h2>
        {data && (
          <table data-testid="runs">
            <thead>
              <tr>
                <th scope="col">Run</th><th scope="col">Status</th><th scope="col">Phase</th><th scope="col">Started</th><th scope="col">Duration</th>
                <th scope="col" className="num">SKUs</th><th scope="col" className="num">Failed</th><th scope="col" className="num">Urgent</th><th scope="col" className="num">High</th><th scope="col">By</th>
              </tr>
            </thead>
            <tbody>
              {data.forecastRuns.map((r) => (
                <tr key={r.id}>
                  <td>{r.runKey}</td>
                  <td><span className={`status status-${r.status}`}>{r.status}</span>{r.error ? <span className="muted"> — {r.error}</span> : null}</td>
                  <td>{r.rolloutPhase}</td>
                  <td>{when(r.startedAt)}</td>
                  <td>{duration(r.startedAt, r.finishedAt)}</td>
                  <td className="num">{r.progress.processed}/{r.progress.total}</td>
                  <td className="num">{r.progress.failed}</td>
                  <td className="num">{r.progress.urgent}</td>
                  <td className="num">{r.progress.high}</td>
                  <td>{r.trigger} ({r.triggeredBy})</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {admin ? <AuditSection /> : <p className="muted">The audit chain is verified by an admin.</p>}
    </>
  );
}

function AuditSection() {
  const client = useClient();
  const [verdict, setVerdict] = useState<ResultOf<typeof VERIFY>['verifyAuditChain'] | null>(null);
  const [busy, setBusy] = useState(false);
  const [verifyError, setVerifyError] = useState<string | null>(null);
  const [{ data }] = useQuery({ query: AUDIT_LOG });
  async function verify() {
    setBusy(true);
    const result = await client.query(VERIFY, {}, { requestPolicy: 'network-only' }).toPromise();
    setBusy(false);
    const p = describeError(result.error);
    setVerifyError(p?.message ?? null);
    setVerdict(result.data?.verifyAuditChain ?? null);
  }
  return (
    <section aria-labelledby="audit-h" className="card">
      <h2 id="audit-h">Audit chain</h2>
      <button type="button" onClick={() => void verify()} disabled={busy}>{busy ? 'Verifying…' : 'Verify audit chain'}</button>
      <div aria-live="polite">
        {verifyError && <p role="alert" className="error">{verifyError}</p>}
        {verdict && (
          <p data-testid="audit-verdict" className={verdict.valid ? 'notice notice-ok' : 'notice notice-error'}>
            {verdict.valid
              ? `Audit chain valid: ${verdict.entries} entries verified.`
              : `Audit chain BROKEN at entry ${verdict.firstBadSeq}: ${verdict.reason} (${verdict.entries} entries before it are intact).`}
          </p>
        )}
      </div>
      {data && (
        <table>
          <caption>Newest entries</caption>
          <thead><tr><th scope="col" className="num">#</th><th scope="col">When</th><th scope="col">Actor</th><th scope="col">Action</th><th scope="col">Entity</th></tr></thead>
          <tbody>
            {data.auditLog.map((e) => (
              <tr key={e.seq}><td className="num">{e.seq}</td><td>{when(e.createdAt)}</td><td>{e.actor}</td><td>{e.action}</td><td>{e.entityType} {e.entityId?.slice(0, 8) ?? ''}</td></tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
