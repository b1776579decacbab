"""Questions in Chinese answered from the published database, with their sources.

    measures        the forms' rows and columns (govparse/forms) as measures
    vocabulary.yml  paraphrases, rates, prose figures, filler words, agency abbreviations
    vocabulary      both read into the names the lexicon looks for
    lexicon         agency mentions, measure and column names -> tokens for the grammar
    question        grammar/question.lark -> Question
    planner         Question -> read-only SQL -> Answer
    refusal         what was understood, and the nearest questions that would be answered
    answer          Answer and Source
"""

from govparse.ask.answer import Answer, Source
from govparse.ask.planner import ask

__all__ = ["Answer", "Source", "ask"]
