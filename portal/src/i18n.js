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
const LOCALES = { en: 'en-GB', ru: 'ru-RU', lv: 'lv-LV', kk: 'kk-KZ' };

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
  err412: ['Someone else saved this draft after you opened it. The page now shows their version: make your change again.', 'Кто-то сохранил черновик после того, как вы его открыли. Показана их версия: внесите изменения заново.', 'Kāds cits saglabāja melnrakstu pēc tam, kad to atvērāt. Redzama viņa versija: veiciet izmaiņas vēlreiz.'],
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
  // objects and plans (routes being built in parallel)
  objects: ['Objects and their life cycle', 'Объекты и их жизненный цикл', 'Objekti un to dzīves cikls', 'Объектілер және олардың өмірлік циклі'],
  notOffered: ['This part of the service is not offered by this installation yet ({what}). The other screens work as usual.', 'Эта часть сервиса в этой установке пока недоступна ({what}). Остальные разделы работают.', 'Šī pakalpojuma daļa šajā instalācijā vēl nav pieejama ({what}). Pārējās sadaļas darbojas.'],
  objStage: ['Stage', 'Стадия', 'Posms', 'Кезең'],
  objFunding: ['Funding', 'Финансирование', 'Finansējums'],
  objSupplier: ['Supplier', 'Поставщик', 'Piegādātājs'],
  objListed: ['On the operator\'s list', 'В перечне оператора', 'Operatora sarakstā'],
  newObjectTitle: ['Register an object', 'Зарегистрировать объект', 'Reģistrēt objektu'],
  moveStage: ['Move to stage', 'Перевести на стадию', 'Pārvietot uz posmu'],
  stageDate: ['On (date)', 'Дата', 'Datums'],
  noObjects: ['No objects.', 'Объектов нет.', 'Objektu nav.'],
  openById: ['Open by id', 'Открыть по идентификатору', 'Atvērt pēc ID'],
  warranty: ['Warranty', 'Гарантия', 'Garantija'],
  // public
  publicList: ['List of e-government ICT infrastructure objects assigned to the operator', 'Перечень объектов ИКТ-инфраструктуры электронного правительства, закреплённых за оператором', 'Operatoram nodoto e-pārvaldes IKT infrastruktūras objektu saraksts', 'Операторға бекітілген электрондық үкімет АКТ инфрақұрылымы объектілерінің тізбесі'],
  publicListHelp: ['Open data, updated as decisions are made (002 ¶10).', 'Открытые данные, обновляются по мере решений (002 ¶10).', 'Atvērtie dati, atjaunoti pēc lēmumiem (002 ¶10).'],
  downloadCsv: ['Download the whole list (CSV)', 'Скачать весь перечень (CSV)', 'Lejupielādēt visu sarakstu (CSV)', 'Тізбені жүктеп алу (CSV)'],
  listedAt: ['Listed', 'Включён', 'Iekļauts', 'Енгізілді'],
  emptyList: ['The list is empty.', 'Перечень пуст.', 'Saraksts ir tukšs.', 'Тізбе бос.'],
  plan: ['Open-government action plan', 'План открытого управления', 'Atvērtās pārvaldības rīcības plāns'],
  planId: ['Plan id', 'Идентификатор плана', 'Plāna ID'],
  measures: ['Measures', 'Мероприятия', 'Pasākumi'],
  overdueDays: ['{n} days overdue', 'просрочено на {n} дн.', 'nokavēts par {n} dienām'],
  reports: ['Annual reports', 'Годовые отчёты', 'Gada ziņojumi'],
  owner: ['Responsible', 'Ответственный', 'Atbildīgais'],
  period: ['Period', 'Период', 'Periods'],
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
    terms_of_reference: ['Terms of reference', 'Техническое задание', 'Darba uzdevums'],
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
  },
  clock: {
    pending: ['waiting for its start date', 'ожидает даты начала', 'gaida sākuma datumu'],
    running: ['running', 'идёт', 'rit', 'жүріп жатыр'],
    met: ['met', 'соблюдён', 'ievērots', 'сақталды'],
    overdue: ['overdue', 'просрочен', 'nokavēts', 'мерзімі өтті'],
    unscheduled: ['not yet scheduled (calendar year not loaded)', 'не рассчитан (календарь года не загружен)', 'nav aprēķināts (gada kalendārs nav ielādēts)'],
  },
  measure: {
    not_started: ['Not started', 'Не начато', 'Nav uzsākts'],
    in_progress: ['In progress', 'Выполняется', 'Tiek īstenots'],
    done: ['Done', 'Выполнено', 'Izpildīts'],
    cancelled: ['Cancelled', 'Отменено', 'Atcelts'],
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
  },
  stage: {
    initiated: ['Initiated', 'Инициирован', 'Uzsākts'],
    engineering: ['Engineering', 'Проектирование', 'Projektēšana'],
    trial_operation: ['Trial operation', 'Опытная эксплуатация', 'Izmēģinājuma ekspluatācija'],
    is_testing: ['Testing', 'Испытания', 'Testēšana'],
    implementation: ['Implementation', 'Внедрение', 'Ieviešana'],
    operation: ['Operation', 'Эксплуатация', 'Ekspluatācija'],
    terminated: ['Terminated', 'Прекращён', 'Izbeigts'],
  },
};

// reasonText translates a validator reason such as "detected:zip" or "missing_part:word/document.xml".
export function reasonText(r) {
  const [code, x] = String(r).split(':');
  const s = pick(CODES.reason[code]);
  return s === undefined ? humanise(r) : s.replace('{x}', x || '');
}
