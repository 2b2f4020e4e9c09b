// The hall display: fed by the server's event stream, reconnects by itself,
// says when it lost the server, and chimes (optionally speaks) each new call.
(function () {
  "use strict";
  const settings = document.body.dataset;
  const sound = settings.geluid !== "uit";
  const speech = settings.spraak === "aan" && "speechSynthesis" in window;
  const SILENCE_MS = 40000; // the server sends at least every 15 s
  const FLASH_MS = 4000;
  let source = null;
  let heard = Date.now();
  let newest = null;
  let audio = null;

  function byId(id) { return document.getElementById(id); }
  function text(id, value) { byId(id).textContent = value; }

  function online(yes) {
    document.body.classList.toggle("offline", !yes);
    byId("verbinding").hidden = yes;
  }

  function element(tag, className, value) {
    const node = document.createElement(tag);
    if (className) { node.className = className; }
    node.textContent = value; // text only: nothing from the server is ever markup
    return node;
  }

  function show(state) {
    text("tijd", state.tijd);
    text("dag", state.dag);
    const calls = state.oproepen;
    const first = calls.length ? calls[0] : null;
    if (first) {
      text("nu-ticket", first.ticket);
      text("nu-balie", first.balie);
      text("nu-tekst", first.ticket + " → " + first.balie); // as core.wording.call_line
    } else {
      text("nu-ticket", "");
      text("nu-balie", "");
      text("nu-tekst", "Nog niemand opgeroepen");
    }
    const earlier = byId("eerder-lijst");
    earlier.replaceChildren();
    calls.slice(1).forEach(function (call) {
      const item = element("li", "", "");
      item.append(element("span", "ticket", call.ticket), element("span", "", "→ " + call.balie));
      earlier.append(item);
    });
    const waits = byId("wachten-lijst");
    waits.replaceChildren();
    state.wachten.forEach(function (load) {
      const row = element("tr", "", "");
      row.append(
        element("td", "domein", load.domein),
        element("td", "aantal", load.wachtend + " wachtend"), // as core.wording.waiting_count
        element("td", "wacht", load.wacht)
      );
      waits.append(row);
    });
    document.body.classList.remove("wachten-op-server");
    if (first && newest !== null && first.id !== newest) {
      announce(first);
    }
    newest = first ? first.id : 0;
  }

  function announce(call) {
    const now = byId("nu");
    now.classList.remove("nieuw");
    void now.offsetWidth; // restart the animation
    now.classList.add("nieuw");
    window.setTimeout(function () { now.classList.remove("nieuw"); }, FLASH_MS);
    const delay = chime();
    if (speech) {
      window.setTimeout(function () { say(call.zeg); }, delay);
    }
  }

  function chime() {
    if (!sound) { return 0; }
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      if (audio.state === "suspended") { audio.resume(); }
      const start = audio.currentTime + 0.05;
      [[659.25, 0], [523.25, 0.45]].forEach(function (tone) {
        const oscillator = audio.createOscillator();
        const gain = audio.createGain();
        oscillator.type = "sine";
        oscillator.frequency.value = tone[0];
        gain.gain.setValueAtTime(0.0001, start + tone[1]);
        gain.gain.exponentialRampToValueAtTime(0.35, start + tone[1] + 0.03);
        gain.gain.exponentialRampToValueAtTime(0.0001, start + tone[1] + 1.4);
        oscillator.connect(gain).connect(audio.destination);
        oscillator.start(start + tone[1]);
        oscillator.stop(start + tone[1] + 1.5);
      });
      return 1600;
    } catch (error) {
      return 0;
    }
  }

  function say(words) {
    const utterance = new SpeechSynthesisUtterance(words);
    utterance.lang = "nl-NL";
    utterance.rate = 0.9;
    const dutch = window.speechSynthesis.getVoices().find(function (voice) {
      return voice.lang && voice.lang.toLowerCase().indexOf("nl") === 0;
    });
    if (dutch) { utterance.voice = dutch; }
    window.speechSynthesis.speak(utterance);
  }

  function connect() {
    if (source) { source.close(); }
    heard = Date.now();
    source = new EventSource("/bord/stroom");
    source.onmessage = function (event) {
      heard = Date.now();
      online(true);
      show(JSON.parse(event.data));
    };
    source.addEventListener("tik", function () { heard = Date.now(); online(true); });
    source.onopen = function () { heard = Date.now(); };
    source.onerror = function () {
      online(false);
      if (source.readyState === EventSource.CLOSED) {
        window.setTimeout(connect, 3000); // e.g. a proxy answered 502 while balie restarted
      }
    };
  }

  // A stream that went quiet (a sleeping network, a half-open connection) is a lost server too.
  window.setInterval(function () {
    if (Date.now() - heard > SILENCE_MS) {
      online(false);
      connect();
    }
  }, 5000);

  // Browsers start sound only after someone touched the page (a TV's kiosk browser
  // can allow it up front, see the README); until then a small line says so.
  function unlock() {
    byId("geluid-nodig").hidden = true;
    if (sound) {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      audio.resume();
    }
  }
  if ((sound || speech) && !(navigator.userActivation && navigator.userActivation.hasBeenActive)) {
    try {
      audio = sound ? new (window.AudioContext || window.webkitAudioContext)() : null;
    } catch (error) {
      audio = null;
    }
    if (audio ? audio.state === "suspended" : speech) {
      byId("geluid-nodig").hidden = false;
    }
  }
  document.addEventListener("click", unlock);
  document.addEventListener("keydown", unlock);

  connect();
})();
