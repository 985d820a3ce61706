/**
 * New-chat alerts, the browser part: a short tone made with the Web Audio API (no audio file to
 * download), desktop notifications, and the agent's choice of sound, remembered in localStorage.
 * Permission for notifications is asked only from a button the agent presses, never on load.
 */
import type { NotificationAccess } from './alerts.js';

const SOUND_KEY = 'agent-console.alert-sound';

/** Whether the tone plays; on unless the agent turned it off. */
export function soundPreference(): boolean {
  try {
    return window.localStorage.getItem(SOUND_KEY) !== 'off';
  } catch {
    // Storage disabled by policy: the default holds for this page.
    return true;
  }
}

export function saveSoundPreference(on: boolean): void {
  try {
    window.localStorage.setItem(SOUND_KEY, on ? 'on' : 'off');
  } catch {
    // Not remembered across reloads, but the choice holds for this page.
  }
}

let audio: AudioContext | null = null;

/**
 * Readies the tone at the agent's first key or click on the page: browsers start a page's audio
 * only after a gesture on it, so after a reload the first new chat would otherwise be silent.
 */
export function readyToneOnFirstGesture(): () => void {
  const ready = () => {
    try {
      audio ??= new AudioContext();
      if (audio.state === 'suspended') void audio.resume().catch(() => {});
    } catch {
      // No audio here: nothing to ready.
    }
    stop();
  };
  const stop = () => {
    window.removeEventListener('pointerdown', ready, true);
    window.removeEventListener('keydown', ready, true);
  };
  window.addEventListener('pointerdown', ready, true);
  window.addEventListener('keydown', ready, true);
  return stop;
}

/**
 * Two short soft notes, rising (about a third of a second). Browsers let a page make sound once
 * the person has interacted with it, which signing in already did; if not, it stays silent.
 */
export function playTone(): void {
  try {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') void audio.resume().catch(() => {});
    const start = audio.currentTime + 0.01;
    for (const [index, frequency] of [660, 880].entries()) {
      const at = start + index * 0.16;
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.type = 'sine';
      oscillator.frequency.value = frequency;
      // A quick rise and fall: no click at either end.
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.2, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.14);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(at);
      oscillator.stop(at + 0.15);
    }
  } catch {
    // No audio here (a locked-down browser): the title and the notification still tell.
  }
}

/** What the agent allowed for desktop notifications, as the browser says now. */
export function notificationAccess(): NotificationAccess {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/** Asks the browser for permission: call only from the agent's own press of a button. */
export async function askNotificationPermission(): Promise<NotificationAccess> {
  if (typeof Notification === 'undefined') return 'unsupported';
  try {
    return await Notification.requestPermission();
  } catch {
    return Notification.permission;
  }
}

/**
 * Shows a desktop notification; pressing it brings the console forward. `tag` replaces an earlier
 * notification for the same chat instead of piling them up. It says no visitor's name: a
 * notification can show on a screen others see.
 */
export function showNotification(title: string, body: string, tag: string, onClick: () => void): void {
  try {
    const notification = new Notification(title, { body, tag });
    notification.onclick = () => {
      window.focus();
      onClick();
      notification.close();
    };
  } catch {
    // Some browsers allow notifications only from a service worker: the title still tells.
  }
}
