"""docxtpl and Jinja live here and nowhere else: rendering, and checking custom templates."""

from .engine import CompiledTemplate, Renderer, environment

__all__ = ["CompiledTemplate", "Renderer", "environment"]
