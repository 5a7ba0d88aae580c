"""orgchart.fields names the model's fields without building it: the two must agree."""

from __future__ import annotations

import subprocess
import sys

from orgchart.fields import POST_FIELDS
from orgchart.model import Post


def test_post_fields_are_the_models_in_its_order() -> None:
    assert tuple(Post.model_fields) == POST_FIELDS


def test_the_vocabulary_needs_no_pydantic() -> None:
    code = "import sys, orgchart.fields; print('pydantic' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
