from tests.complaints.conftest import category, media_root  # noqa: F401
