/**
 * The keyboard shortcuts of the shell, and which key press means which. Kept free of the DOM's
 * types beyond what a key event carries, so the matching is tested without a browser.
 */

export type ShortcutId = 'room' | 'previous-dataset' | 'next-dataset' | 'find' | 'close' | 'help' | 'undo' | 'redo'

export interface Shortcut {
  id: ShortcutId
  /** `KeyboardEvent.key` values that trigger it. */
  keys: readonly string[]
  /** The keys as the help lists them. */
  label: string
  /** Pressed with Ctrl (Cmd on a Mac), as editors' Undo and Redo are. */
  ctrl?: boolean
  description: string
}

/** What matching needs of a key event. */
export interface KeyPress {
  key: string
  ctrlKey: boolean
  metaKey: boolean
  altKey: boolean
  defaultPrevented: boolean
  target: unknown
}

/** The shell's shortcuts; `rooms` names the tabs, which the digit keys switch to in order. */
export function shellShortcuts(rooms: readonly string[]): Shortcut[] {
  const digits = rooms.map((_, i) => String(i + 1))
  return [
    {
      id: 'room',
      keys: digits,
      label: digits.length > 1 ? `1–${digits.length}` : '1',
      description: `Switch to the ${rooms.join(', ')} tab`
    },
    { id: 'previous-dataset', keys: ['['], label: '[', description: 'Previous dataset in the list' },
    { id: 'next-dataset', keys: [']'], label: ']', description: 'Next dataset in the list' },
    { id: 'find', keys: ['/'], label: '/', description: 'Go to the folder path field or the search' },
    { id: 'close', keys: ['Escape'], label: 'Esc', description: 'Close the open gallery or dialog' },
    { id: 'help', keys: ['?'], label: '?', description: 'Show this list of shortcuts' },
    { id: 'undo', keys: ['z'], ctrl: true, label: 'Ctrl+Z', description: 'Undo the last edit of the clusters' },
    { id: 'redo', keys: ['Z', 'y'], ctrl: true, label: 'Ctrl+Shift+Z', description: 'Redo the edit just undone' }
  ]
}

const TYPING_TAGS = new Set(['INPUT', 'TEXTAREA', 'SELECT'])

/** Whether a key pressed in `target` goes into a field the user is typing in. */
export function isTyping(target: unknown): boolean {
  if (typeof target !== 'object' || target === null) return false
  const el = target as { tagName?: unknown; isContentEditable?: unknown }
  return el.isContentEditable === true || (typeof el.tagName === 'string' && TYPING_TAGS.has(el.tagName.toUpperCase()))
}

/**
 * The shortcut a key press triggers, or null. Presses that something else already handled
 * (`defaultPrevented`, say the image viewer's Esc), presses in a field being typed in, and presses
 * with Ctrl, Cmd or Alt (the browser's and the system's own shortcuts) trigger none but Undo and
 * Redo. Shift is allowed: on most layouts `?` needs it.
 */
export function shortcutFor(event: KeyPress, shortcuts: readonly Shortcut[]): Shortcut | null {
  if (event.defaultPrevented || event.altKey) return null
  if (isTyping(event.target)) return null
  // Undo and Redo take Ctrl (or Cmd); every other shortcut leaves those to the browser and the system.
  const ctrl = event.ctrlKey || event.metaKey
  return shortcuts.find((s) => (s.ctrl === true) === ctrl && s.keys.includes(event.key)) ?? null
}
