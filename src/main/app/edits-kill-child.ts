/**
 * Applies edits to a run until it is killed, printing "ack <edit id>" once each edit's handler has
 * answered: the kill test checks that every edit acknowledged is still there after a SIGKILL.
 * Usage: tsx edits-kill-child.ts <library file> <run id>
 */
import { applyRunEdit } from './edits-service'
import { Library } from './library'

const [file, run] = process.argv.slice(2)
if (!file || !run) throw new Error('Usage: edits-kill-child.ts <library file> <run id>')
const lib = new Library(file, { workers: 1 })
const runId = Number(run)
// A bound, so that a child the test failed to kill still ends.
for (let i = 0; i < 5000; i++) {
  // Each rename also relabels the cluster's items: three tables change in every transaction.
  const { editId } = await applyRunEdit(lib, runId, { kind: 'rename', cluster: i % 2, name: `name ${i}` })
  process.stdout.write(`ack ${editId}\n`)
}
