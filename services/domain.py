"""The extraction types the layers above services name: an article's analysis, a statement,
a speaker, a topic. Handlers import them from here, never from `extraction` itself."""

from extraction import Analysis, Speaker, Statement, Topic

__all__ = ["Analysis", "Speaker", "Statement", "Topic"]
