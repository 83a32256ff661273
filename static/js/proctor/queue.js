// The marks this device has not sent yet, kept in localStorage (and those the server
// refused, until the proctor has read why). One queue per proctor and
// session: marks left unsent by one proctor who signed out are never sent under the name
// of the next one to sign in on this device (signout.js counts them by their key).
(function (proctor) {
  "use strict";

  proctor.queue = function (user, session, onChange) {
    const key = "cact-marks-" + user + "-" + session;
    adopt("cact-marks-" + session);

    function all() { return JSON.parse(localStorage.getItem(key) || "[]"); }
    function save(items) {
      if (items.length) localStorage.setItem(key, JSON.stringify(items));
      else localStorage.removeItem(key);
      onChange(items.length);
    }
    // Marks queued by the page before queues were per person (the same session's page).
    function adopt(oldKey) {
      const old = JSON.parse(localStorage.getItem(oldKey) || "[]");
      if (old.length) localStorage.setItem(key, JSON.stringify(all().concat(old)));
      localStorage.removeItem(oldKey);
    }
    function change(clientId, fields) {
      save(all().map(function (item) {
        return item.client_id === clientId ? Object.assign(item, fields) : item;
      }));
    }

    return {
      all: all,
      first: function () { return all()[0]; },
      add: function (item) { save(all().concat([item])); },
      remove: function (clientId) {
        save(all().filter(function (item) { return item.client_id !== clientId; }));
      },
      // Many at once: a queue of hundreds is written once, not once per mark.
      removeMany: function (clientIds) {
        const gone = new Set(clientIds);
        save(all().filter(function (item) { return !gone.has(item.client_id); }));
      },
      change: change,
      // Kept when the network is down: when they go out later they count as replayed.
      allReplayed: function () {
        save(all().map(function (item) { return Object.assign(item, { replayed: true }); }));
      },
      show: function () { save(all()); },
    };
  };

  // The marks the server refused, with its reason: kept on the device and shown until the
  // proctor has read them, so a refused mark is never lost without a word.
  proctor.refusals = function (user, session, onChange) {
    const key = "cact-refused-" + user + "-" + session;
    function all() { return JSON.parse(localStorage.getItem(key) || "[]"); }
    function save(items) {
      if (items.length) localStorage.setItem(key, JSON.stringify(items));
      else localStorage.removeItem(key);
      onChange(items);
    }
    return {
      all: all,
      add: function (items) { if (items.length) save(all().concat(items)); },
      clear: function () { save([]); },
      show: function () { onChange(all()); },
    };
  };

  // A card's code starts with its registration id ("R123:" and the signature, which only
  // the server checks): enough to show a scanned card's row as unsent while offline.
  proctor.registrationOf = function (item) {
    if (item.registration) return item.registration;
    const match = /^R(\d+):/.exec(item.code || "");
    return match ? match[1] : null;
  };

  // Each mark's own id: the server records a mark sent twice (a retry, a replay) once.
  proctor.newId = function () {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return "10000000-1000-4000-8000-100000000000".replace(/[018]/g, function (c) {
      return (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16);
    });
  };

  proctor.deviceName = function () {
    let device = localStorage.getItem("cact-device");
    if (!device) {
      device = "perangkat-" + Math.random().toString(36).slice(2, 8);
      localStorage.setItem("cact-device", device);
    }
    return device;
  };
})(window.cactProctor = window.cactProctor || {});
