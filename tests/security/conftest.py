from tests.complaints.conftest import (  # noqa: F401  (fixtures shared with this folder)
    category,
    media_root,
)
