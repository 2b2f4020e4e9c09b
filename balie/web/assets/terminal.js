// Runs before textual.js: keeps the reason the server gave for closing a screen
// (not used for a while, signed out, server stopped), so the page can say it.
(function () {
  "use strict";
  const Native = window.WebSocket;
  function Watched(url, protocols) {
    const socket = protocols === undefined ? new Native(url) : new Native(url, protocols);
    socket.addEventListener("close", function (event) {
      const reason = document.getElementById("closed-reason");
      if (reason && event.reason) {
        reason.textContent = event.reason;
      }
    });
    return socket;
  }
  Watched.prototype = Native.prototype;
  ["CONNECTING", "OPEN", "CLOSING", "CLOSED"].forEach(function (name) {
    Watched[name] = Native[name];
  });
  window.WebSocket = Watched;
  document.addEventListener("DOMContentLoaded", function () {
    document.getElementById("reconnect").addEventListener("click", function () {
      window.location.reload();
    });
  });
})();
