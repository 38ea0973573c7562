/**
 * Sending a recording, photo or document from the follow page: the file goes straight to the
 * evidence store through the link the API gives (S3 in AWS, the data folder locally), then the API
 * judges it on its content. The resident sees the SHA-256 fingerprint Abate recorded, and whether
 * it matches the file on their device.
 */
import { apiRequest, newIdempotencyKey, webConfig } from '../shared/api.js';
import { clearErrors, clearErrorTitle, showErrors } from '../shared/errors.js';
import { formatDateTime } from '../shared/format.js';
import { paragraph, showSuccess } from './notice.js';

const section = document.getElementById('uploads');
const form = document.getElementById('upload-form');
const input = document.getElementById('evidence-file');
const list = document.getElementById('uploaded-files');

const state = { session: undefined, busy: false };

const kinds = { recording: 'Recording', photo: 'Photo', document: 'Document' };

function size(bytes) {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)}MB`;
  return `${Math.max(1, Math.round(bytes / 1024))}KB`;
}

function fingerprint(sha256) {
  const code = document.createElement('code');
  code.className = 'app-fingerprint';
  code.textContent = sha256;
  return code;
}

function fileRow(file) {
  const row = document.createElement('div');
  row.className = 'govuk-summary-list__row';
  row.dataset.testid = 'uploaded-file';
  const key = document.createElement('dt');
  key.className = 'govuk-summary-list__key';
  key.textContent = file.fileName;
  const value = document.createElement('dd');
  value.className = 'govuk-summary-list__value';
  const tag = document.createElement('strong');
  tag.className = `govuk-tag ${file.reviewed ? 'govuk-tag--green' : 'govuk-tag--blue'}`;
  tag.textContent = file.reviewed ? 'Looked at by an officer' : 'Waiting for an officer';
  value.append(
    paragraph(`${kinds[file.kind] ?? 'File'}, ${size(file.size)}, received ${formatDateTime(file.addedAt)}`),
    paragraph('SHA-256 fingerprint: ', fingerprint(file.sha256)),
    tag,
  );
  row.append(key, value);
  return row;
}

export function showUploads(view, session) {
  state.session = session;
  const files = view.evidence?.files ?? [];
  const closed = view.status === 'closed';
  section.hidden = closed && files.length === 0;
  form.hidden = closed;
  if (files.length === 0) {
    list.replaceChildren();
    return;
  }
  const heading = document.createElement('h3');
  heading.className = 'govuk-heading-s';
  heading.textContent = 'Files you have sent';
  const summary = document.createElement('dl');
  summary.className = 'govuk-summary-list';
  summary.append(...[...files].reverse().map(fileRow));
  list.replaceChildren(heading, summary);
}

/** The fingerprint of the file on this device, to compare with the one Abate recorded. */
async function sha256Of(file) {
  if (!crypto?.subtle) return undefined;
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Sends the bytes to the store's link: relative locally (the API's origin), absolute in AWS. */
async function sendBytes(upload, file) {
  const { apiBase = '' } = await webConfig();
  const url = new URL(upload.url, apiBase || window.location.origin);
  try {
    const response = await fetch(url, {
      method: upload.method,
      headers: upload.headers,
      body: file,
      credentials: 'omit',
    });
    return response.ok;
  } catch {
    return false;
  }
}

function refused(status, body) {
  if (status === 400 && body?.error?.fields) return body.error.fields;
  if (status === 0)
    return [{ path: 'file', message: 'We could not reach the service. Check your connection and try again' }];
  if (status === 409 && body?.error?.message) return [{ path: 'file', message: body.error.message }];
  return [{ path: 'file', message: 'The selected file could not be uploaded – try again' }];
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (state.busy) return;
  const file = input.files?.[0];
  if (!file) {
    showErrors(form, [{ path: 'file', message: 'Select a file' }]);
    return;
  }
  state.busy = true;
  try {
    const { caseRef, token, refresh } = state.session;
    const headers = { 'X-Tracking-Token': token };
    const path = `/cases/${encodeURIComponent(caseRef)}/uploads`;
    const started = await apiRequest('POST', path, {
      json: { fileName: file.name, contentType: file.type, size: file.size },
      headers: { ...headers, 'Idempotency-Key': newIdempotencyKey() },
    });
    if (started.status !== 200) {
      showErrors(form, refused(started.status, started.body));
      return;
    }
    if (!(await sendBytes(started.body.upload, file))) {
      showErrors(form, [{ path: 'file', message: 'The selected file could not be uploaded – try again' }]);
      return;
    }
    const [kept, onDevice] = await Promise.all([
      apiRequest('POST', `${path}/${started.body.uploadId}`, { headers }),
      sha256Of(file).catch(() => undefined),
    ]);
    if (kept.status !== 201 && kept.status !== 200) {
      showErrors(form, refused(kept.status, kept.body));
      return;
    }
    clearErrors(form);
    clearErrorTitle();
    form.reset();
    await refresh();
    showSuccess(
      'File received',
      paragraph(`We have ${kept.body.fileName}. An officer will look at it.`),
      paragraph('Its SHA-256 fingerprint is ', fingerprint(kept.body.sha256), '.'),
      ...(onDevice
        ? [
            paragraph(
              onDevice === kept.body.sha256
                ? 'This matches the file on your device, so you can show the file we hold is the one you sent.'
                : 'This does not match the file on your device. Please upload it again.',
            ),
          ]
        : []),
    );
  } finally {
    state.busy = false;
  }
});
