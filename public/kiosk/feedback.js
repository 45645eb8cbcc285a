// A distinct sound for each verdict, made with WebAudio so no sound files are needed. Browsers
// allow audio only after a gesture: unlock() is called from the Start tap.

let context = null;

export function unlock() {
    if (!context) {
        const Ctx = window.AudioContext || window.webkitAudioContext;
        context = Ctx ? new Ctx() : null;
    }
    if (context && context.state === 'suspended') {
        context.resume();
    }
}

/** By the verdict's tone (see vocabulary.js). */
const TONES = {
    ok: [[880, 0.09], [1320, 0.14]],          // bright rising pair: welcome
    warning: [[660, 0.12], [660, 0.12]],      // two even beeps: look at the screen
    refused: [[220, 0.45]],                   // one low buzz: stop
    unchecked: [[440, 0.2]],                  // one plain tone: nothing was decided, scan again
};

export function play(kind) {
    if (!context || context.state !== 'running') {
        return;
    }
    let at = context.currentTime;
    for (const [frequency, length] of TONES[kind] || TONES.refused) {
        const osc = context.createOscillator();
        const gain = context.createGain();
        osc.type = kind === 'refused' ? 'square' : 'sine';
        osc.frequency.value = frequency;
        gain.gain.setValueAtTime(0.0001, at);
        gain.gain.exponentialRampToValueAtTime(0.3, at + 0.01);
        gain.gain.exponentialRampToValueAtTime(0.0001, at + length);
        osc.connect(gain).connect(context.destination);
        osc.start(at);
        osc.stop(at + length + 0.02);
        at += length + 0.04;
    }
    if (navigator.vibrate) {
        navigator.vibrate(kind === 'ok' ? 80 : [120, 80, 120]);
    }
}
