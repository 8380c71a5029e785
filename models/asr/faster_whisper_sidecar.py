"""faster-whisper behind a pipe, for callqa's Node side (models/asr/faster-whisper.ts).

CTranslate2 has no Node binding, so Whisper runs in this process. Protocol, one request at a time in order:
  request:  one JSON line {"id": n, "samples": N, "language": "zh", "beam": 5} then N little-endian float32 samples
            (16 kHz mono); optional "hotwords" and "prompt" (text the recogniser is told to expect);
  response: one JSON line {"id": n, "words": [{"text", "startMs", "endMs"}], "maxRssKb": k} or {"id": n, "error": "..."}.
The first line out is {"ready": true, "engine": ..., "model": ...}. Anything the libraries print goes to stderr, so
stdout carries nothing but the protocol.
"""
import json
import os
import resource
import sys


def main() -> None:
    model_dir, threads, compute_type = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    protocol = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr

    import numpy as np
    import faster_whisper
    from faster_whisper import WhisperModel

    model = WhisperModel(model_dir, device="cpu", compute_type=compute_type, cpu_threads=threads, num_workers=1)

    def send(message: dict) -> None:
        protocol.write(json.dumps(message, ensure_ascii=False) + "\n")
        protocol.flush()

    send({"ready": True, "engine": f"faster-whisper {faster_whisper.__version__}", "model": os.path.basename(model_dir.rstrip("/"))})
    source = sys.stdin.buffer
    while True:
        line = source.readline()
        if not line:
            return
        request = json.loads(line)
        wanted = int(request["samples"]) * 4
        raw = source.read(wanted)
        if len(raw) != wanted:
            return
        try:
            audio = np.frombuffer(raw, dtype="<f4")
            segments, _ = model.transcribe(
                audio,
                language=request.get("language", "zh"),
                beam_size=int(request.get("beam", 5)),
                word_timestamps=True,
                # Each window is independent; carrying text over lets one misrecognition spread (and loop).
                condition_on_previous_text=False,
                vad_filter=False,
                hotwords=request.get("hotwords") or None,
                initial_prompt=request.get("prompt") or None,
            )
            words = [
                {"text": w.word, "startMs": round(w.start * 1000), "endMs": round(w.end * 1000)}
                for s in segments
                for w in (s.words or [])
            ]
            send({"id": request["id"], "words": words, "maxRssKb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss})
        except Exception as err:  # one bad window must not end the process; the caller decides what it means
            send({"id": request["id"], "error": f"{type(err).__name__}: {err}"})


if __name__ == "__main__":
    main()
