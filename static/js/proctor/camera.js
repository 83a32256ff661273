// The card's QR through the phone's camera (jsQR, served from static/vendor). A tap starts
// the camera, a second tap stops it; the first code read stops it and is handed on.
(function (proctor) {
  "use strict";

  proctor.camera = function (button, video, callbacks) {
    let stream = null;

    button.addEventListener("click", async function () {
      if (stream) { stop(); return; }
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
      } catch (denied) {
        callbacks.failed();
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
          if (found && found.data) { stop(); callbacks.found(found.data); return; }
        }
        requestAnimationFrame(look);
      })();
    });

    function stop() {
      if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
      stream = null;
      video.hidden = true;
      callbacks.stopped();
    }
  };
})(window.cactProctor = window.cactProctor || {});
