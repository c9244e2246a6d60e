import { describe, expect, it } from 'vitest'
import { withoutToken } from './ws-api'

describe('withoutToken', () => {
  it('drops the token and keeps the path, the other parameters and the hash', () => {
    expect(withoutToken({ pathname: '/', search: '?token=abc', hash: '' })).toBe('/')
    expect(withoutToken({ pathname: '/', search: '?token=abc', hash: '#dataset=3&room=map' })).toBe('/#dataset=3&room=map')
    expect(withoutToken({ pathname: '/index.html', search: '?a=1&token=abc&b=two', hash: '#x' })).toBe('/index.html?a=1&b=two#x')
  })

  it('leaves an address without a token as it was', () => {
    expect(withoutToken({ pathname: '/', search: '?a=1', hash: '#run=2' })).toBe('/?a=1#run=2')
  })
})
