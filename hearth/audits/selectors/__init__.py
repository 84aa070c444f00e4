"""Reads for quality assurance audits: audits and programmes (`audits.py`), the quality page's figures
(`quality.py`) and the providers for lower apps' pages (my work, a child's record)."""

from .audits import *  # noqa: F403
from .audits import __all__ as _audits
from .quality import *  # noqa: F403
from .quality import __all__ as _quality

__all__ = [*_audits, *_quality]
