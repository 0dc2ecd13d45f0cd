"""Language models behind one interface: local GGUF, OpenAI-compatible HTTP, and a scripted fake.

Backends are imported lazily: `import luodi.models` never loads llama.cpp or opens a socket.
"""

from luodi.models.base import (
    Completion,
    Message,
    Model,
    ModelUsage,
    PromptTooLarge,
    get_model,
)

__all__ = ["Completion", "Message", "Model", "ModelUsage", "PromptTooLarge", "get_model"]
