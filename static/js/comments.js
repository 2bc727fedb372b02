// The comment form, sent in one step. The article page is the same for every
// reader (so shared caches can keep it): it carries no CSRF token and no
// signed timestamp, and its form posts to a confirmation page that supplies
// them. Here, as the reader starts writing, both are fetched from the form's
// data-start-url and the form posts straight to data-create-url instead.
// Whenever fetching fails the form is left to its confirmation step.
(function () {
  "use strict";
  var form = document.getElementById("comment-form");
  if (!form || !window.fetch) {
    return;
  }
  var startUrl = form.getAttribute("data-start-url");
  var createUrl = form.getAttribute("data-create-url");
  var confirmUrl = form.action;
  // Well inside the timestamp's lifetime (COMMENTS_MAX_AGE_SECONDS, two hours
  // by default) and short enough to notice a CSRF cookie changed meanwhile.
  var FRESH_MS = 15 * 60 * 1000;
  var fetchedAt = 0;
  var pending = null;
  var sending = false;

  function hidden(name, value) {
    var input = form.querySelector('input[type="hidden"][name="' + name + '"]');
    if (!input) {
      input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      form.appendChild(input);
    }
    input.value = value;
  }

  function fallBackToConfirmation() {
    ["csrfmiddlewaretoken", "timestamp"].forEach(function (name) {
      var input = form.querySelector('input[type="hidden"][name="' + name + '"]');
      if (input) {
        input.remove();
      }
    });
    form.action = confirmUrl;
    fetchedAt = 0;
  }

  // keepTimestamp: the minimum time is counted from the moment the reader
  // started writing; a timestamp signed at the click on "Send" would be
  // refused as too quick.
  function start(keepTimestamp) {
    if (!pending) {
      pending = fetch(startUrl, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("comment form start: " + response.status);
          }
          return response.json();
        })
        .then(function (values) {
          hidden("csrfmiddlewaretoken", values.csrfmiddlewaretoken);
          if (!keepTimestamp || !form.querySelector('input[name="timestamp"]')) {
            hidden("timestamp", values.timestamp);
          }
          form.action = createUrl;
          fetchedAt = Date.now();
        })
        .catch(fallBackToConfirmation)
        .then(function () {
          pending = null;
        });
    }
    return pending;
  }

  function onFirstActivity() {
    form.removeEventListener("focusin", onFirstActivity);
    form.removeEventListener("input", onFirstActivity);
    start(false);
  }
  form.addEventListener("focusin", onFirstActivity);
  form.addEventListener("input", onFirstActivity);

  form.addEventListener("submit", function (event) {
    // Not fetched (yet, or at all): the confirmation step takes over.
    if (!fetchedAt || Date.now() - fetchedAt < FRESH_MS) {
      return;
    }
    event.preventDefault();
    if (sending) {
      return;
    }
    sending = true;
    start(true).then(function () {
      sending = false;
      form.submit();
    });
  });
})();
