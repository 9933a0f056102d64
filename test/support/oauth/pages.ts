// The auth server's own HTML pages. Their field and button names are an interface: the
// browserless sign-in (signIn.ts) and browser tests fill them by these names.
//   login:          form[data-step=login]   input[name=email], input[name=password], button[name=login]
//   consent:        form[data-step=consent] button[name=consent][value=allow] (or value=deny)
//   device code:    form#op.deviceInputForm input[name=user_code], button[data-action=continue]
//   device confirm: form#op.deviceConfirmForm button[data-action=continue] (or data-action=cancel)
//   device done:    [data-step=device-done]

function escapeHtml(text: string): string {
    return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
    return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body><main><h1>${escapeHtml(title)}</h1>
${body}
</main></body>
</html>`;
}

export function loginPage(options: { uid: string; clientId: string; loginHint?: string; error?: string }): string {
    const error = options.error ? `<p role="alert" data-error="login">${escapeHtml(options.error)}</p>` : '';
    return page(
        'Sign in',
        `<p>to continue to ${escapeHtml(options.clientId)}</p>
${error}
<form method="post" action="/interaction/${escapeHtml(options.uid)}/login" data-step="login">
  <label>Email <input type="email" name="email" autocomplete="username" value="${escapeHtml(options.loginHint ?? '')}"></label>
  <label>Password <input type="password" name="password" autocomplete="current-password"></label>
  <button type="submit" name="login">Sign in</button>
</form>`,
    );
}

export function consentPage(options: { uid: string; clientId: string; email: string; scopes: string[] }): string {
    const scopes = options.scopes.map((scope) => `<li>${escapeHtml(scope)}</li>`).join('');
    return page(
        'Allow access',
        `<p>${escapeHtml(options.clientId)} wants to use the account ${escapeHtml(options.email)}:</p>
<ul>${scopes}</ul>
<form method="post" action="/interaction/${escapeHtml(options.uid)}/consent" data-step="consent">
  <button type="submit" name="consent" value="allow">Allow</button>
  <button type="submit" name="consent" value="deny">Deny</button>
</form>`,
    );
}

/**
 * oidc-provider renders the device forms itself (they carry its anti-forgery token); the buttons
 * go inside them so that a plain form submission, with or without a browser, sends everything.
 */
function withButtons(form: string, buttons: string): string {
    return form.replace('</form>', `${buttons}</form>`);
}

export function deviceCodePage(form: string, error?: string): string {
    const message = error ? `<p role="alert" data-error="user_code">${escapeHtml(error)}</p>` : '<p>Enter the code shown on your device.</p>';
    return page('Connect a device', `${message}\n${withButtons(form, '<button type="submit" data-action="continue">Continue</button>')}`);
}

export function deviceConfirmPage(form: string, clientId: string, userCode: string): string {
    return page(
        'Connect a device',
        `<p>${escapeHtml(clientId)} asks to sign in with the code <code>${escapeHtml(userCode)}</code>.</p>
${withButtons(form, '<button type="submit" data-action="continue">Continue</button> <button type="submit" name="abort" value="yes" data-action="cancel">Cancel</button>')}`,
    );
}

export function deviceDonePage(clientId: string): string {
    return page('Device connected', `<p data-step="device-done">${escapeHtml(clientId)} is signed in. You can close this page.</p>`);
}

export function errorPage(error: string, description?: string): string {
    return page('Sign-in error', `<p role="alert" data-error="${escapeHtml(error)}">${escapeHtml(error)}: ${escapeHtml(description ?? '')}</p>`);
}
