// Loaded as a classic, render-blocking script as the first thing in <body>, so the classes are on
// <body> before anything is painted (no flash of the no-JavaScript layout). It is an external file
// rather than an inline script so it runs under the Content-Security-Policy even on pages rendered
// without a nonce (the 500 page).
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
