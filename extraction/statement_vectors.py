"""A statement's meaning as one vector, for the position model.

The rules and the model's word features know the words they were written and trained on;
a side said in other words is lost to them. An average of static sub-word vectors gives
the model a coarse picture of the whole statement in which related words lie near each
other, and on labelled stories it was never trained on the model finds more sides with it
at the same precision (docs/positions.md §4).

The vectors are WordLlama's (`wordllama` on PyPI, MIT): 32,000 sub-word vectors of 256
dimensions shipped inside its wheel, about 0.04 ms a statement on one core. Its own loader
looks for the tokenizer in a folder its wheel does not have and then downloads it, so the
two files are opened here directly: nothing is ever fetched at run time.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import wordllama
from safetensors import safe_open
from tokenizers import Tokenizer
from wordllama.inference import WordLlamaInference

PACKAGE = Path(wordllama.__file__).parent
WEIGHTS = PACKAGE / "weights" / "l2_supercat_256.safetensors"
TOKENIZER = PACKAGE / "tokenizers" / "l2_supercat_tokenizer_config.json"


@cache
def _model() -> WordLlamaInference:
    with safe_open(str(WEIGHTS), framework="np", device="cpu") as weights:
        embedding = weights.get_tensor("embedding.weight")
    return WordLlamaInference(embedding, Tokenizer.from_file(str(TOKENIZER)))


def statement_vector(text: str) -> tuple[float, ...]:
    """The unit-length mean of the text's sub-word vectors (all zeros for empty text)."""
    if not text.strip():
        return (0.0,) * _model().embedding.shape[1]
    vector = np.asarray(_model().embed(text, norm=True)[0], dtype=np.float64)
    return tuple(float(x) for x in vector)
