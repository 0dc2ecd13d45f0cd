"""Actions: registered tools proposed from the user's own words, confirmed, run once, audited."""

from luodi.tools.runner import TOOLSETS, ToolRunner

__all__ = ["TOOLSETS", "ToolRunner"]
