"""factcheck: provenance and fact-check annotation for newsrooms."""
from factcheck.analysis import Analysis, analyze

__version__ = "0.1.0"
__all__ = ["Analysis", "analyze", "__version__"]
