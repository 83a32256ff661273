// What the proctor's page shows: the rows and their status, the counters, the feedback
// line, the unsent count and the search filter. The status words come from the server
// (the page's "status-labels" JSON), so the script holds no copy of them.
(function (proctor) {
  "use strict";

  proctor.page = function (labels) {
    const feedback = document.getElementById("feedback");
    const pending = document.getElementById("pending");
    const pendingCount = document.getElementById("pending-count");

    // The list says whether marking is open (closed by another proctor: locked at its refresh).
    function canMark() {
      const roster = document.getElementById("roster");
      return roster !== null && roster.dataset.canMark === "1";
    }
    function say(text, kind) {
      feedback.textContent = text;
      feedback.className = "msg msg-" + kind;
      feedback.hidden = false;
    }
    function signedOut(loginUrl) {
      say("Sesi masuk Anda berakhir. Penandaan yang belum terkirim tetap tersimpan di perangkat ini. ", "warning");
      const link = document.createElement("a");
      link.href = loginUrl + "?next=" + encodeURIComponent(location.pathname);
      link.textContent = "Masuk lagi";
      feedback.appendChild(link);
    }
    function showPending(count) {
      pending.hidden = count === 0;
      pendingCount.textContent = count;
    }
    // While a queue drains: "Mengirim 200 dari 500 tanda…" and a bar; (0, 0) hides them.
    function progress(sent, total) {
      const box = document.getElementById("sync-progress");
      box.hidden = total === 0;
      if (total === 0) return;
      document.getElementById("sync-sent").textContent = sent;
      document.getElementById("sync-total").textContent = total;
      const bar = document.getElementById("sync-bar");
      bar.max = total;
      bar.value = sent;
    }
    // The name a queued mark's row shows, or what the mark named (a card, an id).
    function nameOf(item) {
      const registration = proctor.registrationOf(item);
      const row = registration && document.querySelector('tr[data-registration="' + registration + '"]');
      const name = row && row.querySelector(".person strong");
      if (name) return name.textContent.trim();
      return item.code ? "Kartu " + item.code.split(":")[0] : "Peserta " + (registration || "?");
    }
    // The marks the server refused, each with its reason, until the proctor closes the list.
    function showRefused(items) {
      const box = document.getElementById("refused");
      const list = document.getElementById("refused-list");
      box.hidden = items.length === 0;
      document.getElementById("refused-count").textContent = items.length;
      list.replaceChildren.apply(list, items.map(function (item) {
        const line = document.createElement("li");
        const when = new Date(item.marked_at);
        const time = isNaN(when) ? "" : " (" + when.toLocaleTimeString("id-ID", { hour: "2-digit", minute: "2-digit" }) + ")";
        const name = document.createElement("strong");
        name.textContent = item.name + time;
        line.append(name, ": " + item.reason);
        return line;
      }));
    }
    // A row shows what the server decided, or, unsent, what the proctor asked for (an
    // arrival, which the server turns into Hadir or Terlambat when it arrives).
    function showRow(registration, status, unsent) {
      const row = document.querySelector('tr[data-registration="' + registration + '"]');
      if (!row) return;
      const before = (/status-(\w+)/.exec(row.className) || [])[1];
      row.className = "status-" + status + (unsent ? " unsent" : "");
      row.querySelector(".state").textContent = labels[status] + (unsent ? " (belum terkirim)" : "");
      if (before !== status) {
        // The counters follow at once, offline too; the list's next refresh sets them exactly.
        bump(before, -1);
        bump(status, 1);
      }
    }
    function bump(key, by) {
      const counter = document.querySelector('#roster [data-count="' + key + '"]');
      if (!counter) return;
      const value = Math.max(0, parseInt(counter.textContent, 10) + by);
      counter.textContent = value;
      const optional = counter.closest("[data-when-any]");
      if (optional) optional.hidden = value === 0;
    }
    function visibleRows(text) {
      const rows = Array.from(document.querySelectorAll("tr[data-registration]"));
      rows.forEach(function (row) { row.hidden = text !== "" && !row.dataset.search.includes(text); });
      return rows.filter(function (row) { return !row.hidden; });
    }
    function refreshList() {
      if (window.htmx) htmx.trigger("#roster", "every 10s");
    }

    return {
      canMark: canMark,
      say: say,
      signedOut: signedOut,
      showPending: showPending,
      progress: progress,
      nameOf: nameOf,
      showRefused: showRefused,
      showRow: showRow,
      visibleRows: visibleRows,
      refreshList: refreshList,
    };
  };
})(window.cactProctor = window.cactProctor || {});
