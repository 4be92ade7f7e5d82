// Every failure of the API becomes words a clerk understands, in the chosen language,
// with what to do next; the problem's field errors are shown beside their fields by the
// forms (form.jsx), and listed here too so none is missed.
import { t, label, date } from './i18n.js';

export function errorText(err) {
  const s = err && err.status;
  if (s === 0) return t('err0');
  if (s === 'upload') return t('errUpload');
  if (s === 400) return t('err400', { detail: (err.problem && err.problem.detail) || '' });
  if (s === 401) return t('err401');
  if (s === 403) return t('err403');
  if (s === 404) return t('err404');
  if (s === 409) return t('err409');
  if (s === 412) return t('err412');
  if (s === 413) return t('err413');
  if (s === 422) return t('err422');
  if (s === 429) return t('err429', { seconds: Number(err.retryAfter) > 0 ? Number(err.retryAfter) : 30 });
  if (s >= 500) return t('err5xx');
  return t('err5xx');
}

// ErrorMessage shows an error in a live region; onRetry adds a button to try again.
export function ErrorMessage({ error, onRetry, fields = true }) {
  if (!error) return null;
  const fe = fields && error.fieldErrors ? Object.entries(error.fieldErrors) : [];
  return (
    <div class="alert error" role="alert">
      <p>{errorText(error)}</p>
      {fe.length > 0 && (
        <>
          <p>{t('errorFieldsTitle')}</p>
          <ul>
            {fe.map(([f, rs]) => (
              <li key={f}>
                <strong>{fieldName(f)}</strong>: {rs.map(reasonWords).join('; ')}
              </li>
            ))}
          </ul>
        </>
      )}
      {error.status === 401 && (
        <p>
          <a href="#/signin">{t('signIn')}</a>
        </p>
      )}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t('retry')}
        </button>
      )}
    </div>
  );
}

// fieldName turns a problem's field path ("object.name", "criteria.1.1") into words.
export function fieldName(f) {
  const [head, ...rest] = String(f).split('.');
  const key = rest.join('.');
  if (head === 'documents' && key) return `${t('documents')}: ${label('kind', key)}`;
  if (head === 'object' && key) return key === 'name' ? t('objectName') : key === 'type' ? t('objectType') : t('objectId');
  if (key) return `${label('field', head)}: ${label('field', key)}`;
  return label('field', head);
}

// reasonWords puts a field error's reason (the API's, in English) into the chosen language
// where its form is general: "required", "must be one of <codes>", "must be a date". The
// legal basis it names in brackets is kept. Others are shown as the API gave them.
export function reasonWords(r) {
  const basis = (/\(([^()]*\d[^()]*)\)\s*$/.exec(r) || [])[1];
  const withBasis = (s) => (basis ? `${s} (${basis})` : s);
  if (/^(is )?required\b/.test(r)) return withBasis(t('reasonRequired'));
  if (/^must be one of /.test(r)) return withBasis(t('reasonChoose'));
  if (/^must be a date/.test(r)) return t('reasonDate');
  // Monitoring (004 ¶25, ¶26): the rules an assessment is refused by.
  if (/requires at least one recommendation/.test(r)) return withBasis(t('reasonRecRequired'));
  if (/^is false: a conclusion of level 3/.test(r)) return t('reasonCheckFalse');
  // The action plan (001): a measure's change, institutions, window.
  if (/^give a status, a progressNote, or both/.test(r)) return t('reasonNothingToChange');
  if (/^not an organisation id/.test(r)) return t('reasonOrgId');
  if (r === 'before start') return t('reasonBeforeStart');
  const after = /^must be after the day of the assessment, (\d{4}-\d{2}-\d{2})/.exec(r);
  if (after) return t('reasonDueAfter', { date: date(after[1]) });
  return r;
}

// inWordsAll maps every reason of a problem's field errors with reasonWords.
export const inWordsAll = (fe) => Object.fromEntries(Object.entries(fe || {}).map(([f, rs]) => [f, rs.map(reasonWords)]));

// fieldKit gives a form's inputs their problem field's attributes (id, aria-invalid,
// aria-describedby naming the hint and the error) and the error beside the field, for the
// field errors fe (inWordsAll's); prefix keeps the ids of two forms on a page apart.
// field() is a whole labelled field: its control (control(attributes)), hint and error; a
// plain function, not a component, so the control keeps its focus as the form re-renders.
export function fieldKit(fe, prefix) {
  const id = (k) => `${prefix}-${String(k).replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const attrs = (k, hint) => ({
    id: id(k),
    'aria-invalid': fe[k] ? 'true' : undefined,
    'aria-describedby': [hint && `${id(k)}-hint`, fe[k] && `${id(k)}-err`].filter(Boolean).join(' ') || undefined,
  });
  const Err = ({ k }) => (fe[k] ? <span class="field-error" id={`${id(k)}-err`}>{fe[k].join('; ')}</span> : null);
  const field = ({ k, title, req, hint }, control) => (
    <div class="field">
      <label for={id(k)}>
        {title}
        {req !== undefined && <span class="req"> ({t(req ? 'required' : 'optional')})</span>}
      </label>
      {control({ ...attrs(k, !!hint), 'aria-required': req ? 'true' : undefined })}
      {hint && <span class="hint" id={`${id(k)}-hint`}>{hint}</span>}
      <Err k={k} />
    </div>
  );
  return { id, attrs, Err, field };
}
