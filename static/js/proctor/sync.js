// Sends the queued marks, oldest first, in chunks of up to CHUNK per request (the batch
// endpoint answers each mark as if it had been sent alone), and shows the answers: the
// status the server decided, or why it refused. A long queue shows its progress
// ("Mengirim 200 dari 500 tanda…"). Each mark carries its own id, so a chunk sent again
// (a retry, a lost answer) is recorded once. A refused mark leaves the queue for the list
// of refused marks, which stays on the page with the reason until the proctor closes it.
(function (proctor) {
  "use strict";

  const CHUNK = 200;

  proctor.sync = function (options) {
    const queue = options.queue;
    const refusals = options.refusals;
    const page = options.page;
    let flushing = false;

    function csrfToken() {
      // The cookie rather than the page: signing in again (in another tab) changes the token.
      const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
      return match ? decodeURIComponent(match[1]) : options.csrf;
    }

    function send(items) {
      return fetch(options.url, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(), "X-Device": options.device },
        body: JSON.stringify({ marks: items }),
        credentials: "same-origin",
      });
    }

    function refused(item, reason, name) {
      return { client_id: item.client_id, marked_at: item.marked_at, name: name || page.nameOf(item), reason: reason };
    }

    async function flush() {
      if (flushing) return;
      flushing = true;
      const total = queue.all().length;
      let sent = 0;
      const tally = { stored: 0, duplicate: 0, refused: 0 };
      let last = null;
      try {
        let items;
        while ((items = queue.all().slice(0, CHUNK)).length) {
          if (total > 1) page.progress(Math.min(total, sent + items.length), total);
          let response;
          try {
            response = await send(items);
          } catch (networkDown) {
            queue.allReplayed();
            page.say("Koneksi terputus. Penandaan disimpan di perangkat ini.", "warning");
            break;
          }
          const body = await response.json().catch(function () { return null; });
          if (response.status === 403 && body && body.error && !body.results) {
            // The session is closed, or no longer this proctor's: none of these can be kept.
            refusals.add(items.map(function (item) { return refused(item, body.error); }));
            queue.removeMany(items.map(function (item) { return item.client_id; }));
            tally.refused += items.length;
            sent += items.length;
            page.refreshList();
            continue;
          }
          if (!response.ok || body === null || !Array.isArray(body.results)) {
            // Signed out, or an answer that is not about these marks (a proxy's error page, a
            // refused CSRF token): the marks stay queued and go out later.
            if (response.status === 401 && body) page.signedOut(body.login_url);
            else page.say("Server belum menerima penandaan; dikirim lagi otomatis.", "warning");
            break;
          }
          const byId = {};
          items.forEach(function (item) { byId[item.client_id] = item; });
          const done = [];
          const toConfirm = [];
          const gone = [];
          body.results.forEach(function (result) {
            const item = byId[result.client_id];
            if (!item) return;
            if (result.outcome === "confirm" && !item.confirm_moved) {
              toConfirm.push([item, result]);
              return;
            }
            done.push(item.client_id);
            if (result.outcome === "stored" || result.outcome === "duplicate") {
              tally[result.outcome] += 1;
              page.showRow(result.registration, result.status, false);
              last = result;
            } else {
              tally.refused += 1;
              gone.push(refused(item, result.error || "Penandaan ditolak.", result.name));
            }
          });
          if (done.length === 0 && toConfirm.length === 0) {
            page.say("Server belum menerima penandaan; dikirim lagi otomatis.", "warning");
            break;  // answers about none of the marks sent: try again later
          }
          refusals.add(gone);
          queue.removeMany(done);
          sent += done.length;
          if (gone.length) page.refreshList();  // those rows go back to what the server holds
          toConfirm.forEach(function (pair) { movedAway(pair[0], pair[1]); });
        }
      } finally {
        flushing = false;
        page.progress(0, 0);
        report(total, tally, last);
        if (queue.all().length === 0) page.refreshList();
      }
    }

    // What the proctor reads after sending: the one person's status, or the counts.
    function report(total, tally, last) {
      const answered = tally.stored + tally.duplicate + tally.refused;
      if (answered === 0) return;
      if (answered === 1 && last) {
        page.say(last.name + ": " + last.status_label + (tally.duplicate ? " (sudah tercatat)" : ""), "success");
      } else if (answered === 1) {
        page.say(refusals.all().slice(-1)[0].reason, "error");
      } else {
        const parts = [tally.stored + " tersimpan"];
        if (tally.duplicate) parts.push(tally.duplicate + " sudah tercatat");
        if (tally.refused) parts.push(tally.refused + " ditolak");
        page.say("Terkirim " + answered + " dari " + total + " tanda: " + parts.join(", ") + ".", tally.refused ? "warning" : "success");
      }
    }

    // On this list when the page was drawn, moved to another session since: ask first.
    function movedAway(item, result) {
      if (window.confirm(result.error)) {
        queue.change(item.client_id, { confirm_moved: true });
        return;
      }
      queue.remove(item.client_id);
      page.say("Tidak ditandai. " + result.error.replace(/ Tetap tandai di sesi ini\?$/, ""), "warning");
      page.refreshList();
    }

    return { flush: flush };
  };
})(window.cactProctor = window.cactProctor || {});
