// Templates: the messages you write once and send many times, personalised per contact.
// The list and the editor live in ./templates/; this module switches between them.
import { on } from '../api/events.js';
import { getTemplate } from '../api/templates.js';
import { idParam } from '../lib/router.js';
import { throttle } from '../lib/throttle.js';
import { toast } from '../lib/toast.js';
import { templateEditor } from './templates/editor.js';
import { templatesList } from './templates/list.js';
import './templates/templates.css';

export default {
  id: 'templates',
  title: 'Templates',
  icon: 'fa-solid fa-file-lines',
  async render(container, { param } = {}) {
    let editor = null;
    const list = templatesList({ onNew: (kind) => openEditor({ kind }), onEdit: (t) => openEditor(t) });
    container.append(list.element);

    async function openEditor(template) {
      let fresh = template;
      if (template?.id) {
        try {
          fresh = await getTemplate(template.id);
        } catch (err) {
          toast.error(err);
          list.reload();
          return;
        }
      }
      editor?.destroy();
      editor = templateEditor({ template: fresh?.id ? fresh : null, kind: fresh?.kind, onClose: closeEditor });
      list.element.hidden = true;
      container.append(editor.element);
      editor.focus();
      await editor.ready;
    }

    function closeEditor(changed) {
      editor?.destroy();
      editor?.element.remove();
      editor = null;
      list.element.hidden = false;
      if (changed) list.reload();
    }

    // Changes made elsewhere (another window, a script) show up without a reload.
    const reloadSoon = throttle(() => {
      if (!editor) list.reload();
    }, 500);
    const stopListening = on('activity:new', (entry) => {
      if (entry?.kind === 'templates') reloadSoon();
    });

    await list.ready;
    // An address naming a template (a link from the activity log) opens it.
    const linked = idParam(param);
    if (linked) await openEditor({ id: linked });
    return () => {
      stopListening();
      reloadSoon.cancel();
      list.destroy();
      editor?.destroy();
    };
  },
};
