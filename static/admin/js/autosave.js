// Autosave of the article form: every change is kept in this browser
// (localStorage) and on the server, so an unsaved edit survives a closed tab
// or an expired session and is offered back on return.
"use strict";
(function () {
  const DEBOUNCE_MS = 2000;
  const POLL_MS = 15000;

  function init() {
    const config = document.getElementById("autosave-config");
    const form = document.getElementById("article_form");
    if (!config || !form) {
      return;
    }
    const storageKey = "autosave:" + location.pathname + ":" + config.dataset.key;
    const submittedKey = "autosave-submitted:" + location.pathname;
    const csrf = form.querySelector("input[name=csrfmiddlewaretoken]");
    let lastSent = null;
    let timer = null;

    function snapshot() {
      const data = {};
      for (const el of form.elements) {
        const name = el.name;
        if (!name || name === "csrfmiddlewaretoken" || name === "version" ||
            name.startsWith("_") || name.includes("-") ||
            el.type === "file" || el.type === "submit" || el.type === "button") {
          continue;
        }
        if (el.type === "checkbox") {
          data[name] = el.checked;
        } else if (el.type === "radio") {
          if (el.checked) {
            data[name] = el.value;
          }
        } else if (el.tagName === "SELECT" && el.multiple) {
          data[name] = Array.from(el.selectedOptions, (o) => o.value);
        } else {
          data[name] = el.value;
        }
      }
      return data;
    }

    function readLocal() {
      try {
        return JSON.parse(localStorage.getItem(storageKey) || "null");
      } catch (e) {
        return null;
      }
    }

    function writeLocal(data) {
      try {
        localStorage.setItem(storageKey, JSON.stringify({savedAt: new Date().toISOString(), data: data}));
      } catch (e) {
        // Storage full or disabled: the server copy still counts.
      }
    }

    function send(body) {
      body.append("csrfmiddlewaretoken", csrf ? csrf.value : "");
      return fetch(config.dataset.url, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: {"X-CSRFToken": csrf ? csrf.value : "", "Accept": "application/json"},
        redirect: "manual",
      }).then((response) => response.ok);
    }

    function save(force) {
      const data = snapshot();
      const json = JSON.stringify(data);
      if (!force && json === lastSent) {
        return Promise.resolve(true);
      }
      writeLocal(data);
      const body = new FormData();
      body.append("data", json);
      return send(body).then((ok) => {
        if (ok) {
          lastSent = json;
        }
        return ok;
      }).catch(() => false);
    }

    function schedule() {
      clearTimeout(timer);
      timer = setTimeout(save, DEBOUNCE_MS);
    }

    // A successful save replaces the page; an edit it carried needs no copy.
    const justSubmitted = sessionStorage.getItem(submittedKey);
    sessionStorage.removeItem(submittedKey);
    const formHasErrors = document.querySelector(".errornote") !== null;
    if (justSubmitted && !formHasErrors) {
      localStorage.removeItem(storageKey);
    }

    const local = readLocal();
    const updatedAt = Date.parse(config.dataset.updatedAt || "") || 0;
    const serverSavedAt = Date.parse(config.dataset.serverSavedAt || "") || 0;
    lastSent = JSON.stringify(snapshot());
    if (local && !formHasErrors) {
      const localAt = Date.parse(local.savedAt) || 0;
      const differs = JSON.stringify(local.data) !== lastSent;
      if (localAt <= updatedAt || !differs) {
        localStorage.removeItem(storageKey);
      } else if (localAt > serverSavedAt && !document.getElementById("autosave-banner")) {
        // Kept here only (the session had expired): hand it to the server,
        // which puts it back into the form on "Restore".
        const body = new FormData();
        body.append("data", JSON.stringify(local.data));
        send(body).then((ok) => {
          const banner = document.getElementById("autosave-local-banner");
          if (ok && banner) {
            banner.hidden = false;
          }
        }).catch(() => {});
      }
    }

    const discard = document.getElementById("autosave-discard");
    if (discard) {
      discard.addEventListener("click", () => {
        const body = new FormData();
        body.append("discard", "1");
        send(body).finally(() => {
          localStorage.removeItem(storageKey);
          const banner = document.getElementById("autosave-banner");
          if (banner) {
            banner.hidden = true;
          }
        });
      });
    }

    form.addEventListener("input", schedule);
    form.addEventListener("change", schedule);
    form.addEventListener("submit", () => {
      writeLocal(snapshot());
      sessionStorage.setItem(submittedKey, "1");
    });
    setInterval(save, POLL_MS);
    window.addEventListener("pagehide", () => {
      if (JSON.stringify(snapshot()) !== lastSent) {
        writeLocal(snapshot());
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
