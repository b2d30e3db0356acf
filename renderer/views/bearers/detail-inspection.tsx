/**
 * What the vault decoded and checked about the open bearer's token: claims,
 * the signature, the break-glass session-version check, and the raw header
 * and claims. Decoding and verifying happen in the vault; this only shows.
 */
import { Countdown } from '../../components/countdown';
import { ResultBadge } from '../../components/status-badge';
import { formatLocalTime, formatUtc } from '../../lib/time-text';
import type { Inspection, Loadable } from '../../stores/detail-slice';
import { useAppStore } from '../../stores/use-app-store';

type TimeClaim = NonNullable<Inspection['expiresAt']>;

function Loading({ what }: { what: string }) {
  return (
    <p className="note" role="status">
      <span className="spinner" aria-hidden="true" /> {what}…
    </p>
  );
}

/**
 * The claims, the signature and the raw parts once the vault has inspected
 * the token; one section saying why when it could not (an unreadable bearer
 * has no token to decode).
 */
export function InspectionSections() {
  const inspection: Loadable<Inspection> = useAppStore((state) => state.detail.inspection);
  if (inspection.state === 'ready') {
    return (
      <>
        <ClaimsSection inspection={inspection.value} />
        <SignatureSection inspection={inspection.value} />
        <RawSection inspection={inspection.value} />
      </>
    );
  }
  return (
    <section className="section" aria-labelledby="inspection-title">
      <h3 id="inspection-title">Claims and signature</h3>
      {inspection.state === 'failed' ? (
        <p className="note error">{inspection.message}</p>
      ) : (
        <Loading what="Inspecting the token" />
      )}
    </section>
  );
}

function TimeValue({ claim }: { claim: TimeClaim | null }) {
  if (claim === null) return <>—</>;
  return (
    <>
      {formatLocalTime(claim.unix)} <span className="sub">(</span>
      <Countdown expiresAtUnix={claim.unix} />
      <span className="sub">) · {formatUtc(claim.unix)}</span>
    </>
  );
}

function Chips({ values, none }: { values: readonly string[]; none: string }) {
  if (values.length === 0) return <span className="sub">{none}</span>;
  return (
    <span className="chips">
      {values.map((value) => (
        <span key={value} className="chip">
          {value}
        </span>
      ))}
    </span>
  );
}

const KIND_NAMES: Record<Inspection['kind'], string> = {
  jwt: 'JWT',
  'paseto-v4-public': 'PASETO v4.public',
  opaque: 'opaque (not a JWT or PASETO: nothing to decode)',
  'not-a-token': 'not a token',
};

function ClaimsSection({ inspection }: { inspection: Inspection }) {
  return (
    <section className="section" aria-labelledby="claims-title">
      <h3 id="claims-title">Claims</h3>
      <>
        <dl className="facts">
          <dt>Kind</dt>
          <dd>{KIND_NAMES[inspection.kind]}</dd>
          <dt>Issuer</dt>
          <dd className="mono">{inspection.issuer ?? '—'}</dd>
          <dt>Subject</dt>
          <dd className="mono">{inspection.subject ?? '—'}</dd>
          <dt>Audience</dt>
          <dd>
            <Chips values={inspection.audience} none="none" />
          </dd>
          <dt>Scopes</dt>
          <dd>
            <Chips values={inspection.scopes} none="none" />
          </dd>
          <dt>Issued</dt>
          <dd>
            <TimeValue claim={inspection.issuedAt} />
          </dd>
          <dt>Not before</dt>
          <dd>
            <TimeValue claim={inspection.notBefore} />
          </dd>
          <dt>Expires</dt>
          <dd>
            <TimeValue claim={inspection.expiresAt} />
          </dd>
        </dl>
        {inspection.problem !== null && <p className="note warn">{inspection.problem}</p>}
      </>
    </section>
  );
}

function SignatureSection({ inspection }: { inspection: Inspection }) {
  const { signature, provider } = inspection;
  return (
    <section className="section" aria-labelledby="signature-title">
      <h3 id="signature-title">Signature</h3>
      <dl className="facts">
        <dt>Result</dt>
        <dd>
          <ResultBadge value={signature.state} />
        </dd>
        {signature.reason !== null && (
          <>
            <dt>Reason</dt>
            <dd>{signature.reason}</dd>
          </>
        )}
        <dt>Algorithm</dt>
        <dd className="mono">{signature.algorithm ?? '—'}</dd>
        <dt>Key id</dt>
        <dd className="mono">{signature.keyId ?? '—'}</dd>
        <dt>Keys from</dt>
        <dd className="mono">{provider ?? 'no provider'}</dd>
      </dl>
    </section>
  );
}

/**
 * The break-glass check's details, once asked for. The Check button, the
 * result and its reason are in the overview at the top.
 */
export function BreakGlassSection() {
  const sv = useAppStore((state) => state.detail.sv);
  if (sv.state !== 'ready') return null;
  return (
    <section className="section" aria-labelledby="sv-title">
      <h3 id="sv-title">Break-glass session version</h3>
      <dl className="facts">
        <dt>Result</dt>
        <dd>
          <ResultBadge value={sv.value.result} />
        </dd>
        {sv.value.reason !== null && (
          <>
            <dt>Reason</dt>
            <dd>{sv.value.reason}</dd>
          </>
        )}
        <dt>Token’s sv</dt>
        <dd className="mono">{sv.value.tokenSv ?? '—'}</dd>
        <dt>Current sv</dt>
        <dd className="mono">{sv.value.currentSv ?? '—'}</dd>
        <dt>Signature</dt>
        <dd>
          <ResultBadge value={sv.value.signature} />
          {sv.value.signatureReason !== null && <> {sv.value.signatureReason}</>}
        </dd>
        <dt>Provider</dt>
        <dd className="mono">{sv.value.provider ?? '—'}</dd>
      </dl>
    </section>
  );
}

function Json({ value, label }: { value: unknown; label: string }) {
  return (
    <pre className="json" aria-label={label}>
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

function RawSection({ inspection }: { inspection: Inspection }) {
  const { header, claims, footer } = inspection;
  return (
    <section className="section" aria-labelledby="raw-title">
      <h3 id="raw-title">Header and claims</h3>
      {header === null && claims === null ? (
        <p className="note">Nothing to decode in this token.</p>
      ) : (
        <>
          {header !== null && <Json value={header} label="Header" />}
          {claims !== null && (
            <>
              <p className="note">Claims</p>
              <Json value={claims} label="Claims" />
            </>
          )}
          {footer !== null && (
            <>
              <p className="note">Footer</p>
              <Json value={footer} label="Footer" />
            </>
          )}
        </>
      )}
    </section>
  );
}
