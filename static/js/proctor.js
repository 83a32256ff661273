// The proctor's session page: find a person fast, mark with one action, and keep marks on
// the device while the network is down. Each mark has a client-made id, so sending it
// again (a retry, a replay after reconnecting) is recorded once by the server.
(function () {
  "use strict";
  const root = document.getElementById("proctor");
  if (!root) return;
  const markUrl = root.dataset.markUrl;
  const csrf = root.dataset.csrf;
  const lateAfter = new Date(root.dataset.lateAfter);
  const needsReason = root.dataset.needsReason === "1";
  const canMark = root.dataset.canMark === "1";
  const queueKey = "cact-marks-" + root.dataset.session;
  const scan = document.getElementById("scan");
  const feedback = document.getElementById("feedback");
  const pending = document.getElementById("pending");
  const pendingCount = document.getElementById("pending-count");
  const labels = { hadir: "Hadir", terlambat: "Terlambat", izin: "Izin", tidak_hadir: "Tidak Hadir" };
  let device = localStorage.getItem("cact-device");
  if (!device) {
    device = "perangkat-" + Math.random().toString(36).slice(2, 8);
    localStorage.setItem("cact-device", device);
  }

  function queue() { return JSON.parse(localStorage.getItem(queueKey) || "[]"); }
  function saveQueue(items) {
    localStorage.setItem(queueKey, JSON.stringify(items));
    pending.hidden = items.length === 0;
    pendingCount.textContent = items.length;
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
  function csrfToken() {
    // The cookie rather than the page: signing in again (in another tab) changes the token.
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : csrf;
  }
  function rowOf(registration) {
    return document.querySelector('tr[data-registration="' + registration + '"]');
  }
  function showRow(registration, status, unsent) {
    const row = rowOf(registration);
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
    if (counter) counter.textContent = Math.max(0, parseInt(counter.textContent, 10) + by);
  }

  // A card's code starts with its registration id ("R123:" and the signature, which only the
  // server checks): enough to show a scanned card's row as unsent while the network is down.
  function registrationOf(item) {
    if (item.registration) return item.registration;
    const match = /^R(\d+):/.exec(item.code || "");
    return match ? match[1] : null;
  }

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return "10000000-1000-4000-8000-100000000000".replace(/[018]/g, function (c) {
      return (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16);
    });
  }

  function mark(target, status) {
    if (!canMark) return;
    const now = new Date();
    if (!status) status = now > lateAfter ? "terlambat" : "hadir";
    const item = { client_id: newId(), marked_at: now.toISOString(), status: status, replayed: !navigator.onLine };
    Object.assign(item, target);
    if (target.seat === "") {
      const seat = window.prompt("Duduk di kursi mana? (misalnya PC-12)");
      if (!seat) return;
      target.seat = seat;
      item.seat = seat;
    }
    if (status === "izin" || needsReason) {
      const reason = window.prompt(status === "izin" ? "Alasan izin:" : "Alasan koreksi:");
      if (!reason) return;
      item.reason = reason;
    }
    if (registrationOf(item)) showRow(registrationOf(item), status, true);
    saveQueue(queue().concat([item]));
    flush();
  }

  let flushing = false;
  async function flush() {
    if (flushing) return;
    flushing = true;
    try {
      for (const item of queue()) {
        let response;
        try {
          response = await fetch(markUrl, {
            method: "POST",
            headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(), "X-Device": device },
            body: JSON.stringify(item),
            credentials: "same-origin",
          });
        } catch (networkDown) {
          // Keep them all; when they go out later they count as replayed from offline.
          saveQueue(queue().map(function (q) { return Object.assign(q, { replayed: true }); }));
          say("Koneksi terputus. Penandaan disimpan di perangkat ini.", "warning");
          break;
        }
        const body = await response.json().catch(function () { return null; });
        if (response.status === 401 || body === null) {
          // Signed out, or an answer that is not about this mark (a proxy's error page, a
          // refused CSRF token): the marks stay queued and go out later.
          if (response.status === 401 && body) signedOut(body.login_url);
          else say("Server belum menerima penandaan; dikirim lagi otomatis.", "warning");
          break;
        }
        saveQueue(queue().filter(function (q) { return q.client_id !== item.client_id; }));
        if (response.ok) {
          showRow(body.registration, body.status, false);
          say(body.name + ": " + body.status_label + (body.duplicate ? " (sudah tercatat)" : ""), "success");
        } else {
          if (item.registration) showRow(item.registration, item.status, false);
          say(body.error || "Penandaan ditolak.", "error");
        }
      }
    } finally {
      flushing = false;
      if (queue().length === 0) refreshCounts();
    }
  }

  function refreshCounts() {
    if (window.htmx) htmx.trigger("#roster", "every 10s");
  }

  function visibleRows(text) {
    const rows = Array.from(document.querySelectorAll("tr[data-registration]"));
    rows.forEach(function (row) { row.hidden = text !== "" && !row.dataset.search.includes(text); });
    return rows.filter(function (row) { return !row.hidden; });
  }

  scan.addEventListener("input", function () { visibleRows(scan.value.trim().toLowerCase()); });
  scan.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    event.preventDefault();
    const text = scan.value.trim();
    if (!text) return;
    if (text.includes(":")) {
      mark({ code: text });  // a card code from a hand scanner or the camera
    } else {
      const rows = visibleRows(text.toLowerCase());
      if (rows.length === 1) mark({ registration: rows[0].dataset.registration });
      else say(rows.length === 0 ? "Tidak ditemukan di sesi ini." : rows.length + " peserta cocok; ketik lebih lengkap.", "warning");
    }
    scan.value = "";
    visibleRows("");
  });
  document.addEventListener("click", function (event) {
    const seatButton = event.target.closest("button[data-seat]");
    if (seatButton) {
      mark({ registration: seatButton.closest("tr").dataset.registration, seat: "" }, "hadir");
      scan.focus();
    }
    const button = event.target.closest("button[data-mark]");
    if (button) {
      mark({ registration: button.closest("tr").dataset.registration }, button.dataset.mark);
      scan.focus();
    }
    const confirmButton = event.target.closest("button[data-confirm]");
    if (confirmButton && !window.confirm(confirmButton.dataset.confirm)) event.preventDefault();
  });
  // The search box keeps focus, so a hand scanner can type at any time.
  document.addEventListener("htmx:afterSwap", function () {
    visibleRows(scan.value.trim().toLowerCase());
    queue().forEach(function (item) {
      if (registrationOf(item)) showRow(registrationOf(item), item.status, true);
    });
  });
  window.addEventListener("online", flush);
  if ("serviceWorker" in navigator && root.dataset.serviceWorker) {
    navigator.serviceWorker.register(root.dataset.serviceWorker).catch(function () {});
  }
  setInterval(function () { if (queue().length) flush(); }, 5000);
  saveQueue(queue());
  flush();

  // The card's QR through the phone's camera (jsQR, served from static/).
  const cameraButton = document.getElementById("camera");
  const video = document.getElementById("camera-view");
  let stream = null;
  cameraButton.addEventListener("click", async function () {
    if (stream) { stop(); return; }
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
    } catch (denied) {
      say("Kamera tidak bisa dibuka di perangkat ini.", "error");
      return;
    }
    video.srcObject = stream;
    video.hidden = false;
    await video.play();
    const canvas = document.createElement("canvas");
    const context = canvas.getContext("2d", { willReadFrequently: true });
    (function look() {
      if (!stream) return;
      if (video.readyState === video.HAVE_ENOUGH_DATA) {
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
        context.drawImage(video, 0, 0);
        const found = jsQR(context.getImageData(0, 0, canvas.width, canvas.height).data, canvas.width, canvas.height);
        if (found && found.data) { stop(); mark({ code: found.data }); return; }
      }
      requestAnimationFrame(look);
    })();
  });
  function stop() {
    if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
    stream = null;
    video.hidden = true;
    scan.focus();
  }
})();
