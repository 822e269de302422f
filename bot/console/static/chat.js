// Mounts the vendored rasa-webchat widget into <main id="chat">. Its options come from the
// JSON block the server renders (bot/console/routes/chat.py), so this file never changes per
// deployment and the page needs no inline script (the Content-Security-Policy forbids one).
(function () {
  "use strict";
  var options = JSON.parse(document.getElementById("webchat-options").textContent);
  // rasa-webchat 1.x: WebChat.default(props, element) renders into `element`; with null it
  // appends its own <div> to <body> instead.
  window.WebChat.default(options, document.getElementById("chat"));
})();
