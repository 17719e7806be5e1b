"""factcheck: provenance and fact-check annotation for newsrooms."""
from factcheck import compiled as _compiled

_compiled.guard()  # before the analysis core is imported: no out-of-date compiled module runs

from factcheck.analysis import Analysis, analyze  # noqa: E402

__version__ = "0.1.0"
__all__ = ["Analysis", "analyze", "__version__"]
