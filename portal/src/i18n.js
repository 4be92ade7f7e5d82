// Every label of the portal in English, Russian and Latvian (Kazakh where written; a
// Kazakh label that is missing falls back to Russian, as both are official in Kazakhstan).
// Entries are [en, ru, lv, kk?]. Codes the API serves (statuses, actions, document kinds,
// fields, enum values) have labels here too; a code without one (a procedure added after
// this file) is shown humanised ("agreement_ref" -> "Agreement ref") with its legal basis,
// so a new procedure works without portal code and gains translations by adding lines here.

export const LANGS = [
  ['en', 'English'],
  ['ru', 'Русский'],
  ['lv', 'Latviešu'],
  ['kk', 'Қазақша'],
];
const IDX = { en: 0, ru: 1, lv: 2, kk: 3 };

let lang = pickLang();
const listeners = new Set();

function pickLang() {
  const saved = localStorage.getItem('ictgov.lang');
  if (saved && saved in IDX) return saved;
  for (const l of navigator.languages || []) {
    const k = l.slice(0, 2).toLowerCase();
    if (k in IDX) return k;
  }
  return 'en';
}

export const getLang = () => lang;
export function setLang(l) {
  lang = l;
  localStorage.setItem('ictgov.lang', l);
  document.documentElement.lang = l;
  listeners.forEach((fn) => fn());
}
export function onLang(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function pick(entry) {
  if (!entry) return undefined;
  const i = IDX[lang];
  return entry[i] || (i === 3 ? entry[1] : undefined) || entry[0];
}

// t translates a UI label; {name} placeholders are filled from vars.
export function t(key, vars) {
  let s = pick(UI[key]);
  if (s === undefined) s = key;
  if (vars) s = s.replace(/\{(\w+)\}/g, (_, k) => (vars[k] === undefined ? '' : String(vars[k])));
  return s;
}

export function humanise(code) {
  const s = String(code).replace(/[_-]+/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().trim();
  return s.charAt(0).toUpperCase() + s.slice(1);
}

// label names a code of the API in the chosen language: kind is one of the tables below.
export function label(kind, code) {
  const s = pick((CODES[kind] || {})[code]);
  return s === undefined ? humanise(code) : s;
}
export const hasLabel = (kind, code) => !!(CODES[kind] || {})[code];

// --- dates: always in the procedure's country's time zone ------------------------------

export const ZONES = { KZ: 'Asia/Almaty', LV: 'Europe/Riga' };
const WANT = { en: 'en-GB', ru: 'ru-RU', lv: 'lv-LV', kk: 'kk-KZ' };
// A browser without Kazakh date data writes "2026 M12 6, Sun"; Kazakh then falls back to
// Russian dates, as its labels do.
const named = (l) => /\p{L}{3,}/u.test(new Intl.DateTimeFormat(l, { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2026, 0, 15))));
const LOCALES = Object.fromEntries(Object.entries(WANT).map(([k, l]) => [k, named(l) ? l : k === 'kk' ? 'ru-RU' : 'en-GB']));

// dateTime formats an instant in the zone of the country (KZ when unknown), naming the zone.
export function dateTime(iso, country) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (isNaN(d)) return iso;
  return new Intl.DateTimeFormat(LOCALES[lang], {
    timeZone: ZONES[country] || ZONES.KZ,
    year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short',
  }).format(d);
}

// date formats a calendar date (YYYY-MM-DD): a day, not an instant, so no zone shifts it.
export function date(ymd) {
  if (!ymd) return '—';
  const [y, m, d] = ymd.split('-').map(Number);
  if (!y || !m || !d) return ymd;
  return new Intl.DateTimeFormat(LOCALES[lang], { timeZone: 'UTC', year: 'numeric', month: 'long', day: 'numeric', weekday: 'short' })
    .format(new Date(Date.UTC(y, m - 1, d)));
}

// today is the calendar date now in the country's zone.
export function today(country) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: ZONES[country] || ZONES.KZ }).format(new Date());
}

export const zoneName = (country) => ZONES[country] || ZONES.KZ;

// --- the labels ------------------------------------------------------------------------

const UI = {
  appName: ['ICT governance portal', 'Портал управления ИКТ', 'IKT pārvaldības portāls', 'АКТ басқару порталы'],
  skip: ['Skip to the content', 'Перейти к содержанию', 'Pāriet uz saturu', 'Мазмұнға өту'],
  language: ['Language', 'Язык', 'Valoda', 'Тіл'],
  mainNav: ['Main menu', 'Главное меню', 'Galvenā izvēlne', 'Басты мәзір'],
  signIn: ['Sign in', 'Войти', 'Pieteikties', 'Кіру'],
  signOut: ['Sign out', 'Выйти', 'Iziet', 'Шығу'],
  signedInAs: ['Signed in as {sub} ({org})', 'Вы вошли как {sub} ({org})', 'Pieteicies kā {sub} ({org})', '{sub} ({org}) ретінде кірдіңіз'],
  welcome: ['Welcome', 'Добро пожаловать', 'Laipni lūdzam', 'Қош келдіңіз'],
  welcomeText: [
    'State bodies apply here, upload their technical documentation and follow every review step against its legal deadline. The public lists are open to everyone.',
    'Здесь государственные органы подают заявки, загружают техническую документацию и следят за каждым этапом рассмотрения и его сроком по закону. Публичные списки открыты для всех.',
    'Šeit valsts iestādes iesniedz pieteikumus, augšupielādē tehnisko dokumentāciju un seko katram izskatīšanas posmam un tā likumīgajam termiņam. Publiskie saraksti ir pieejami visiem.',
    'Мұнда мемлекеттік органдар өтінім береді, техникалық құжаттаманы жүктейді және қарау кезеңдерінің заңды мерзімдерін бақылайды. Жария тізімдер барлығына ашық.',
  ],
  devSignIn: ['Local sign-in (development)', 'Локальный вход (разработка)', 'Lokālā pieteikšanās (izstrāde)', 'Жергілікті кіру (әзірлеу)'],
  devSignInHelp: [
    'This system runs locally: choose who you are. In a deployment you sign in with your organisation\'s account.',
    'Система запущена локально: выберите, кто вы. В рабочей системе вы входите через учётную запись своей организации.',
    'Sistēma darbojas lokāli: izvēlieties, kas jūs esat. Darba vidē jūs piesakāties ar savas iestādes kontu.',
  ],
  person: ['Person (user id)', 'Сотрудник (идентификатор)', 'Persona (lietotāja ID)', 'Қызметкер (идентификатор)'],
  organisation: ['Organisation', 'Организация', 'Iestāde', 'Ұйым'],
  roles: ['Roles', 'Роли', 'Lomas', 'Рөлдер'],
  preset: ['Quick choice', 'Быстрый выбор', 'Ātrā izvēle', 'Жылдам таңдау'],
  oidcSignIn: ['Sign in with your organisation\'s account', 'Войти через учётную запись организации', 'Pieteikties ar iestādes kontu', 'Ұйым тіркелгісімен кіру'],
  sessionExpired: ['Your sign-in has expired. Sign in again to continue where you were.', 'Срок входа истёк. Войдите снова, чтобы продолжить с того же места.', 'Jūsu pieteikšanās ir beigusies. Piesakieties vēlreiz, lai turpinātu.', 'Кіру мерзімі аяқталды. Жалғастыру үшін қайта кіріңіз.'],
  needRole: ['Choose at least one role.', 'Выберите хотя бы одну роль.', 'Izvēlieties vismaz vienu lomu.'],
  needOrg: ['A clerk (applicant) acts for an organisation: enter it.', 'Заявитель действует от имени организации: укажите её.', 'Pieteicējs darbojas iestādes vārdā: norādiet to.'],
  needSub: ['Enter a user id.', 'Укажите идентификатор.', 'Norādiet lietotāja ID.'],
  // navigation
  navApplications: ['Applications', 'Заявки', 'Pieteikumi', 'Өтінімдер'],
  navQueues: ['Review queues', 'Очереди рассмотрения', 'Izskatīšanas rindas', 'Қарау кезектері'],
  navNew: ['New application', 'Новая заявка', 'Jauns pieteikums', 'Жаңа өтінім'],
  navInbox: ['Inbox', 'Входящие', 'Iesūtne', 'Кіріс хаттар'],
  navObjects: ['Objects', 'Объекты', 'Objekti', 'Объектілер'],
  navPublicList: ['Operator\'s list', 'Перечень оператора', 'Operatora saraksts', 'Оператор тізбесі'],
  navPlan: ['Action plan', 'План действий', 'Rīcības plāns'],
  navOrg: ['My organisation', 'Моя организация', 'Mana iestāde', 'Менің ұйымым'],
  // common
  loading: ['Loading…', 'Загрузка…', 'Ielādē…', 'Жүктелуде…'],
  retry: ['Try again', 'Повторить', 'Mēģināt vēlreiz', 'Қайталау'],
  reload: ['Reload', 'Обновить', 'Pārlādēt', 'Жаңарту'],
  save: ['Save', 'Сохранить', 'Saglabāt', 'Сақтау'],
  saved: ['Saved.', 'Сохранено.', 'Saglabāts.', 'Сақталды.'],
  cancel: ['Cancel', 'Отмена', 'Atcelt', 'Болдырмау'],
  create: ['Create the draft', 'Создать черновик', 'Izveidot melnrakstu', 'Жоба жасау'],
  none: ['None', 'Нет', 'Nav', 'Жоқ'],
  yes: ['Yes', 'Да', 'Jā', 'Иә'],
  no: ['No', 'Нет', 'Nē', 'Жоқ'],
  basis: ['Legal basis: {basis}', 'Основание: {basis}', 'Pamats: {basis}', 'Негіз: {basis}'],
  notFoundPage: ['This page does not exist.', 'Такой страницы нет.', 'Šādas lapas nav.', 'Мұндай бет жоқ.'],
  goHome: ['Go to the start page', 'На главную', 'Uz sākumlapu', 'Басты бетке'],
  moreItems: ['Show more', 'Показать ещё', 'Rādīt vairāk', 'Тағы көрсету'],
  // errors: what happened and what to do next
  err0: ['The connection to the server was lost. Check your network and try again; nothing was lost.', 'Связь с сервером прервалась. Проверьте сеть и повторите; ничего не потеряно.', 'Savienojums ar serveri pārtrūka. Pārbaudiet tīklu un mēģiniet vēlreiz; nekas nav zaudēts.', 'Сервермен байланыс үзілді. Желіні тексеріп, қайталаңыз.'],
  err400: ['The request was not accepted: {detail}. Correct the marked fields and try again.', 'Запрос не принят: {detail}. Исправьте отмеченные поля и повторите.', 'Pieprasījums netika pieņemts: {detail}. Izlabojiet atzīmētos laukus un mēģiniet vēlreiz.'],
  err401: ['Your sign-in has expired. Sign in again.', 'Срок входа истёк. Войдите снова.', 'Pieteikšanās ir beigusies. Piesakieties vēlreiz.', 'Кіру мерзімі аяқталды. Қайта кіріңіз.'],
  err403: ['You may not do this with your role or organisation. If you think you should, ask your administrator.', 'Ваша роль или организация не позволяет это сделать. Если это ошибка, обратитесь к администратору.', 'Jūsu loma vai iestāde to neatļauj. Ja tā ir kļūda, vērsieties pie administratora.', 'Рөліңіз немесе ұйымыңыз бұған рұқсат бермейді. Әкімшіге жүгініңіз.'],
  err404: ['This was not found, or it is not visible to you. Check the address or go back to the list.', 'Не найдено или недоступно вам. Проверьте адрес или вернитесь к списку.', 'Nav atrasts vai jums nav pieejams. Pārbaudiet adresi vai atgriezieties sarakstā.', 'Табылмады немесе сізге қолжетімсіз.'],
  err409: ['Someone else changed this first, or it is no longer in a state that allows this. The page now shows the current state: check it and act again if still needed.', 'Кто-то изменил это раньше вас, или состояние уже не позволяет это действие. На странице показано текущее состояние: проверьте и при необходимости повторите.', 'Kāds cits to mainīja pirms jums, vai stāvoklis vairs to neatļauj. Lapa rāda pašreizējo stāvokli: pārbaudiet un, ja vajag, rīkojieties vēlreiz.', 'Мұны басқа біреу бұрын өзгертті. Ағымдағы күйді тексеріңіз.'],
  err412: ['Someone else saved a change after you opened this page. The page now shows the current version: make your change again.', 'Кто-то сохранил изменения после того, как вы открыли страницу. Показана текущая версия: внесите изменения заново.', 'Kāds cits saglabāja izmaiņas pēc tam, kad atvērāt lapu. Redzama pašreizējā versija: veiciet izmaiņas vēlreiz.', 'Бетті ашқаннан кейін басқа біреу өзгерісті сақтады. Ағымдағы нұсқа көрсетілген: өзгерісті қайта енгізіңіз.'],
  err413: ['The file or text is too large. Files may be at most 50 MB; send a smaller one.', 'Файл или текст слишком велик. Файл — не более 50 МБ; отправьте меньший.', 'Fails vai teksts ir par lielu. Failam jābūt ne lielākam par 50 MB.', 'Файл тым үлкен (ең көбі 50 МБ).'],
  err422: ['Some entries break a rule. See the messages beside the fields, correct them and try again.', 'Некоторые данные нарушают правила. Смотрите сообщения у полей, исправьте и повторите.', 'Daži dati neatbilst noteikumiem. Skatiet ziņojumus pie laukiem, izlabojiet un mēģiniet vēlreiz.', 'Кейбір деректер ережеге сай емес. Өрістердің жанындағы хабарларды қараңыз.'],
  err429: ['The service is busy. Wait {seconds} seconds and try again.', 'Сервис перегружен. Подождите {seconds} с и повторите.', 'Pakalpojums ir noslogots. Pagaidiet {seconds} sekundes un mēģiniet vēlreiz.', 'Қызмет бос емес. {seconds} секунд күтіп, қайталаңыз.'],
  err5xx: ['The service has a problem on its side; it has been recorded. Try again in a few minutes; if it persists, contact support.', 'На стороне сервиса произошла ошибка; она записана. Повторите через несколько минут; если повторяется — обратитесь в поддержку.', 'Pakalpojumā radās kļūda; tā ir reģistrēta. Mēģiniet pēc dažām minūtēm; ja atkārtojas, sazinieties ar atbalstu.', 'Қызметте ақау болды. Бірнеше минуттан соң қайталаңыз.'],
  errUpload: ['The file store refused the file (the link may have expired). Try the upload again.', 'Хранилище отклонило файл (ссылка могла устареть). Повторите загрузку.', 'Glabātuve noraidīja failu (saite varēja beigties). Mēģiniet augšupielādēt vēlreiz.'],
  errSignIn: ['Signing in did not work. Try again; if it persists, contact support.', 'Войти не удалось. Повторите; если повторяется — обратитесь в поддержку.', 'Pieteikties neizdevās. Mēģiniet vēlreiz.'],
  errorTitle: ['Something went wrong', 'Что-то пошло не так', 'Kaut kas nogāja greizi', 'Қате орын алды'],
  errorFieldsTitle: ['Please correct:', 'Исправьте, пожалуйста:', 'Lūdzu, izlabojiet:', 'Түзетіңіз:'],
  // applications
  myApplications: ['Your organisation\'s applications', 'Заявки вашей организации', 'Jūsu iestādes pieteikumi', 'Ұйымыңыздың өтінімдері'],
  allApplications: ['All applications', 'Все заявки', 'Visi pieteikumi', 'Барлық өтінімдер'],
  noApplications: ['No applications yet.', 'Заявок пока нет.', 'Pieteikumu vēl nav.', 'Өтінімдер әлі жоқ.'],
  colApplication: ['Application', 'Заявка', 'Pieteikums', 'Өтінім'],
  colProcedure: ['Procedure', 'Процедура', 'Procedūra', 'Рәсім'],
  colStatus: ['Status', 'Статус', 'Statuss', 'Күйі'],
  colDue: ['Due', 'Срок', 'Termiņš', 'Мерзімі'],
  colAge: ['Age (working days)', 'Возраст (рабочих дней)', 'Vecums (darba dienas)', 'Жасы (жұмыс күні)'],
  colUpdated: ['Updated', 'Изменено', 'Mainīts', 'Өзгертілді'],
  colOrg: ['Organisation', 'Организация', 'Iestāde', 'Ұйым'],
  overdueFlag: ['Overdue', 'Просрочено', 'Nokavēts', 'Мерзімі өтті'],
  overdueOnly: ['Only overdue', 'Только просроченные', 'Tikai nokavētie', 'Тек мерзімі өткендер'],
  step: ['Step', 'Этап', 'Posms', 'Кезең'],
  allSteps: ['All steps', 'Все этапы', 'Visi posmi', 'Барлық кезеңдер'],
  queueFor: ['Steps you owe as {roles}', 'Этапы за вами как {roles}', 'Posmi, kas jāveic jums kā {roles}', '{roles} ретінде сіздің кезеңдеріңіз'],
  show: ['Show', 'Показать', 'Rādīt', 'Көрсету'],
  // new application
  chooseProcedure: ['Choose the procedure', 'Выберите процедуру', 'Izvēlieties procedūru', 'Рәсімді таңдаңыз'],
  noProcedureForRole: ['None of the procedures is opened by your roles here.', 'Ни одна процедура здесь не открывается вашими ролями.', 'Neviena procedūra šeit netiek atvērta ar jūsu lomām.'],
  newObject: ['A new object', 'Новый объект', 'Jauns objekts', 'Жаңа объект'],
  existingObject: ['An object already registered (its id)', 'Уже зарегистрированный объект (его идентификатор)', 'Jau reģistrēts objekts (tā ID)'],
  objectName: ['Name of the object', 'Наименование объекта', 'Objekta nosaukums', 'Объект атауы'],
  objectType: ['Type of the object', 'Тип объекта', 'Objekta veids', 'Объект түрі'],
  objectId: ['Object id', 'Идентификатор объекта', 'Objekta ID', 'Объект идентификаторы'],
  object: ['Object', 'Объект', 'Objekts', 'Объект'],
  choose: ['— choose —', '— выберите —', '— izvēlieties —', '— таңдаңыз —'],
  addItem: ['Add', 'Добавить', 'Pievienot', 'Қосу'],
  removeItem: ['Remove', 'Удалить', 'Noņemt', 'Жою'],
  required: ['required', 'обязательно', 'obligāts', 'міндетті'],
  created: ['The draft was created.', 'Черновик создан.', 'Melnraksts izveidots.', 'Жоба жасалды.'],
  // application page
  appTitle: ['Application {id}', 'Заявка {id}', 'Pieteikums {id}', 'Өтінім {id}'],
  round: ['Round', 'Круг', 'Kārta', 'Айналым'],
  createdAt: ['Created', 'Создана', 'Izveidots', 'Жасалды'],
  submittedAt: ['Submitted', 'Подана', 'Iesniegts', 'Берілді'],
  draftSections: ['Details of the draft', 'Данные черновика', 'Melnraksta dati', 'Жоба деректері'],
  score: ['Annex 2 score: {total} points (criterion 1: {g1}, 2: {g2}, 3: {g3}) — {verdict}', 'Баллы по Приложению 2: {total} (критерий 1: {g1}, 2: {g2}, 3: {g3}) — {verdict}', 'Pielikuma 2 punkti: {total} (kritērijs 1: {g1}, 2: {g2}, 3: {g3}) — {verdict}'],
  passes: ['passes', 'проходит', 'atbilst'],
  fails: ['does not pass', 'не проходит', 'neatbilst'],
  clocks: ['Deadlines', 'Сроки', 'Termiņi', 'Мерзімдер'],
  clockDue: ['Due {date}, end of day ({zone})', 'Срок {date}, до конца дня ({zone})', 'Termiņš {date}, līdz dienas beigām ({zone})', 'Мерзімі {date}, күн соңына дейін ({zone})'],
  clockLimit: ['{n} working days from {from}', '{n} рабочих дней с {from}', '{n} darba dienas no {from}', '{from} бастап {n} жұмыс күні'],
  clockLimitOther: ['{n} {kind} from {from}', '{n} ({kind}) с {from}', '{n} ({kind}) no {from}'],
  whyDate: ['Why this date?', 'Почему эта дата?', 'Kāpēc šis datums?', 'Неге бұл күн?'],
  hideWhy: ['Hide the explanation', 'Скрыть пояснение', 'Slēpt skaidrojumu', 'Түсіндірмені жасыру'],
  explainIntro: ['Day 0 is {from}. Counted working days and skipped days up to the due date {due}:', 'День 0 — {from}. Засчитанные рабочие и пропущенные дни до срока {due}:', '0. diena ir {from}. Ieskaitītās darba dienas un izlaistās dienas līdz termiņam {due}:'],
  counted: ['counted', 'засчитан', 'ieskaitīta', 'есептелді'],
  skipped: ['skipped', 'пропущен', 'izlaista', 'өткізілді'],
  stageDate: ['Date', 'Дата', 'Datums', 'Күні'],
  source: ['Source', 'Источник', 'Avots', 'Дереккөз'],
  documents: ['Documents', 'Документы', 'Dokumenti', 'Құжаттар'],
  requiredDocs: ['Required documents for {type}', 'Обязательные документы для: {type}', 'Obligātie dokumenti: {type}'],
  otherDocs: ['Other documents', 'Другие документы', 'Citi dokumenti', 'Басқа құжаттар'],
  docMissing: ['not uploaded yet', 'ещё не загружен', 'vēl nav augšupielādēts', 'әлі жүктелмеген'],
  chooseFile: ['Choose a file (PDF, DOCX, XLSX, ODT, ODS; at most 50 MB) for: {kind}', 'Выберите файл (PDF, DOCX, XLSX, ODT, ODS; до 50 МБ) для: {kind}', 'Izvēlieties failu (PDF, DOCX, XLSX, ODT, ODS; līdz 50 MB): {kind}'],
  upload: ['Upload', 'Загрузить', 'Augšupielādēt', 'Жүктеу'],
  replace: ['Replace', 'Заменить', 'Aizstāt', 'Ауыстыру'],
  uploading: ['Uploading {name}: {pct} %', 'Загрузка {name}: {pct} %', 'Augšupielādē {name}: {pct} %', 'Жүктелуде {name}: {pct} %'],
  checking: ['{name} is uploaded; the system is checking its content…', '{name} загружен; система проверяет содержимое…', '{name} ir augšupielādēts; sistēma pārbauda saturu…'],
  uploadLost: ['The connection was lost while sending {name}. Try again: the same document is resumed, no second one is created.', 'Связь прервалась при отправке {name}. Повторите: будет продолжен тот же документ, второй не создаётся.', 'Sūtot {name}, savienojums pārtrūka. Mēģiniet vēlreiz: tiks turpināts tas pats dokuments.'],
  badExtension: ['{name}: this type of file is not accepted. Send PDF, DOCX, XLSX, ODT or ODS.', '{name}: такой тип файла не принимается. Отправьте PDF, DOCX, XLSX, ODT или ODS.', '{name}: šāds faila veids netiek pieņemts. Sūtiet PDF, DOCX, XLSX, ODT vai ODS.'],
  tooBig: ['{name} is larger than 50 MB.', '{name} больше 50 МБ.', '{name} ir lielāks par 50 MB.'],
  stillChecking: ['The check takes longer than usual. Reload the page in a minute to see the verdict.', 'Проверка идёт дольше обычного. Обновите страницу через минуту.', 'Pārbaude ilgst ilgāk nekā parasti. Pārlādējiet lapu pēc minūtes.'],
  docRejectedHelp: ['Rejected: {reasons}. Upload a corrected file to replace it.', 'Отклонён: {reasons}. Загрузите исправленный файл взамен.', 'Noraidīts: {reasons}. Augšupielādējiet labotu failu tā vietā.', 'Қабылданбады: {reasons}. Түзетілген файлды жүктеңіз.'],
  download: ['Download', 'Скачать', 'Lejupielādēt', 'Жүктеп алу'],
  actions: ['What you can do', 'Доступные действия', 'Ko jūs varat darīt', 'Қолжетімді әрекеттер'],
  noActions: ['Nothing for you to do here now.', 'Сейчас от вас ничего не требуется.', 'Pašlaik jums šeit nekas nav jādara.', 'Қазір сізден ештеңе талап етілмейді.'],
  waitingFor: ['Waiting for: {role} ({step})', 'Ожидается: {role} ({step})', 'Gaida: {role} ({step})'],
  actionDone: ['Done: {action}.', 'Выполнено: {action}.', 'Izpildīts: {action}.', 'Орындалды: {action}.'],
  confirmAction: ['Confirm: {action}', 'Подтвердить: {action}', 'Apstiprināt: {action}', 'Растау: {action}'],
  trail: ['History', 'История', 'Vēsture', 'Тарих'],
  by: ['by {sub} ({role}, {org})', '{sub} ({role}, {org})', '{sub} ({role}, {org})'],
  editDraft: ['Edit the draft', 'Изменить черновик', 'Labot melnrakstu', 'Жобаны өзгерту'],
  // inbox
  inbox: ['Inbox', 'Входящие', 'Iesūtne', 'Кіріс хаттар'],
  noNotices: ['No messages.', 'Сообщений нет.', 'Ziņojumu nav.', 'Хабарлар жоқ.'],
  markRead: ['Mark as read', 'Отметить прочитанным', 'Atzīmēt kā lasītu', 'Оқылды деп белгілеу'],
  unread: ['unread', 'не прочитано', 'nelasīts', 'оқылмаған'],
  open: ['Open', 'Открыть', 'Atvērt', 'Ашу'],
  // objects: the list and registering one
  objects: ['Objects and their life cycle', 'Объекты и их жизненный цикл', 'Objekti un to dzīves cikls', 'Объектілер және олардың өмірлік циклі'],
  objectsLead: ['The informatization objects of the registry: the stage each is in, whether it is on the operator\'s list, and whether its operation\'s expenses can be supported from the budget (003 §18).', 'Объекты информатизации в реестре: стадия жизненного цикла, включение в перечень оператора и возможность бюджетного финансирования эксплуатации (003 §18).', 'Reģistra informatizācijas objekti: katra posms, vai tas ir operatora sarakstā un vai tā ekspluatācijas izdevumus var atbalstīt no budžeta (003 §18).', 'Тізілімдегі ақпараттандыру объектілері: өмірлік цикл кезеңі, оператор тізбесіне енгізілуі және пайдалануды бюджеттен қаржыландыру мүмкіндігі (003 §18).'],
  filters: ['Filters', 'Фильтры', 'Filtri', 'Сүзгілер'],
  objStage: ['Stage', 'Стадия', 'Posms', 'Кезең'],
  allStages: ['All stages', 'Все стадии', 'Visi posmi', 'Барлық кезеңдер'],
  notEligibleOnly: ['Only objects in operation whose expenses are not supported (003 §18, 004 ¶18)', 'Только объекты в эксплуатации, расходы на которые не поддерживаются (003 §18, 004 ¶18)', 'Tikai ekspluatācijā esoši objekti, kuru izdevumi netiek atbalstīti (003 §18, 004 ¶18)', 'Тек шығыстары қолдау таппайтын пайдаланудағы объектілер (003 §18, 004 ¶18)'],
  notEligibleStageHint: ['This list holds objects in operation only.', 'В этом списке только объекты в эксплуатации.', 'Šajā sarakstā ir tikai ekspluatācijā esoši objekti.', 'Бұл тізімде тек пайдаланудағы объектілер.'],
  notEligibleCaption: ['Objects in operation whose expenses are not supported', 'Объекты в эксплуатации без поддержки расходов', 'Ekspluatācijā esoši objekti bez izdevumu atbalsta', 'Шығыстары қолдау таппайтын пайдаланудағы объектілер'],
  noNotEligible: ['Every object in operation meets the budget conditions.', 'Все объекты в эксплуатации соответствуют бюджетным условиям.', 'Visi ekspluatācijā esošie objekti atbilst budžeta nosacījumiem.', 'Пайдаланудағы барлық объектілер бюджет шарттарына сай.'],
  objectsInStage: ['Objects in stage: {stage}', 'Объекты на стадии: {stage}', 'Objekti posmā: {stage}', 'Кезеңдегі объектілер: {stage}'],
  objListed: ['On the operator\'s list', 'В перечне оператора', 'Operatora sarakstā', 'Оператор тізбесінде'],
  objListedShort: ['On the list', 'В перечне', 'Sarakstā', 'Тізбеде'],
  budgetSupport: ['Budget support of operation', 'Бюджетная поддержка эксплуатации', 'Ekspluatācijas budžeta atbalsts', 'Пайдалануды бюджеттік қолдау'],
  supported: ['Supported', 'Поддерживается', 'Atbalstāms', 'Қолдау көрсетіледі'],
  notSupported: ['Not supported', 'Не поддерживается', 'Nav atbalstāms', 'Қолдау көрсетілмейді'],
  since: ['since {date}', 'с {date}', 'kopš {date}', '{date} бастап'],
  noObjects: ['No objects.', 'Объектов нет.', 'Objektu nav.', 'Объектілер жоқ.'],
  objFunding: ['Funding route', 'Источник финансирования', 'Finansēšanas veids', 'Қаржыландыру көзі'],
  objSupplier: ['Supplier (organisation id)', 'Поставщик (идентификатор организации)', 'Piegādātājs (iestādes ID)', 'Жеткізуші (ұйым идентификаторы)'],
  newObjectTitle: ['Register an object', 'Зарегистрировать объект', 'Reģistrēt objektu', 'Объектіні тіркеу'],
  newObjectLead: ['The object is registered for your organisation in the stage "Initiated" (003 §4, §5). Its documents are uploaded on its page, stage by stage.', 'Объект регистрируется за вашей организацией на стадии «Инициирован» (003 §4, §5). Документы загружаются на его странице, по стадиям.', 'Objekts tiek reģistrēts jūsu iestādei posmā “Uzsākts” (003 §4, §5). Tā dokumentus augšupielādē tā lapā, posmu pa posmam.', 'Объект ұйымыңызға «Бастамашылық» кезеңінде тіркеледі (003 §4, §5). Құжаттар оның бетінде кезең бойынша жүктеледі.'],
  newObjectApplicantOnly: ['Objects are registered by a clerk (applicant) of the organisation that holds them.', 'Объекты регистрирует заявитель организации-владельца.', 'Objektus reģistrē tās iestādes darbinieks (pieteicējs), kurai tie pieder.'],
  registerObject: ['Register the object', 'Зарегистрировать объект', 'Reģistrēt objektu', 'Объектіні тіркеу'],
  optional: ['optional', 'необязательно', 'nav obligāts', 'міндетті емес'],
  fundingHint: ['The funding route decides the documents of creation: a state investment project also needs the conclusions in informatization and information security (003 §6 ¶2) and the transfer of the source code (003 §11).', 'Источник финансирования определяет документы создания: для бюджетного инвестиционного проекта нужны также заключения по информатизации и информационной безопасности (003 §6 ¶2) и передача исходных кодов (003 §11).', 'Finansēšanas veids nosaka izveides dokumentus: valsts investīciju projektam vajag arī atzinumus par informatizāciju un informācijas drošību (003 §6 ¶2) un pirmkoda nodošanu (003 §11).'],
  supplierHint: ['The organisation that supplies the object and answers for its warranty (003 §16–§17), e.g. kz-soft-llp. It can be named later.', 'Организация-поставщик, отвечающая за гарантию (003 §16–§17), например kz-soft-llp. Можно указать позже.', 'Iestāde, kas piegādā objektu un atbild par garantiju (003 §16–§17), piem. kz-soft-llp. To var norādīt vēlāk.'],
  initiatedOn: ['Initiated on', 'Дата инициирования', 'Uzsākts (datums)', 'Бастамашылық күні'],
  initiatedOnHint: ['Only for an object already under way: the day it was initiated. Left empty, it is today.', 'Только для уже начатого объекта: день инициирования. Если пусто — сегодня.', 'Tikai jau uzsāktam objektam: uzsākšanas diena. Ja tukšs — šodiena.'],
  // an object's page
  notRecorded: ['not recorded', 'не указано', 'nav norādīts', 'көрсетілмеген'],
  noneNamed: ['none named', 'не указан', 'nav norādīts', 'көрсетілмеген'],
  theApplication: ['the application', 'заявка', 'pieteikums', 'өтінім'],
  placement: ['Placement', 'Размещение', 'Izvietošana', 'Орналастыру'],
  exclusion: ['Exclusion', 'Исключение', 'Izslēgšana', 'Шығару'],
  registeredAt: ['Registered', 'Зарегистрирован', 'Reģistrēts', 'Тіркелді'],
  nextStageTitle: ['Next stage: {stage}', 'Следующая стадия: {stage}', 'Nākamais posms: {stage}', 'Келесі кезең: {stage}'],
  devNextStageTitle: ['Next stage of the development: {stage}', 'Следующая стадия развития: {stage}', 'Nākamais attīstības posms: {stage}', 'Дамытудың келесі кезеңі: {stage}'],
  nextStageOthers: ['Next stage: {stage}. The organisation that holds the object moves it.', 'Следующая стадия: {stage}. Переводит организация-владелец.', 'Nākamais posms: {stage}. To veic iestāde, kurai objekts pieder.', 'Келесі кезең: {stage}. Оны иелік ететін ұйым ауыстырады.'],
  stageNow: ['The object is in the stage "{stage}"', 'Объект на стадии «{stage}»', 'Objekts ir posmā “{stage}”', 'Объект «{stage}» кезеңінде'],
  devStageNow: ['The development is in the stage "{stage}"', 'Развитие на стадии «{stage}»', 'Attīstība ir posmā “{stage}”', 'Дамыту «{stage}» кезеңінде'],
  noDocsNeeded: ['The stage "{stage}" needs no document.', 'Для стадии «{stage}» документы не нужны.', 'Posmam “{stage}” dokumenti nav vajadzīgi.', '«{stage}» кезеңіне құжат қажет емес.'],
  allDocsThere: ['Every document the stage "{stage}" needs is valid.', 'Все документы для стадии «{stage}» приняты.', 'Visi posmam “{stage}” vajadzīgie dokumenti ir derīgi.', '«{stage}» кезеңіне қажетті барлық құжаттар қабылданды.'],
  docsNeeded: ['The stage "{stage}" needs these documents, each valid; {n} of {total} are still missing. Upload them here:', 'Для стадии «{stage}» нужны эти документы, каждый принятый; не хватает {n} из {total}. Загрузите их здесь:', 'Posmam “{stage}” vajag šos dokumentus, katru derīgu; vēl trūkst {n} no {total}. Augšupielādējiet tos šeit:', '«{stage}» кезеңіне мына құжаттар қажет; {total} ішінен {n} жетіспейді. Осында жүктеңіз:'],
  stageOn: ['Day the stage "{stage}" began', 'Дата начала стадии «{stage}»', 'Posma “{stage}” sākuma diena', '«{stage}» кезеңінің басталған күні'],
  stageOnHint: ['Not in the future, not before the day the current stage began ({zone}).', 'Не в будущем и не раньше начала текущей стадии ({zone}).', 'Ne nākotnē un ne agrāk par pašreizējā posma sākumu ({zone}).', 'Болашақта емес және ағымдағы кезең басталғанға дейін емес ({zone}).'],
  moveTo: ['Move to "{stage}"', 'Перевести на стадию «{stage}»', 'Pārcelt uz posmu “{stage}”', '«{stage}» кезеңіне ауыстыру'],
  stageEntered: ['The object entered the stage "{stage}".', 'Объект переведён на стадию «{stage}».', 'Objekts ir posmā “{stage}”.', 'Объект «{stage}» кезеңіне ауыстырылды.'],
  devStageEntered: ['The development entered the stage "{stage}".', 'Развитие переведено на стадию «{stage}».', 'Attīstība ir posmā “{stage}”.', 'Дамыту «{stage}» кезеңіне ауыстырылды.'],
  terminateTitle: ['Termination of the object (003 §19)', 'Прекращение эксплуатации объекта (003 §19)', 'Objekta ekspluatācijas izbeigšana (003 §19)', 'Объектіні пайдалануды тоқтату (003 §19)'],
  terminateWarn: ['Termination is final: the warranty stops and the object cannot return to operation.', 'Прекращение окончательно: гарантия прекращается, объект не вернётся в эксплуатацию.', 'Izbeigšana ir galīga: garantija beidzas, un objekts nevar atgriezties ekspluatācijā.', 'Тоқтату түпкілікті: кепілдік тоқтайды, объект пайдалануға қайтпайды.'],
  terminateListed: ['It is on the operator\'s list: its exclusion (002 ¶11) opens at once.', 'Объект в перечне оператора: его исключение (002 ¶11) откроется сразу.', 'Tas ir operatora sarakstā: tā izslēgšana (002 ¶11) sākas uzreiz.', 'Объект оператор тізбесінде: оны шығару (002 ¶11) бірден басталады.'],
  terminateDev: ['The development under way is abandoned.', 'Идущее развитие будет прекращено.', 'Notiekošā attīstība tiek pārtraukta.', 'Жүріп жатқан дамыту тоқтатылады.'],
  terminateConfirm: ['I confirm that the operation of this object has ended.', 'Подтверждаю, что эксплуатация объекта прекращена.', 'Apstiprinu, ka objekta ekspluatācija ir izbeigta.', 'Объектіні пайдалану тоқтатылғанын растаймын.'],
  terminateButton: ['Terminate the object', 'Прекратить эксплуатацию объекта', 'Izbeigt objekta ekspluatāciju', 'Объектіні пайдалануды тоқтату'],
  lifecycle: ['Life cycle', 'Жизненный цикл', 'Dzīves cikls', 'Өмірлік цикл'],
  currentStage: ['current stage', 'текущая стадия', 'pašreizējais posms', 'ағымдағы кезең'],
  began: ['Began {date}', 'Начата {date}', 'Sākts {date}', '{date} басталды'],
  beganUnknown: ['Day not recorded (carried over from the first release)', 'Дата не записана (перенесено из первой версии)', 'Diena nav reģistrēta (pārņemts no pirmās versijas)'],
  recorded: ['recorded {at} by {by}', 'записано {at}, {by}', 'reģistrēts {at}, {by}', '{at} жазылды, {by}'],
  reliedOn: ['Documents relied on: {docs}', 'На основании документов: {docs}', 'Pamatojoties uz dokumentiem: {docs}', 'Құжаттар негізінде: {docs}'],
  willNeed: ['Will need: {docs}', 'Потребуются: {docs}', 'Būs vajadzīgi: {docs}', 'Қажет болады: {docs}'],
  needsNothing: ['Needs no document', 'Документы не нужны', 'Dokumenti nav vajadzīgi', 'Құжат қажет емес'],
  warranty: ['Warranty', 'Гарантия', 'Garantija', 'Кепілдік'],
  warrantyNone: ['The warranty starts when the object enters operation: twelve months from that day (003 §16 9), §17 ¶1).', 'Гарантия начинается при вводе в эксплуатацию: двенадцать месяцев с этого дня (003 §16 9), §17 ¶1).', 'Garantija sākas, kad objekts nodots ekspluatācijā: divpadsmit mēneši no tās dienas (003 §16 9), §17 ¶1).', 'Кепілдік объект пайдалануға берілгенде басталады: сол күннен бастап он екі ай (003 §16 9), §17 ¶1).'],
  warrantyFrom: ['From', 'С', 'No', 'Басталуы'],
  warrantyUntil: ['Until (last day covered)', 'По (последний день)', 'Līdz (pēdējā diena)', 'Дейін (соңғы күн)'],
  warrantyLeft: ['— {n} days left', '— осталось {n} дн.', '— atlikušas {n} dienas', '— {n} күн қалды'],
  coveredFrom: ['Uninterrupted cover since', 'Непрерывная гарантия с', 'Nepārtraukts segums kopš', 'Үздіксіз кепілдік басталуы'],
  warrantyRound: ['Warranty number', 'Номер гарантии', 'Garantijas numurs', 'Кепілдік нөмірі'],
  warrantyAfterDev: ['{n} (after a development)', '{n} (после развития)', '{n} (pēc attīstības)', '{n} (дамытудан кейін)'],
  warrantyBasis: ['Legal basis: 003 §16 9), §17 ¶1. The owner organisation and the supplier are reminded a month before it ends.', 'Основание: 003 §16 9), §17 ¶1. Владелец и поставщик получат напоминание за месяц до окончания.', 'Pamats: 003 §16 9), §17 ¶1. Īpašnieks un piegādātājs saņem atgādinājumu mēnesi pirms beigām.', 'Негіз: 003 §16 9), §17 ¶1. Иесі мен жеткізуші аяқталуына бір ай қалғанда хабардар етіледі.'],
  warrantyClaim: ['Report a failure under the warranty', 'Заявить о сбое по гарантии', 'Pieteikt kļūmi garantijas ietvaros', 'Кепілдік бойынша ақау туралы хабарлау'],
  warrantyNoSupplier: ['Name the supplier (below) to claim under the warranty.', 'Укажите поставщика (ниже), чтобы заявлять по гарантии.', 'Norādiet piegādātāju (zemāk), lai pieteiktu garantijas prasību.'],
  budgetOk: ['The object\'s information is complete and a valid technical documentation is on record (003 §18, 004 ¶18).', 'Сведения об объекте полны, действующая техническая документация есть (003 §18, 004 ¶18).', 'Objekta informācija ir pilnīga, un derīga tehniskā dokumentācija ir reģistrēta (003 §18, 004 ¶18).', 'Объект туралы мәліметтер толық, техникалық құжаттама бар (003 §18, 004 ¶18).'],
  budgetMissing: ['The expenses of its operation are not supported while this is missing:', 'Расходы на эксплуатацию не поддерживаются, пока не хватает:', 'Ekspluatācijas izdevumi netiek atbalstīti, kamēr trūkst:', 'Мыналар жетіспейінше пайдалану шығыстары қолдау таппайды:'],
  noDocuments: ['No documents yet.', 'Документов пока нет.', 'Dokumentu vēl nav.', 'Құжаттар әлі жоқ.'],
  docKind: ['Kind of document', 'Вид документа', 'Dokumenta veids', 'Құжат түрі'],
  docFile: ['File and verdict', 'Файл и результат проверки', 'Fails un pārbaudes rezultāts', 'Файл және тексеру нәтижесі'],
  keptWith: ['Kept with the stage', 'Хранится со стадией', 'Glabāts ar posmu', 'Кезеңмен сақталады'],
  ofDevelopment: ['of development {n}', 'развития {n}', '{n}. attīstības', '{n}-дамыту'],
  addDocument: ['Upload a document', 'Загрузить документ', 'Augšupielādēt dokumentu', 'Құжат жүктеу'],
  addDocumentHint: ['It is kept with the stage the object is in (003 §4 ¶2). The technical documentation\'s e-copy is what the budget gate asks for (003 §18).', 'Документ хранится со стадией, на которой объект сейчас (003 §4 ¶2). Электронная копия технической документации нужна для бюджетной поддержки (003 §18).', 'Tas tiek glabāts ar posmu, kurā objekts ir (003 §4 ¶2). Tehniskās dokumentācijas e-kopija vajadzīga budžeta atbalstam (003 §18).'],
  chooseKind: ['Choose the kind of document.', 'Выберите вид документа.', 'Izvēlieties dokumenta veidu.', 'Құжат түрін таңдаңыз.'],
  chooseFileAny: ['File (PDF, DOCX, XLSX, ODT, ODS; at most 50 MB)', 'Файл (PDF, DOCX, XLSX, ODT, ODS; до 50 МБ)', 'Fails (PDF, DOCX, XLSX, ODT, ODS; līdz 50 MB)', 'Файл (PDF, DOCX, XLSX, ODT, ODS; ең көбі 50 МБ)'],
  developments: ['Development projects', 'Проекты развития', 'Attīstības projekti', 'Дамыту жобалары'],
  developmentsHint: ['New functional requirements or modernization of an object in operation (003 §3 1), §10), one at a time; the object stays in operation.', 'Новые функциональные требования или модернизация объекта в эксплуатации (003 §3 1), §10), по одному; объект остаётся в эксплуатации.', 'Jaunas funkcionālās prasības vai ekspluatācijā esoša objekta modernizācija (003 §3 1), §10), pa vienai; objekts paliek ekspluatācijā.'],
  noDevelopments: ['No development projects.', 'Проектов развития нет.', 'Attīstības projektu nav.', 'Дамыту жобалары жоқ.'],
  developmentN: ['Development {n}', 'Развитие {n}', '{n}. attīstība', '{n}-дамыту'],
  performer: ['Performed by', 'Исполнитель', 'Izpildītājs', 'Орындаушы'],
  performerHint: ['A trustee develops only on terms of reference the authorized body agreed (kz-tor-agreement, 003 §10 ¶2).', 'Доверительный управляющий развивает объект только по техническому заданию, согласованному уполномоченным органом (kz-tor-agreement, 003 §10 ¶2).', 'Pilnvarnieks attīsta tikai pēc pilnvarotās iestādes saskaņota darba uzdevuma (kz-tor-agreement, 003 §10 ¶2).'],
  torAgreement: ['Agreed terms of reference', 'Согласованное техническое задание', 'Saskaņotais darba uzdevums', 'Келісілген техникалық тапсырма'],
  devSummary: ['What the development adds', 'Что добавляет развитие', 'Ko pievieno attīstība', 'Дамыту не қосады'],
  devInitiatedOn: ['Started on', 'Дата начала', 'Sākts (datums)', 'Басталған күні'],
  fundingAsObject: ['As the object ({funding})', 'Как у объекта ({funding})', 'Kā objektam ({funding})', 'Объектідегідей ({funding})'],
  startDevelopment: ['Start a development', 'Начать развитие', 'Sākt attīstību', 'Дамытуды бастау'],
  devStarted: ['The development was started.', 'Развитие начато.', 'Attīstība ir sākta.', 'Дамыту басталды.'],
  devAfterOperation: ['A development starts once the object is in operation (003 §10 ¶1).', 'Развитие начинается после ввода объекта в эксплуатацию (003 §10 ¶1).', 'Attīstība sākas pēc objekta nodošanas ekspluatācijā (003 §10 ¶1).', 'Дамыту объект пайдалануға берілгеннен кейін басталады (003 §10 ¶1).'],
  editRecord: ['Correct the record', 'Исправить сведения', 'Labot ierakstu', 'Мәліметтерді түзету'],
  supplierEditHint: ['Empty removes the supplier. A supplier named while the warranty runs is told when it ends.', 'Пустое поле убирает поставщика. Поставщик, указанный во время гарантии, получит уведомление о её окончании.', 'Tukšs lauks noņem piegādātāju. Garantijas laikā norādītais piegādātājs saņems paziņojumu par tās beigām.'],
  fundingFixed: ['The funding route changes only while the object is initiated (003 §5): it decided the documents of creation.', 'Источник финансирования меняется только на стадии «Инициирован» (003 §5): от него зависят документы создания.', 'Finansēšanas veidu var mainīt tikai posmā “Uzsākts” (003 §5): tas noteica izveides dokumentus.'],
  nothingChanged: ['Nothing was changed.', 'Ничего не изменено.', 'Nekas nav mainīts.', 'Ештеңе өзгертілмеді.'],
  // the reasons of a refused request, in words
  reasonRequired: ['required: fill this in', 'обязательно: заполните', 'obligāts: aizpildiet', 'міндетті: толтырыңыз'],
  reasonChoose: ['choose one of the options', 'выберите один из вариантов', 'izvēlieties vienu no iespējām', 'нұсқалардың бірін таңдаңыз'],
  reasonDate: ['enter a date', 'укажите дату', 'norādiet datumu', 'күнді көрсетіңіз'],
  // a Latvian organisation (000): the freeze and the investment check
  orgNotRecorded: ['This organisation is not recorded in the hierarchy of the ICT consolidation decision (000 §6); the coordinator (VARAM) records it.', 'Эта организация не внесена в иерархию решения о консолидации ИКТ (000 §6); её вносит координатор (VARAM).', 'Šī iestāde nav reģistrēta IKT konsolidācijas lēmuma hierarhijā (000 §6); to reģistrē koordinators (VARAM).'],
  orgId: ['Organisation id', 'Идентификатор организации', 'Iestādes ID'],
  orgParent: ['Above it', 'Вышестоящие', 'Augstāk stāvošās iestādes'],
  orgTop: ['none: a top organisation (ministry)', 'нет: организация верхнего уровня (министерство)', 'nav: augstākā līmeņa iestāde (ministrija)'],
  freezeTitle: ['Investment freeze (000 §6.2)', 'Заморозка инвестиций (000 §6.2)', 'Investīciju iesaldēšana (000 §6.2)'],
  notFrozen: ['Not frozen', 'Не заморожено', 'Nav iesaldēts'],
  notFrozenText: ['The organisation is not under the investment freeze.', 'Организация не находится под заморозкой инвестиций.', 'Iestādei nav piemērota investīciju iesaldēšana.'],
  frozen: ['Frozen', 'Заморожено', 'Iesaldēts'],
  frozenText: ['Under the investment freeze since {since} (decision {decision}): investments in data-centre equipment stop unless VARAM agrees an extraordinary investment.', 'Под заморозкой инвестиций с {since} (решение {decision}): инвестиции в оборудование центров обработки данных прекращаются, если VARAM не согласует чрезвычайную инвестицию.', 'Investīciju iesaldēšana kopš {since} (lēmums {decision}): investīcijas datu centru aprīkojumā tiek apturētas, ja vien VARAM nesaskaņo ārkārtas investīciju.'],
  frozenVia: ['It reaches the organisation through {via}, the organisation above it.', 'Распространяется через вышестоящую организацию {via}.', 'Tā attiecas uz iestādi caur augstāk stāvošo iestādi {via}.'],
  investmentCheck: ['May we invest in data-centre equipment?', 'Можно ли инвестировать в оборудование ЦОД?', 'Vai drīkstam investēt datu centru aprīkojumā?'],
  investmentCheckHint: ['Ask before buying servers, data storage or other data-centre equipment (000 §6.2).', 'Спросите перед покупкой серверов, систем хранения или иного оборудования ЦОД (000 §6.2).', 'Jautājiet pirms serveru, datu glabāšanas vai cita datu centru aprīkojuma iegādes (000 §6.2).'],
  investmentCategory: ['Category', 'Категория', 'Kategorija'],
  checkInvestment: ['Check', 'Проверить', 'Pārbaudīt'],
  investAllowed: ['Allowed: investments in {cat}.', 'Разрешено: инвестиции в «{cat}».', 'Atļauts: investīcijas kategorijā “{cat}”.'],
  investNotAllowed: ['Not allowed: investments in {cat} stop under the freeze.', 'Не разрешено: инвестиции в «{cat}» остановлены заморозкой.', 'Nav atļauts: investīcijas kategorijā “{cat}” ir apturētas iesaldēšanas dēļ.'],
  investAgreed: ['The organisation is frozen, but VARAM agreed an extraordinary investment of {amount} EUR ({ground}).', 'Организация под заморозкой, но VARAM согласовал чрезвычайную инвестицию {amount} EUR ({ground}).', 'Iestāde ir iesaldēta, bet VARAM saskaņoja ārkārtas investīciju {amount} EUR ({ground}).'],
  investAskVaram: ['Only an extraordinary investment VARAM agrees (an exception case or an urgent emergency) allows it.', 'Разрешить может только чрезвычайная инвестиция, согласованная VARAM (исключительный случай или срочная авария).', 'To var atļaut tikai VARAM saskaņota ārkārtas investīcija (izņēmuma gadījums vai steidzama avārija).'],
  investApply: ['Ask VARAM for an extraordinary investment', 'Запросить у VARAM чрезвычайную инвестицию', 'Lūgt VARAM saskaņot ārkārtas investīciju'],
  flagProvisional: ['The provisional migration date of the organisation\'s initial action plan has passed: an investment relying on it needs a current plan (000 §6.4).', 'Предварительная дата миграции первоначального плана действий прошла: инвестиции, опирающиеся на неё, требуют актуального плана (000 §6.4).', 'Sākotnējā rīcības plāna provizoriskais migrācijas datums ir pagājis: investīcijām, kas uz to balstās, vajag aktuālu plānu (000 §6.4).'],
  reasonDocRequired: ['no valid document yet; required by {basis}. Upload it here.', 'нет принятого документа; требуется по {basis}. Загрузите его здесь.', 'vēl nav derīga dokumenta; vajadzīgs saskaņā ar {basis}. Augšupielādējiet to šeit.', 'қабылданған құжат жоқ; {basis} бойынша қажет. Осында жүктеңіз.'],
  reasonOnFuture: ['this day is in the future (today is {today})', 'эта дата в будущем (сегодня {today})', 'šī diena ir nākotnē (šodien ir {today})', 'бұл күн болашақта (бүгін {today})'],
  reasonOnBefore: ['this is before {date}, the day the current stage began', 'это раньше {date}, дня начала текущей стадии', 'tas ir pirms {date}, kad sākās pašreizējais posms', 'бұл ағымдағы кезең басталған {date} күнінен бұрын'],
  reasonOnMissing: ['enter the day the stage began', 'укажите дату начала стадии', 'norādiet posma sākuma dienu', 'кезеңнің басталған күнін көрсетіңіз'],
  // public
  publicList: ['List of e-government ICT infrastructure objects assigned to the operator', 'Перечень объектов ИКТ-инфраструктуры электронного правительства, закреплённых за оператором', 'Operatoram nodoto e-pārvaldes IKT infrastruktūras objektu saraksts', 'Операторға бекітілген электрондық үкімет АКТ инфрақұрылымы объектілерінің тізбесі'],
  publicListHelp: ['Open data, updated as decisions are made (002 ¶10).', 'Открытые данные, обновляются по мере решений (002 ¶10).', 'Atvērtie dati, atjaunoti pēc lēmumiem (002 ¶10).'],
  downloadCsv: ['Download the whole list (CSV)', 'Скачать весь перечень (CSV)', 'Lejupielādēt visu sarakstu (CSV)', 'Тізбені жүктеп алу (CSV)'],
  listedAt: ['Listed', 'Включён', 'Iekļauts', 'Енгізілді'],
  emptyList: ['The list is empty.', 'Перечень пуст.', 'Saraksts ir tukšs.', 'Тізбе бос.'],
  plan: ['Open-government action plan', 'План открытого управления', 'Atvērtās pārvaldības rīcības plāns', 'Ашық басқару жоспары'],
  planLead: ['Latvia\'s national open-government action plan as open data (001): each measure\'s status, responsible institution, window and delay. Enter the plan\'s id, or open the link the State Chancellery publishes.', 'Национальный план открытого управления Латвии как открытые данные (001): статус, ответственное учреждение, сроки и просрочка каждого мероприятия. Введите идентификатор плана или откройте ссылку Государственной канцелярии.', 'Latvijas nacionālais atvērtās pārvaldības rīcības plāns kā atvērtie dati (001): katra pasākuma statuss, atbildīgā institūcija, termiņi un kavējums. Ievadiet plāna ID vai atveriet Valsts kancelejas publicēto saiti.'],
  planId: ['Plan id', 'Идентификатор плана', 'Plāna ID', 'Жоспар идентификаторы'],
  otherPlanId: ['Open another plan by its id', 'Открыть другой план по идентификатору', 'Atvērt citu plānu pēc ID', 'Басқа жоспарды идентификатор бойынша ашу'],
  planNotFound: ['There is no plan with this id. Check the link or the id you entered.', 'Плана с таким идентификатором нет. Проверьте ссылку или идентификатор.', 'Plāna ar šādu ID nav. Pārbaudiet saiti vai ievadīto ID.'],
  asOf: ['As of', 'По состоянию на', 'Stāvoklis uz', 'Жағдай бойынша'],
  measures: ['Measures', 'Мероприятия', 'Pasākumi', 'Іс-шаралар'],
  measure: ['Measure', 'Мероприятие', 'Pasākums', 'Іс-шара'],
  measureCounts: ['{n} in all: {done} done, {progress} in progress, {notStarted} not started, {cancelled} cancelled; {overdue} overdue', 'всего {n}: выполнено {done}, выполняется {progress}, не начато {notStarted}, отменено {cancelled}; просрочено {overdue}', 'kopā {n}: izdarīti {done}, notiek izstrāde {progress}, nav uzsākti {notStarted}, atcelti {cancelled}; nokavēti {overdue}'],
  downloadPlanCsv: ['Download the measures (CSV)', 'Скачать мероприятия (CSV)', 'Lejupielādēt pasākumus (CSV)', 'Іс-шараларды жүктеп алу (CSV)'],
  csvHint: ['UTF-8, opens with the Latvian letters intact in spreadsheets.', 'UTF-8; латышские буквы сохраняются в электронных таблицах.', 'UTF-8; izklājlapās latviešu burti saglabājas.'],
  onlyOverdueMeasures: ['Only overdue measures ({n})', 'Только просроченные ({n})', 'Tikai nokavētie pasākumi ({n})'],
  noMeasures: ['The plan has no measures yet.', 'В плане пока нет мероприятий.', 'Plānā vēl nav pasākumu.'],
  noOverdueMeasures: ['No measure is overdue.', 'Просроченных мероприятий нет.', 'Neviens pasākums nav nokavēts.'],
  window: ['Window', 'Сроки', 'Izpildes termiņš', 'Мерзімдер'],
  overdueCol: ['Delay', 'Просрочка', 'Kavējums', 'Кешігу'],
  overdueDays: ['{n} days overdue', 'просрочено на {n} дн.', 'nokavēts par {n} dienām', '{n} күнге кешікті'],
  notOverdue: ['on time', 'в срок', 'laikā', 'мерзімінде'],
  definitionOfDone: ['Done when', 'Критерий выполнения', 'Izpildīts, kad', 'Орындалу шарты'],
  coOwners: ['With', 'Соисполнители', 'Līdzatbildīgie', 'Бірлескен орындаушылар'],
  reports: ['Annual reports', 'Годовые отчёты', 'Gada ziņojumi', 'Жылдық есептер'],
  reportYear: ['Year', 'Год', 'Gads', 'Жыл'],
  reportMade: ['made {at}', 'составлен {at}', 'sagatavots {at}', '{at} жасалды'],
  reportsHint: ['The report for each year is due on 1 February of the next year (001 S3); once made it is frozen and never changed.', 'Отчёт за год представляется до 1 февраля следующего года (001 S3); составленный отчёт не изменяется.', 'Ziņojums par katru gadu jāiesniedz līdz nākamā gada 1. februārim (001 S3); sagatavotais ziņojums netiek mainīts.'],
  owner: ['Responsible institution', 'Ответственное учреждение', 'Atbildīgā institūcija', 'Жауапты мекеме'],
  period: ['Period', 'Период', 'Periods', 'Кезең'],
  title: ['Title', 'Название', 'Nosaukums', 'Атауы'],
};

const CODES = {
  status: {
    draft: ['Draft', 'Черновик', 'Melnraksts', 'Жоба'],
    ab_check: ['Check by the authorized body', 'Проверка уполномоченным органом', 'Pilnvarotās iestādes pārbaude', 'Уәкілетті органның тексеруі'],
    si_review: ['Review by the service integrator', 'Рассмотрение сервисным интегратором', 'Servisa integratora izskatīšana', 'Сервистік интегратордың қарауы'],
    ab_decision: ['Decision of the authorized body', 'Решение уполномоченного органа', 'Pilnvarotās iestādes lēmums', 'Уәкілетті органның шешімі'],
    included: ['Included in the list', 'Включено в перечень', 'Iekļauts sarakstā', 'Тізбеге енгізілді'],
    refused: ['Refused', 'Отказано', 'Atteikts', 'Бас тартылды'],
    withdrawn: ['Withdrawn', 'Отозвано', 'Atsaukts', 'Кері қайтарылды'],
    ab_agreement: ['Agreement by the authorized body', 'Согласование уполномоченным органом', 'Pilnvarotās iestādes saskaņošana'],
    agreed: ['Agreed', 'Согласовано', 'Saskaņots', 'Келісілді'],
    not_agreed: ['Not agreed', 'Не согласовано', 'Nav saskaņots'],
    revision: ['Revision', 'Доработка', 'Pārstrāde'],
    published: ['Published', 'Опубликовано', 'Publicēts'],
    op_placement: ['Placement by the operator', 'Размещение оператором', 'Operatora izvietošana'],
    placed: ['Placed', 'Размещено', 'Izvietots'],
    placed_elsewhere: ['Placed elsewhere', 'Размещено в другом месте', 'Izvietots citur'],
    op_provision: ['Provision by the operator', 'Предоставление оператором', 'Operatora nodrošināšana'],
    provided: ['Provided', 'Предоставлено', 'Nodrošināts'],
    si_assessment: ['Assessment by the service integrator', 'Оценка сервисным интегратором', 'Servisa integratora novērtējums'],
    ab_conclusion: ['Conclusion of the authorized body', 'Заключение уполномоченного органа', 'Pilnvarotās iestādes atzinums'],
    positive: ['Positive conclusion', 'Положительное заключение', 'Pozitīvs atzinums'],
    negative: ['Negative conclusion', 'Отрицательное заключение', 'Negatīvs atzinums'],
    ab_exclusion: ['Exclusion by the authorized body', 'Исключение уполномоченным органом', 'Pilnvarotās iestādes izslēgšana'],
    excluded: ['Excluded from the list', 'Исключено из перечня', 'Izslēgts no saraksta'],
    ab_tor: ['Agreement of the terms of reference', 'Согласование технического задания', 'Darba uzdevuma saskaņošana'],
    supplier_review: ['Review by the supplier', 'Рассмотрение поставщиком', 'Piegādātāja izskatīšana', 'Жеткізушінің қарауы'],
    accepted: ['Accepted by the supplier', 'Принято поставщиком', 'Piegādātājs pieņēma', 'Жеткізуші қабылдады'],
    rejected: ['Rejected', 'Отклонено', 'Noraidīts', 'Қабылданбады'],
    fixed: ['Fixed', 'Устранено', 'Novērsts', 'Жойылды'],
    varam_review: ['Review by VARAM', 'Рассмотрение VARAM', 'VARAM izskatīšana'],
  },
  action: {
    submit: ['Submit', 'Подать', 'Iesniegt', 'Беру'],
    forward: ['Forward to the service integrator', 'Направить сервисному интегратору', 'Nosūtīt servisa integratoram', 'Сервистік интеграторға жіберу'],
    recommendation: ['Give the recommendation', 'Дать рекомендацию', 'Sniegt ieteikumu', 'Ұсыныс беру'],
    decision: ['Decide', 'Принять решение', 'Pieņemt lēmumu', 'Шешім қабылдау'],
    withdraw: ['Withdraw', 'Отозвать', 'Atsaukt', 'Кері қайтару'],
    agreement: ['Agree or refuse', 'Согласовать или отказать', 'Saskaņot vai atteikt'],
    resubmit: ['Resubmit', 'Подать повторно', 'Iesniegt atkārtoti'],
    publish: ['Publish', 'Опубликовать', 'Publicēt'],
    placement: ['Record the placement', 'Зафиксировать размещение', 'Reģistrēt izvietošanu'],
    provide: ['Provide the environments', 'Предоставить среды', 'Nodrošināt vides'],
    assessment: ['Give the assessment', 'Дать оценку', 'Sniegt novērtējumu'],
    conclusion: ['Give the conclusion', 'Дать заключение', 'Sniegt atzinumu'],
    exclusion: ['Exclude from the list', 'Исключить из перечня', 'Izslēgt no saraksta'],
    claim: ['Answer the warranty claim', 'Ответить на гарантийную претензию', 'Atbildēt uz garantijas prasību', 'Кепілдік талабына жауап беру'],
    fixed: ['Report it fixed', 'Сообщить об устранении', 'Ziņot par novēršanu', 'Жойылғанын хабарлау'],
  },
  role: {
    applicant: ['Clerk of a state body (applicant)', 'Заявитель (госорган)', 'Valsts iestādes darbinieks (pieteicējs)', 'Өтініш беруші'],
    authorized_body: ['Authorized body', 'Уполномоченный орган', 'Pilnvarotā iestāde', 'Уәкілетті орган'],
    service_integrator: ['Service integrator', 'Сервисный интегратор', 'Servisa integrators', 'Сервистік интегратор'],
    operator: ['Operator', 'Оператор', 'Operators', 'Оператор'],
    admin: ['Administrator', 'Администратор', 'Administrators', 'Әкімші'],
    supplier: ['Supplier', 'Поставщик', 'Piegādātājs', 'Жеткізуші'],
    coordinator: ['Coordinator', 'Координатор', 'Koordinators'],
    observer: ['Observer', 'Наблюдатель', 'Novērotājs'],
  },
  kind: {
    is_description: ['Description of the information system', 'Описание информационной системы', 'Informācijas sistēmas apraksts', 'Ақпараттық жүйенің сипаттамасы'],
    technical_documentation: ['Technical documentation', 'Техническая документация', 'Tehniskā dokumentācija', 'Техникалық құжаттама'],
    commissioning_document: ['Commissioning document', 'Документ о вводе в эксплуатацию', 'Nodošanas ekspluatācijā dokuments', 'Пайдалануға беру құжаты'],
    user_count: ['Number of registered users', 'Количество зарегистрированных пользователей', 'Reģistrēto lietotāju skaits', 'Тіркелген пайдаланушылар саны'],
    services_or_functions_list: ['List of services or functions', 'Перечень услуг или функций', 'Pakalpojumu vai funkciju saraksts', 'Қызметтер немесе функциялар тізбесі'],
    deployment_counts: ['Numbers of deployments', 'Количество внедрений', 'Ieviešanu skaits', 'Енгізулер саны'],
    security_certificate: ['Information-security test certificate', 'Акт испытаний на информационную безопасность', 'Informācijas drošības testēšanas akts', 'Ақпараттық қауіпсіздік сынағының актісі'],
    criteria_compliance: ['Compliance with the criteria (Annex 2)', 'Соответствие критериям (Приложение 2)', 'Atbilstība kritērijiem (2. pielikums)', 'Өлшемшарттарға сәйкестік (2-қосымша)'],
    hsc_description: ['Description of the hardware-software complex', 'Описание аппаратно-программного комплекса', 'Aparātprogrammatūras kompleksa apraksts', 'Аппараттық-бағдарламалық кешеннің сипаттамасы'],
    hsc_technical_specification: ['Technical specification of the complex', 'Техническая спецификация комплекса', 'Kompleksa tehniskā specifikācija', 'Кешеннің техникалық сипаттамасы'],
    interacting_systems_list: ['List of interacting information systems', 'Перечень взаимодействующих ИС', 'Mijiedarbīgo informācijas sistēmu saraksts'],
    subdivision_users_list: ['Subdivisions and their numbers of users', 'Подразделения и число их пользователей', 'Struktūrvienības un to lietotāju skaits'],
    allowed_software_list: ['List of software allowed for use', 'Перечень разрешённого ПО', 'Atļautās programmatūras saraksts'],
    architecture_draft: ['Architecture draft', 'Проект архитектуры', 'Arhitektūras projekts'],
    terms_of_reference: ['Terms of reference', 'Техническое задание', 'Darba uzdevums', 'Техникалық тапсырма'],
    cost_calculation: ['Cost calculation (architectural portal)', 'Расчёт стоимости (архитектурный портал)', 'Izmaksu aprēķins (arhitektūras portāls)', 'Құнын есептеу (сәулет порталы)'],
    informatization_conclusion: ['Conclusion in the field of informatization', 'Заключение в сфере информатизации', 'Atzinums informatizācijas jomā', 'Ақпараттандыру саласындағы қорытынды'],
    security_conclusion: ['Conclusion in the field of information security', 'Заключение в сфере информационной безопасности', 'Atzinums informācijas drošības jomā', 'Ақпараттық қауіпсіздік саласындағы қорытынды'],
    trial_operation_act: ['Act on completion of trial operation', 'Акт о завершении опытной эксплуатации', 'Akts par izmēģinājuma ekspluatācijas pabeigšanu', 'Тәжірибелік пайдаланудың аяқталуы туралы акт'],
    is_test_result: ['Result of the information-security testing', 'Результат испытаний на информационную безопасность', 'Informācijas drošības testēšanas rezultāts', 'Ақпараттық қауіпсіздік сынағының нәтижесі'],
    commissioning_act: ['Act of putting into industrial operation', 'Акт ввода в промышленную эксплуатацию', 'Akts par nodošanu rūpnieciskajā ekspluatācijā', 'Өнеркәсіптік пайдалануға беру актісі'],
    source_code_transfer: ['Transfer of the source code', 'Передача исходных кодов', 'Pirmkoda nodošana', 'Бастапқы кодтарды беру'],
    precondition_evidence: ['Evidence of meeting the preconditions', 'Подтверждение выполнения предварительных условий', 'Priekšnosacījumu izpildes pierādījumi'],
    transition_justification: ['Justification of the gradual transition', 'Обоснование постепенного перехода', 'Pakāpeniskās pārejas pamatojums'],
  },
  type: {
    information_system: ['Information system', 'Информационная система', 'Informācijas sistēma', 'Ақпараттық жүйе'],
    hardware_software_complex: ['Hardware-software complex', 'Аппаратно-программный комплекс', 'Aparātprogrammatūras komplekss', 'Аппараттық-бағдарламалық кешен'],
  },
  field: {
    criteria: ['Selection criteria (Annex 2): tick each condition the object meets', 'Критерии отбора (Приложение 2): отметьте выполненные условия', 'Atlases kritēriji (2. pielikums): atzīmējiet izpildītos nosacījumus', 'Іріктеу өлшемшарттары (2-қосымша)'],
    details: ['Details', 'Сведения', 'Ziņas', 'Мәліметтер'],
    environment: ['Environments requested', 'Запрашиваемые среды', 'Pieprasītās vides'],
    '1.1': ['1.1 Employees of more than one central state body are registered users', '1.1 Сотрудники более чем одного ЦГО — зарегистрированные пользователи', '1.1 Vairāk nekā vienas centrālās iestādes darbinieki ir reģistrēti lietotāji'],
    '1.2': ['1.2 All subordinate organisations and territorial subdivisions of one body use it', '1.2 Им пользуются все подведомственные и территориальные подразделения одного ЦГО', '1.2 To izmanto visas vienas iestādes padotības un teritoriālās struktūrvienības'],
    '1.3': ['1.3 Systems of more than one central state body are integrated with it', '1.3 С ней интегрированы системы более чем одного ЦГО', '1.3 Ar to ir integrētas vairāk nekā vienas centrālās iestādes sistēmas'],
    '1.4': ['1.4 Systems of one body\'s subordinates and 16 territorial subdivisions are integrated', '1.4 Интегрированы системы подведомственных и 16 территориальных подразделений', '1.4 Integrētas padoto un 16 teritoriālo struktūrvienību sistēmas'],
    '2.1': ['2.1 Reference storage of data on citizens and their property', '2.1 Эталонное хранилище данных о гражданах и их имуществе', '2.1 Atsauces glabātuve datiem par iedzīvotājiem un to īpašumu'],
    '2.2': ['2.2 Reference storage of other primary data for public services', '2.2 Эталонное хранилище иных первичных данных для госуслуг', '2.2 Atsauces glabātuve citiem primārajiem datiem valsts pakalpojumiem'],
    '2.3': ['2.3 Serves more than three electronic public services', '2.3 Обеспечивает более трёх электронных госуслуг', '2.3 Nodrošina vairāk nekā trīs e-pakalpojumus'],
    '2.4': ['2.4 Protected with the state bodies\' certification-centre signature keys', '2.4 Защищена ключами ЭЦП удостоверяющего центра госорганов', '2.4 Aizsargāta ar valsts iestāžu sertifikācijas centra parakstu atslēgām'],
    '2.5': ['2.5 Operates in the Unified Transport Environment', '2.5 Работает в Единой транспортной среде госорганов', '2.5 Darbojas vienotajā transporta vidē'],
    '3.1': ['3.1 More than 1,000 registered active users', '3.1 Более 1 000 зарегистрированных активных пользователей', '3.1 Vairāk nekā 1000 reģistrētu aktīvu lietotāju'],
    '3.2': ['3.2 Its primary data are used by more than 100,000 persons', '3.2 Первичными данными пользуются более 100 000 лиц', '3.2 Tās primāros datus izmanto vairāk nekā 100 000 personu'],
    '3.3': ['3.3 At least half of all civil servants are connected', '3.3 Подключено не менее 50 % госслужащих', '3.3 Pieslēgta vismaz puse no visiem ierēdņiem'],
    '3.4': ['3.4 All users of the body use the complex\'s components', '3.4 Все пользователи органа используют компоненты комплекса', '3.4 Visi iestādes lietotāji izmanto kompleksa komponentes'],
    architecture: ['Compliance with the approved architecture', 'Соответствие утверждённой архитектуре', 'Atbilstība apstiprinātajai arhitektūrai', 'Бекітілген сәулетке сәйкестік'],
    note: ['Note', 'Примечание', 'Piezīme', 'Ескертпе'],
    decision: ['Decision', 'Решение', 'Lēmums', 'Шешім'],
    reasons: ['Reasons', 'Причины', 'Iemesli', 'Себептер'],
    comments: ['Reasoned comments', 'Мотивированные замечания', 'Pamatoti komentāri'],
    title: ['Title', 'Название', 'Nosaukums', 'Атауы'],
    domain: ['Domain', 'Сфера', 'Joma'],
    class: ['Class of the object', 'Класс объекта', 'Objekta klase'],
    services: ['Services', 'Услуги', 'Pakalpojumi'],
    outcome: ['Outcome', 'Итог', 'Rezultāts'],
    types: ['Environments', 'Среды', 'Vides'],
    agreementRef: ['Agreement number', 'Номер соглашения', 'Līguma numurs'],
    agreementDate: ['Agreement date', 'Дата соглашения', 'Līguma datums'],
    summary: ['What the development adds', 'Что добавляет развитие', 'Ko pievieno attīstība'],
    trustee: ['Trustee', 'Доверительный управляющий', 'Pilnvarnieks'],
    acquisition: ['Acquired by', 'Способ приобретения', 'Iegūšanas veids'],
    from: ['Previous owner', 'Прежний владелец', 'Iepriekšējais īpašnieks'],
    conclusion: ['Conclusion', 'Заключение', 'Atzinums'],
    checks: ['Checks', 'Проверки', 'Pārbaudes'],
    description: ['Description', 'Описание', 'Apraksts', 'Сипаттама'],
    failureOn: ['Day of the failure', 'Дата сбоя', 'Kļūmes diena', 'Ақау күні'],
    conditions: ['Conditions of a warranty claim (003 §17)', 'Условия гарантийного случая (003 §17)', 'Garantijas prasības nosacījumi (003 §17)', 'Кепілдік жағдайының шарттары (003 §17)'],
    W1: ['W1 The failure is documented', 'W1 Сбой задокументирован', 'W1 Kļūme ir dokumentēta', 'W1 Ақау құжатталған'],
    W2: ['W2 It is the supplier\'s mistake', 'W2 Ошибка поставщика', 'W2 Tā ir piegādātāja kļūda', 'W2 Жеткізушінің қатесі'],
    W3: ['W3 The object was operated correctly', 'W3 Объект эксплуатировался правильно', 'W3 Objekts tika ekspluatēts pareizi', 'W3 Объект дұрыс пайдаланылды'],
    W4: ['W4 No intervention broke its integrity', 'W4 Не было вмешательства, нарушающего целостность', 'W4 Nav bijusi iejaukšanās, kas pārkāptu integritāti', 'W4 Тұтастықты бұзатын араласу болған жоқ'],
    W5: ['W5 Within the terms of reference', 'W5 В пределах технического задания', 'W5 Darba uzdevuma ietvaros', 'W5 Техникалық тапсырма шегінде'],
    fixBy: ['To be fixed by', 'Устранить до', 'Novērst līdz', 'Жою мерзімі'],
    decisionId: ['Decision id', 'Идентификатор решения', 'Lēmuma ID'],
    category: ['Category', 'Категория', 'Kategorija'],
    ground: ['Ground', 'Основание', 'Pamatojums'],
    amountEur: ['Amount (EUR)', 'Сумма (EUR)', 'Summa (EUR)'],
    justification: ['Justification', 'Обоснование', 'Pamatojums'],
    version: ['Version', 'Версия', 'Versija'],
    initial: ['Initial version (000 §6.4)', 'Первоначальная версия (000 §6.4)', 'Sākotnējā versija (000 §6.4)'],
    provisionalMigrationOn: ['Provisional migration date', 'Предварительная дата миграции', 'Provizoriskais migrācijas datums'],
    deferredAreas: ['Deferred areas', 'Отложенные направления', 'Atliktās jomas'],
    exceptionConditions: ['Exception conditions', 'Условия исключения', 'Izņēmuma nosacījumi'],
  },
  enum: {
    complies: ['Complies', 'Соответствует', 'Atbilst', 'Сәйкес'],
    does_not_comply: ['Does not comply', 'Не соответствует', 'Neatbilst', 'Сәйкес емес'],
    no_architecture: ['The state body has no approved architecture', 'У госоргана нет утверждённой архитектуры', 'Iestādei nav apstiprinātas arhitektūras'],
    include: ['Include in the list', 'Включить в перечень', 'Iekļaut sarakstā', 'Тізбеге енгізу'],
    refuse: ['Refuse', 'Отказать', 'Atteikt', 'Бас тарту'],
    agree: ['Agree', 'Согласовать', 'Saskaņot', 'Келісу'],
    placed: ['Placed', 'Размещено', 'Izvietots'],
    placed_elsewhere: ['Placed elsewhere', 'Размещено в другом месте', 'Izvietots citur'],
    platform: ['Platform', 'Платформа', 'Platforma'],
    infrastructure: ['Infrastructure', 'Инфраструктура', 'Infrastruktūra'],
    development_testing: ['Development and testing', 'Разработка и тестирование', 'Izstrāde un testēšana'],
    trial_operation: ['Trial operation', 'Опытная эксплуатация', 'Izmēģinājuma ekspluatācija'],
    testing: ['Testing', 'Испытания', 'Testēšana'],
    inheritance: ['Inheritance', 'Наследование', 'Mantojums'],
    donation: ['Donation', 'Дарение', 'Dāvinājums'],
    positive: ['Positive', 'Положительное', 'Pozitīvs'],
    negative: ['Negative', 'Отрицательное', 'Negatīvs'],
    state_investment: ['State investment', 'Государственные инвестиции', 'Valsts investīcijas'],
    own_funds: ['Own funds', 'Собственные средства', 'Pašu līdzekļi'],
    accept: ['Accept', 'Принять', 'Pieņemt', 'Қабылдау'],
    reject: ['Reject', 'Отклонить', 'Noraidīt', 'Қабылдамау'],
    servers: ['Servers', 'Серверы', 'Serveri'],
    storage: ['Data storage', 'Системы хранения данных', 'Datu glabāšana'],
    other_dc_equipment: ['Other data-centre equipment', 'Иное оборудование ЦОД', 'Cits datu centru aprīkojums'],
    exception: ['An exception case', 'Исключительный случай', 'Izņēmuma gadījums'],
    emergency: ['An urgent emergency', 'Срочная авария', 'Steidzama avārija'],
  },
  clock: {
    pending: ['waiting for its start date', 'ожидает даты начала', 'gaida sākuma datumu'],
    running: ['running', 'идёт', 'rit', 'жүріп жатыр'],
    met: ['met', 'соблюдён', 'ievērots', 'сақталды'],
    overdue: ['overdue', 'просрочен', 'nokavēts', 'мерзімі өтті'],
    unscheduled: ['not yet scheduled (calendar year not loaded)', 'не рассчитан (календарь года не загружен)', 'nav aprēķināts (gada kalendārs nav ielādēts)'],
  },
  measure: {
    not_started: ['Not started', 'Не начато', 'Nav uzsākts', 'Басталмады'],
    in_progress: ['In progress', 'Выполняется', 'Notiek izstrāde', 'Орындалуда'],
    done: ['Done', 'Выполнено', 'Izdarīts', 'Орындалды'],
    cancelled: ['Cancelled', 'Отменено', 'Atcelts', 'Тоқтатылды'],
  },
  reportState: {
    pending: ['not yet due', 'срок ещё не наступил', 'termiņš vēl nav sācies', 'мерзімі әлі келмеді'],
    running: ['awaited', 'ожидается', 'gaidāms', 'күтілуде'],
    met: ['made on time', 'составлен в срок', 'sagatavots laikā', 'мерзімінде жасалды'],
    overdue: ['overdue', 'просрочен', 'nokavēts', 'мерзімі өтті'],
    late: ['past its due date, not made yet', 'срок прошёл, ещё не составлен', 'termiņš pagājis, vēl nav sagatavots', 'мерзімі өтті, әлі жасалмаған'],
  },
  docstatus: {
    valid: ['valid', 'принят', 'derīgs', 'қабылданды'],
    rejected: ['rejected', 'отклонён', 'noraidīts', 'қабылданбады'],
    pending_upload: ['waiting for the file', 'ожидает файл', 'gaida failu', 'файл күтілуде'],
  },
  limit: {
    working_days: ['working days', 'рабочих дней', 'darba dienas'],
    calendar_days: ['calendar days', 'календарных дней', 'kalendāra dienas'],
    months: ['months', 'месяцев', 'mēneši'],
  },
  notice: {
    status_changed: ['Status changed', 'Статус изменён', 'Statuss mainīts', 'Күйі өзгерді'],
    step_started: ['A step started', 'Начат этап', 'Sākts posms', 'Кезең басталды'],
    reminder: ['Reminder: due tomorrow', 'Напоминание: срок завтра', 'Atgādinājums: termiņš rīt', 'Еске салу'],
    overdue: ['Overdue', 'Просрочено', 'Nokavēts', 'Мерзімі өтті'],
    included: ['Included in the list', 'Включено в перечень', 'Iekļauts sarakstā'],
    excluded: ['Excluded from the list', 'Исключено из перечня', 'Izslēgts no saraksta'],
    admin: ['For the administrator', 'Администратору', 'Administratoram'],
    revision_requested: ['Revision requested', 'Требуется доработка', 'Pieprasīta pārstrāde'],
    term_ended: ['A term ended', 'Срок истёк', 'Termiņš beidzies'],
    freeze: ['Investment freeze', 'Заморозка инвестиций', 'Investīciju iesaldēšana'],
    report_due: ['A report is due', 'Подходит срок отчёта', 'Tuvojas ziņojuma termiņš'],
    risk_warning: ['Risk of delay', 'Риск задержки', 'Kavēšanās risks'],
  },
  // The validator's reasons for rejecting a file (Document.reasons).
  reason: {
    size_mismatch: ['the size differs from the one declared', 'размер отличается от заявленного', 'izmērs atšķiras no norādītā'],
    sha256_mismatch: ['the content differs from the one declared', 'содержимое отличается от заявленного', 'saturs atšķiras no norādītā'],
    too_large: ['the file is larger than 50 MB', 'файл больше 50 МБ', 'fails ir lielāks par 50 MB'],
    unsupported_format: ['this format is not accepted', 'формат не принимается', 'formāts netiek pieņemts'],
    empty: ['the file is empty', 'файл пуст', 'fails ir tukšs'],
    not_pdf: ['the file is not a real PDF', 'файл не является настоящим PDF', 'fails nav īsts PDF'],
    pdf_no_eof: ['the PDF is cut off (no end marker)', 'PDF обрезан (нет маркера конца)', 'PDF ir nepilnīgs (nav beigu marķiera)'],
    not_zip: ['the file is not a real office document', 'файл не является настоящим офисным документом', 'fails nav īsts biroja dokuments'],
    zip_corrupt: ['the file is damaged', 'файл повреждён', 'fails ir bojāts'],
    too_many_entries: ['the document has too many parts', 'в документе слишком много частей', 'dokumentā ir pārāk daudz daļu'],
    wrong_mimetype: ['the document\'s inner type does not match its name', 'внутренний тип документа не совпадает с именем', 'dokumenta iekšējais veids neatbilst nosaukumam'],
    missing_part: ['a required part is missing: {x}', 'нет обязательной части: {x}', 'trūkst obligātās daļas: {x}'],
    detected: ['it is really a {x} file, renamed', 'на самом деле это файл {x}, переименованный', 'patiesībā tas ir pārdēvēts {x} fails'],
  },
  procedure: {
    'kz-operator-list': ['Inclusion in the operator\'s list of e-government ICT infrastructure objects', 'Включение в перечень объектов ИКТ-инфраструктуры электронного правительства, закреплённых за оператором', 'Iekļaušana operatoram nodoto e-pārvaldes IKT infrastruktūras objektu sarakstā', 'Операторға бекітілген АКТ инфрақұрылымы объектілерінің тізбесіне енгізу'],
    'kz-operator-exclusion': ['Exclusion from the operator\'s list after cessation of operation', 'Исключение из перечня оператора после прекращения эксплуатации', 'Izslēgšana no operatora saraksta pēc ekspluatācijas izbeigšanas'],
    'kz-architecture-agreement': ['Agreement of the e-government architecture draft', 'Согласование проекта архитектуры электронного правительства', 'E-pārvaldes arhitektūras projekta saskaņošana'],
    'kz-placement': ['Placement on the e-government ICT platform or infrastructure', 'Размещение на платформе или инфраструктуре электронного правительства', 'Izvietošana e-pārvaldes IKT platformā vai infrastruktūrā'],
    'kz-environment': ['Provision of development, testing and trial-operation environments', 'Предоставление сред разработки, тестирования и опытной эксплуатации', 'Izstrādes, testēšanas un izmēģinājuma vides nodrošināšana'],
    'kz-tor-agreement': ['Agreement of the terms of reference for development by a trustee', 'Согласование технического задания на развитие доверительным управляющим', 'Darba uzdevuma saskaņošana pilnvarnieka attīstībai'],
    'kz-donation-conclusion': ['Conclusion on acquiring an object by inheritance or donation', 'Заключение о приобретении объекта по наследству или дарению', 'Atzinums par objekta iegūšanu mantojumā vai dāvinājumā'],
    'kz-warranty-claim': ['Warranty claim to the supplier of an object', 'Гарантийная претензия поставщику объекта', 'Garantijas prasība objekta piegādātājam', 'Объект жеткізушісіне кепілдік талабы'],
    'lv-shared-services': ['Agreement with VARAM on developing shared computing services', 'Согласование с VARAM развития общих вычислительных сервисов', 'Saskaņojums ar VARAM par koplietošanas skaitļošanas pakalpojumu attīstību'],
    'lv-migration': ['Agreement with VARAM on a gradual transition to shared or commercial services', 'Согласование с VARAM постепенного перехода на общие или коммерческие сервисы', 'Saskaņojums ar VARAM par pakāpenisku pāreju uz koplietošanas vai komercpakalpojumiem'],
    'lv-action-plan': ['Agreement with VARAM of the action plan', 'Согласование с VARAM плана действий', 'Rīcības plāna saskaņošana ar VARAM'],
    'lv-extraordinary-investment': ['Agreement with VARAM of an extraordinary investment under the freeze', 'Согласование с VARAM чрезвычайной инвестиции при заморозке', 'Ārkārtas investīcijas saskaņošana ar VARAM iesaldēšanas laikā'],
  },
  stage: {
    initiated: ['Initiated', 'Инициирован', 'Uzsākts', 'Бастамашылық'],
    engineering: ['Engineering', 'Проектирование', 'Projektēšana', 'Жобалау'],
    trial_operation: ['Trial operation', 'Опытная эксплуатация', 'Izmēģinājuma ekspluatācija', 'Тәжірибелік пайдалану'],
    is_testing: ['Information-security testing', 'Испытания на информационную безопасность', 'Informācijas drošības testēšana', 'Ақпараттық қауіпсіздік сынағы'],
    implementation: ['Implementation', 'Внедрение', 'Ieviešana', 'Енгізу'],
    operation: ['Operation', 'Эксплуатация', 'Ekspluatācija', 'Пайдалану'],
    terminated: ['Terminated', 'Прекращён', 'Izbeigts', 'Тоқтатылды'],
    recommissioned: ['Re-commissioned', 'Повторно введён в эксплуатацию', 'Atkārtoti nodots ekspluatācijā', 'Қайта пайдалануға берілді'],
    abandoned: ['Abandoned (object terminated)', 'Прекращено (объект выведен)', 'Pārtraukts (objekts izbeigts)', 'Тоқтатылды (объект шығарылды)'],
  },
  warranty: {
    running: ['running', 'действует', 'darbojas', 'әрекет етеді'],
    ended: ['ended', 'истекла', 'beigusies', 'аяқталды'],
  },
  performer: {
    supplier: ['The supplier or another contractor', 'Поставщик или иной подрядчик', 'Piegādātājs vai cits izpildītājs', 'Жеткізуші немесе басқа мердігер'],
    trustee: ['A trustee (trust management)', 'Доверительный управляющий', 'Pilnvarnieks (pārvaldība uz pilnvaras pamata)', 'Сенімгерлік басқарушы'],
    owner: ['The organisation\'s own staff', 'Собственными силами организации', 'Iestādes pašas darbinieki', 'Ұйымның өз күшімен'],
  },
  // What the budget gate finds missing (budget-eligibility `missing[].item`).
  missing: {
    name: ['The object\'s name', 'Наименование объекта', 'Objekta nosaukums', 'Объект атауы'],
    type: ['The object\'s type', 'Тип объекта', 'Objekta veids', 'Объект түрі'],
    funding: ['The funding route', 'Источник финансирования', 'Finansēšanas veids', 'Қаржыландыру көзі'],
    stage: ['Operation was terminated', 'Эксплуатация прекращена', 'Ekspluatācija izbeigta', 'Пайдалану тоқтатылды'],
  },
  // Audit trail entries (an application's or an object's).
  event: {
    created: ['Registered', 'Зарегистрировано', 'Reģistrēts', 'Тіркелді'],
    changed: ['Record corrected', 'Сведения исправлены', 'Ieraksts labots', 'Мәліметтер түзетілді'],
    stage: ['Stage entered', 'Переход на стадию', 'Jauns posms', 'Кезеңге өту'],
    document_requested: ['Upload slot given', 'Выдано место для загрузки', 'Piešķirta augšupielādes vieta', 'Жүктеу орны берілді'],
    document_valid: ['Document accepted', 'Документ принят', 'Dokuments pieņemts', 'Құжат қабылданды'],
    document_rejected: ['Document rejected', 'Документ отклонён', 'Dokuments noraidīts', 'Құжат қабылданбады'],
    development_started: ['Development started', 'Развитие начато', 'Attīstība sākta', 'Дамыту басталды'],
    development_stage: ['Development entered a stage', 'Развитие перешло на стадию', 'Attīstība pārgāja jaunā posmā', 'Дамыту кезеңге өтті'],
    clock_reminder: ['Reminder sent', 'Напоминание отправлено', 'Nosūtīts atgādinājums', 'Еске салу жіберілді'],
    clock_term_ended: ['Term ended', 'Срок истёк', 'Termiņš beidzies', 'Мерзім аяқталды'],
  },
};

// reasonText translates a validator reason such as "detected:zip" or "missing_part:word/document.xml".
export function reasonText(r) {
  const [code, x] = String(r).split(':');
  const s = pick(CODES.reason[code]);
  return s === undefined ? humanise(r) : s.replace('{x}', x || '');
}
