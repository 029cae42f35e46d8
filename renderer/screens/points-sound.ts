let audio: AudioContext | null = null;

/** A short beep per accepted tap (high) or refusal (low), so the cadre need not look up. */
export function beep(ok: boolean): void {
  try {
    audio ??= new AudioContext();
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = ok ? 1320 : 330;
    gain.gain.value = 0.15;
    osc.connect(gain).connect(audio.destination);
    osc.start();
    osc.stop(audio.currentTime + (ok ? 0.08 : 0.25));
  } catch {
    // No audio device: the mark on screen still shows.
  }
}
