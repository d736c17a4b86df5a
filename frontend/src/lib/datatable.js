// DataTables set up once for every table in Herald. Import DataTable from here, not from the package.
import DataTable from 'datatables.net-bs5';
import { toast } from './toast.js';

// The default is a blocking alert() dialog; a toast says the same without stopping the app.
DataTable.ext.errMode = (settings, techNote, message) => toast.error(message);

const escape = DataTable.render.text().display;

/** Escapes text for the HTML a custom renderer returns. */
export function escapeHtml(text) {
  return escape(String(text ?? ''));
}

/**
 * A column renderer that shows format(value) as escaped text (DataTables inserts what
 * renderers return as HTML), with an optional wrapper for markup around it, e.g.
 * textRenderer(String, (escaped) => `<span class="badge">${escaped}</span>`).
 * Other uses (type detection, filtering) get the raw value.
 */
export function textRenderer(format = String, wrap = (escaped) => escaped) {
  return (value, type) => (type === 'display' ? wrap(escape(format(value ?? ''))) : value);
}

/**
 * Escaped text cut to its cell's width with "…", the whole of it on hover; the cell's
 * column needs a width (see .table-fit in styles.css) for the cut to happen.
 */
export function clipHtml(text, inner = escapeHtml(text)) {
  return `<span class="cell-clip" title="${escapeHtml(text)}">${inner}</span>`;
}

/** textRenderer for a column of clipped text (clipHtml). */
export function clippedText(format = String) {
  return (value, type) => (type === 'display' ? clipHtml(format(value ?? '')) : value);
}

export default DataTable;
