import { describe, expect, it } from 'vitest'
import { isTyping, shellShortcuts, shortcutFor, type KeyPress } from './shortcuts'

const ROOMS = ['Images', 'Map', 'Clusters', 'History']
const shortcuts = shellShortcuts(ROOMS)

function press(key: string, more: Partial<KeyPress> = {}): KeyPress {
  return { key, ctrlKey: false, metaKey: false, altKey: false, defaultPrevented: false, target: { tagName: 'BODY' }, ...more }
}

describe('shellShortcuts', () => {
  it('gives one digit per tab', () => {
    const room = shortcuts.find((s) => s.id === 'room')!
    expect(room.keys).toEqual(['1', '2', '3', '4'])
    expect(room.label).toBe('1–4')
    expect(shellShortcuts(['Images', 'Map']).find((s) => s.id === 'room')!.keys).toEqual(['1', '2'])
  })

  it('uses every key once', () => {
    const keys = shortcuts.flatMap((s) => s.keys)
    expect(new Set(keys).size).toBe(keys.length)
  })
})

describe('shortcutFor', () => {
  it('matches each key to its shortcut', () => {
    expect(shortcutFor(press('3'), shortcuts)?.id).toBe('room')
    expect(shortcutFor(press('['), shortcuts)?.id).toBe('previous-dataset')
    expect(shortcutFor(press(']'), shortcuts)?.id).toBe('next-dataset')
    expect(shortcutFor(press('/'), shortcuts)?.id).toBe('find')
    expect(shortcutFor(press('Escape'), shortcuts)?.id).toBe('close')
    expect(shortcutFor(press('?', { target: null }), shortcuts)?.id).toBe('help')
  })

  it('matches nothing for other keys, nor digits past the tab count', () => {
    expect(shortcutFor(press('5'), shortcuts)).toBeNull()
    expect(shortcutFor(press('a'), shortcuts)).toBeNull()
    expect(shortcutFor(press('Esc'), shortcuts)).toBeNull()
  })

  it('allows Shift but not Ctrl, Cmd or Alt', () => {
    expect(shortcutFor(press('?', { target: { tagName: 'button' } }), shortcuts)?.id).toBe('help')
    expect(shortcutFor(press('1', { ctrlKey: true }), shortcuts)).toBeNull()
    expect(shortcutFor(press('[', { metaKey: true }), shortcuts)).toBeNull()
    expect(shortcutFor(press('/', { altKey: true }), shortcuts)).toBeNull()
  })

  it('takes Ctrl+Z and Ctrl+Shift+Z (or Cmd) for Undo and Redo, and a plain Z for nothing', () => {
    expect(shortcutFor(press('z', { ctrlKey: true }), shortcuts)?.id).toBe('undo')
    expect(shortcutFor(press('z', { metaKey: true }), shortcuts)?.id).toBe('undo')
    expect(shortcutFor(press('Z', { ctrlKey: true }), shortcuts)?.id).toBe('redo')
    expect(shortcutFor(press('y', { ctrlKey: true }), shortcuts)?.id).toBe('redo')
    expect(shortcutFor(press('z'), shortcuts)).toBeNull()
    expect(shortcutFor(press('z', { ctrlKey: true, target: { tagName: 'INPUT' } }), shortcuts)).toBeNull()
  })

  it('ignores presses already handled elsewhere', () => {
    expect(shortcutFor(press('Escape', { defaultPrevented: true }), shortcuts)).toBeNull()
  })

  it('ignores presses in fields being typed in', () => {
    for (const tagName of ['INPUT', 'TEXTAREA', 'SELECT', 'input']) {
      expect(shortcutFor(press('1', { target: { tagName } }), shortcuts), tagName).toBeNull()
    }
    expect(shortcutFor(press('/', { target: { tagName: 'DIV', isContentEditable: true } }), shortcuts)).toBeNull()
  })
})

describe('isTyping', () => {
  it('tells fields from other elements', () => {
    expect(isTyping({ tagName: 'INPUT' })).toBe(true)
    expect(isTyping({ tagName: 'P', isContentEditable: true })).toBe(true)
    expect(isTyping({ tagName: 'BUTTON', isContentEditable: false })).toBe(false)
    expect(isTyping(null)).toBe(false)
    expect(isTyping('INPUT')).toBe(false)
  })
})
