import sharp from 'sharp'
import { decodeImageFile, type DecodeOptions, type DecodedFile } from '../engine/io/decode'
import { serveTasks } from './serve-worker'

/** A chunk of files to decode with the same options; the answer has one result per file, in order. */
export interface ImportTask {
  absPaths: string[]
  options: DecodeOptions
}

// The pool already runs one worker per core: libvips's own threads would only compete with it.
sharp.concurrency(1)
sharp.cache(false)

serveTasks<ImportTask, DecodedFile[]>(async (task) => {
  const results: DecodedFile[] = []
  for (const absPath of task.absPaths) results.push(await decodeImageFile(absPath, task.options))
  return results
})
