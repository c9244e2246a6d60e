const FOCUSABLE = 'button:not([disabled]), a[href], input, select, textarea, [tabindex]:not([tabindex="-1"])'

/** Keeps Tab inside a modal element: from its last control to its first, and back with Shift+Tab. */
export function trapTab(event: KeyboardEvent, container: HTMLElement): void {
  const stops = [...container.querySelectorAll<HTMLElement>(FOCUSABLE)]
  if (stops.length === 0) return event.preventDefault()
  const active = document.activeElement
  const outside = !stops.some((el) => el === active)
  if (event.shiftKey && (outside || active === stops[0])) {
    event.preventDefault()
    stops.at(-1)!.focus()
  } else if (!event.shiftKey && (outside || active === stops.at(-1))) {
    event.preventDefault()
    stops[0]!.focus()
  }
}
