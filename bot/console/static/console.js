// Refreshes parts of a console page in place: an element with data-refresh-url is replaced by
// the HTML fragment at that URL every data-refresh-seconds. Served from this server (no CDN);
// the page needs no inline script, so the Content-Security-Policy stays script-src 'self'.
(function () {
  "use strict";

  function busy(region) {
    // Never swap the list out from under a nurse typing a note or with a form open.
    var active = document.activeElement;
    if (active && region.contains(active) && /^(TEXTAREA|INPUT|SELECT)$/.test(active.tagName)) {
      return true;
    }
    var fields = region.querySelectorAll("textarea");
    for (var i = 0; i < fields.length; i++) {
      if (fields[i].value.trim() !== "") return true;
    }
    return region.querySelector("details[open]") !== null;
  }

  function refresh(region) {
    if (busy(region) || document.hidden) return;
    fetch(region.dataset.refreshUrl, {
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    })
      .then(function (response) {
        if (response.redirected && new URL(response.url).pathname === "/login") {
          window.location.assign("/login"); // the session ended: sign in again
          return null;
        }
        return response.ok ? response.text() : null;
      })
      .then(function (html) {
        if (html !== null && html !== undefined && !busy(region)) {
          region.innerHTML = html;
          region.dataset.refreshedAt = new Date().toISOString();
        }
      })
      .catch(function () {
        region.dataset.refreshFailedAt = new Date().toISOString();
      });
  }

  document.querySelectorAll("[data-refresh-url]").forEach(function (region) {
    var seconds = parseInt(region.dataset.refreshSeconds || "10", 10);
    window.setInterval(function () {
      refresh(region);
    }, Math.max(seconds, 2) * 1000);
  });
})();
