"""The question bank: its model, loading and search."""

from musforms.bank.load import iter_problems, load_bank
from musforms.bank.model import Category, Option, Question, Scale, Text
from musforms.bank.questionbank import QuestionBank

__all__ = [
    "Category",
    "Option",
    "Question",
    "QuestionBank",
    "Scale",
    "Text",
    "iter_problems",
    "load_bank",
]
