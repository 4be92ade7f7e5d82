// Documents of an application or of an object: the same upload slots, byte validation and
// verdicts on both (contract part two), so one component serves both. `base` is the owner's
// API path (/v1/applications/{id} or /v1/objects/{id}); `extra` adds fields to the slot
// request (an object's `development`).
import { useState } from 'preact/hooks';
import { t, label, reasonText } from './i18n.js';
import { request, post, upload, sha256, ApiError } from './api.js';
import { session } from './auth.js';
import { useLoad } from './screen.jsx';
import { ErrorMessage } from './errors.jsx';

const TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
};
const MAX = 50 * 1024 * 1024;
export const ACCEPT = '.pdf,.docx,.xlsx,.odt,.ods';

// useUpload sends a file as a document of one kind: the slot, the PUT with progress, and
// the wait for the validator's verdict. keyScope names the owner (and, for an object, its
// stage): the Idempotency-Key is the scope, the kind and the file's digest, so a retry
// after a lost connection gets the same slot and the same document, never a second one.
export function useUpload({ base, extra, keyScope, onChanged }) {
  const [st, setSt] = useState(null); // {phase, pct, name, error, text, retry}
  const send = async (file, kind) => {
    const ext = (file.name.split('.').pop() || '').toLowerCase();
    if (!TYPES[ext]) return setSt({ phase: 'error', text: t('badExtension', { name: file.name }) });
    if (file.size > MAX) return setSt({ phase: 'error', text: t('tooBig', { name: file.name }) });
    try {
      setSt({ phase: 'uploading', pct: 0, name: file.name });
      const sum = await sha256(file);
      const body = { kind, fileName: file.name, contentType: TYPES[ext], size: file.size, sha256: sum, ...(extra || {}) };
      const key = `doc-${keyScope}-${kind}-${sum}`;
      let slot = await post(`${base}/documents`, body, { key });
      if (slot.expiresAt && Date.parse(slot.expiresAt) < Date.now() + 5000) {
        // A replayed slot whose link has expired: ask for a new one.
        slot = await post(`${base}/documents`, body, { key: `${key}-${Date.now()}` });
      }
      await upload(slot, file, (p) => setSt({ phase: 'uploading', pct: Math.round(p * 100), name: file.name }));
      setSt({ phase: 'checking', name: file.name });
      const deadline = Date.now() + 60000;
      for (;;) {
        const d = await request(`${base}/documents/${slot.id}`);
        if (d.status !== 'pending_upload') break;
        if (Date.now() > deadline) return setSt({ phase: 'error', text: t('stillChecking') });
        await new Promise((r) => setTimeout(r, 600));
      }
      setSt(null);
      onChanged();
    } catch (x) {
      if (x instanceof ApiError && x.status === 0) setSt({ phase: 'lost', name: file.name, retry: () => send(file, kind) });
      else setSt({ phase: 'error', error: x });
    }
  };
  const busy = !!st && (st.phase === 'uploading' || st.phase === 'checking');
  return { st, send, busy };
}

// UploadState shows an upload's progress, the wait for the verdict, or what went wrong.
export function UploadState({ st, fid }) {
  return (
    <>
      <div aria-live="polite">
        {st && st.phase === 'uploading' && (
          <>
            <label for={`${fid}-p`}>{t('uploading', { name: st.name, pct: st.pct })}</label>
            <progress id={`${fid}-p`} max="100" value={st.pct} />
          </>
        )}
        {st && st.phase === 'checking' && <p role="status">{t('checking', { name: st.name })}</p>}
      </div>
      {st && st.phase === 'lost' && (
        <div class="alert error" role="alert">
          <p>{t('uploadLost', { name: st.name })}</p>
          <button type="button" onClick={st.retry}>
            {t('retry')}
          </button>
        </div>
      )}
      {st && st.phase === 'error' && (st.error ? <ErrorMessage error={st.error} /> : <p class="alert error" role="alert">{st.text}</p>)}
    </>
  );
}

// DocKind: one kind of document, the latest document of that kind with its verdict, the
// field error a refused action gave it, and the upload of a new or replacing file. fid is
// the file input's id (unique on the page).
export function DocKind({ base, docs, kind, basis, canUpload, canRead = true, onChanged, errors, fid, extra, keyScope, note }) {
  const mine = (docs || []).filter((d) => d.kind === kind);
  const latest = mine[mine.length - 1];
  const { st, send, busy } = useUpload({ base, extra, keyScope, onChanged });
  const kindName = label('kind', kind);
  return (
    <li class={`doc${errors ? ' has-error' : ''}`}>
      <div>
        <strong>{kindName}</strong> {basis && <span class="hint">({basis})</span>}
        {note && <span class="hint">{note}</span>}
        {!basis && !note && <br />}
        {latest ? <DocLine base={base} summary={latest} canRead={canRead} /> : <span class="muted">{t('docMissing')}</span>}
        {errors && (
          <span class="field-error" id={`${fid}-err`}>
            {errors.join('; ')}
          </span>
        )}
      </div>
      {canUpload && (
        <form
          class="upload"
          onSubmit={(e) => {
            e.preventDefault();
            const f = e.currentTarget.elements[fid].files[0];
            if (f) send(f, kind);
          }}
        >
          <label for={fid}>{t('chooseFile', { kind: kindName })}</label>
          <input id={fid} name={fid} type="file" accept={ACCEPT} aria-invalid={errors ? 'true' : undefined} aria-describedby={errors ? `${fid}-err` : undefined} />
          <button type="submit" disabled={busy}>
            {latest ? t('replace') : t('upload')}
          </button>
        </form>
      )}
      <UploadState st={st} fid={fid} />
    </li>
  );
}

// DocLine: a document's file name and verdict (the reasons when rejected). Without
// canRead (an object's supplier may not read its documents) only the verdict is shown.
export function DocLine({ base, summary, canRead = true }) {
  if (!canRead) return <span class={`badge doc-${summary.status}`}>{label('docstatus', summary.status)}</span>;
  return <DocDetail base={base} summary={summary} />;
}

function DocDetail({ base, summary }) {
  const d = useLoad(() => request(`${base}/documents/${summary.id}`), [summary.id, summary.status]);
  if (d.loading) return <span class="muted">{t('loading')}</span>;
  if (d.error) return <ErrorMessage error={d.error} />;
  const doc = d.data;
  return (
    <span class={`docline doc-${doc.status}`}>
      <span class="filename">{doc.fileName}</span> — <span class={`badge doc-${doc.status}`}>{label('docstatus', doc.status)}</span>
      {doc.status === 'rejected' && <span class="reasons"> {t('docRejectedHelp', { reasons: (doc.reasons || []).map(reasonText).join('; ') })}</span>}
      {doc.status === 'valid' && (
        <>
          {' '}
          <button type="button" class="link" onClick={() => download(base, doc)}>
            {t('download')} <span class="visually-hidden">{doc.fileName}</span>
          </button>
        </>
      )}
    </span>
  );
}

// download fetches a valid document (the API redirects to a short-lived link of the store)
// and saves it under its own name.
async function download(base, doc) {
  const s = session();
  const res = await fetch(`${base}/documents/${doc.id}/content`, { headers: { Authorization: `Bearer ${s.token}` } });
  if (!res.ok) return;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = doc.fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
