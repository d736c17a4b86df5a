// WhatsAppService: the link to WhatsApp (pairing, state, history), test messages, number
// checks, and the simulator's settings.
import * as WhatsApp from '../../wailsjs/go/connection/Service.js';

/**
 * The connection now: {state, phone, pushName, since, lastError, ban}; state is one of
 * disconnected, connecting, qr, pairing_code, connected, logged_out, error; ban, with
 * error, is {code, reason, until} while WhatsApp has banned the number. Changes arrive as
 * `whatsapp:status` events with the same shape.
 */
export function whatsappStatus() {
  return WhatsApp.Status();
}

/** The pending pairing: {qr, qrExpires, code}; refreshes arrive as `whatsapp:pairing` events. */
export function pairing() {
  return WhatsApp.Pairing();
}

/**
 * The ways Herald can reach WhatsApp: [{name, label, active}], name 'simulator' (practice:
 * nothing reaches a real phone) or 'whatsapp' (your own phone). A switch arrives as a
 * `whatsapp:driver` event carrying the new list.
 */
export function drivers() {
  return WhatsApp.Drivers();
}

/** Switches to the driver called name; refused, in words, while a campaign is sending. */
export function useDriver(name) {
  return WhatsApp.UseDriver(name);
}

export function connect() {
  return WhatsApp.Connect();
}

export function disconnect() {
  return WhatsApp.Disconnect();
}

/** Unlinks this device; the next Connect starts a new pairing. */
export function logout() {
  return WhatsApp.Logout();
}

/** Asks for a pairing code for the phone number; resolves to the code, "XXXX-XXXX". */
export function pairWithCode(phone) {
  return WhatsApp.PairWithCode(phone);
}

/** Simulator only: completes the pending pairing as if the phone had scanned the code. */
export function simulateScan() {
  return WhatsApp.SimulateScan();
}

/** State changes, newest first: {items: [{id, state, at, detail}], total}. */
export function connectionHistory({ offset = 0, limit = 50 } = {}) {
  return WhatsApp.History({ offset, limit });
}

/** Asks WhatsApp which of the contacts have an account: {checked, onWhatsApp, notOnWhatsApp}. */
export function checkNumbers(contactIds) {
  return WhatsApp.CheckNumbers(contactIds);
}

/** Sends text to phone now: {messageId, status}. */
export function sendTest(phone, text) {
  return WhatsApp.SendTest(phone, text);
}

/**
 * The simulator's settings: {seed, latencyMinMs, latencyMaxMs, failRate,
 * notOnWhatsAppRate, replyRate, disconnectRate, rateLimitPerSec, autoScanSec}; rates are
 * probabilities from 0 to 1 (disconnectRate per minute connected).
 */
export function simulatorSettings() {
  return WhatsApp.Simulator();
}

export function setSimulatorSettings(config) {
  return WhatsApp.SetSimulator(config);
}
