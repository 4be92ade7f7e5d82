import { useState, useMemo } from 'preact/hooks';
import { t, label } from '../i18n.js';
import { procedures, post, newKey } from '../api.js';
import { useLoad, Loading, Title } from '../screen.jsx';
import { ErrorMessage } from '../errors.jsx';
import { SchemaForm, defaults } from '../form.jsx';

// NewApplication: the procedures the caller's roles open with an application, and the
// form of the chosen one, rendered from its `create` schema.
export function NewApplication({ me }) {
  const procs = useLoad(procedures, []);
  const [id, setId] = useState(new URLSearchParams(location.hash.split('?')[1] || '').get('procedure') || '');
  if (procs.loading) return <Loading />;
  if (procs.error) return <ErrorMessage error={procs.error} onRetry={procs.reload} />;
  const open = Object.values(procs.data).filter((p) => p.opening && p.opening.via === 'applications' && (me.roles || []).includes(p.opening.role));
  const chosen = open.find((p) => p.id === id);
  return (
    <>
      <Title>{t('navNew')}</Title>
      {open.length === 0 ? (
        <p>{t('noProcedureForRole')}</p>
      ) : (
        <div class="field">
          <label for="procedure">{t('chooseProcedure')}</label>
          <select id="procedure" value={id} onChange={(e) => setId(e.currentTarget.value)}>
            <option value="">{t('choose')}</option>
            {open.map((p) => (
              <option value={p.id} key={p.id}>
                {label('procedure', p.id)} ({p.basis})
              </option>
            ))}
          </select>
        </div>
      )}
      {chosen && <CreateForm key={chosen.id} proc={chosen} />}
    </>
  );
}

function CreateForm({ proc }) {
  // ?object=<id>: a form opened from an object's page names that object (a warranty claim).
  const objectId = new URLSearchParams(location.hash.split('?')[1] || '').get('object');
  const [value, setValue] = useState(() => defaults(proc.create, { procedure: proc.id, ...(objectId ? { object: { id: objectId } } : {}) }));
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState(false);
  // One key per form: a retry after a lost answer returns the same draft.
  const key = useMemo(() => newKey('create'), []);
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setErr(null);
    try {
      const app = await post('/v1/applications', value, { key });
      location.hash = `#/applications/${app.id}`;
    } catch (x) {
      setErr(x);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} novalidate aria-labelledby="new-h">
      <h2 id="new-h">{label('procedure', proc.id)}</h2>
      <p class="hint">{t('basis', { basis: proc.basis })}</p>
      <SchemaForm schema={proc.create} value={value} onChange={setValue} errors={err ? err.fieldErrors : {}} />
      <ErrorMessage error={err} />
      <button type="submit" class="primary" disabled={busy}>
        {t('create')}
      </button>
    </form>
  );
}
