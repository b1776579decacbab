"""Questions in Chinese answered from the published database, with their sources.

    vocabulary.yml  measures and their names, agency abbreviations, example questions
    lexicon         agency mentions and measure names -> tokens for the grammar
    question        grammar/question.lark -> Question
    planner         Question -> read-only SQL -> Answer
    answer          Answer and Source
"""

from govparse.ask.answer import Answer, Source
from govparse.ask.planner import ask

__all__ = ["Answer", "Source", "ask"]
