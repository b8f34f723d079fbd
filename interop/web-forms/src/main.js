// Test page: renders one XForm with ODK Web Forms' <OdkWebForm> Vue component
// and publishes the outcome on window.__webforms for the driver (load.mjs).
//
// Query parameters (all same-origin, served by load.mjs):
//   form  = URL of the XForm XML
//   media = URL prefix under which jr://file/<name> attachments are served
import { createApp, h } from 'vue';
import { OdkWebForm, webFormsPlugin } from '@getodk/web-forms';

const state = (window.__webforms = {
  done: false,
  status: 'loading', // 'ready' | 'error'
  errors: [],
  attachments: [], // attachment names the engine asked for, and their HTTP status
});

window.addEventListener('error', (e) => {
  state.errors.push(`window error: ${e.message}`);
});
window.addEventListener('unhandledrejection', (e) => {
  const r = e.reason;
  state.errors.push(`unhandled rejection: ${r && r.stack ? r.stack : String(r)}`);
});

const params = new URLSearchParams(location.search);
const formUrl = params.get('form');
const mediaPrefix = params.get('media') || '/media/';

// jr://file/<name> (and jr://file-csv/<name>) -> <mediaPrefix><name>
async function fetchFormAttachment(url) {
  const href = String(url);
  const m = /^jr:\/\/file(?:-csv)?\/(.+)$/.exec(href);
  const target = m ? mediaPrefix + m[1] : href;
  const res = await fetch(target);
  state.attachments.push({ href, status: res.status });
  return res;
}

async function main() {
  if (!formUrl) throw new Error('no ?form= given');
  const res = await fetch(formUrl);
  if (!res.ok) throw new Error(`cannot fetch form ${formUrl}: HTTP ${res.status}`);
  const formXml = await res.text();

  const app = createApp({
    render: () =>
      h(OdkWebForm, {
        formXml,
        fetchFormAttachment,
        missingResourceBehavior: 'ERROR',
        // Records what Web Forms hands the host on "Send" (used by probes):
        // the <submission> metadata and the instance XML, as produced.
        onSubmit: async (payload, callback) => {
          try {
            const data = payload.data[0];
            const file = data.get('xml_submission_file');
            state.submission = {
              status: payload.status,
              encryptionKey: payload.submissionMeta?.encryptionKey ?? null,
              fields: [...data.keys()],
              xml: file ? await file.text() : null,
            };
            callback?.({ status: 'success' });
          } catch (e) {
            state.errors.push(`submit handler: ${e}`);
          }
        },
      }),
  });
  app.config.errorHandler = (err, _vm, info) => {
    state.errors.push(`vue error (${info}): ${err && err.stack ? err.stack : String(err)}`);
  };
  app.config.warnHandler = (msg) => {
    state.errors.push(`vue warning: ${msg}`);
  };
  app.use(webFormsPlugin);
  app.mount('#app');

  // The component marks its state on .form-initialization-status.
  const deadline = Date.now() + 30000;
  for (;;) {
    const el = document.querySelector('.form-initialization-status');
    if (el && el.classList.contains('ready')) {
      state.status = 'ready';
      break;
    }
    if (el && el.classList.contains('error')) {
      state.status = 'error';
      await new Promise((r) => setTimeout(r, 100));
      const dialog = document.querySelector('.form-load-failure-dialog');
      const msg = dialog?.querySelector('.message')?.textContent?.trim();
      let detail = dialog?.querySelector('pre')?.textContent?.trim();
      // The details usually repeat the message as "Error: <message>" before the stack.
      if (detail && msg && detail.split('\n')[0].trim() === `Error: ${msg}`) {
        detail = detail.split('\n').slice(1).join('\n').trim();
      }
      state.errors.push(`form load failure: ${msg || '(no message)'}${detail ? `\n${detail}` : ''}`);
      break;
    }
    if (Date.now() > deadline) {
      state.status = 'error';
      state.errors.push('timeout: form neither ready nor failed after 30 s');
      break;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  // Let any pending computations (itemsets from attachments, relevance) settle.
  await new Promise((r) => setTimeout(r, 300));
}

main()
  .catch((e) => {
    state.status = 'error';
    state.errors.push(`page error: ${e && e.stack ? e.stack : String(e)}`);
  })
  .finally(() => {
    state.done = true;
  });
