// Dashes of every kind separate words in a slug ("Türkiye–Azerbaycan" becomes
// "turkiye-azerbaycan"), matching the server's slugify_tr().
"use strict";
(function () {
  const original = window.URLify;
  if (!original) {
    return;
  }
  window.URLify = function (value, maxLength, allowUnicode) {
    return original(value.replace(/[\u2010-\u2015\u2212]/g, " "), maxLength, allowUnicode);
  };
})();
