import sharp from 'sharp'
import { decodeImageFile, type DecodeOptions, type DecodedFile } from '../engine/io/decode'
import { serveTasks } from './serve-worker'

export interface ImportTask {
  absPath: string
  options: DecodeOptions
}

// The pool already runs one worker per core: libvips's own threads would only compete with it.
sharp.concurrency(1)
sharp.cache(false)

serveTasks<ImportTask, DecodedFile>((task) => decodeImageFile(task.absPath, task.options))
