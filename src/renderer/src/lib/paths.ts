/**
 * A folder path as people paste it: file managers add quotes or hand out file:// URLs, shells escape
 * spaces. Turns those into the plain absolute path the engine expects.
 */
export function cleanPastedPath(text: string): string {
  let path = text.trim()
  if (path.length >= 2 && /^(["']).*\1$/.test(path)) path = path.slice(1, -1)
  if (path.startsWith('file://')) {
    try {
      path = decodeURIComponent(new URL(path).pathname)
      // file:///C:/photos has a pathname of /C:/photos.
      if (/^\/[A-Za-z]:\//.test(path)) path = path.slice(1)
    } catch {
      // Not a valid URL after all: leave it for the engine to judge.
    }
  } else if (!/^[A-Za-z]:\\/.test(path)) {
    path = path.replace(/\\ /g, ' ')
  }
  return path
}
