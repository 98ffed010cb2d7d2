// The upload form, enhanced: files dropped on the drop zone, a list of the chosen files, and an upload with a
// progress bar. Without this script the form posts as a plain multipart form and the server redirects to the results;
// with it, the same POST goes through XMLHttpRequest and the results part of the page it redirects to is swapped in.
(() => {
    'use strict';

    const form = document.getElementById('upload-form');
    if (!form || !window.FormData) {
        return;
    }
    const input = document.getElementById('upload-files');
    const zone = document.getElementById('drop-zone');
    const chosen = document.getElementById('chosen-files');
    const progress = document.getElementById('upload-progress');
    const bar = progress.querySelector('progress');
    const text = progress.querySelector('.progress-text');
    const submit = form.querySelector('button[type=submit]');
    const maxBytes = Number(form.dataset.maxBytes);
    const maxSize = form.dataset.maxSize;

    const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
    const size = bytes => {
        let value = bytes;
        let unit = 0;
        for (; value >= 1024 && unit < units.length - 1; unit++) {
            value /= 1024;
        }
        return unit === 0 ? `${bytes} bytes` : `${value.toFixed(value < 10 && value % 1 !== 0 ? 1 : 0)} ${units[unit]}`;
    };
    const totalBytes = () => Array.from(input.files).reduce((sum, file) => sum + file.size, 0);

    function show(state, fraction, message) {
        progress.hidden = false;
        progress.dataset.state = state;
        bar.value = Math.round(fraction * 100);
        text.textContent = message;
    }

    function showChosen() {
        chosen.replaceChildren(...Array.from(input.files).map(file => {
            const item = document.createElement('li');
            const name = document.createElement('span');
            const bytes = document.createElement('span');
            name.textContent = file.name;
            bytes.className = 'size';
            bytes.textContent = size(file.size);
            item.append(name, bytes);
            return item;
        }));
        chosen.hidden = input.files.length === 0;
        progress.hidden = true;
        if (totalBytes() > maxBytes) {
            show('failed', 0, `These files come to ${size(totalBytes())}, more than the limit of ${maxSize} per upload.`);
        }
    }

    function outcome(node) {
        document.getElementById('upload-outcome').replaceWith(node);
    }

    function failed(message) {
        show('failed', 1, message);
        submit.disabled = false;
    }

    function finished(xhr) {
        if (xhr.status === 401) {
            failed('Your session has ended: sign in again, then upload the files again.');
            return;
        }
        if (xhr.status === 429) {
            const seconds = Number(xhr.getResponseHeader('Retry-After')) || 60;
            failed(`Too many uploads from this address in a short time: nothing was imported. Try again in ${
                seconds < 120 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`}.`);
            return;
        }
        const fresh = xhr.response && xhr.response.getElementById('upload-outcome');
        if (!fresh) {
            failed(`The upload failed (the server answered ${xhr.status}).`);
            return;
        }
        outcome(document.importNode(fresh, true));
        if (xhr.status >= 400) {
            failed('The upload was refused.');
            return;
        }
        // The address now names this upload's results, as it does after the form's own redirect.
        history.replaceState(null, '', xhr.responseURL);
        input.value = '';
        showChosen();
        // Each file is imported on its own: the upload succeeds even when some of its files were refused.
        const results = Array.from(document.querySelectorAll('#upload-outcome tbody.result'));
        const refused = results.filter(r => r.dataset.status !== 'imported').length;
        if (refused > 0) {
            show('failed', 1, refused === results.length
                ? (refused === 1 ? 'The file was rejected: see why below.' : `All ${refused} files were rejected: see why below.`)
                : `${refused} of ${results.length} files were rejected: see why below.`);
        } else {
            show('done', 1, results.length === 1 ? 'Imported.' : `All ${results.length} files imported.`);
        }
        submit.disabled = false;
    }

    input.addEventListener('change', showChosen);

    for (const type of ['dragenter', 'dragover']) {
        zone.addEventListener(type, event => {
            event.preventDefault();
            zone.classList.add('dragging');
        });
    }
    for (const type of ['dragleave', 'drop']) {
        zone.addEventListener(type, () => zone.classList.remove('dragging'));
    }
    zone.addEventListener('drop', event => {
        event.preventDefault();
        if (event.dataTransfer && event.dataTransfer.files.length > 0) {
            input.files = event.dataTransfer.files;
            showChosen();
        }
    });

    form.addEventListener('submit', event => {
        event.preventDefault();
        if (input.files.length === 0) {
            failed('Choose one or more CSV files to upload.');
            return;
        }
        if (totalBytes() > maxBytes) {
            failed(`These files come to ${size(totalBytes())}, more than the limit of ${maxSize} per upload.`);
            return;
        }
        const xhr = new XMLHttpRequest();
        xhr.open('POST', form.action);
        xhr.responseType = 'document';
        // Asks the sign-in cookie for a 401 rather than a redirect to the sign-in page when the session has ended.
        xhr.setRequestHeader('X-Requested-With', 'XMLHttpRequest');
        xhr.setRequestHeader('RequestVerificationToken', form.elements.__RequestVerificationToken.value);
        xhr.upload.addEventListener('progress', e => {
            if (e.lengthComputable) {
                show('uploading', e.loaded / e.total, `Uploading: ${Math.floor(100 * e.loaded / e.total)}% of ${size(e.total)}`);
            }
        });
        xhr.upload.addEventListener('load', () => show('importing', 1, 'Uploaded; importing…'));
        xhr.addEventListener('load', () => finished(xhr));
        xhr.addEventListener('error', () => failed('The upload failed: the connection to the server was lost.'));
        xhr.addEventListener('abort', () => failed('The upload was cancelled.'));
        submit.disabled = true;
        show('uploading', 0, 'Uploading…');
        xhr.send(new FormData(form));
    });
})();
