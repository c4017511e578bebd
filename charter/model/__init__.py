"""The model: the questionnaire, the network catalogue, the question types and the messages they use.

Everything here is read from the data files in `templates/` and imports no heavy library.
"""
