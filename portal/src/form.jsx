// A form rendered from a JSON Schema the API serves (GET /v1/procedures: `create` and
// every action's `input`), so a procedure added to the backend gets its forms without
// portal code. Each field error of a 400 or 422 (problem.errors[].field, a dotted path
// such as "object.name" or "criteria.1.1") is shown beside its field.
import { label, t } from './i18n.js';
import { reasonWords } from './errors.jsx';

export function setIn(obj, path, v) {
  if (path.length === 0) return v;
  const [k, ...rest] = path;
  const base = Array.isArray(obj) ? [...obj] : { ...(obj || {}) };
  const next = setIn(base[k], rest, v);
  if (next === undefined) delete base[k];
  else base[k] = next;
  return base;
}

// defaults answers every yes/no question of a checklist (an object of booleans, such as
// the Annex 2 criteria) with "no": an unticked box is an answer, as on the paper form
// (options 1 / 0), so the API never sees it as unanswered.
export function defaults(schema, value = {}) {
  const out = { ...value };
  for (const [k, s] of Object.entries((schema && schema.properties) || {})) {
    if (s.type === 'object' && s.properties && Object.values(s.properties).every((p) => p.type === 'boolean')) {
      out[k] = { ...Object.fromEntries(Object.keys(s.properties).map((q) => [q, false])), ...(value[k] || {}) };
    }
  }
  return out;
}

const idOf = (path) => 'f-' + path.join('-').replace(/[^A-Za-z0-9_-]/g, '_');

// basisOf turns a schema description "(002 ¶6: ...)" into the hint under a field.
const basisOf = (s) => (s && s.description ? s.description.replace(/^\((.*)\)$/, '$1') : '');

function Hint({ id, schema, errors }) {
  const b = basisOf(schema);
  return (
    <>
      {b && (
        <span class="hint" id={id + '-hint'}>
          {t('basis', { basis: b })}
        </span>
      )}
      {errors && errors.length > 0 && (
        <span class="field-error" id={id + '-err'}>
          {errors.map(reasonWords).join('; ')}
        </span>
      )}
    </>
  );
}

function describedBy(id, schema, errors) {
  const ids = [];
  if (basisOf(schema)) ids.push(id + '-hint');
  if (errors && errors.length) ids.push(id + '-err');
  return ids.join(' ') || undefined;
}

const enumOf = (s) => s.enum || (s.const !== undefined ? [s.const] : null);
const fieldLabel = (name) => label('field', name);
const enumLabel = (v) => label('enum', String(v));

// SchemaForm renders the properties of an object schema. value is the object being
// edited; onChange receives the new object; errors maps a dotted path to its reasons.
export function SchemaForm({ schema, value, onChange, errors = {}, path = [], skip = ['procedure'] }) {
  if (!schema || !schema.properties) return null;
  const req = new Set(schema.required || []);
  return (
    <>
      {Object.entries(schema.properties)
        .filter(([k]) => !skip.includes(k))
        .map(([k, s]) => (
          <Field
            key={k}
            name={k}
            schema={s}
            required={req.has(k)}
            value={value ? value[k] : undefined}
            onChange={(v) => onChange(setIn(value || {}, [k], v))}
            errors={errors}
            path={[...path, k]}
          />
        ))}
    </>
  );
}

function Field({ name, schema, required, value, onChange, errors, path }) {
  const id = idOf(path);
  const errs = errors[path.join('.')];
  const lab = fieldLabel(name);
  const reqMark = required ? <span class="req"> ({t('required')})</span> : null;
  const common = {
    id,
    'aria-describedby': describedBy(id, schema, errs),
    'aria-invalid': errs ? 'true' : undefined,
    'aria-required': required ? 'true' : undefined,
  };

  if (schema.oneOf && schema.oneOf.every((o) => o.type === 'object')) {
    return <ObjectChoice name={name} schema={schema} value={value} onChange={onChange} errors={errors} path={path} />;
  }
  if (schema.type === 'object' && schema.properties) {
    return (
      <fieldset class="group" id={id}>
        <legend>{lab}{reqMark}</legend>
        <Hint id={id} schema={schema} errors={errs} />
        <div class={Object.values(schema.properties).every((p) => p.type === 'boolean') ? 'checks' : ''}>
          <SchemaForm schema={schema} value={value} onChange={onChange} errors={errors} path={path} skip={[]} />
        </div>
      </fieldset>
    );
  }
  if (schema.type === 'boolean') {
    return (
      <div class="check">
        <input type="checkbox" {...common} checked={!!value} onChange={(e) => onChange(e.currentTarget.checked)} />
        <label for={id}>{lab}</label>
        <Hint id={id} schema={schema} errors={errs} />
      </div>
    );
  }
  const en = enumOf(schema);
  if (en) {
    const numeric = schema.type === 'number' || schema.type === 'integer';
    return (
      <fieldset class="group" id={id} aria-describedby={describedBy(id, schema, errs)}>
        <legend>{lab}{reqMark}</legend>
        {en.map((v) => (
          <div class="check" key={String(v)}>
            <input
              type="radio"
              id={`${id}-${v}`}
              name={id}
              checked={value === v}
              aria-invalid={errs ? 'true' : undefined}
              onChange={() => onChange(numeric ? Number(v) : v)}
            />
            <label for={`${id}-${v}`}>{enumLabel(v)}</label>
          </div>
        ))}
        <Hint id={id} schema={schema} errors={errs} />
      </fieldset>
    );
  }
  if (schema.type === 'array' && schema.items && enumOf(schema.items)) {
    const set = new Set(value || []);
    return (
      <fieldset class="group" id={id} aria-describedby={describedBy(id, schema, errs)}>
        <legend>{lab}{reqMark}</legend>
        {enumOf(schema.items).map((v) => (
          <div class="check" key={String(v)}>
            <input
              type="checkbox"
              id={`${id}-${v}`}
              checked={set.has(v)}
              onChange={(e) => {
                const next = new Set(set);
                if (e.currentTarget.checked) next.add(v);
                else next.delete(v);
                onChange(next.size ? [...next] : undefined);
              }}
            />
            <label for={`${id}-${v}`}>{enumLabel(v)}</label>
          </div>
        ))}
        <Hint id={id} schema={schema} errors={errs} />
      </fieldset>
    );
  }
  if (schema.type === 'array') {
    const items = value || [];
    return (
      <fieldset class="group" id={id} aria-describedby={describedBy(id, schema, errs)}>
        <legend>{lab}{reqMark}</legend>
        {items.map((it, i) => (
          <div class="row" key={i}>
            <label for={`${id}-${i}`} class="visually-hidden">
              {lab} {i + 1}
            </label>
            <textarea id={`${id}-${i}`} rows={2} value={it} onInput={(e) => onChange(setIn(items, [i], e.currentTarget.value))} />
            <button type="button" onClick={() => onChange(items.filter((_, j) => j !== i))}>
              {t('removeItem')} <span class="visually-hidden">{lab} {i + 1}</span>
            </button>
          </div>
        ))}
        <button type="button" onClick={() => onChange([...items, ''])}>
          {t('addItem')}: {lab}
        </button>
        <Hint id={id} schema={schema} errors={errs} />
      </fieldset>
    );
  }
  const type = schema.type === 'number' || schema.type === 'integer' ? 'number' : schema.format === 'date' ? 'date' : 'text';
  const long = type === 'text' && (schema.maxLength || 0) > 500;
  const set = (e) => {
    const v = e.currentTarget.value;
    onChange(v === '' ? undefined : type === 'number' ? Number(v) : v);
  };
  return (
    <div class="field">
      <label for={id}>
        {lab}
        {reqMark}
      </label>
      {long ? (
        <textarea {...common} rows={4} maxLength={schema.maxLength} value={value || ''} onInput={set} />
      ) : (
        <input {...common} type={type} maxLength={schema.maxLength} value={value === undefined ? '' : value} onInput={set} />
      )}
      <Hint id={id} schema={schema} errors={errs} />
    </div>
  );
}

// ObjectChoice: "a new object" or "an object already registered", each alternative of a
// oneOf with its own fields (object: {name,type} | {id}).
function ObjectChoice({ name, schema, value, onChange, errors, path }) {
  const id = idOf(path);
  const alts = schema.oneOf;
  const isExisting = (s) => Object.keys(s.properties || {}).join() === 'id';
  const cur = Math.max(0, alts.findIndex((s) => (value && 'id' in value ? isExisting(s) : !isExisting(s))));
  const errs = errors[path.join('.')];
  return (
    <fieldset class="group" id={id}>
      <legend>{fieldLabel(name) === 'Object' ? t('object') : label('field', name)}</legend>
      {alts.length > 1 &&
        alts.map((s, i) => (
          <div class="check" key={i}>
            <input type="radio" id={`${id}-alt${i}`} name={`${id}-alt`} checked={cur === i} onChange={() => onChange(isExisting(s) ? { id: '' } : {})} />
            <label for={`${id}-alt${i}`}>{isExisting(s) ? t('existingObject') : t('newObject')}</label>
          </div>
        ))}
      {errs && <span class="field-error">{errs.map(reasonWords).join('; ')}</span>}
      <ObjectFields schema={alts[cur]} value={value} onChange={onChange} errors={errors} path={path} />
    </fieldset>
  );
}

function ObjectFields({ schema, value, onChange, errors, path }) {
  const req = new Set(schema.required || []);
  return (
    <>
      {Object.entries(schema.properties || {}).map(([k, s]) => {
        const fid = idOf([...path, k]);
        const errs = errors[[...path, k].join('.')];
        const v = value ? value[k] : undefined;
        const set = (nv) => onChange(setIn(value || {}, [k], nv));
        const title = k === 'name' ? t('objectName') : k === 'type' ? t('objectType') : k === 'id' ? t('objectId') : label('field', k);
        const common = { id: fid, 'aria-invalid': errs ? 'true' : undefined, 'aria-describedby': errs ? fid + '-err' : undefined, 'aria-required': req.has(k) ? 'true' : undefined };
        return (
          <div class="field" key={k}>
            <label for={fid}>
              {title}
              {req.has(k) && <span class="req"> ({t('required')})</span>}
            </label>
            {s.enum ? (
              <select {...common} value={v || ''} onChange={(e) => set(e.currentTarget.value || undefined)}>
                <option value="">{t('choose')}</option>
                {s.enum.map((o) => (
                  <option value={o} key={o}>
                    {label('type', o)}
                  </option>
                ))}
              </select>
            ) : (
              <input {...common} type="text" maxLength={s.maxLength} value={v || ''} onInput={(e) => set(e.currentTarget.value)} />
            )}
            {errs && (
              <span class="field-error" id={fid + '-err'}>
                {errs.map(reasonWords).join('; ')}
              </span>
            )}
          </div>
        );
      })}
    </>
  );
}
