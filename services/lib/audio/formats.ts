/** File types callqa takes as recordings (ingest uploads, `callqa run` folders): what call recorders write. */
export const AUDIO_EXTENSIONS: ReadonlySet<string> = new Set(['.wav', '.mp3', '.amr', '.ogg', '.opus', '.m4a', '.aac', '.flac', '.wma', '.webm'])
