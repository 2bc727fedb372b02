// Progressive enhancement only: every link and form works without this file.
(function () {
  "use strict";
  // "Copy link" copies the article's address instead of following it.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-copy-link]");
    if (!link || !navigator.clipboard || !window.isSecureContext) {
      return;
    }
    event.preventDefault();
    navigator.clipboard.writeText(link.href).then(function () {
      var original = link.textContent;
      link.textContent = link.getAttribute("data-copied") || original;
      link.classList.add("is-copied");
      link.setAttribute("aria-live", "polite");
      window.setTimeout(function () {
        link.textContent = original;
        link.classList.remove("is-copied");
      }, 2500);
    }, function () {
      window.location.href = link.href;
    });
  });
})();
