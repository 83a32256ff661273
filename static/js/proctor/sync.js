// Sends the queued marks, oldest first, one at a time, and shows each answer: the status
// the server decided, or why it refused. Each mark carries its own id, so a mark sent again
// (a retry, a replay after reconnecting) is recorded once.
(function (proctor) {
  "use strict";

  proctor.sync = function (options) {
    const queue = options.queue;
    const page = options.page;
    let flushing = false;

    function csrfToken() {
      // The cookie rather than the page: signing in again (in another tab) changes the token.
      const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
      return match ? decodeURIComponent(match[1]) : options.csrf;
    }

    function send(item) {
      return fetch(options.url, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(), "X-Device": options.device },
        body: JSON.stringify(item),
        credentials: "same-origin",
      });
    }

    async function flush() {
      if (flushing) return;
      flushing = true;
      try {
        let item;
        while ((item = queue.first())) {
          let response;
          try {
            response = await send(item);
          } catch (networkDown) {
            queue.allReplayed();
            page.say("Koneksi terputus. Penandaan disimpan di perangkat ini.", "warning");
            break;
          }
          const body = await response.json().catch(function () { return null; });
          if (response.status === 401 || body === null) {
            // Signed out, or an answer that is not about this mark (a proxy's error page, a
            // refused CSRF token): the marks stay queued and go out later.
            if (response.status === 401 && body) page.signedOut(body.login_url);
            else page.say("Server belum menerima penandaan; dikirim lagi otomatis.", "warning");
            break;
          }
          if (response.status === 409 && body.moved && !item.confirm_moved) {
            movedAway(item, body);
            continue;
          }
          queue.remove(item.client_id);
          if (response.ok) {
            page.showRow(body.registration, body.status, false);
            page.say(body.name + ": " + body.status_label + (body.duplicate ? " (sudah tercatat)" : ""), "success");
          } else {
            page.say(body.error || "Penandaan ditolak.", "error");
            page.refreshList();  // the row goes back to what the server holds
          }
        }
      } finally {
        flushing = false;
        if (queue.all().length === 0) page.refreshList();
      }
    }

    // On this list when the page was drawn, moved to another session since: ask first.
    function movedAway(item, body) {
      if (window.confirm(body.error)) {
        queue.change(item.client_id, { confirm_moved: true });
        return;
      }
      queue.remove(item.client_id);
      page.say("Tidak ditandai. " + body.error.replace(/ Tetap tandai di sesi ini\?$/, ""), "warning");
      page.refreshList();
    }

    return { flush: flush };
  };
})(window.cactProctor = window.cactProctor || {});
