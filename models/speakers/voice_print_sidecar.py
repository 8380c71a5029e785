"""Speaker voice prints (d-vectors) behind a pipe, for callqa's Node side (models/speakers/voice-prints.ts).

The model is Resemblyzer's GE2E speaker encoder (Apache-2.0: a 3-layer LSTM over 40 mel bands, 1.6 s windows, 256
dimensions), whose weights ship inside the `resemblyzer` wheel on PyPI. Its file is a legacy PyTorch pickle; it is
read here with a restricted unpickler (tensors and OrderedDict only, nothing else may be constructed) and run in
numpy, so neither torch nor the package's code is needed.

Protocol, one request at a time in order:
  request:  one JSON line {"id": n, "samples": N, "windows": [[from, to], ...]} then N little-endian float32 samples
            (16 kHz mono); each window is a range of those samples;
  response: one JSON line {"id": n, "dims": 256, "prints": "<base64 of windows × dims little-endian float32>",
            "cpuSeconds": s} (s: this process's CPU time so far) or {"id": n, "error": "..."}.
The first line out is {"ready": true, "model": ...}.
"""
import base64
import collections
import json
import os
import pickle
import resource
import struct
import sys

import numpy as np

RATE = 16000
N_FFT = 400
HOP = 160
MELS = 40
FRAMES = 160  # 1.6 s: the window length the encoder was trained on
STORAGE_TYPES = {"FloatStorage": np.float32, "LongStorage": np.int64, "IntStorage": np.int32, "DoubleStorage": np.float64}


class _Storage:
    def __init__(self, dtype):
        self.dtype = dtype
        self.data = None


class _Unpickler(pickle.Unpickler):
    """Builds tensors as (storage, offset, size, stride) and refuses every other class: the file runs no code."""

    def __init__(self, file):
        super().__init__(file)
        self.storages = {}

    def find_class(self, module, name):
        if (module, name) == ("collections", "OrderedDict"):
            return collections.OrderedDict
        if (module, name) == ("torch._utils", "_rebuild_tensor_v2"):
            return lambda storage, offset, size, stride, *rest: ("tensor", storage, offset, size, stride)
        if module == "torch" and name in STORAGE_TYPES:
            return name
        raise pickle.UnpicklingError(f"unexpected class in the weights file: {module}.{name}")

    def persistent_load(self, pid):
        _, kind, key = pid[0], pid[1], pid[2]
        if key not in self.storages:
            self.storages[key] = _Storage(STORAGE_TYPES[kind])
        return self.storages[key]


def load_weights(path):
    with open(path, "rb") as f:
        for _ in range(3):  # magic number, protocol version, system info
            pickle.load(f)
        unpickler = _Unpickler(f)
        checkpoint = unpickler.load()
        for key in pickle.load(f):
            storage = unpickler.storages[key]
            (count,) = struct.unpack("<q", f.read(8))
            storage.data = np.frombuffer(f.read(count * np.dtype(storage.dtype).itemsize), dtype=storage.dtype)

    def tensor(value):
        _, storage, offset, size, stride = value
        item = storage.data.itemsize
        return np.lib.stride_tricks.as_strided(storage.data[offset:], shape=size, strides=[s * item for s in stride]).astype(np.float32)

    return {k: tensor(v) for k, v in checkpoint["model_state"].items() if isinstance(v, tuple) and v and v[0] == "tensor"}


def mel_filters():
    """Slaney-style mel filterbank with Slaney area normalisation (librosa's default), 0 Hz to Nyquist."""
    def hz_to_mel(hz):
        hz = np.asanyarray(hz, dtype=np.float64)
        mel = hz / (200.0 / 3)
        log_region = hz >= 1000.0
        return np.where(log_region, 15.0 + np.log(np.maximum(hz, 1e-10) / 1000.0) / (np.log(6.4) / 27.0), mel)

    def mel_to_hz(mel):
        mel = np.asanyarray(mel, dtype=np.float64)
        hz = mel * (200.0 / 3)
        return np.where(mel >= 15.0, 1000.0 * np.exp((np.log(6.4) / 27.0) * (mel - 15.0)), hz)

    fft_freqs = np.linspace(0, RATE / 2, 1 + N_FFT // 2)
    mel_points = mel_to_hz(np.linspace(hz_to_mel(0), hz_to_mel(RATE / 2), MELS + 2))
    fdiff = np.diff(mel_points)
    ramps = mel_points[:, None] - fft_freqs[None, :]
    weights = np.zeros((MELS, len(fft_freqs)))
    for i in range(MELS):
        lower = -ramps[i] / fdiff[i]
        upper = ramps[i + 2] / fdiff[i + 1]
        weights[i] = np.maximum(0, np.minimum(lower, upper))
    weights *= (2.0 / (mel_points[2 : MELS + 2] - mel_points[:MELS]))[:, None]
    return weights.astype(np.float32)


class Encoder:
    def __init__(self, path):
        w = load_weights(path)
        self.layers = [(w[f"lstm.weight_ih_l{i}"].T.copy(), w[f"lstm.weight_hh_l{i}"].T.copy(), w[f"lstm.bias_ih_l{i}"] + w[f"lstm.bias_hh_l{i}"]) for i in range(3)]
        self.linear = (w["linear.weight"].T.copy(), w["linear.bias"])
        self.mel = mel_filters()
        self.window = (0.5 - 0.5 * np.cos(2 * np.pi * np.arange(N_FFT) / N_FFT)).astype(np.float32)  # periodic Hann

    def mels(self, wav):
        """(frames, 40) mel power spectrogram of a centred STFT, as the encoder was trained on."""
        padded = np.pad(wav, (N_FFT // 2, N_FFT // 2))
        count = 1 + (len(padded) - N_FFT) // HOP
        frames = np.lib.stride_tricks.as_strided(padded, shape=(count, N_FFT), strides=(padded.strides[0] * HOP, padded.strides[0]))
        power = np.abs(np.fft.rfft(frames * self.window, axis=1)) ** 2
        return (power.astype(np.float32) @ self.mel.T).astype(np.float32)

    def embed(self, batch):
        """(B, 160, 40) → (B, 256), L2-normalised."""
        x = batch
        for w_ih, w_hh, bias in self.layers:
            b, t, _ = x.shape
            hidden = w_hh.shape[0]
            gates_in = (x.reshape(b * t, -1) @ w_ih).reshape(b, t, -1) + bias
            h = np.zeros((b, hidden), np.float32)
            c = np.zeros((b, hidden), np.float32)
            out = np.empty((b, t, hidden), np.float32)
            for step in range(t):
                g = gates_in[:, step] + h @ w_hh
                i = 1 / (1 + np.exp(-g[:, :hidden]))
                f = 1 / (1 + np.exp(-g[:, hidden : 2 * hidden]))
                cell = np.tanh(g[:, 2 * hidden : 3 * hidden])
                o = 1 / (1 + np.exp(-g[:, 3 * hidden :]))
                c = f * c + i * cell
                h = o * np.tanh(c)
                out[:, step] = h
            x = out
        raw = np.maximum(0, x[:, -1] @ self.linear[0] + self.linear[1])
        return raw / np.maximum(np.linalg.norm(raw, axis=1, keepdims=True), 1e-9)

    def prints(self, samples, windows):
        # Loudness normalised as the encoder's training did: quiet audio raised to -30 dBFS, never lowered.
        batch = []
        for start, end in windows:
            wav = samples[max(0, start) : max(start, min(len(samples), end))].astype(np.float32)
            rms = float(np.sqrt(np.mean(wav**2))) if len(wav) else 0.0
            if rms > 0:
                gain = 10 ** ((-30 - 20 * np.log10(rms)) / 20)
                if gain > 1:
                    wav = wav * gain
            mel = self.mels(wav)
            if len(mel) < FRAMES:
                mel = np.pad(mel, ((0, FRAMES - len(mel)), (0, 0)))
            else:  # the window's middle 1.6 s
                at = (len(mel) - FRAMES) // 2
                mel = mel[at : at + FRAMES]
            batch.append(mel)
        if not batch:
            return np.zeros((0, 256), np.float32)
        out = []
        for at in range(0, len(batch), 256):
            out.append(self.embed(np.stack(batch[at : at + 256])))
        return np.concatenate(out).astype("<f4")


def main() -> None:
    weights, threads = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "1"
    protocol = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    encoder = Encoder(weights)

    def send(message):
        protocol.write(json.dumps(message) + "\n")
        protocol.flush()

    send({"ready": True, "model": "resemblyzer-ge2e-0.1.4", "threads": threads})
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
            samples = np.frombuffer(raw, dtype="<f4")
            prints = encoder.prints(samples, [(int(a), int(b)) for a, b in request["windows"]])
            usage = resource.getrusage(resource.RUSAGE_SELF)
            send({"id": request["id"], "dims": int(prints.shape[1]), "prints": base64.b64encode(prints.tobytes()).decode("ascii"), "cpuSeconds": usage.ru_utime + usage.ru_stime})
        except Exception as err:  # one bad request must not end the process
            send({"id": request["id"], "error": f"{type(err).__name__}: {err}"})


if __name__ == "__main__":
    main()
