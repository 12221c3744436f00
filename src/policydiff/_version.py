"""The one version string of policydiff (read by the build backend and by ``__version__``)."""

__version__ = "0.1.0"
