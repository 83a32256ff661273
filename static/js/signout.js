// Signing out leaves nothing of the proctor's list on the device: the service worker's
// caches go, and so does the worker itself; queued marks go once they are sent. Marks
// still unsent stay (in localStorage, per proctor and session; see proctor.js) and the
// sign-in page says so, to be sent when that proctor signs in again.
// The sign-in page clears too, for a session that ended by itself (the idle timeout).
(function () {
  "use strict";

  function queues() {
    const keys = [];
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (key && key.startsWith("cact-marks-")) keys.push(key);
    }
    return keys;
  }
  function unsentCount() {
    return queues().reduce(function (total, key) {
      try { return total + JSON.parse(localStorage.getItem(key) || "[]").length; } catch (broken) { return total; }
    }, 0);
  }

  async function clearDevice() {
    queues().forEach(function (key) {
      if (localStorage.getItem(key) === "[]") localStorage.removeItem(key);
    });
    if (window.caches) {
      const names = await caches.keys();
      await Promise.all(names.map(function (name) { return caches.delete(name); }));
    }
    if ("serviceWorker" in navigator) {
      const registrations = await navigator.serviceWorker.getRegistrations();
      await Promise.all(registrations.map(function (registration) { return registration.unregister(); }));
    }
  }

  const form = document.querySelector("form[data-signout]");
  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!navigator.onLine) {
        const note = document.createElement("p");
        note.className = "msg msg-warning";
        note.textContent = "Tidak bisa keluar tanpa koneksi. Halaman dan penandaan tetap tersimpan di perangkat ini; keluar setelah koneksi kembali.";
        document.querySelector("main").prepend(note);
        return;
      }
      // Sign out even when clearing fails: the server side matters most.
      clearDevice().catch(function () {}).finally(function () { form.submit(); });
    });
  }

  const signedOut = document.querySelector("[data-signed-out]");
  if (signedOut) {
    clearDevice().catch(function () {}).finally(function () {
      signedOut.dataset.deviceCleared = "1";
    });
    const unsent = unsentCount();
    const notice = document.getElementById("unsent-notice");
    if (unsent && notice) {
      notice.textContent = unsent + " penandaan kehadiran belum terkirim dan tetap tersimpan di perangkat ini. " +
        "Masuk lagi dengan akun pengawas yang menandainya dan buka halaman sesinya: penandaan dikirim otomatis.";
      notice.hidden = false;
    }
  }
})();
