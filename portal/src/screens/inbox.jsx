import { useState } from 'preact/hooks';
import { t, label, dateTime } from '../i18n.js';
import { request, post } from '../api.js';
import { useLoad, Loading, Title } from '../screen.jsx';
import { ErrorMessage } from '../errors.jsx';

// The caller's inbox (their organisation's and their roles'), newest first.
export function Inbox() {
  const list = useLoad(() => request('/v1/notifications?limit=100'), []);
  const [err, setErr] = useState(null);
  const read = async (n) => {
    setErr(null);
    try {
      // The key is the notice's: marking it twice is one mark.
      const next = await post(`/v1/notifications/${encodeURIComponent(n.id)}/read`, undefined, { key: `read-${n.id}`.slice(0, 250) });
      list.setData({ ...list.data, items: list.data.items.map((x) => (x.id === n.id ? { ...x, ...next, read: true } : x)) });
    } catch (x) {
      setErr(x);
    }
  };
  return (
    <>
      <Title>{t('inbox')}</Title>
      <ErrorMessage error={err} />
      {list.loading && <Loading />}
      {list.error && <ErrorMessage error={list.error} onRetry={list.reload} />}
      {list.data && list.data.items.length === 0 && <p>{t('noNotices')}</p>}
      {list.data && list.data.items.length > 0 && (
        <ul class="notices">
          {list.data.items.map((n) => (
            <li key={n.id} class={n.read ? 'read' : 'unread'}>
              <p>
                <span class={`badge notice-${n.type}`}>{label('notice', n.type)}</span> {!n.read && <strong>({t('unread')})</strong>}{' '}
                <time datetime={n.at}>{dateTime(n.at, n.procedure && n.procedure.startsWith('lv-') ? 'LV' : 'KZ')}</time>
              </p>
              <p class="subject">{n.subject}</p>
              <p class="body">{n.body}</p>
              <p class="row">
                {n.applicationId && <a href={`#/applications/${n.applicationId}`}>{t('open')} <span class="visually-hidden">{n.subject}</span></a>}
                {!n.read && (
                  <button type="button" onClick={() => read(n)}>
                    {t('markRead')} <span class="visually-hidden">{n.subject}</span>
                  </button>
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
