import { describe, expect, it } from 'vitest'
import { cleanPastedPath } from './paths'

describe('cleanPastedPath', () => {
  it('strips whitespace and matching quotes', () => {
    expect(cleanPastedPath('  "/home/me/my photos" \n')).toBe('/home/me/my photos')
    expect(cleanPastedPath("'/data/x'")).toBe('/data/x')
    expect(cleanPastedPath('"/data/x')).toBe('"/data/x')
  })

  it('turns file URLs into paths', () => {
    expect(cleanPastedPath('file:///home/me/my%20photos')).toBe('/home/me/my photos')
    expect(cleanPastedPath('file:///C:/Users/me/photos')).toBe('C:/Users/me/photos')
  })

  it('unescapes shell-escaped spaces but leaves Windows paths alone', () => {
    expect(cleanPastedPath('/home/me/my\\ photos')).toBe('/home/me/my photos')
    expect(cleanPastedPath('C:\\Users\\me\\ photos')).toBe('C:\\Users\\me\\ photos')
  })
})
