"""faster-whisper behind a pipe, for callqa's Node side (models/asr/faster-whisper.ts).

CTranslate2 has no Node binding, so Whisper runs in this process. Protocol, one request at a time in order:
  request:  one JSON line {"id": n, "windows": [N1, N2, ...], "language": "zh", "beam": 5, "words": true} (optional
            "hotwords", "prompt": text the recogniser is told to expect) then
            N1 + N2 + ... little-endian float32 samples (16 kHz mono), the windows one after another;
  response: one JSON line {"id": n, "windows": [[{"text", "startMs", "endMs"}], ...], "maxRssKb": k}
            (times from the start of each window) or {"id": n, "error": "..."}.
The first line out is {"ready": true, "engine": ..., "model": ...}. Anything the libraries print goes to stderr, so
stdout carries nothing but the protocol.

argv: model directory, CPU threads, compute type, batch size. With a batch size above 1 the windows of a request are
decoded together (BatchedInferencePipeline); with 1, one after another with the full decoder (temperature fallback).
"""
import json
import os
import resource
import sys


def main() -> None:
    model_dir, threads, compute_type, batch_size = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    protocol = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr

    import numpy as np
    import faster_whisper
    from faster_whisper import BatchedInferencePipeline, WhisperModel

    model = WhisperModel(model_dir, device="cpu", compute_type=compute_type, cpu_threads=threads, num_workers=1)
    batched = BatchedInferencePipeline(model) if batch_size > 1 else None
    rate = model.feature_extractor.sampling_rate

    def send(message: dict) -> None:
        protocol.write(json.dumps(message, ensure_ascii=False) + "\n")
        protocol.flush()

    def timed(segment, offset: float) -> list:
        # Without word timestamps a segment's text is one timed piece.
        pieces = segment.words if segment.words else [faster_whisper.transcribe.Word(segment.start, segment.end, segment.text, 1.0)]
        return [{"text": w.word, "startMs": round((w.start - offset) * 1000), "endMs": round((w.end - offset) * 1000)} for w in pieces]

    def recognize(audio, sizes: list, request: dict) -> list:
        words = bool(request.get("words", True))
        common = dict(
            language=request.get("language", "zh"),
            beam_size=int(request.get("beam", 5)),
            word_timestamps=words,
            # What the recogniser is told to expect (bench:hotwords measures it; the transcription path sends none).
            hotwords=request.get("hotwords") or None,
            initial_prompt=request.get("prompt") or None,
        )
        starts = [int(x) for x in np.cumsum([0] + sizes[:-1])]
        out = [[] for _ in sizes]
        if batched is not None:
            clips = [{"start": s / rate, "end": (s + n) / rate} for s, n in zip(starts, sizes)]
            # With timestamp tokens, as the one-by-one decoder runs: without them the telephone copies of the gold clips
            # came out worse (CER 26.3% against 21.6%, `npm run bench:asr`).
            segments, _ = batched.transcribe(
                audio, clip_timestamps=clips, batch_size=batch_size, vad_filter=False, without_timestamps=False, **common
            )
            for segment in segments:
                # Segments come back in clip order, timed from the start of the whole audio.
                index = int(np.searchsorted(starts, round(segment.start * rate) + rate // 100, side="right")) - 1
                out[index].extend(timed(segment, starts[index] / rate))
            return out
        for index, (s, n) in enumerate(zip(starts, sizes)):
            segments, _ = model.transcribe(
                audio[s : s + n],
                # Each window is independent; carrying text over lets one misrecognition spread (and loop).
                condition_on_previous_text=False,
                vad_filter=False,
                **common,
            )
            for segment in segments:
                out[index].extend(timed(segment, 0))
        return out

    send({"ready": True, "engine": f"faster-whisper {faster_whisper.__version__}", "model": os.path.basename(model_dir.rstrip("/"))})
    source = sys.stdin.buffer
    while True:
        line = source.readline()
        if not line:
            return
        request = json.loads(line)
        sizes = [int(n) for n in request["windows"]]
        wanted = sum(sizes) * 4
        raw = source.read(wanted)
        if len(raw) != wanted:
            return
        try:
            words = recognize(np.frombuffer(raw, dtype="<f4"), sizes, request)
            send({"id": request["id"], "windows": words, "maxRssKb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss})
        except Exception as err:  # one bad request must not end the process; the caller decides what it means
            send({"id": request["id"], "error": f"{type(err).__name__}: {err}"})


if __name__ == "__main__":
    main()
