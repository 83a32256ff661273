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
  // One queue per person and session: marks left unsent by one proctor who signed out are
  // never sent under the name of the next one to sign in on this device.
  const queueKey = "cact-marks-" + root.dataset.user + "-" + root.dataset.session;
  adoptOldQueue("cact-marks-" + root.dataset.session);
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

  // Marks queued by the page before queues were per person (the same session's page).
  function adoptOldQueue(oldKey) {
    const old = JSON.parse(localStorage.getItem(oldKey) || "[]");
    if (old.length) {
      const current = JSON.parse(localStorage.getItem(queueKey) || "[]");
      localStorage.setItem(queueKey, JSON.stringify(current.concat(old)));
    }
    localStorage.removeItem(oldKey);
  }
  // The list says whether marking is open (closed by another proctor: locked at its refresh).
  function canMark() {
    const roster = document.getElementById("roster");
    return roster !== null && roster.dataset.canMark === "1";
  }
  function queue() { return JSON.parse(localStorage.getItem(queueKey) || "[]"); }
  function saveQueue(items) {
    if (items.length) localStorage.setItem(queueKey, JSON.stringify(items));
    else localStorage.removeItem(queueKey);
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

  function rowTarget(row) {
    return { registration: row.dataset.registration, token: row.dataset.token };
  }

  function mark(target, status) {
    if (!canMark()) return;
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
      let item;
      while ((item = queue()[0])) {
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
        if (response.status === 409 && body.moved && !item.confirm_moved) {
          // On this list when the page was drawn, moved to another session since.
          if (window.confirm(body.error)) {
            saveQueue(queue().map(function (q) {
              return q.client_id === item.client_id ? Object.assign(q, { confirm_moved: true }) : q;
            }));
            continue;
          }
          saveQueue(queue().filter(function (q) { return q.client_id !== item.client_id; }));
          say("Tidak ditandai. " + body.error.replace(/ Tetap tandai di sesi ini\?$/, ""), "warning");
          refreshCounts();
          continue;
        }
        saveQueue(queue().filter(function (q) { return q.client_id !== item.client_id; }));
        if (response.ok) {
          showRow(body.registration, body.status, false);
          say(body.name + ": " + body.status_label + (body.duplicate ? " (sudah tercatat)" : ""), "success");
        } else {
          if (item.registration) showRow(item.registration, item.status, false);
          say(body.error || "Penandaan ditolak.", "error");
          refreshCounts();
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
      if (rows.length === 1) mark(rowTarget(rows[0]));
      else say(rows.length === 0 ? "Tidak ditemukan di sesi ini." : rows.length + " peserta cocok; ketik lebih lengkap.", "warning");
    }
    scan.value = "";
    visibleRows("");
  });
  document.addEventListener("click", function (event) {
    const seatButton = event.target.closest("button[data-seat]");
    if (seatButton) {
      mark(Object.assign(rowTarget(seatButton.closest("tr")), { seat: "" }), "hadir");
      scan.focus();
    }
    const button = event.target.closest("button[data-mark]");
    if (button) {
      mark(rowTarget(button.closest("tr")), button.dataset.mark);
      scan.focus();
    }
    const confirmButton = event.target.closest("button[data-confirm]");
    if (confirmButton && !window.confirm(confirmButton.dataset.confirm)) event.preventDefault();
  });
  // The search box keeps focus, so a hand scanner can type at any time.
  function showQueued() {
    queue().forEach(function (item) {
      if (registrationOf(item)) showRow(registrationOf(item), item.status, true);
    });
  }
  function lockIfClosed() {
    scan.disabled = !canMark();
    document.getElementById("camera").disabled = !canMark();
  }
  document.addEventListener("htmx:afterSwap", function () {
    visibleRows(scan.value.trim().toLowerCase());
    showQueued();
    lockIfClosed();
  });
  window.addEventListener("online", function () { offlineState(); flush(); });
  window.addEventListener("offline", offlineState);
  setInterval(function () { if (queue().length) flush(); }, 5000);
  saveQueue(queue());
  showQueued();
  flush();

  // Offline from the first visit: once the service worker is active, it keeps this page
  // and every asset it loaded (the page's own requests went out before the worker ran).
  const offline = document.getElementById("offline-state");
  function offlineState() {
    if (!navigator.onLine) {
      offline.textContent = "Luring: daftar ini salinan yang tersimpan di perangkat; penandaan dikirim saat koneksi kembali.";
      offline.hidden = false;
    } else if (root.dataset.offlineReady === "1") {
      offline.textContent = "Halaman ini tersimpan di perangkat: tetap bisa dibuka tanpa koneksi.";
      offline.hidden = false;
    } else {
      offline.hidden = true;
    }
  }
  offlineState();
  if ("serviceWorker" in navigator && root.dataset.serviceWorker) {
    navigator.serviceWorker.register(root.dataset.serviceWorker).catch(function () {});
    navigator.serviceWorker.ready.then(function (registration) {
      if (!navigator.onLine || !registration.active) return;
      const assets = Array.from(document.querySelectorAll("script[src], link[rel=stylesheet]"))
        .map(function (element) { return element.src || element.href; });
      const channel = new MessageChannel();
      channel.port1.onmessage = function (event) {
        if (!event.data.kept) return;
        root.dataset.offlineReady = "1";
        offlineState();
      };
      registration.active.postMessage({ type: "keep", urls: [location.href.split("#")[0]].concat(assets) }, [channel.port2]);
    });
  }

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
