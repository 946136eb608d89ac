"""Stories: articles about the same event from different sources or days, grouped.

:class:`~parsers.stories.grouping.StoryIndex` places rows incrementally (the corpus owns
one, see ``Corpus.story_labels``); :mod:`parsers.stories.score` scores groups against
gold answers (pairwise precision, recall, F1).
"""

from parsers.stories.grouping import Params, StoryIndex
from parsers.stories.score import PairScore, pairwise

__all__ = ["PairScore", "Params", "StoryIndex", "pairwise"]
