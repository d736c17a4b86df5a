// Notifications: the email notices (the mail server, who receives them, which ones go, a
// test email) and the window's desktop notifications.
import { noticeSettings, noticeStatus, saveNoticeSettings, sendTestEmail } from '../../api/notices.js';
import { h, icon } from '../../lib/dom.js';
import { toast } from '../../lib/toast.js';

const SECURITY = [
  ['starttls', 'STARTTLS (usually port 587)'],
  ['tls', 'TLS (usually port 465)'],
  ['none', 'None (a mail server on this computer or network)'],
];

const SWITCHES = [
  ['finished', 'notice-finished', 'A campaign finished, with its results'],
  ['stopped', 'notice-stopped', 'A campaign stopped, or waits for WhatsApp for more than a few minutes'],
  ['backupFailed', 'notice-backup', 'A backup failed'],
  ['daily', 'notice-daily', 'A daily summary'],
];

function field(id, label, control, help) {
  return h('div', { class: 'col-md-6' },
    h('label', { for: id, class: 'form-label' }, label), control,
    help && h('div', { class: 'form-text', id: `${id}-help` }, help));
}

function toggle(id, label, checked) {
  const input = h('input', { id, class: 'form-check-input', type: 'checkbox', role: 'switch' });
  input.checked = Boolean(checked);
  return { input, element: h('div', { class: 'form-check form-switch' }, input, h('label', { for: id, class: 'form-check-label' }, label)) };
}

export async function notificationsCard() {
  const [config, status] = await Promise.all([noticeSettings(), noticeStatus()]);
  const input = (id, type, value, extra = {}) => {
    const el = h('input', { id, class: 'form-control', type, ...extra });
    el.value = value ?? '';
    return el;
  };
  const host = input('smtp-host', 'text', config.host, { placeholder: 'smtp.example.com', maxlength: 255 });
  const port = input('smtp-port', 'number', config.port, { min: 1, max: 65535 });
  const security = h('select', { id: 'smtp-security', class: 'form-select' },
    SECURITY.map(([value, label]) => h('option', { value }, label)));
  security.value = config.security || 'starttls';
  const user = input('smtp-user', 'text', config.user, { autocomplete: 'off', maxlength: 255 });
  const password = input('smtp-password', 'password', '', {
    autocomplete: 'new-password', placeholder: config.hasPassword ? 'Kept; type a new one to change it' : '' });
  const kept = h('div', { id: 'smtp-password-kept', class: 'form-text' }, config.passwordKept || 'No password is kept.');
  const from = input('smtp-from', 'email', config.from, { placeholder: 'herald@your-shop.example', maxlength: 255 });
  const to = h('textarea', { id: 'smtp-to', class: 'form-control', rows: 2, maxlength: 2000, placeholder: 'you@your-shop.example' });
  to.value = (config.to ?? []).join(', ');
  const switches = Object.fromEntries(SWITCHES.map(([key, id, label]) => [key, toggle(id, label, config.notices?.[key])]));
  const dailyAt = input('notice-daily-at', 'time', config.dailyAt || '08:00');
  const desktop = toggle('notice-desktop', 'Show them on the desktop too (in the Herald window)', config.desktop);

  const result = h('div', { id: 'test-email-result', class: 'mt-3', role: 'status', hidden: true });
  const state = h('div', { id: 'notice-status', class: 'form-text mt-2' });
  const showStatus = (st) => {
    state.replaceChildren();
    if (st?.failure) state.append(icon('fa-solid fa-triangle-exclamation text-warning me-1'),
      `${st.waiting} ${st.waiting === 1 ? 'email waits' : 'emails wait'} to go; the last try failed: ${st.failure}`);
    else if (st?.waiting) state.append(`${st.waiting} ${st.waiting === 1 ? 'email waits' : 'emails wait'} to go.`);
  };
  showStatus(status);

  const values = () => ({
    host: host.value, port: Number(port.value) || 0, security: security.value, user: user.value,
    password: password.value, from: from.value, to: [to.value], dailyAt: dailyAt.value, desktop: desktop.input.checked,
    notices: Object.fromEntries(Object.entries(switches).map(([key, s]) => [key, s.input.checked])),
  });
  const showResult = (ok, text) => {
    result.hidden = false;
    result.className = `mt-3 alert ${ok ? 'alert-success' : 'alert-danger'}`;
    result.replaceChildren(icon(`fa-solid ${ok ? 'fa-circle-check' : 'fa-circle-exclamation'} me-2`), text);
  };

  const save = h('button', { id: 'save-notices', type: 'button', class: 'btn btn-primary' }, 'Save');
  save.addEventListener('click', async () => {
    save.disabled = true;
    try {
      const saved = await saveNoticeSettings(values());
      password.value = '';
      password.placeholder = saved.hasPassword ? 'Kept; type a new one to change it' : '';
      kept.textContent = saved.passwordKept || 'No password is kept.';
      to.value = (saved.to ?? []).join(', ');
      toast.success('Saved. Notices go out as set.');
      showStatus(await noticeStatus());
    } catch (err) {
      toast.error(err);
    } finally {
      save.disabled = false;
    }
  });
  const test = h('button', { id: 'test-email', type: 'button', class: 'btn btn-outline-secondary' }, icon('fa-solid fa-paper-plane me-2'), 'Send a test email');
  test.addEventListener('click', async () => {
    test.disabled = true;
    result.hidden = true;
    try {
      const sent = await sendTestEmail(values());
      showResult(true, `Sent. Look for “Herald: test email” at ${(sent.to ?? []).join(', ')}.`);
    } catch (err) {
      showResult(false, err?.message ?? String(err));
    } finally {
      test.disabled = false;
    }
  });

  const element = h('section', { class: 'card mb-3', id: 'notifications', 'data-card': 'notifications' },
    h('div', { class: 'card-header' }, icon('fa-solid fa-bell me-2'), 'Notifications'),
    h('div', { class: 'card-body' },
      h('p', {}, 'Herald can email you when a campaign finishes or stops, or a backup fails, through your own mail server. ',
        'The mails wait in Herald until the server takes them, so a server that is down delays them but loses none.'),
      h('div', { class: 'row g-3' },
        field('smtp-host', 'Mail server', host),
        h('div', { class: 'col-md-2' }, h('label', { for: 'smtp-port', class: 'form-label' }, 'Port'), port),
        h('div', { class: 'col-md-4' }, h('label', { for: 'smtp-security', class: 'form-label' }, 'Security'), security),
        field('smtp-user', 'User name', user, 'Leave empty when the server needs no log-in.'),
        h('div', { class: 'col-md-6' }, h('label', { for: 'smtp-password', class: 'form-label' }, 'Password'), password, kept),
        field('smtp-from', 'Sender', from),
        field('smtp-to', 'Recipients', to, 'One or more addresses, separated by commas.')),
      h('h3', { class: 'h6 mt-4' }, 'Send an email when'),
      Object.values(switches).map((s) => s.element),
      h('div', { class: 'd-flex align-items-center gap-2 ms-4 mb-2' },
        h('label', { for: 'notice-daily-at', class: 'form-label mb-0' }, 'Daily summary at'), h('div', {}, dailyAt)),
      desktop.element,
      h('div', { class: 'd-flex gap-2 mt-3' }, save, test),
      result, state));
  return { element };
}
