// NoticeService: the email notices' settings, their test email, and whether mail is going out.
import * as Notices from '../../wailsjs/go/notify/Service.js';

/**
 * The settings: {host, port, security: "tls"|"starttls"|"none", user, from, to: [..],
 * notices: {finished, stopped, backupFailed, daily}, dailyAt: "08:00", desktop, hasPassword,
 * passwordKept}. The password itself never comes back.
 */
export function noticeSettings() {
  return Notices.Settings();
}

/** Saves the settings; a password given replaces the kept one, forgetPassword removes it. */
export function saveNoticeSettings(config) {
  return Notices.Save(config);
}

/** Sends a test email with the settings given; rejects with what went wrong, in plain words. */
export function sendTestEmail(config) {
  return Notices.SendTest(config);
}

/** {waiting, failure}: emails waiting to go, and why the last try failed ("" when it did not). */
export function noticeStatus() {
  return Notices.Status();
}
