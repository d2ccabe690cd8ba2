"""Thai word segmentation with a domain dictionary, stopwords, synonyms and a cache.

``nlpo3`` (a Rust port of newmm) is the default engine; PyThaiNLP's ``newmm`` is the
selectable fallback. Both use the same merged dictionary: PyThaiNLP's word list plus
``lessons/resources/dictionaries/domain_words.txt`` (package data). Every view downstream (term tables, word cloud,
themes) goes through :class:`Tokenizer`, so they share one versioned segmentation.

>>> tokenize("ผู้เสียหายจากการค้ามนุษย์ต้องได้รับการคัดแยกโดยทีมสหวิชาชีพ")
['ผู้เสียหาย', 'การค้ามนุษย์', 'คัดแยก', 'ทีมสหวิชาชีพ']
"""
from __future__ import annotations

import hashlib
import os
import pickle
import re
import tempfile
from functools import lru_cache
from pathlib import Path

from .. import config

ENGINES = ("nlpo3", "newmm")
_PUNCT = re.compile(r"^[\W_]+$", re.UNICODE)
_PLACEHOLDER = re.compile(r"\[[^\[\]\s]{2,20}\]")
_SPACE = re.compile(r"\s+")
_THAI_MARK_ONLY = re.compile(r"^[\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]+$")


def _read_list(path: Path) -> list[str]:
    if not path.exists():
        raise config.ResourceMissing(f"lessons: dictionary file {path} is missing")
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


def _read_synonyms(path: Path) -> dict[str, str]:
    out = {}
    for line in _read_list(path):
        if "\t" in line:
            a, b = line.split("\t", 1)
            if a.strip() and b.strip() and a.strip() != b.strip():
                out[a.strip()] = b.strip()
    return out


class Tokenizer:
    """Segment Thai text into words.

    Parameters
    ----------
    engine : "nlpo3" (default) or "newmm" (PyThaiNLP, pure Python).
    dictionaries : folder holding ``domain_words.txt``, ``stopwords_extra.txt`` and
        ``synonyms.tsv``; default :func:`lessons.config.dictionaries_dir`.
    keep_stopwords : keep stopwords and fillers (for KWIC and benchmarks).
    """

    def __init__(self, engine: str = "nlpo3", dictionaries: str | Path | None = None,
                 keep_stopwords: bool = False):
        if engine not in ENGINES:
            raise ValueError(f"unknown engine {engine!r}; use one of {ENGINES}")
        self.engine = engine
        self.dictionaries = Path(dictionaries) if dictionaries else config.dictionaries_dir()
        self.keep_stopwords = keep_stopwords
        self._dict_name = None
        self._trie = None
        self._memo: dict[str, str | None] = {}
        self._load()

    # ------------------------------------------------------------ setup
    @config.offline
    def _load(self) -> None:
        from pythainlp.corpus import thai_stopwords, thai_words

        d = self.dictionaries
        listed = _read_list(d / "domain_words.txt")
        self.domain_words = [w for w in listed if not w.startswith("-")]
        removed = {w[1:] for w in listed if w.startswith("-")}
        self.synonyms = _read_synonyms(d / "synonyms.tsv")
        extra_stop = _read_list(d / "stopwords_extra.txt")
        self.words = sorted((set(thai_words()) - removed) | set(self.domain_words) | set(self.synonyms.values())
                            | set(self.synonyms))
        protected = set(self.domain_words) | set(self.synonyms.values())
        self.stopwords = frozenset((set(thai_stopwords()) - protected) | set(extra_stop))
        h = hashlib.sha256()
        for part in (self.engine, "\n".join(self.words), "\n".join(sorted(self.stopwords)),
                     repr(sorted(self.synonyms.items())), str(self.keep_stopwords), "v1"):
            h.update(part.encode("utf-8"))
            h.update(b"\0")
        self.settings_hash = h.hexdigest()[:16]
        # synonyms apply to whole tokens only (so that "ไลน์" -> "LINE" never cuts "ออนไลน์");
        # their variants join the dictionary so that each comes out as one token
        self._token_syn = dict(self.synonyms)
        for v, c in self.synonyms.items():
            if v.lower() != v:
                self._token_syn[v.lower()] = c
        if self.engine == "nlpo3":
            self._dict_name = _nlpo3_dict(self.settings_hash, tuple(self.words))
        else:
            from pythainlp.util import dict_trie

            self._trie = dict_trie(self.words)

    def __getstate__(self):
        return {"engine": self.engine, "dictionaries": str(self.dictionaries), "keep_stopwords": self.keep_stopwords}

    def __setstate__(self, state):
        self.__init__(state["engine"], state["dictionaries"], state["keep_stopwords"])

    # ------------------------------------------------------------ use
    def segment(self, text: str) -> list[str]:
        """Raw segmentation: every token including spaces, no filtering."""
        if not text:
            return []
        if self.engine == "nlpo3":
            import nlpo3

            return nlpo3.segment(text, self._dict_name)
        from pythainlp.tokenize import word_tokenize

        return word_tokenize(text, custom_dict=self._trie, engine="newmm", keep_whitespace=True)

    def _clean(self, tok: str) -> str | None:
        """One raw token -> the word to keep, or None (memoised: tokens repeat a lot)."""
        t = tok.strip()
        if not t or _PUNCT.match(t) or _THAI_MARK_ONLY.match(t) or t.isdigit():
            return None
        t = self._token_syn.get(t, self._token_syn.get(t.lower(), t) if t.isascii() else t)
        if not self.keep_stopwords and t in self.stopwords:
            return None
        if t.isascii() and not t.isupper() and t != "One Home":
            t = t.lower()
        return t

    def __call__(self, text: str) -> list[str]:
        """Words of ``text`` (already normalised and redacted): synonyms unified,
        whitespace, punctuation, redaction placeholders and (unless ``keep_stopwords``)
        stopwords removed; Latin words lower-cased except acronyms."""
        if "[" in text:
            text = _PLACEHOLDER.sub(" ", text)
        memo = self._memo
        out = []
        for tok in self.segment(text):
            try:
                t = memo[tok]
            except KeyError:
                t = memo[tok] = self._clean(tok)
            if t is not None:
                out.append(t)
        return out


@lru_cache(maxsize=8)
def _nlpo3_dict(settings_hash: str, words: tuple[str, ...]) -> str:
    """Write the merged word list once per settings and load it into nlpo3."""
    import nlpo3

    name = f"lessons-{settings_hash}"
    folder = Path(tempfile.gettempdir()) / "lessons-dicts"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.txt"
    if not path.exists():
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text("\n".join(words) + "\n", encoding="utf-8")
        os.replace(tmp, path)
    nlpo3.load_dict(str(path), name)
    return name


@lru_cache(maxsize=4)
def get_tokenizer(engine: str = "nlpo3", keep_stopwords: bool = False) -> Tokenizer:
    return Tokenizer(engine=engine, keep_stopwords=keep_stopwords)


def tokenize(text: str, engine: str = "nlpo3", keep_stopwords: bool = False) -> list[str]:
    """Words of a normalised, redacted text (module-level, so it pickles: pass it to
    scikit-learn as ``TfidfVectorizer(tokenizer=tokenize, token_pattern=None,
    lowercase=False)``)."""
    return get_tokenizer(engine, keep_stopwords)(text)


# ---------------------------------------------------------------- batch + cache
class TokenCache:
    """Tokens by text hash, one file per tokenizer settings hash, in the user cache
    folder (:func:`lessons.config.cache_dir`).
    Only redacted text ever reaches it."""

    def __init__(self, settings_hash: str, folder: Path | None = None):
        self.folder = Path(folder) if folder else config.cache_dir() / "token_cache"
        self.path = self.folder / f"{settings_hash}.pkl"
        self.data: dict[str, list[str]] = {}
        self.dirty = False
        if self.path.exists():
            try:
                with open(self.path, "rb") as f:
                    self.data = pickle.load(f)
            except Exception:
                self.data = {}

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]

    def save(self) -> None:
        if not self.dirty:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as f:
            pickle.dump(self.data, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self.path)
        self.dirty = False


def _tokenize_chunk(engine: str, keep_stopwords: bool, texts: list[str]) -> list[list[str]]:
    tok = get_tokenizer(engine, keep_stopwords)
    return [tok(t) for t in texts]


def tokenize_many(texts, engine: str = "nlpo3", keep_stopwords: bool = False, cache: bool = True,
                  workers: int | None = None, progress: bool = False, chunk_size: int = 500,
                  parallel_threshold: int | None = None) -> list[list[str]]:
    """Tokenize many texts: cached by text hash + settings hash, and spread over the CPU
    cores (a chunked process pool) when there are more than ``parallel_threshold``
    uncached texts."""
    texts = list(texts)
    tok = get_tokenizer(engine, keep_stopwords)
    store = TokenCache(tok.settings_hash) if cache else None
    keys = [TokenCache.key(t) for t in texts]
    result: list[list[str] | None] = [None] * len(texts)
    todo: dict[str, str] = {}
    for i, (k, t) in enumerate(zip(keys, texts)):
        if store is not None and k in store.data:
            result[i] = store.data[k]
        else:
            todo.setdefault(k, t)
    if todo:
        pending_keys = list(todo)
        pending = [todo[k] for k in pending_keys]
        from functools import partial

        from ..parallel import map_chunks

        out = map_chunks(partial(_tokenize_chunk, engine, keep_stopwords), pending, threshold=parallel_threshold,
                         chunk_size=chunk_size, n_workers=workers, desc="Tokenizing", progress=progress)
        done = dict(zip(pending_keys, out))
        for i, k in enumerate(keys):
            if result[i] is None:
                result[i] = done[k]
        if store is not None:
            store.data.update(done)
            store.dirty = True
            store.save()
    return result  # type: ignore[return-value]
