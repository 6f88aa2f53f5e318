from . import schema  # noqa: F401 - loads schema before its tables module (schema registers them)
