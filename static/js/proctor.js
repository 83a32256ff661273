// The proctor's session page: find a person fast, mark with one action, and keep marks on
// the device while the network is down. The parts, loaded before this file:
// proctor/queue.js (the device's unsent marks), proctor/page.js (what the page shows),
// proctor/sync.js (sending marks, showing the server's answers), proctor/camera.js.
// The script says what the proctor did (an arrival, Terlambat, Izin); the server decides
// the status (an arrival is Hadir or Terlambat by the time it was made) and the row shows it.
(function (proctor) {
  "use strict";
  const root = document.getElementById("proctor");
  if (!root) return;
  const page = proctor.page(JSON.parse(document.getElementById("status-labels").textContent));
  const queue = proctor.queue(root.dataset.user, root.dataset.session, page.showPending);
  const refusals = proctor.refusals(root.dataset.user, root.dataset.session, page.showRefused);
  const sync = proctor.sync({
    url: root.dataset.batchUrl, csrf: root.dataset.csrf, device: proctor.deviceName(),
    queue: queue, refusals: refusals, page: page,
  });
  document.getElementById("refused-clear").addEventListener("click", refusals.clear);
  const arrival = root.dataset.arrival;
  const needsReason = root.dataset.needsReason === "1";
  const scan = document.getElementById("scan");

  function rowTarget(row) {
    return { registration: row.dataset.registration, token: row.dataset.token };
  }

  function mark(target, status) {
    if (!page.canMark()) return;
    const item = { client_id: proctor.newId(), marked_at: new Date().toISOString(), status: status, replayed: !navigator.onLine };
    Object.assign(item, target);
    if (target.seat === "") {
      const seat = window.prompt("Duduk di kursi mana? (misalnya PC-12)");
      if (!seat) return;
      item.seat = seat;
    }
    if (status === "izin" || needsReason) {
      const reason = window.prompt(status === "izin" ? "Alasan izin:" : "Alasan koreksi:");
      if (!reason) return;
      item.reason = reason;
    }
    if (proctor.registrationOf(item)) page.showRow(proctor.registrationOf(item), status, true);
    queue.add(item);
    sync.flush();
  }

  scan.addEventListener("input", function () { page.visibleRows(scan.value.trim().toLowerCase()); });
  scan.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    event.preventDefault();
    const text = scan.value.trim();
    if (!text) return;
    if (text.includes(":")) {
      mark({ code: text }, arrival);  // a card code from a hand scanner or the camera
    } else {
      const rows = page.visibleRows(text.toLowerCase());
      if (rows.length === 1) mark(rowTarget(rows[0]), arrival);
      else page.say(rows.length === 0 ? "Tidak ditemukan di sesi ini." : rows.length + " peserta cocok; ketik lebih lengkap.", "warning");
    }
    scan.value = "";
    page.visibleRows("");
  });
  document.addEventListener("click", function (event) {
    const seatButton = event.target.closest("button[data-seat]");
    if (seatButton) {
      mark(Object.assign(rowTarget(seatButton.closest("tr")), { seat: "" }), seatButton.dataset.seat);
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

  // Rows of marks still on the device show what was asked, "belum terkirim".
  function showQueued() {
    queue.all().forEach(function (item) {
      if (proctor.registrationOf(item)) page.showRow(proctor.registrationOf(item), item.status, true);
    });
  }
  function lockIfClosed() {
    scan.disabled = !page.canMark();
    document.getElementById("camera").disabled = !page.canMark();
  }
  document.addEventListener("htmx:afterSwap", function () {
    page.visibleRows(scan.value.trim().toLowerCase());
    showQueued();
    lockIfClosed();
  });
  window.addEventListener("online", function () { offlineState(); sync.flush(); });
  window.addEventListener("offline", offlineState);
  setInterval(function () { if (queue.all().length) sync.flush(); }, 5000);
  queue.show();
  refusals.show();
  showQueued();
  sync.flush();

  // Offline from the first visit: once the service worker is active, it keeps this page
  // and every script and style it loaded (the page's own requests went out before the
  // worker ran), so the page lists each of its scripts in its own tag.
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

  proctor.camera(document.getElementById("camera"), document.getElementById("camera-view"), {
    found: function (code) { mark({ code: code }, arrival); },
    failed: function () { page.say("Kamera tidak bisa dibuka di perangkat ini.", "error"); },
    stopped: function () { scan.focus(); },
  });
})(window.cactProctor = window.cactProctor || {});
